// raftbare 0.1.4's random-scenario tests (tests/random_scenario_test.rs, raftbare-spec.md §8.2),
// ported onto the tick cluster of support/tick-cluster.ts. raftbare drew a fresh seed per run; here
// every test runs over fixed seeds, so a failure replays exactly. Besides raftbare's own criteria,
// every run must leave the SafetyChecker without violations and the committed prefixes of all
// running nodes equal (raftbare never compared logs).
import { describe, expect, it } from 'vitest';
import { ClusterConfig, LogEntries, LogPosition, type CommitPromise, type Node } from '../../src/raft/index.js';
import type { NodeId } from '../../src/raft/types.js';
import { TickCluster, type Timing } from './support/tick-cluster.js';

const IDS = [0, 1, 2];
const SEEDS = Array.from({ length: 50 }, (_, i) => i + 1);
/** unstable_network and dynamic_membership: 30% loss, 1..1000 ticks of latency per entry. */
const UNSTABLE: Partial<Timing> = { dropRate: 0.3, latency: [1, 1000] };

/** A random node creates a 3-node cluster; a leader must emerge within `leaderWait` ticks. */
function createCluster(seed: number, options: { timing?: Partial<Timing>; leaderWait?: number; setup?: (c: TickCluster) => void } = {}): TickCluster {
  const c = new TickCluster(IDS, seed, options.timing);
  options.setup?.(c);
  expect(c.createCluster().isPending()).toBe(true);
  expect(c.runUntil(c.now + (options.leaderWait ?? 10_000), () => c.leader() !== undefined), 'Create cluster timeout').toBe(true);
  return c;
}

function currentLeader(c: TickCluster): Node {
  const leader = c.leader();
  if (leader === undefined) throw new Error(`No leader at tick ${c.now}`);
  return leader;
}

/** `count` proposals to the current leader, each followed by 1..10 ticks. */
function proposeCommands(c: TickCluster, count: number, leaderWait?: number): CommitPromise[] {
  const promises: CommitPromise[] = [];
  for (let i = 0; i < count; i++) {
    if (leaderWait !== undefined) c.runWhileLeaderAbsent(leaderWait);
    promises.push(c.proposeCommand());
    c.run(c.rng.uniform([1, 10]));
  }
  return promises;
}

interface PollOptions {
  polls: number;
  /** Wait this long for a leader before each poll (raftbare's `run_while_leader_absent`). */
  leaderWait?: number;
  /** Stop at acceptance (default) or at any final state. */
  untilDecided?: boolean;
}

/** Polls `promise` on the current leader, 10 ticks apart, at most `polls` times. */
function poll(c: TickCluster, promise: CommitPromise, options: PollOptions): CommitPromise {
  for (let i = 0; i < options.polls; i++) {
    if (options.leaderWait !== undefined) c.runWhileLeaderAbsent(options.leaderWait);
    promise.poll(currentLeader(c));
    if (promise.isAccepted() || (options.untilDecided === true && !promise.isPending())) break;
    c.run(10);
  }
  return promise;
}

function expectAllAccepted(c: TickCluster, promises: readonly CommitPromise[], options: PollOptions): void {
  promises.forEach((p, i) => expect(poll(c, p, options).getState(), `promise ${i} at tick ${c.now}`).toBe('Accepted'));
}

/** Polls every promise to a final state; returns how many were accepted. */
function countAccepted(c: TickCluster, promises: readonly CommitPromise[], options: PollOptions): number {
  let accepted = 0;
  promises.forEach((p, i) => {
    expect(poll(c, p, { ...options, untilDecided: true }).isPending(), `promise ${i} at tick ${c.now}`).toBe(false);
    if (p.isAccepted()) accepted++;
  });
  return accepted;
}

function expectConverged(c: TickCluster, ticks: number): void {
  expect(c.runUntil(c.now + ticks, () => c.commitsEqual(IDS)), 'Commit indices are not synchronized').toBe(true);
}

function entryAt(node: Node, i: number): string {
  const entry = LogEntries.getEntry(node.log().entries(), i);
  const term = node.log().getTerm(i);
  if (entry === undefined) return `nothing@${String(term)}`;
  return entry.kind === 'ClusterConfig' ? `config@${term}:${JSON.stringify(entry.config)}` : `${entry.kind}@${term}`;
}

