/**
 * Journey 2, with the mouse: crash the leader from the inspector, watch another node win, send
 * commands to it, restart the old leader and see it come back as a follower of the new term and
 * catch up (same log, same commit index).
 */
import { describe, expect, it } from 'vitest';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { drawnRoles, frameOf, logCell, nodeGlyph, sendCommand, setSpeedSlider, until, waitForDrawnLeader } from './harness/page-helpers.js';

describe('journey 2: crash the leader, re-election, restart and catch up', () => {
  const app = useBuiltApp();

  it('the old leader returns as a follower and catches up', async () => {
    const { page, problems, shot } = await app.open('seed=4&nodes=5');
    await setSpeedSlider(page, 75);
    await expect.poll(() => page.getByTestId('speed-label').textContent()).toContain('1000 ms/s');
    const play = page.getByRole('button', { name: 'Play', exact: true });
    if (await play.count() > 0) await play.click();
    const old = await waitForDrawnLeader(page);
    const oldTerm = (await frameOf(page)).view.nodes.find((n) => n.id === old)?.term ?? 0;

    await nodeGlyph(page, old).click();
    await page.getByRole('button', { name: `Crash n${old}` }).click();
    await expect.poll(async () => (await drawnRoles(page))[old]).toBe('down');
    await expect.poll(() => nodeGlyph(page, old).getAttribute('aria-label')).toMatch(new RegExp(`^Node ${old}, down, term ${oldTerm}`));

    const fresh = await waitForDrawnLeader(page, old);
    const term = (await frameOf(page)).view.nodes.find((n) => n.id === fresh)?.term ?? 0;
    expect(term).toBeGreaterThan(oldTerm);
    // Panels follow the ring at the paced rate (≤ 10 times a second while playing): the form
    // names the new leader within a tick of the ring drawing it.
    await expect.poll(() => page.getByTestId('command-send').textContent()).toBe(`Send to leader n${fresh}`);
    expect(await sendCommand(page, 'set a 1')).toBe(`Send to leader n${fresh}`);
    await sendCommand(page, 'set b 2');
    const committed = await until(
      () => frameOf(page),
      (f) => {
        const l = f.view.nodes.find((n) => n.id === fresh);
        return l !== undefined && l.commitIndex >= l.lastPosition.index && l.log.some((e) => e.text === 'set b 2');
      },
      'both commands committed by the new leader',
    );
    const entryB = committed.view.nodes.find((n) => n.id === fresh)?.log.find((e) => e.text === 'set b 2')?.index ?? -1;
    expect(await logCell(page, old, entryB), 'the crashed node has not got it').toBeUndefined();
    await shot('journey2-crashed');

    await nodeGlyph(page, old).click();
    await page.getByRole('button', { name: `Restart n${old}` }).click();
    const caughtUp = await until(
      () => frameOf(page),
      (f) => {
        const o = f.view.nodes.find((n) => n.id === old);
        const l = f.view.nodes.find((n) => n.id === fresh);
        return o?.up === true && l !== undefined && o.commitIndex >= entryB && o.lastPosition.index === l.lastPosition.index;
      },
      `n${old} to catch up`,
    );
    const o = caughtUp.view.nodes.find((n) => n.id === old);
    expect(o?.role).toBe('Follower');
    expect(o?.term).toBeGreaterThanOrEqual(term);
    expect(o?.leaderId).toBe(fresh);
    expect(o?.log.map((e) => [e.index, e.term, e.text])).toEqual(caughtUp.view.nodes.find((n) => n.id === fresh)?.log.map((e) => [e.index, e.term, e.text]));
    await expect.poll(async () => (await drawnRoles(page))[old]).toBe('follower');
    await expect.poll(async () => (await logCell(page, old, entryB))?.title).toMatch(/set b 2 \(committed\)$/);
    await shot('journey2-caught-up');
    expect(problems).toEqual([]);
  }, 3 * TIMEOUT);
});
