import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/raft/index.js';
import { exportTrace, importTrace, InterventionError, MARKER, Simulation, TestSim, traceToJson, type Intervention, type Marker } from '../../src/sim/index.js';

const ids = (...xs: number[]): NodeId[] => xs as NodeId[];

/** A short scripted run with every kind of marker in it. */
function scripted(): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 1 });
  sim.runFor(600);
  sim.apply({ kind: 'propose', command: 'set x 1' });
  sim.runFor(300);
  sim.apply({ kind: 'crash', node: 2 as never });
  sim.runFor(200);
  sim.apply({ kind: 'restart', node: 2 as never });
  sim.apply({ kind: 'partition', groups: [ids(1), ids(2, 3)] });
  sim.runFor(800);
  sim.apply({ kind: 'heal' });
  sim.runFor(500);
  return sim;
}

/** Everything a store would read about the recorded run, as text (the space-time slice from the frontier). */
function recorded(sim: Simulation): string {
  const position = sim.position;
  const events = Array.from({ length: sim.end }, (_, i) => sim.event(i));
  const text = JSON.stringify({ end: sim.end, events, markers: sim.markers(), timeline: sim.interventions() });
  sim.seek(sim.end);
  const st = JSON.stringify(sim.spaceTime(0, Infinity));
  sim.seek(position);
  return text + st;
}

describe('refusals change nothing (issue 6 item 1)', () => {
  it('an invalid intervention in the past throws and keeps the recorded future', () => {
    const sim = scripted();
    const end = sim.end;
    const before = recorded(sim);
    sim.runUntil(sim.time); // no-op, the frontier stays
    const middle = Math.floor(end / 2);
    sim.seek(middle);
    const revision = sim.revision;
    expect(() => sim.apply({ kind: 'crash', node: 42 as never })).toThrow(InterventionError);
    expect(sim.end).toBe(end);
    expect(sim.position).toBe(middle);
    expect(sim.revision).toBe(revision);
    expect(sim.interventions()).toHaveLength(5);
    expect(recorded(sim)).toBe(before);
    sim.seek(end);
    expect(sim.position).toBe(end);
  });

  it('an invalid intervention at the frontier throws and changes nothing', () => {
    const sim = scripted();
    const before = recorded(sim);
    const view = JSON.stringify(sim.view());
    expect(() => sim.apply({ kind: 'crash', node: 42 as never })).toThrow(/there is no node n42/);
    expect(() => sim.apply({ kind: 'timing', timing: { heartbeatMs: -1 } })).toThrow(InterventionError);
    expect(() => sim.apply({ kind: 'nonsense' } as unknown as Intervention)).toThrow(/not an intervention/);
    expect(recorded(sim)).toBe(before);
    expect(JSON.stringify(sim.view())).toBe(view);
  });

  it('check() answers without side effects, in the past and at the frontier', () => {
    const sim = scripted();
    const end = sim.end;
    expect(sim.check({ kind: 'crash', node: 42 as never })).toMatch(/there is no node n42/);
    expect(sim.check({ kind: 'propose', command: 'sett x' })).toMatch(/column 1/);
    expect(sim.check({ kind: 'timing', timing: { electionMinMs: 0 } })).toMatch(/electionMinMs/);
    expect(sim.check({ kind: 'heal' })).toBeUndefined();
    sim.seek(10);
    const revision = sim.revision;
    const down = sim.view().nodes.find((n) => !n.up);
    expect(down).toBeUndefined();
    expect(sim.check({ kind: 'restart', node: 1 as never })).toMatch(/running; crash it first/);
    expect(sim.check({ kind: 'crash', node: 1 as never })).toBeUndefined();
    expect(sim.end).toBe(end);
    expect(sim.position).toBe(10);
    expect(sim.revision).toBe(revision);
  });
});

