// Regression tests for the replay and durability bugs of issue 6 (A–E): each failed before its fix.
import { describe, expect, it } from 'vitest';
import { exportTrace, importTrace, TestSim, TraceError, traceToJson } from '../../src/sim/index.js';

/** Fixed 10 ms delays; elections and heartbeats only when a step forces them. */
function still(nodes: number, storageLatencyMs = 0, heartbeatMs = 1_000_000): TestSim {
  const never = 1_000_000;
  return new TestSim({ nodes, seed: 1, disruptiveGuard: false, timing: { electionMinMs: never, electionMaxMs: never, heartbeatMs, delayMinMs: 10, delayMaxMs: 10, storageLatencyMs } });
}

/** Moves the clock to the instant the next event is due, without running it. */
function toNextEventInstant(t: TestSim, expected: number): void {
  expect(t.sim.nextEventTime()).toBe(expected);
  expect(t.sim.advanceClock(expected)).toBe(true);
}

describe('A: explanations do not depend on key order', () => {
  it('a trace with a link fault whose keys are not alphabetical re-imports', () => {
    const t = new TestSim({ nodes: 3, seed: 5 }).runFor(500).link(1, 2, { delayMinMs: 5, delayMaxMs: 40 }).runFor(500);
    const text = traceToJson(exportTrace(t.sim));
    expect(traceToJson(exportTrace(importTrace(text)))).toBe(text);
  });

  it('so does a timing change whose keys are not alphabetical', () => {
    const t = new TestSim({ nodes: 3, seed: 5 }).runFor(500).timing({ heartbeatMs: 60, delayMinMs: 5 }).runFor(500);
    const text = traceToJson(exportTrace(t.sim));
    expect(traceToJson(exportTrace(importTrace(text)))).toBe(text);
  });
});

describe('B: a released message replays as it ran', () => {
  it('is delivered at its release, live and after seeking, with identical states', () => {
    const t = still(3).timeout(1).runFor(200).propose('set x 1', 1);
    t.hold(1, 2, 'AppendEntriesCall').hold(1, 3, 'AppendEntriesCall').runFor(100).release(1, 2);
    const releasedAt = t.sim.time;
    t.runFor(100);
    const live = JSON.stringify(t.view().nodes);
    const deliveries = (): number[] => {
      const times: number[] = [];
      t.sim.explainRange(0, t.sim.end, (e) => {
        if (e.kind === 'deliver' && e.node === 2 && e.time > 200 && e.lines.some((l) => l.text.includes('appended 1 entry'))) times.push(e.time);
      });
      return times;
    };
    expect(deliveries()).toEqual([releasedAt]);
    const end = t.sim.end;
    t.sim.seek(0);
    t.sim.seek(end);
    expect(JSON.stringify(t.view().nodes)).toBe(live);
    const text = traceToJson(exportTrace(t.sim));
    expect(traceToJson(exportTrace(importTrace(text)))).toBe(text);
  });
});

describe('C: a crash at the instant a write is due', () => {
  it('loses the reply that waited for that write, so the leader does not count it', () => {
    const t = still(3, 10).timeout(1).runFor(200).expectLeader(1).crash(3);
    const p = t.sim.time;
    const commit = t.node(1).commitIndex;
    t.propose('set x 1', 1); // n1 syncs at p+10 and sends; n2 appends at p+20 and syncs at p+30
    t.runUntil(p + 29);
    toNextEventInstant(t, p + 30);
    t.crash(2);
    expect(t.inFlight((m) => m.from === 2)).toEqual([]);
    t.runFor(200).expectNoViolations();
    expect(t.node(1).commitIndex).toBe(commit);
    t.expectValue('x', undefined);
  });
});

