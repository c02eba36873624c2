/**
 * Journey 6: the journeys' actions with the keyboard only — help, play/pause, step, step back,
 * next/previous event of a kind, select a node (digits, and Tab + Enter on the ring), time out,
 * client command, crash/restart, restart the leader, isolate, a two-sided split picked with the
 * network controls' checkboxes (Tab, Space, Enter), and heal. No mouse event is sent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/store/index.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { frameOf, uiOf, until } from './harness/page-helpers.js';

const nodeOf = (f: Frame, id: number) => f.view.nodes.find((n) => n.id === id);

async function key(page: Page, k: string): Promise<Frame> {
  await page.keyboard.press(k);
  return frameOf(page);
}

/** Presses Tab until the focused element has `data-testid` = `testId`; returns the presses. */
async function tabTo(page: Page, testId: string, limit = 60): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return i;
  }
  throw new Error(`Tab never reached ${testId} in ${limit} presses`);
}

describe('journey 6: keyboard only', () => {
  const app = useBuiltApp();

  it('every action of the journeys, without the mouse', async () => {
    const { page, problems, shot } = await app.open('seed=5&nodes=5');
    if ((await uiOf(page)).playing) await page.keyboard.press('Space');
    expect((await uiOf(page)).playing).toBe(false);

    // Help opens and closes.
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('help').isVisible()).toBe(true);
    expect(await page.getByTestId('help').textContent()).toMatch(/Space.*play.*pause/i);
    await shot('journey6-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('help').count()).toBe(0);

    // Step, step back, next / previous event of the chosen kind.
    const p0 = (await frameOf(page)).position;
    expect((await key(page, 'ArrowRight')).position).toBe(p0 + 1);
    expect((await key(page, 'ArrowRight')).position).toBe(p0 + 2);
    expect((await key(page, 'ArrowLeft')).position).toBe(p0 + 1);
    const next = await key(page, '.');
    expect(next.position).toBeGreaterThan(p0 + 1);
    expect(next.explanation?.kind, 'the next event of the kind "message"').toBe('deliver');
    const nextAgain = await key(page, '.');
    expect(nextAgain.position).toBeGreaterThan(next.position);
    expect(nextAgain.explanation?.kind).toBe('deliver');
    expect((await key(page, ',')).position, 'back to just after the previous message').toBe(next.position);

    // Play until a leader, pause.
    await page.keyboard.press('Space');
    await expect.poll(async () => (await uiOf(page)).playing).toBe(true);
    const withLeader = await until(() => frameOf(page), (f) => f.view.leader !== undefined, 'a leader', 30_000);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await uiOf(page)).playing).toBe(false);
    const leader = withLeader.view.leader as number;
    const follower = [1, 2, 3, 4, 5].find((id) => id !== leader) as number;

    // Select with Tab + Enter on the ring, then with a digit.
    expect(await tabTo(page, `node-${follower}`)).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await uiOf(page)).selection).toEqual({ kind: 'node', id: follower });
    await page.keyboard.press(String(leader));
    await expect.poll(async () => (await uiOf(page)).selection).toEqual({ kind: 'node', id: leader });

    // A client command to the leader.
    const before = nodeOf(await frameOf(page), leader)?.lastPosition.index ?? 0;
    const afterC = await key(page, 'c');
    expect(nodeOf(afterC, leader)?.log.at(-1)?.text).toBe('incr x');
    expect(nodeOf(afterC, leader)?.lastPosition.index).toBe(before + 1);

    // Time out a follower: it campaigns.
    await page.keyboard.press(String(follower));
    const afterT = await key(page, 't');
    expect(nodeOf(afterT, follower)?.role).toBe('Candidate');

    // Crash and restart the selected node.
    expect(nodeOf(await key(page, 'x'), follower)?.up).toBe(false);
    expect(nodeOf(await key(page, 'x'), follower)?.up).toBe(true);

    // Isolate it, heal.
    expect((await key(page, 'p')).view.partition.map((g) => [...g].sort())).toEqual([[follower], [1, 2, 3, 4, 5].filter((id) => id !== follower)]);
    expect((await key(page, 'h')).view.partition).toEqual([]);

    // Split into two sides with the network controls: tick n4 and n5 for side B, apply, heal.
    for (const id of [4, 5]) {
      await tabTo(page, `split-b-${id}`, 200);
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId(`split-b-${id}`).isChecked()).toBe(true);
    }
    expect((await uiOf(page)).playing, 'Space ticked the checkbox, it did not play').toBe(false);
    await tabTo(page, 'split-apply');
    expect(await page.getByTestId('split-apply').textContent()).toContain('{1,2,3} | {4,5}');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await frameOf(page)).view.partition.map((g) => [...g].sort())).toEqual([[1, 2, 3], [4, 5]]);
    expect((await key(page, 'h')).view.partition).toEqual([]);

    // Restart the leader (crash + restart): it comes back a follower.
    await page.keyboard.press('Space');
    const current = (await until(() => frameOf(page), (f) => f.view.leader !== undefined, 'a leader', 30_000)).view.leader as number;
    await page.keyboard.press('r');
    const restarted = await frameOf(page);
    expect(nodeOf(restarted, current)?.up).toBe(true);
    expect(nodeOf(restarted, current)?.role).toBe('Follower');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await uiOf(page)).playing).toBe(false);

    expect(problems).toEqual([]);
  }, 3 * TIMEOUT);
});
