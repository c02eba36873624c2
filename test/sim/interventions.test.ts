// Each intervention of the simulator, exercised on a small cluster and checked by its effect.
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/raft/types.js';
import { TestSim, type MessageView } from '../../src/sim/index.js';
import { applyIntervention, InterventionError, interventionRefusal, type Intervention } from '../../src/sim/engine/interventions.js';
import { makeParams } from '../../src/sim/engine/params.js';
import { World } from '../../src/sim/engine/world.js';

const settled = (nodes = 3, extra = {}): TestSim => new TestSim({ nodes, seed: 3, ...extra }).waitForLeader().runFor(200);
const leaderOf = (t: TestSim): number => t.view().leader as number;
const follower = (t: TestSim): number => t.view().nodes.find((n) => n.id !== leaderOf(t))?.id as number;

describe('interventions', () => {
  it('hold keeps a message in flight past its delivery time; release delivers it', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    t.propose('set a 1').hold(l, f, 'AppendEntriesCall').runFor(100);
    const held = t.inFlight((m: MessageView) => m.held);
    expect(held).toHaveLength(1);
    expect(held[0]?.deliverAt).toBeLessThan(t.sim.time);
    t.release(l, f).runFor(1);
    expect(t.inFlight((m) => m.id === held[0]?.id)).toEqual([]);
    t.runFor(200).expectValue('a', '1').expectNoViolations();
  });

  it('drop removes one message; duplicate delivers a second copy', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    t.propose('set a 1');
    const m = t.inFlight((v) => v.from === l && v.to === f)[0] as MessageView;
    t.apply({ kind: 'drop', message: m.id });
    expect(t.inFlight((v) => v.id === m.id)).toEqual([]);
    const other = t.inFlight((v) => v.from === l)[0] as MessageView;
    const before = t.inFlight().length;
    t.apply({ kind: 'duplicate', message: other.id });
    expect(t.inFlight().length).toBe(before + 1);
    t.runFor(500).expectValue('a', '1').expectNoViolations();
  });

  it('a one-way cut stops messages in one direction only', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    const start = t.sim.position;
    t.cut(l, f).propose('set a 1').runFor(300);
    t.expectValue('a', undefined, [f]);
    const lines: string[] = [];
    t.sim.explainRange(start, t.sim.position, (e) => lines.push(...e.lines.map((x) => x.text)));
    expect(lines.some((x) => x.startsWith(`n${l} → n${f}: `) && x.endsWith('lost: the link is cut'))).toBe(true);
    expect(lines.some((x) => x.startsWith(`n${f} → n${l}: `) && x.includes('lost'))).toBe(false); // the other way works
    // The cut-off follower may have campaigned meanwhile; after healing, Raft converges either way.
    t.heal().runFor(3000).expectValue('a', '1', [f]).expectNoViolations();
  });

  it('a forced timeout names the timer that fired: a leader sends heartbeats, a follower campaigns', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    const said = (node: number): string[] => {
      const start = t.sim.position;
      t.apply({ kind: 'timeout', node: node as NodeId });
      const lines: string[] = [];
      t.sim.explainRange(start, t.sim.position, (e) => lines.push(...e.lines.map((x) => x.text)));
      return lines;
    };
    expect(said(l)).toContain(`n${l}'s heartbeat timer was forced to fire: a leader sends heartbeats, it does not campaign`);
    expect(t.view().leader).toBe(l);
    expect(said(f)).toContain(`n${f}'s election timer was forced to expire`);
  });

  it('per-link loss of 1 isolates a link; clearing it restores it', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    t.link(l, f, { loss: 1 }).propose('set a 1').runFor(300).expectValue('a', undefined, [f]);
    t.link(l, f, null).runFor(3000).expectValue('a', '1', [f]).expectNoViolations();
  });

  it('storage latency: a crash before the sync loses the write and the messages behind it', () => {
    const t = settled(3, { timing: { storageLatencyMs: 40 } });
    const l = leaderOf(t);
    const last = t.node(l).lastPosition.index;
    t.propose('set lost 1').runFor(10);
    expect(t.node(l).lastPosition.index).toBe(last + 1); // in memory
    expect(t.inFlight((m) => m.from === l && m.sentAt > t.sim.time).length).toBeGreaterThan(0); // held until the sync
    const proposedAt = t.sim.time - 10;
    t.crash(l);
    expect(t.node(l).lastPosition.index).toBe(last); // durable copy: the write was lost
    expect(t.inFlight((m) => m.from === l && m.sentAt > proposedAt)).toEqual([]);
    t.restart(l).runFor(2000).expectValue('lost', undefined).expectNoViolations();
  });

  it('snapshot compacts a node; a follower behind it catches up by snapshot transfer', () => {
    const t = settled();
    const [l, f] = [leaderOf(t), follower(t)];
    t.crash(f);
    for (let i = 0; i < 5; i++) t.propose(`set k${i} ${i}`);
    t.runFor(300).snapshot(l);
    expect(t.node(l).snapshot.index).toBeGreaterThan(2);
    t.restart(f).runFor(1000);
    expect(t.node(f).snapshot.index).toBeGreaterThan(2);
    t.expectValue('k4', '4', [f]).expectNoViolations();
  });

  it('membership: add a non-voter, promote it, remove a voter', () => {
    const t = settled();
    t.membership('addNonVoter', 4).runFor(300);
    expect(t.node(leaderOf(t)).config.nonVoters).toEqual([4]);
    t.membership('promote', 4).runFor(500);
    expect(t.node(leaderOf(t)).config.voters).toEqual([1, 2, 3, 4]);
    const removed = follower(t);
    t.membership('removeVoter', removed).runFor(500);
    expect(t.node(leaderOf(t)).config.voters).not.toContain(removed);
    t.propose('set after 1').runFor(300).expectValue('after', '1', [4]).expectNoViolations();
  });

  it('rejects a membership change that does not fit the configuration', () => {
    const t = settled();
    expect(() => t.membership('promote', 2)).toThrow(/not a non-voter/);
    expect(() => t.membership('addVoter', 1)).toThrow(/already a member/);
    expect(() => t.membership('removeVoter', 9)).toThrow(/not a voter/);
  });

  it('timing changes take effect: a longer heartbeat means fewer messages', () => {
    const count = (heartbeatMs: number): number => {
      const t = settled().timing({ heartbeatMs });
      const start = t.sim.position;
      t.runFor(1000);
      return t.sim.position - start;
    };
    expect(count(100)).toBeLessThan(count(25));
  });

  it('capping AppendEntries still replicates everything, in more rounds', () => {
    const t = settled().capAppendEntries(1);
    const f = follower(t);
    t.crash(f);
    for (let i = 0; i < 6; i++) t.propose(`set c${i} ${i}`);
    t.runFor(200).restart(f).runFor(1500).expectValue('c5', '5', [f]).expectNoViolations();
  });

  it('a forced timeout starts an election on that node; without the §6 guard it wins', () => {
    const t = settled(3, { disruptiveGuard: false });
    const f = follower(t);
    const term = t.node(f).term;
    t.timeout(f);
    expect(t.node(f).role).toBe('Candidate');
    expect(t.node(f).term).toBe(term + 1);
    t.runFor(100).expectLeader(f).expectNoViolations();
  });

  it('with the §6 guard, the others ignore a vote request while they hear from their leader', () => {
    const t = settled();
    const f = follower(t);
    t.timeout(f).runFor(30);
    const guarded = [];
    for (let i = t.sim.position - 6; i < t.sim.position; i++) guarded.push(...t.sim.explain(i).lines.filter((x) => /within the minimum election timeout — §6/.test(x.text)));
    expect(guarded.length).toBeGreaterThan(0);
    expect(t.node(f).role).not.toBe('Leader');
  });
});