describe('values handed out are frozen or fresh (item 3, 4)', () => {
  it('interventions() and violations() never change under the caller', () => {
    const sim = new Simulation({ nodes: 3, seed: 2 });
    sim.runFor(500);
    sim.apply({ kind: 'heal' });
    const first = sim.interventions();
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(Object.isFrozen(first[0]?.intervention)).toBe(true);
    sim.apply({ kind: 'crash', node: 1 as never });
    expect(first).toHaveLength(1);
    expect(sim.interventions()).toHaveLength(2);
    expect(Object.isFrozen(sim.violations())).toBe(true);
  });

  it('the caller may reuse its intervention object: the timeline keeps a copy', () => {
    const sim = new Simulation({ nodes: 3, seed: 2 });
    sim.runFor(300);
    const iv = { kind: 'partition', groups: [[1], [2, 3]] } as { kind: 'partition'; groups: number[][] };
    sim.apply(iv as unknown as Intervention);
    iv.groups[0]?.push(2);
    expect(sim.interventions()[0]?.intervention).toEqual({ kind: 'partition', groups: [[1], [2, 3]] });
  });

  it('a frontier explanation does not follow later changes to the message it sent', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    let sent: { item: { id: number; held: boolean } } | undefined;
    sim.runUntilCondition((s) => {
      const line = s.lastExplanation()?.lines.find((l) => l.kind === 'note' && l.note.kind === 'sent');
      sent = line?.kind === 'note' && line.note.kind === 'sent' ? (line.note as never) : undefined;
      return sent !== undefined;
    });
    const explanation = sim.lastExplanation();
    expect(Object.isFrozen(explanation)).toBe(true);
    sim.apply({ kind: 'hold', message: sent?.item.id as number });
    expect(sent?.item.held).toBe(false);
    expect(sim.view().inFlight.find((m) => m.id === sent?.item.id)?.held).toBe(true);
  });

  it('revision moves with the present and the timeline, not with reads', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    const r0 = sim.revision;
    sim.view();
    sim.markers();
    sim.violations();
    sim.check({ kind: 'heal' });
    expect(sim.revision).toBe(r0);
    sim.step();
    const r1 = sim.revision;
    expect(r1).toBeGreaterThan(r0);
    sim.runFor(100);
    const r2 = sim.revision;
    expect(r2).toBeGreaterThan(r1);
    sim.seek(1);
    expect(sim.revision).toBeGreaterThan(r2);
    const r3 = sim.revision;
    sim.seek(1);
    expect(sim.revision).toBe(r3);
    sim.apply({ kind: 'heal' });
    expect(sim.revision).toBeGreaterThan(r3);
  });

  it('params are the current ones: timing, cap and faults show; the past shows its own', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(300);
    const at = sim.position;
    sim.apply({ kind: 'timing', timing: { heartbeatMs: 30, storageLatencyMs: 5 } });
    sim.apply({ kind: 'maxEntriesPerAppend', value: 3 });
    sim.apply({ kind: 'globalFault', loss: 0.25 });
    expect(sim.params.timing.heartbeatMs).toBe(30);
    expect(sim.params.timing.storageLatencyMs).toBe(5);
    expect(sim.params.maxEntriesPerAppend).toBe(3);
    expect(sim.params.loss).toBe(0.25);
    expect(Object.isFrozen(sim.params.timing)).toBe(true);
    expect(sim.view().params).toEqual(sim.params);
    expect(sim.initialParams.timing.heartbeatMs).toBe(50);
    sim.seek(at);
    expect(sim.params.timing.heartbeatMs).toBe(50);
    expect(sim.params.loss).toBe(0);
  });

  it('frontier() reads the frontier without moving the present', () => {
    const sim = scripted();
    const end = sim.end;
    const endTime = sim.time;
    sim.seek(20);
    const f = sim.frontier();
    expect(f).toMatchObject({ events: end, time: endTime });
    expect(sim.position).toBe(20);
  });
});

