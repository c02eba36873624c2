import { describe, expect, it } from 'vitest';
import { Simulation, type EventSummary } from '../../../src/sim/index.js';
import { explanationLine, FilteredEvents, kindGroup } from '../../../src/view/panels/event-log-model.js';

describe('event log model', () => {
  it('groups event kinds for the filter', () => {
    expect([kindGroup('deliver'), kindGroup('timer'), kindGroup('sync'), kindGroup('crash'), kindGroup('bootstrap')]).toEqual(['message', 'timer', 'storage', 'intervention', 'intervention']);
  });

  it('extends the filtered list as the history grows, scanning each new event once, and rebuilds when it shrinks', () => {
    const sim = new Simulation({ nodes: 3, seed: 2 }).runFor(1000);
    let reads = 0;
    const summaryAt = (i: number): EventSummary | undefined => {
      reads++;
      return sim.event(i);
    };
    const f = new FilteredEvents();
    const filter = { node: 2, group: 'all' } as const;
    const half = Math.floor(sim.end / 2);
    const first = [...f.update(half, filter, summaryAt)];
    expect(reads).toBe(half);
    const all = f.update(sim.end, filter, summaryAt);
    expect(reads).toBe(sim.end);
    expect(all.slice(0, first.length)).toEqual(first);
    const expected = Array.from({ length: sim.end }, (_, i) => i).filter((i) => sim.event(i)?.node === 2);
    expect(all).toEqual(expected);
    expect(f.update(10, filter, summaryAt)).toEqual(expected.filter((i) => i < 10));
  });

  it("reduces an explanation to the nodes' decisions with the § they cite as chips", () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(300);
    const vote = explanationLine(sim.explain(3));
    expect(vote.rules).toEqual(['§5.1', '§5.2', '§5.4.1']);
    expect(vote.text).toBe(
      "n3 saw term 1 from n2 (it was in term 0 as Follower) and adopts it · n3 granted its vote to n2 for term 1: it had not voted for another, and n2's log (t0, i1) is at least as up-to-date as its own (t0, i1)",
    );
    expect(vote.full.split('\n')).toHaveLength(sim.explain(3).lines.length);
    const boot = explanationLine(sim.explain(0));
    expect(boot.rules).toEqual([]);
    expect(boot.text.startsWith('the cluster boots')).toBe(true);
  });
});