describe('D: nothing is applied before it is durable (Raft §5.3: a leader counts itself once its entry is stable)', () => {
  /** n1 the only voter, the other nodes non-voters: n1 commits alone, as soon as its entry is durable. */
  function oneVoter(nodes: number): TestSim {
    const t = still(1, 20).timeout(1).runFor(100).expectLeader(1);
    for (let id = 2; id <= nodes; id++) t.membership('addNonVoter', id).runFor(100);
    return t.runFor(200).expectNoViolations();
  }

  it.each([1, 3, 5])('%i node(s), one voter: a crash before the sync loses the entry, which was never applied', (nodes) => {
    const t = oneVoter(nodes);
    const p = t.sim.time;
    t.propose('set solo 1', 1);
    toNextEventInstant(t, p + 20); // n1's sync
    t.expectValue('solo', undefined);
    t.crash(1).restart(1).timeout(1).runFor(500).expectLeader(1).expectNoViolations().expectValue('solo', undefined);
    t.propose('set solo 2', 1).runFor(19).expectValue('solo', undefined, [1]);
    t.runFor(200).expectValue('solo', '2').expectNoViolations();
  });

  it.each([3, 5])('%i voters: a leader crashing before its sync loses the entry everywhere', (nodes) => {
    const t = still(nodes, 20, 50).timeout(1).runFor(200).expectLeader(1);
    const p = t.sim.time;
    t.propose('set lost 1', 1);
    toNextEventInstant(t, p + 20);
    t.crash(1).timeout(2).runFor(300).expectLeader(2).restart(1).runFor(300);
    t.propose('set kept 1', 2).runFor(300).expectValue('kept', '1').expectValue('lost', undefined).expectNoViolations();
  });
});

describe('E: a trace without its hash', () => {
  const trace = (): Record<string, unknown> => JSON.parse(traceToJson(exportTrace(new TestSim({ nodes: 3, seed: 2 }).runFor(400).propose('set a 1').runFor(400).sim))) as Record<string, unknown>;

  it('is rejected when it has events, even with an edited intervention', () => {
    const { hash: _hash, ...rest } = trace();
    expect(() => importTrace(JSON.stringify(rest))).toThrow(/^hash: /);
    const edited = { ...rest, interventions: (rest.interventions as { intervention: object }[]).map((e) => ({ ...e, intervention: { kind: 'propose', command: 'set a 2' } })) };
    expect(() => importTrace(JSON.stringify(edited))).toThrow(TraceError);
    expect(() => importTrace(JSON.stringify(edited))).toThrow(/^hash: /);
  });

  it('is accepted as a bare timeline when it has no events either', () => {
    const { hash: _hash, events: _events, ...bare } = trace();
    const sim = importTrace(JSON.stringify(bare));
    expect(sim.end).toBe((bare.end as { events: number }).events);
  });
});

describe('found by the sync-3 fuzz profile: a lone voter whose term never reached storage', () => {
  it('may lead that term again and propose at the same positions, without a violation', () => {
    const t = still(1, 20).timeout(1); // term 1, vote and no-op all wait for the sync at 20 ms
    t.propose('set a 1', 1);
    const before = t.sim.position;
    const entryText = (): string | undefined => t.node(1).log.find((e) => e.index === 3)?.text;
    expect(entryText()).toBe('set a 1');
    toNextEventInstant(t, 20);
    t.crash(1).restart(1);
    expect(t.node(1).term).toBe(0);
    t.timeout(1).propose('set a 2', 1).runFor(100);
    expect(t.node(1).term).toBe(1);
    expect(entryText()).toBe('set a 2');
    t.expectValue('a', '2').expectNoViolations();
    t.sim.explain(before - 1); // replays the first proposal on a copy of the world...
    expect(entryText()).toBe('set a 2'); // ...which leaves the present's registry alone
    t.sim.seek(before); // the first incarnation's entry keeps its own command
    expect(entryText()).toBe('set a 1');
  });
});

describe('forks after a crash that lost unsynced writes', () => {
  it('roll the checker back and agree with a replay from scratch', () => {
    const t = still(1, 20).timeout(1);
    t.propose('set a 1', 1);
    toNextEventInstant(t, 20);
    t.crash(1).restart(1).timeout(1).propose('set a 2', 1).runFor(200);
    const forkAt = t.sim.position - 3;
    t.sim.seek(forkAt);
    t.propose('set b 3', 1).runFor(200).expectNoViolations();
    const text = traceToJson(exportTrace(t.sim));
    const replayed = importTrace(text);
    expect(replayed.violations()).toEqual(t.sim.violations());
    expect(traceToJson(exportTrace(replayed))).toBe(text);
  });
});