describe('interventions are world methods that check their preconditions', () => {
  const n = (id: number): NodeId => id as NodeId;
  /** Everything an intervention could change, as text. */
  const state = (w: World): string =>
    JSON.stringify({
      now: w.now,
      events: w.events,
      params: w.params,
      nodes: w.slots.map((s) => [s.id, s.node?.role(), s.node?.currentTerm(), s.node?.commitIndex(), s.node?.log().lastPosition(), s.durable.entries.lastPosition, s.kv, s.timerToken]),
      inFlight: [...w.inFlight.values()],
      net: [w.net.groups, w.net.cutList(), [...w.net.links], w.net.loss, w.net.duplicate],
    });
  /** A settled 3-node world with n3 crashed. */
  function world(): World {
    const w = World.create(makeParams({ nodes: 3, seed: 4 }));
    w.bootstrap();
    while (w.now < 1_000 && w.step());
    applyIntervention(w, { kind: 'crash', node: n(3) });
    while (w.now < 5_000 && w.leader() === undefined && w.step());
    expect(w.leader()).toBeDefined();
    return w;
  }
  const refused: [Intervention, RegExp][] = [
    [{ kind: 'crash', node: n(3) }, /n3 is already down/],
    [{ kind: 'restart', node: n(1) }, /n1 is running; crash it first/],
    [{ kind: 'timeout', node: n(7) }, /there is no node n7/],
    [{ kind: 'snapshot', node: n(3) }, /n3 is down/],
    [{ kind: 'propose', command: 'set x' }, /column/],
    [{ kind: 'propose', command: 'set x 1', node: n(3) }, /n3 is down/],
    [{ kind: 'partition', groups: [[n(1)], [n(1), n(2)]] }, /n1 is in two partition groups/],
    [{ kind: 'cut', from: n(2), to: n(2) }, /two different nodes/],
    [{ kind: 'linkFault', from: n(1), to: n(2), fault: { loss: 2 } }, /probabilities/],
    [{ kind: 'linkFault', from: n(1), to: n(2), fault: { delayMinMs: 50, delayMaxMs: 10 } }, /delayMinMs is at most delayMaxMs/],
    [{ kind: 'globalFault', duplicate: -0.5 }, /probabilities/],
    [{ kind: 'hold', message: 999_999 }, /message #999999 is not in flight/],
    [{ kind: 'release', message: 999_999 }, /not in flight/],
    [{ kind: 'membership', change: 'promote', node: n(2) }, /n2 is not a non-voter/],
    [{ kind: 'membership', change: 'addVoter', node: n(12) }, /node ids run from 1 to 9/],
    [{ kind: 'maxEntriesPerAppend', value: 1.5 }, /whole number/],
  ];

  it.each(refused)('refuses %j, saying why, and changes nothing', (iv, why) => {
    const w = world();
    const before = state(w);
    expect(interventionRefusal(w, iv)).toMatch(why);
    expect(() => applyIntervention(w, iv)).toThrow(InterventionError);
    expect(() => applyIntervention(w, iv)).toThrow(why);
    expect(state(w)).toBe(before);
  });

  it('the methods refuse on their own, without validateIntervention', () => {
    const w = world();
    const before = state(w);
    expect(() => w.crashNode(n(3))).toThrow(/already down/);
    expect(() => w.restartNode(n(2))).toThrow(/running/);
    expect(() => w.holdMessage(424_242)).toThrow(/not in flight/);
    expect(() => w.setLinkFault(n(1), n(2), { duplicate: 7 })).toThrow(/probabilities/);
    expect(() => w.changeMembership('removeNonVoter', n(1))).toThrow(/not a non-voter/);
    expect(() => w.propose('incr')).toThrow(InterventionError);
    expect(state(w)).toBe(before);
  });

  it('a valid intervention has no refusal and applies', () => {
    const w = world();
    const ok: Intervention[] = [{ kind: 'restart', node: n(3) }, { kind: 'cut', from: n(1), to: n(2) }, { kind: 'heal' }, { kind: 'globalFault', loss: 0.1 }];
    for (const iv of ok) {
      expect(interventionRefusal(w, iv)).toBeUndefined();
      applyIntervention(w, iv);
    }
    expect(w.slot(n(3))?.node).toBeDefined();
    expect(w.net.loss).toBe(0.1);
  });
});