/**
 * Where running nodes' committed prefixes differ: each node is compared, up to its own commit
 * index, with the node that committed most (so all agree up to the minimum commit index).
 */
function logDisagreements(c: TickCluster): string[] {
  const live = c.members.flatMap((m) => (m.node === undefined ? [] : [m.node]));
  const reference = live.reduce((a, b) => (b.commitIndex() > a.commitIndex() ? b : a));
  const out: string[] = [];
  for (const node of live) {
    const snapshot = node.log().snapshotPosition();
    const from = Math.max(snapshot.index, reference.log().snapshotPosition().index) + 1;
    for (let i = from; i <= node.commitIndex(); i++) {
      const [mine, theirs] = [entryAt(node, i), entryAt(reference, i)];
      if (mine !== theirs) out.push(`index ${i}: n${node.id()} has ${mine}, n${reference.id()} has ${theirs}`);
    }
    const there = reference.log().getTerm(snapshot.index);
    if (there !== undefined && there !== snapshot.term) out.push(`n${node.id()}'s snapshot ${JSON.stringify(snapshot)} conflicts with n${reference.id()}`);
  }
  return out;
}

/** Checked at the end of every run, beyond raftbare's criteria (raftbare never compared logs). */
function expectSafe(c: TickCluster): void {
  expect(c.checker.violations).toEqual([]);
  expect(logDisagreements(c)).toEqual([]);
}

/** storage_repair_*: 100 proposals; `before25` runs before the 25th; at the 50th every non-leader is wiped. */
function proposeWithStorageRepair(c: TickCluster, before25: () => void = () => {}): CommitPromise[] {
  const promises: CommitPromise[] = [];
  for (let i = 0; i < 100; i++) {
    if (i === 25) before25();
    // Node.start with empty storage (a new incarnation for the SafetyChecker).
    if (i === 50) for (const m of c.members) if (m.node?.role() !== 'Leader') c.wipe(m.id);
    promises.push(...proposeCommands(c, 1, 10_000));
  }
  return promises;
}

/**
 * Proposes `change(leader's config)` on the current leader. The port refuses a change while the
 * previous configuration is uncommitted or joint (raftbare accepted it at once), so this retries
 * every tick until the leader takes it.
 */
function proposeConfig(c: TickCluster, change: (config: ClusterConfig) => ClusterConfig): void {
  const taken = c.runUntil(c.now + 1_000_000, () => {
    const leader = c.leader();
    return leader !== undefined && c.call(leader.id(), (n) => n.proposeConfig(change(n.config()))).isPending();
  });
  expect(taken, 'proposeConfig never taken').toBe(true);
}

/** One round of dynamic_membership's configuration changes (add with p = 0.7, else maybe remove). */
function changeMembership(c: TickCluster, round: number): void {
  if (c.rng.chance(0.7)) {
    const id = (3 + round) as NodeId;
    const voter = c.rng.chance(0.5);
    c.add(id, voter); // Node.start: it learns the configuration from the leader
    proposeConfig(c, (config) =>
      voter ? ClusterConfig.toJointConsensus(config, [id], []) : ClusterConfig.of({ ...config, nonVoters: [...config.nonVoters, id] }),
    );
  } else if (c.members.filter((m) => m.voter).length > 2) {
    // As in raftbare: any id of the list, possibly the leader or a node removed before.
    const id = c.rng.pick(c.members.map((m) => m.id));
    proposeConfig(c, (config) =>
      config.nonVoters.includes(id)
        ? ClusterConfig.of({ ...config, nonVoters: config.nonVoters.filter((n) => n !== id) })
        : ClusterConfig.toJointConsensus(config, [], [id]),
    );
  }
}