describe('proposals as data (item 5)', () => {
  it('a proposal returns its position; commitStatus follows it to Committed', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runUntilCondition((s) => s.view().leader !== undefined);
    const result = sim.apply({ kind: 'propose', command: 'set x 1' });
    expect(result.refused).toBeUndefined();
    const position = result.position;
    expect(position?.index).toBeGreaterThan(1);
    expect(sim.commitStatus(position as never)).toBe('InProgress');
    expect(sim.view().proposals.at(-1)).toMatchObject({ command: 'set x 1', position, status: 'InProgress' });
    sim.runFor(200);
    expect(sim.commitStatus(position as never)).toBe('Committed');
    expect(sim.view().proposals.at(-1)?.status).toBe('Committed');
    expect(sim.commitStatus({ term: position?.term as never, index: 999 as never })).toBe('InProgress');
  });

  it('a proposal to a follower, or without a leader, is refused with the reason', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    expect(sim.apply({ kind: 'propose', command: 'set a 1' }).refused).toMatch(/no leader/);
    sim.runUntilCondition((s) => s.view().leader !== undefined);
    const follower = sim.view().nodes.find((n) => n.role === 'Follower')?.id as number;
    const result = sim.apply({ kind: 'propose', command: 'set b 2', node: follower as never });
    expect(result.refused).toBe(`n${follower} is not the leader`);
    expect(result.position).toBeUndefined();
    expect(sim.view().proposals.map((p) => p.status)).toEqual(['Refused', 'Refused']);
  });

  it('a later leader overwriting an uncommitted entry makes its status Rejected', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runUntilCondition((s) => s.view().leader !== undefined);
    const leader = sim.view().leader as number;
    sim.apply({ kind: 'partition', groups: [ids(leader), ids(...[1, 2, 3].filter((n) => n !== leader))] });
    const lost = sim.apply({ kind: 'propose', command: 'set lost 1' }).position;
    sim.runFor(2000);
    sim.apply({ kind: 'propose', command: 'set kept 1' });
    sim.apply({ kind: 'heal' });
    sim.runFor(2000);
    expect(sim.commitStatus(lost as never)).toBe('Rejected');
    expect(sim.violations()).toEqual([]);
  });

  it('the proposals listed are those made before the present', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runUntilCondition((s) => s.view().leader !== undefined);
    const before = sim.position;
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(100);
    sim.seek(before);
    expect(sim.view().proposals).toEqual([]);
  });
});

function flagged(markers: readonly Marker[], flag: number): number[] {
  return markers.filter((m) => (m.flags & flag) !== 0).map((m) => m.index);
}

