// The runner drives a Simulation statement by statement: a generator the page can step through
// (pausing at captions), with failures that say where, what was seen and what the cluster did.
import { describe, expect, it } from 'vitest';
import { ScenarioRunner, validateScenario, type RunResult, type StepReport } from '../../src/scenario/index.js';

function runner(text: string): ScenarioRunner {
  const v = validateScenario(text);
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('\n'));
  return new ScenarioRunner(v.program);
}

const QUIET = 'nodes 3\nseed 1\ntiming heartbeat 50ms election 100s..100s latency 10ms..10ms\nguard off\n';

describe('the runner', () => {
  it('yields one step per statement, so a page can stop at each caption', () => {
    const it = runner(`${QUIET}say "first"\ntimeout n1\nrun 100ms\nsay "second"\nexpect leader is n1`).steps();
    const captions: string[] = [];
    const seen: StepReport[] = [];
    let r = it.next();
    for (; r.done !== true; r = it.next()) {
      seen.push(r.value);
      if (r.value.caption !== undefined) captions.push(`${r.value.caption}@${r.value.time}`);
    }
    expect(captions).toEqual(['first@0', 'second@100']);
    expect(seen.map((s) => s.statement.loc.line)).toEqual([5, 6, 7, 8, 9]);
    expect((r.value as RunResult).passed).toBe(true);
  });

  it('is deterministic: the same script gives the same events', () => {
    const text = 'nodes 5\nseed 9\nwait until leader\ncrash leader\nwait until leader within 2s\nclient set x 1\nrun 300ms';
    const a = runner(text).run();
    const b = runner(text).run();
    expect(a.sim.position).toBe(b.sim.position);
    expect(a.sim.view()).toEqual(b.sim.view());
  });

  it('reports a failed expectation with its line, what it saw and the explained tail, and goes on', () => {
    const r = runner(`${QUIET}timeout n1\nrun 100ms\nexpect leader is n2\nmark "after"`).run();
    expect(r.passed).toBe(false);
    expect(r.failure).toBeUndefined();
    expect(r.marks.map((m) => m.name)).toEqual(['after']);
    const detail = r.expectations[0]?.detail ?? '';
    expect(detail).toMatch(/^7:1: expectation failed: expect leader is n2\n {2}saw: n1 leads term 1 \(at 100ms, event \d+\)\n--- trace tail ---\n#/);
    expect(detail).toContain('n1 won term 1');
  });

  it('stops at a failed wait, a refused intervention or a time in the past', () => {
    expect(runner(`${QUIET}wait until leader within 300ms\nheal`).run().failure).toMatch(/^5:1: wait until leader within 300ms: not within 300ms; saw nobody leads \(at 300ms/);
    expect(runner(`${QUIET}crash n1\ncrash n1`).run().failure).toMatch(/^6:1: refused: n1 is already down/);
    expect(runner(`${QUIET}run 2s\nat 1s heal`).run().failure).toMatch(/^6:1: at 1000ms, but the run is already at 2000ms/);
    expect(runner(`${QUIET}crash leader`).run().failure).toMatch(/^5:7: "leader": no node leads now/);
    const stopped = runner(`${QUIET}crash n1\ncrash n1\nheal`).run();
    expect(stopped.steps).toHaveLength(2);
  });

  it('acts on the first matching message sent after a hold/drop/duplicate, and reports patterns that never matched', () => {
    const r = runner(`${QUIET}hold next RequestVote n1 -> n2\nhold next RequestVote n1 -> n3\ndrop next Snapshot\ntimeout n1\nrun 100ms\nexpect no leader`).run();
    expect(r.passed).toBe(true);
    expect(r.sim.view().inFlight.filter((m) => m.held).map((m) => `${m.kind} n${m.from}->n${m.to}`)).toEqual(['RequestVoteCall n1->n2', 'RequestVoteCall n1->n3']);
    expect(r.unmatched).toEqual(['7:1: drop next Snapshot never matched a message']);
  });

  it('resolves leader and followers when the command runs', () => {
    const r = runner(`${QUIET}timeout n2\nrun 50ms\nisolate leader\ncrash followers`).run();
    expect(r.sim.view().partition).toEqual([[2], [1, 3]]);
    expect(r.sim.view().nodes.map((n) => n.up)).toEqual([false, true, false]);
  });
});
