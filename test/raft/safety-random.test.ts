// Randomized safety: 240 fixed seeds of a chaotic cluster (loss, duplication, reordering, crashes
// and restarts from durable state, partitions, snapshots, truncated AppendEntries, joint membership
// changes), checking Raft's safety properties after every event, then healing and checking that a
// leader is elected and a fresh proposal commits. A failure names the seed and the event.
import { describe, expect, it } from 'vitest';
import { ChaosRun, type ChaosResult } from './support/chaos.js';

function explain(seed: number, result: ChaosResult): string {
  const first = result.checker.violations[0];
  const what = first === undefined ? 'no violation' : `${first.invariant}: ${first.detail}`;
  return `seed ${seed}, after event ${result.events}: ${what}\n${result.trace.join('\n')}`;
}

const profiles = [
  { name: 'three nodes', nodes: 3, membership: false, seeds: 80 },
  { name: 'five nodes', nodes: 5, membership: false, seeds: 80 },
  { name: 'five nodes with membership changes', nodes: 5, membership: true, seeds: 80 },
];

describe.each(profiles)('randomized safety, $name', ({ nodes, membership, seeds }) => {
  const cases = Array.from({ length: seeds }, (_, i) => 1000 * nodes + i + (membership ? 500 : 0));
  it.each(cases)('seed %i keeps every safety property and recovers after healing', (seed) => {
    const result = new ChaosRun({ seed, nodes, faultMs: 15_000, membership }).run();
    expect(result.checker.violations, explain(seed, result)).toEqual([]);
    expect(result.leaderAfterHealMs, `no leader within 5 s of healing; ${explain(seed, result)}`).toBeDefined();
    expect(result.commitAfterHealMs, `no fresh commit within 10 s of healing; ${explain(seed, result)}`).toBeDefined();
  });
});