describe('markers and the space-time record (item 7)', () => {
  it('marks elections, commits, crashes, restarts, partitions, heals and interventions where they happened', () => {
    const sim = scripted();
    const markers = sim.markers();
    const at = (kind: string): number[] => sim.interventions().filter((e) => e.intervention.kind === kind).map((e) => e.at);
    expect(flagged(markers, MARKER.crash)).toEqual(at('crash'));
    expect(flagged(markers, MARKER.restart)).toEqual(at('restart'));
    expect(flagged(markers, MARKER.partition)).toEqual(at('partition'));
    expect(flagged(markers, MARKER.heal)).toEqual(at('heal'));
    expect(flagged(markers, MARKER.intervention)).toEqual(sim.interventions().map((e) => e.at));
    // Every election marker is an event after which some node leads that did not before.
    const elected = flagged(markers, MARKER.leaderElected);
    expect(elected.length).toBeGreaterThan(0);
    for (const i of elected) {
      sim.seek(i);
      const before = sim.view().nodes.filter((n) => n.role === 'Leader').map((n) => n.id);
      sim.step();
      expect(sim.view().nodes.some((n) => n.role === 'Leader' && !before.includes(n.id))).toBe(true);
    }
    expect(flagged(markers, MARKER.commit).length).toBeGreaterThan(0);
    expect(flagged(markers, MARKER.timeout).length).toBeGreaterThan(0);
    expect(markers.every((m) => m.flags !== 0 && m.time === sim.event(m.index)?.time)).toBe(true);
    expect(sim.markers(0, 5).every((m) => m.index < 5)).toBe(true);
  });

  it('a fork gives the same history as a run that took the other branch directly', () => {
    const direct = new Simulation({ nodes: 3, seed: 3, loss: 0.1 }, { checkpointEvery: 32 });
    direct.runUntilCondition((s) => s.time >= 700);
    const at = direct.position;
    const time = direct.time;
    direct.apply({ kind: 'crash', node: 1 as never });
    direct.runFor(900);

    const forked = new Simulation({ nodes: 3, seed: 3, loss: 0.1 }, { checkpointEvery: 32 });
    forked.runFor(1000);
    forked.apply({ kind: 'partition', groups: [ids(1, 2), ids(3)] });
    forked.runFor(1500);
    forked.seek(at);
    expect(forked.time).toBe(time);
    forked.apply({ kind: 'crash', node: 1 as never });
    forked.runFor(900);
    expect(recorded(forked)).toBe(recorded(direct));
    expect(JSON.stringify(forked.view())).toBe(JSON.stringify(direct.view()));
  });

  it('space-time: arrows, role bands and commit ticks agree with the run', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(1000);
    const slice = sim.spaceTime(0, sim.time);
    const live = sim.view().inFlight;
    expect(slice.messages.filter((m) => m.fate === 'inFlight').map((m) => m.id)).toEqual(live.map((m) => m.id));
    for (const m of slice.messages) expect(m.endAt).toBeGreaterThanOrEqual(m.sentAt);
    expect(slice.messages.filter((m) => m.fate === 'delivered').length).toBeGreaterThan(10);
    const leader = sim.view().leader as number;
    const band = slice.roles.filter((b) => b.node === leader).at(-1);
    expect(band).toMatchObject({ role: 'Leader', to: sim.time });
    for (const node of sim.view().nodes) {
      const ticks = slice.commits.filter((c) => c.node === node.id);
      expect(ticks.at(-1)?.index).toBe(node.commitIndex);
    }
    const early = sim.spaceTime(0, 100);
    expect(early.messages.every((m) => m.sentAt <= 100)).toBe(true);
    expect(early.commits.every((c) => c.time <= 100)).toBe(true);
  });

  it('space-time in the past shows only what happened before the present', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(1000);
    sim.seek(40);
    const slice = sim.spaceTime(0, Infinity);
    const ids = sim.view().inFlight.map((m) => m.id);
    expect(slice.messages.filter((m) => m.fate === 'inFlight' || m.fate === 'held').map((m) => m.id)).toEqual(ids);
    expect(slice.messages.every((m) => m.sentAt <= sim.time)).toBe(true);
    expect(slice.roles.every((b) => b.to <= sim.time)).toBe(true);
  });

  it('a dropped or lost message is drawn as dropped', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runUntilCondition((s) => s.view().inFlight.length > 0);
    const id = sim.view().inFlight[0]?.id as number;
    sim.apply({ kind: 'drop', message: id });
    sim.runFor(100);
    expect(sim.spaceTime(0, Infinity).messages.find((m) => m.id === id)).toMatchObject({ fate: 'dropped', endAt: sim.event(sim.interventions()[0]?.at as number)?.time });
  });
});

describe('forking a run with violations', () => {
  /** votedForNotPersisted: n2 votes twice in term 1, two leaders (I3, I1). */
  function doubleVote(): Simulation {
    const t = new TestSim({
      nodes: 3,
      seed: 1,
      disruptiveGuard: false,
      mutations: ['votedForNotPersisted'],
      timing: { electionMinMs: 100_000, electionMaxMs: 100_000, heartbeatMs: 50, delayMinMs: 10, delayMaxMs: 10 },
    });
    t.timeout(1).timeout(3).hold(3, 2, 'RequestVoteCall').runFor(15);
    t.crash(2).restart(2).release(3, 2).runFor(200);
    return t.sim;
  }

  it('keeps the violations before the fork, marks them, and agrees with a replay from scratch', () => {
    const sim = doubleVote();
    const found = sim.violations();
    expect(found.length).toBeGreaterThan(0);
    const first = found[0]?.eventIndex as number;
    expect((sim.markers().find((m) => m.index === first)?.flags ?? 0) & MARKER.violation).toBe(MARKER.violation);
    sim.seek(first + 1);
    sim.apply({ kind: 'partition', groups: [ids(1), ids(2, 3)] });
    sim.runFor(300);
    expect(sim.violations().filter((v) => v.eventIndex <= first)).toEqual(found.filter((v) => v.eventIndex <= first));
    const replayed = importTrace(traceToJson(exportTrace(sim)));
    expect(replayed.violations()).toEqual(sim.violations());
    expect(JSON.stringify(replayed.markers())).toBe(JSON.stringify(sim.markers()));
  });
});
