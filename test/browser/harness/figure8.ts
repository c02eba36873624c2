/**
 * Figure 8 of the Raft paper, as src/sim/bug-scenarios.ts scripts it ("commitOldTermByCounting"),
 * set up in the page through its store: n1 leads term 1 and gets "set x 1" to n2 only; n5 leads
 * term 2 alone and crashes; n1 returns, AppendEntries capped at one entry. What remains is the
 * last step, which the journeys take through the page: n1 times out, wins term 3, and copies the
 * term-1 entry to n3 before its own no-op. Counting replicas commits it — a violation the checker
 * catches (I9) — but correct Raft does not.
 *
 * @module
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HookWindow } from './hook.js';
import { frameOf, nodeGlyph, uiOf, until } from './page-helpers.js';

/** Elections only when forced (timeouts far away), the §6 guard off, fixed 10 ms delays. */
export function figure8Params(mutated: boolean): object {
  return {
    nodes: 5,
    seed: 1,
    disruptiveGuard: false,
    mutations: mutated ? ['commitOldTermByCounting'] : [],
    timing: { electionMinMs: 100_000, electionMaxMs: 100_000, heartbeatMs: 50, delayMinMs: 10, delayMaxMs: 10 },
  };
}

/** Resets the page's simulation to the scenario's start and runs all but its last step. */
export async function setUpFigure8(page: Page, mutated: boolean): Promise<void> {
  const error = await page.evaluate((params) => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) return 'no test hook';
    const a = store.actions;
    const leaderIs = (id: number) => store.getState().frame.view.leader === id;
    const problem = a.reset(params as never);
    if (problem !== undefined) return `reset: ${problem}`;
    a.pause();
    const steps: [string, () => string | undefined][] = [];
    const iv = (x: object) => () => a.intervene(x as never, 'test');
    const run = (ms: number) => () => (a.advance(ms), undefined);
    const elect = (id: number) => () => {
      for (let i = 0; i < 3 && !leaderIs(id); i++) {
        const refused = a.intervene({ kind: 'timeout', node: id } as never, 'test');
        if (refused !== undefined) return refused;
        for (let t = 0; t < 200; t += 10) a.advance(10);
      }
      return leaderIs(id) ? undefined : `n${id} did not win`;
    };
    const waitLeader = (id: number) => () => {
      for (let t = 0; t < 100 && !leaderIs(id); t += 10) a.advance(10);
      return leaderIs(id) ? undefined : `n${id} did not become leader`;
    };
    steps.push(
      ['elect n1', elect(1)],
      ['partition {1,2} {3,4,5}', iv({ kind: 'partition', groups: [[1, 2], [3, 4, 5]] })],
      ['propose on n1', iv({ kind: 'propose', command: 'set x 1', node: 1 })],
      ['run 100', run(100)],
      ['crash n1', iv({ kind: 'crash', node: 1 })],
      ['time out n5', iv({ kind: 'timeout', node: 5 })],
      ['n5 leads', waitLeader(5)],
      ['partition {5} {1,2,3,4}', iv({ kind: 'partition', groups: [[5], [1, 2, 3, 4]] })],
      ['run 100', run(100)],
      ['crash n5', iv({ kind: 'crash', node: 5 })],
      ['restart n1', iv({ kind: 'restart', node: 1 })],
      ['partition {1,2,3} {4,5}', iv({ kind: 'partition', groups: [[1, 2, 3], [4, 5]] })],
      ['cap AppendEntries at 1', iv({ kind: 'maxEntriesPerAppend', value: 1 })],
    );
    for (const [what, step] of steps) {
      const refused = step();
      if (refused !== undefined) return `${what}: ${refused}`;
      if (store.getState().frame.violations.length > 0) return `${what}: a violation before the last step`;
    }
    return undefined;
  }, figure8Params(mutated));
  if (error !== undefined) throw new Error(`setting up Figure 8 failed at ${error}`);
}

/**
 * The scenario's last step, through the page: select n1 by clicking it, play, and time it out with
 * `t` until it wins (its first campaign, in term 2, meets nodes that already voted in term 2 — as
 * in the scripted scenario, another timeout follows).
 */
export async function lastStepAndPlay(page: Page): Promise<void> {
  await nodeGlyph(page, 1).click();
  await expect.poll(async () => (await uiOf(page)).selection).toEqual({ kind: 'node', id: 1 });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  for (let attempt = 0; attempt < 3; attempt++) {
    const term = (await frameOf(page)).view.nodes.find((n) => n.id === 1)?.term ?? 0;
    await page.keyboard.press('t');
    const settled = await until(
      async () => ({ f: await frameOf(page), alarmed: (await uiOf(page)).alarm !== undefined }),
      ({ f, alarmed }) => {
        const n1 = f.view.nodes.find((n) => n.id === 1);
        const voting = f.view.inFlight.some((m) => m.kind === 'RequestVoteCall' || m.kind === 'RequestVoteReply');
        return alarmed || f.view.leader === 1 || (n1?.role === 'Candidate' && (n1.term ?? 0) > term && !voting);
      },
      `n1's campaign after timeout ${attempt + 1}`,
      20_000,
    );
    if (settled.alarmed || settled.f.view.leader === 1) return;
  }
  throw new Error('n1 did not win within three timeouts');
}
