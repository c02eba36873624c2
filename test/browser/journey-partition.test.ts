/**
 * Journey 3, with the mouse: split the old leader and one follower off as a minority, send a
 * command on each side — to the old leader right after the split, to the majority's new leader
 * once elected: the minority's stays uncommitted, the majority's commits — then heal: the old
 * leader steps down and its uncommitted entry is replaced.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/store/index.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { drawnRoles, frameOf, logCell, nodeGlyph, sendCommand, setSpeedSlider, until, waitForDrawnLeader } from './harness/page-helpers.js';

const nodeOf = (f: Frame, id: number) => f.view.nodes.find((n) => n.id === id);
const indexOf = (f: Frame, id: number, text: string): number | undefined => nodeOf(f, id)?.log.find((e) => e.text === text)?.index;

async function split(page: Page, sideB: readonly number[]): Promise<void> {
  for (const id of sideB) await page.getByTestId(`split-b-${id}`).check();
  await page.getByTestId('split-apply').click();
}

describe('journey 3: a minority with the old leader, commands on both sides, heal', () => {
  const app = useBuiltApp();

  it("the minority's command stays uncommitted and is replaced; the majority's commits", async () => {
    const { page, problems, shot } = await app.open('seed=6&nodes=5');
    await setSpeedSlider(page, 75);
    const play = page.getByRole('button', { name: 'Play', exact: true });
    if (await play.count() > 0) await play.click();
    const old = await waitForDrawnLeader(page);
    const buddy = [1, 2, 3, 4, 5].find((id) => id !== old) as number;
    const majority = [1, 2, 3, 4, 5].filter((id) => id !== old && id !== buddy);

    // Paused, cut the old leader and one follower off; before anyone notices, a client command
    // reaches the old leader (still the only leader).
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await split(page, [old, buddy]);
    const cut = await until(() => frameOf(page), (f) => f.view.partition.length === 2, 'the split');
    expect(cut.view.partition.map((g) => [...g].sort()).sort()).toEqual([[old, buddy].sort(), majority].sort());
    await nodeGlyph(page, old).click();
    expect(await sendCommand(page, 'set m 1')).toBe(`Send to leader n${old}`);
    await page.getByRole('button', { name: 'Play', exact: true }).click();

    // The majority elects a leader of a later term, which commits its own command.
    const fresh = await until(() => drawnRoles(page), (r) => majority.some((id) => r[id] === 'leader'), 'a leader in the majority', 30_000);
    const leader = majority.find((id) => fresh[id] === 'leader') as number;
    await nodeGlyph(page, leader).click();
    // Panels follow the ring at the paced rate (≤ 10 times a second while playing).
    await expect.poll(() => page.getByTestId('command-send').textContent()).toBe(`Send to leader n${leader}`);
    expect(await sendCommand(page, 'set M 2')).toBe(`Send to leader n${leader}`);
    const both = await until(
      () => frameOf(page),
      (f) => {
        const at = indexOf(f, leader, 'set M 2');
        return at !== undefined && (nodeOf(f, leader)?.commitIndex ?? 0) >= at;
      },
      "the majority's command to commit",
    );
    const minorityAt = indexOf(both, old, 'set m 1') as number;
    expect(minorityAt).toBeGreaterThan(0);
    expect(nodeOf(both, old)?.role, 'the old leader still believes it leads').toBe('Leader');
    expect(nodeOf(both, old)?.commitIndex).toBeLessThan(minorityAt);
    const cell = await logCell(page, old, minorityAt);
    expect(cell?.committed).toBe(false);
    expect(cell?.title).toMatch(/set m 1 \(not committed\)$/);
    // The log panel follows at the paced rate: it shows the commit within a refresh.
    await expect.poll(async () => (await logCell(page, leader, indexOf(both, leader, 'set M 2') as number))?.committed).toBe(true);
    await shot('journey3-split');

    // Heal: the old leader meets the later term, steps down, and its entry is replaced.
    await page.getByRole('button', { name: 'Heal all links' }).click();
    const healed = await until(
      () => frameOf(page),
      (f) => {
        const o = nodeOf(f, old);
        return f.view.partition.length === 0 && o?.role === 'Follower' && o.log.some((e) => e.text === 'set M 2') && (o.commitIndex ?? 0) >= (indexOf(f, old, 'set M 2') ?? Infinity);
      },
      `n${old} to step down and catch up`,
      30_000,
    );
    expect(healed.view.nodes.flatMap((n) => n.log.map((e) => e.text)), "the minority's entry is gone everywhere").not.toContain('set m 1');
    expect(nodeOf(healed, old)?.term).toBeGreaterThanOrEqual(nodeOf(healed, leader)?.term ?? Infinity);
    await expect.poll(async () => (await drawnRoles(page))[old]).toBe('follower');
    await expect.poll(async () => (await logCell(page, old, minorityAt))?.title ?? '').not.toMatch(/set m 1/);
    await shot('journey3-healed');
    expect(problems).toEqual([]);
  }, 3 * TIMEOUT);
});