describe('raftbare random scenarios', () => {
  it.each(SEEDS)('propose_commands (seed %i)', (seed) => {
    const c = createCluster(seed);
    const promises = proposeCommands(c, 100);
    expectAllAccepted(c, promises, { polls: 1000 });
    expectConverged(c, 1000);
    // Links are stable, so the first leader stays.
    expect(c.node(0).currentTerm()).toBe(1);
    expectSafe(c);
  });

  it.each(SEEDS)('unstable_network (seed %i)', (seed) => {
    const c = createCluster(seed, { timing: UNSTABLE, leaderWait: 100_000 });
    const promises = proposeCommands(c, 100, 100_000);
    expectAllAccepted(c, promises, { polls: 10_000, leaderWait: 100_000 });
    expectConverged(c, 100_000);
    expectSafe(c);
  });

  it.each(SEEDS)('node_restart (seed %i)', (seed) => {
    // raftbare stops node 0 after 800..5000 ticks, but a run lasts about 1000 ticks, so node 0
    // seldom stopped at all. Scaled down 4x, it stops and restarts in most runs.
    const setup = (c: TickCluster): void => {
      c.member(0).uptime = { running: [200, 1250], stopped: [200, 1250] };
    };
    const c = createCluster(seed, { setup });
    const promises = proposeCommands(c, 100, 10_000);
    // raftbare wants every promise accepted. A leader that crashes takes the entries it has not
    // replicated yet with it (Raft keeps committed entries only), so a promise may be rejected,
    // but only if the leader of its term crashed.
    promises.forEach((p, i) => {
      const state = poll(c, p, { polls: 1000, leaderWait: 10_000, untilDecided: true }).getState();
      const mayBeLost = c.crashedLeaderTerms.includes(p.logPosition().term);
      expect(state === 'Accepted' || (state === 'Rejected' && mayBeLost), `promise ${i} ${state} at ${JSON.stringify(p.logPosition())}`).toBe(true);
    });
    expectConverged(c, 50_000);
    expectSafe(c);
  });

  it.each(SEEDS)('pipelining (seed %i)', (seed) => {
    const c = createCluster(seed);
    const promises: CommitPromise[] = [];
    for (let i = 0; i < 100; i++) {
      const pipelineCommand = c.rng.chance(0.8);
      const doHeartbeat = c.rng.chance(0.5);
      c.runWhileLeaderAbsent(10_000);
      // Direct calls: the actions stay pending until the leader's next tick, so consecutive
      // proposals and heartbeats merge into one append and one broadcast.
      const leader = currentLeader(c);
      promises.push(leader.proposeCommand());
      if (doHeartbeat) expect(leader.heartbeat().isPending()).toBe(true);
      if (!pipelineCommand) c.run(c.rng.uniform([0, 5]));
    }
    expectAllAccepted(c, promises, { polls: 1000, leaderWait: 10_000 });
    expectConverged(c, 10_000);
    expectSafe(c);
  });

  it.each(SEEDS)('storage_repair_without_snapshot (seed %i)', (seed) => {
    const c = createCluster(seed);
    const promises = proposeWithStorageRepair(c);
    expectAllAccepted(c, promises, { polls: 1000 });
    expectConverged(c, 1_000_000);
    expectSafe(c);
  });

  it.each(SEEDS)('storage_repair_with_snapshot (seed %i)', (seed) => {
    const c = createCluster(seed);
    let snapshot = LogPosition.ZERO;
    const compactAll = (): void => {
      c.runUntil(c.now + 10_000, () => c.members.every((m) => (m.node?.commitIndex() ?? 0) > 0));
      for (const m of c.members) {
        const leads = m.node?.role() === 'Leader';
        const at = c.compact(m.id);
        expect(at, `n${m.id} compaction`).toBeDefined();
        if (leads && at !== undefined) snapshot = at;
      }
    };
    const promises = proposeWithStorageRepair(c, compactAll);
    promises.forEach((p, i) => {
      const state = poll(c, p, { polls: 1000, untilDecided: true }).getState();
      // raftbare reported every compacted position Rejected. The port still knows that a compacted
      // position of the snapshot's own term committed; only an older term's is Unknown.
      const compacted = p.logPosition().index < snapshot.index;
      const expected = compacted && p.logPosition().term < snapshot.term ? 'Unknown' : 'Accepted';
      expect(state, `promise ${i} at ${JSON.stringify(p.logPosition())}, snapshot ${JSON.stringify(snapshot)}`).toBe(expected);
    });
    expectConverged(c, 1_000_000);
    expectSafe(c);
  });

  it.each(SEEDS)('dynamic_membership (seed %i)', (seed) => {
    const c = createCluster(seed, { timing: UNSTABLE, leaderWait: 100_000 });
    const weakRounds: number[] = [];
    for (let round = 0; round < 10; round++) {
      c.runWhileLeaderAbsent(1_000_000);
      changeMembership(c, round);
      const promises = proposeCommands(c, 10, 1_000_000);
      const accepted = countAccepted(c, promises, { polls: 10_000, leaderWait: 1_000_000 });
      if (accepted <= 5) weakRounds.push(round);
    }
    // raftbare wants more than 5 of the 10 proposals accepted in every round, and fails on some
    // seeds itself. Under 30% loss and up to 1000 ticks per entry, a leader is sometimes deposed
    // before its round reaches anyone, and the whole round is lost: by a higher-term reply from a
    // voter that timed out, or from a removed voter that answers a stale AppendEntries with the
    // term its campaigns reached (Figure 2 makes any higher term depose a leader; Raft §6's
    // RequestVote filter does not cover replies). 5 of the first 100 seeds lose one or two
    // rounds that way; the others accept all 100 proposals. Allow two such rounds.
    expect(weakRounds.length, `rounds with at most 5 accepted: ${weakRounds.join(', ')}`).toBeLessThanOrEqual(2);
    expectSafe(c);
  });

  // Regression for a liveness bug this port of raftbare's test found (fix 10 in paper-rules): with
  // the paper's literal window for the §6 filter (the 100-tick minimum election timeout) this seed
  // never elected a leader again. In round 1 the
  // leader n2 removes itself: it commits C_old,new = {1,2}/{1}, appends C_new = {1} at index 28
  // and is deposed (term 79, tick 47807) before C_new reaches n1. n2 now holds the longest log
  // (70/28) but never campaigns, because Node.toCandidate refuses when the node is not a voter of
  // its latest, still uncommitted, configuration (and re-arms no timer). n1 (70/18, still joint)
  // needs n2's vote for the {1,2} majority, and n2 refuses it: n1's log is behind. Raft's rule is
  // that a follower whose election timeout elapses becomes a candidate; Ongaro's thesis (§4.2.2)
  // adds that a server not in its own latest configuration still starts elections, without
  // counting its own vote, until C_new is committed. Then n2 would win with n1's vote and finish
  // the change. Seeds 11 and 38 deadlocked the same way. Fixed in the core (thesis §4.2.2: a voter of
  // the committed configuration still campaigns while the latest one, leaving it out, is uncommitted).
  it('dynamic_membership with a 100-tick disruption window (seed 10): a leader always re-emerges', () => {
    const c = createCluster(10, { timing: { ...UNSTABLE, leaderQuietPeriod: 100 }, leaderWait: 100_000 });
    for (let round = 0; round < 10; round++) {
      expect(c.runWhileLeaderAbsent(1_000_000), `no leader for 1,000,000 ticks at tick ${c.now}`).toBe(true);
      changeMembership(c, round);
      const promises = proposeCommands(c, 10, 1_000_000);
      countAccepted(c, promises, { polls: 10_000, leaderWait: 1_000_000 });
    }
  });

  it.each(SEEDS)('truncate_divergence_log (seed %i)', (seed) => {
    const c = createCluster(seed);
    const promises = proposeCommands(c, 20);
    // The next 20 proposals are direct calls: their actions stay pending on the old leader, which
    // is then isolated (removed from the node list), so they never leave it.
    const oldLeader = currentLeader(c);
    for (let i = 0; i < 20; i++) promises.push(oldLeader.proposeCommand());
    const isolated = c.isolate(oldLeader.id());
    c.runWhileLeaderAbsent(1_000_000);
    const newLeader = currentLeader(c);
    for (let i = 0; i < 60; i++) promises.push(newLeader.proposeCommand());
    c.rejoin(isolated);
    const accepted = countAccepted(c, promises, { polls: 1000 });
    expect(accepted).toBeGreaterThanOrEqual(60);
    expect(accepted).toBeLessThanOrEqual(80);
    // raftbare allowed 1000 ticks (noraft v0.3: 10,000). The old leader first drops its 20
    // divergent entries, one per round trip (Raft §5.3 back-off), then receives a catch-up
    // AppendEntries of 60+ entries whose latency is 5..20 ticks per entry (300..1200 ticks).
    expectConverged(c, 10_000);
    expectSafe(c);
  });
});
