import { describe, expect, it } from 'vitest';
import type { NodeId, Term } from '../../src/raft/index.js';
import { History, termOnly } from '../../src/sim/checker/history.js';
import { Journal } from '../../src/sim/history/journal.js';
import { TestSim, type Simulation, type TimelineEntry } from '../../src/sim/index.js';

const n = (id: number): NodeId => id as NodeId;
const t = (term: number): Term => term as Term;

describe('the checker history rolls back through its journal', () => {
  function prefix(h: History): void {
    h.claimLeader(t(1), n(1));
    h.recordVote(n(2), t(1), n(1), false);
    h.raiseTerm(n(2), t(1), false);
    h.recordCommitted(1 as never, termOnly(t(1)), n(1));
    h.recordWrite(1 as never, t(0), termOnly(t(1)), n(1));
  }

  it('answers after a rollback exactly as a history that never saw the undone changes', () => {
    const journal = new Journal();
    const rolled = new History(journal);
    prefix(rolled);
    const mark = journal.length;
    const top = rolled.maxCommitted;
    rolled.claimLeader(t(2), n(3));
    rolled.recordVote(n(2), t(1), n(1), true);
    rolled.recordVote(n(2), t(2), n(3), true);
    rolled.raiseTerm(n(2), t(5), true);
    rolled.recordCommitted(2 as never, termOnly(t(2)), n(3));
    rolled.recordWrite(2 as never, t(1), termOnly(t(2)), n(3));
    rolled.recordWrite(1 as never, t(0), termOnly(t(4)), n(3));
    journal.rollback(mark);
    rolled.restoreTop(top);

    const reference = new History();
    prefix(reference);
    for (const h of [rolled, reference]) {
      expect(h.maxTerm(n(2))).toBe(1);
      expect(h.maxCommitted).toBe(1);
      expect(h.committed(2)).toBeUndefined();
      expect(h.writeAt(2, 2)).toBeUndefined();
      expect(h.writeAt(1, 4)).toBeUndefined();
      expect(h.claimLeader(t(2), n(4))).toBeUndefined();
      expect(h.recordVote(n(2), t(2), n(4), false)).toBeUndefined();
      expect(h.recordVote(n(2), t(1), n(3), false)).toBe(1);
    }
    expect(journal.length).toBeGreaterThan(mark);
  });
});

/** Replays `timeline` entries from index `from` on, at their events and times, then runs to `end`. */
function replayTail(sim: Simulation, timeline: readonly TimelineEntry[], from: number, end: number): void {
  for (const entry of timeline.slice(from)) {
    while (sim.position < entry.at) sim.step();
    if (entry.time !== sim.time) expect(sim.advanceClock(entry.time)).toBe(true);
    sim.apply(entry.intervention);
  }
  while (sim.position < end) sim.step();
}

describe('acting in the past rolls the checker back to a mark', () => {
  /**
   * n1 leads term 1 and replicates for a while (many checker marks); then n2 and n3 both campaign
   * for term 2; n1's vote for n2 is lost in a crash (votedForNotPersisted), so it votes again, for
   * n3: two votes in one term (I3).
   */
  function run(): TestSim {
    const quiet = { electionMinMs: 100_000, electionMaxMs: 100_000, heartbeatMs: 50, delayMinMs: 10, delayMaxMs: 10 };
    const sim = new TestSim({ nodes: 3, seed: 1, disruptiveGuard: false, mutations: ['votedForNotPersisted'], timing: quiet }, { checkpointEvery: 4 });
    sim.timeout(1).runFor(200);
    for (let i = 0; i < 6; i++) sim.propose(`set k ${i}`).runFor(100);
    sim.timeout(2).timeout(3).hold(3, 1, 'RequestVoteCall').runFor(15);
    sim.crash(1).restart(1).release(3, 1).runFor(300);
    return sim;
  }

  it('a fork late in the run, re-applying the same future, finds the same violations at the same events', () => {
    const original = run().sim;
    const violations = original.violations();
    expect(violations.map((v) => v.invariant)).toContain('I3');
    const timeline = original.interventions();
    const k = timeline.findIndex((e) => e.intervention.kind === 'timeout' && e.intervention.node === 3);
    const entry = timeline[k] as TimelineEntry;
    expect(entry.at).toBeGreaterThan(64);
    expect(original.event(entry.at - 1)?.time).toBe(entry.time);

    const forked = run().sim;
    forked.seek(entry.at);
    replayTail(forked, timeline, k, original.end);
    expect(forked.violations()).toEqual(violations);
    expect(JSON.stringify(forked.markers())).toBe(JSON.stringify(original.markers()));
    expect(forked.advanceClock(original.time)).toBe(true);
    expect(JSON.stringify(forked.view())).toBe(JSON.stringify(original.view()));
  });

  it('forks at many points agree with a fresh run of the same timeline', () => {
    const original = run().sim;
    const timeline = original.interventions();
    for (const at of [5, 17, 40, 66, 90, original.end - 3]) {
      const forked = run().sim;
      forked.seek(at);
      forked.apply({ kind: 'heal' });
      forked.runFor(400);
      const fresh = new TestSim({ ...forked.initialParams }, { checkpointEvery: 1 << 20 }).sim;
      const branch = forked.interventions();
      replayTail(fresh, branch, 0, forked.end);
      expect(fresh.violations()).toEqual(forked.violations());
      expect(JSON.stringify(fresh.markers())).toBe(JSON.stringify(forked.markers()));
      expect(timeline.length).toBeGreaterThan(0);
    }
  });
});
