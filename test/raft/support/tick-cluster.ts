// A tick-based random test cluster, ported from raftbare 0.1.4's tests/random_scenario_test.rs
// (raftbare-spec.md §8.3). One global tick counter; every tick runs each node in list order, then
// puts the messages and snapshot requests produced during the tick on the links.
//
// Differences from raftbare's harness, all on the driver side:
// - Every call into a node is followed at once by the execution of all its actions in drain order,
//   and the SafetyChecker sees every event. Calls a test makes directly on a `Node` (pipelining,
//   truncate_divergence_log) leave their actions pending, as in raftbare: they pile up, merge, and
//   run at the start of that node's next tick.
// - Storage is a durable copy (support/storage.ts) that only executed actions change; a stopped
//   node resumes with `Node.restart` from it.
// - `leader()` skips stopped and isolated nodes (raftbare could return a stopped leader).
// - Disruptive RequestVotes are filtered by the driver (Raft §6, see `leaderQuietPeriod`), not by
//   the core's `votedFor` as in raftbare 0.1.4.
// - Randomness is a seeded xorshift32, so a seed replays a run exactly.
import { LogEntries, Node, type Action, type ClusterConfig, type CommitPromise, type LogPosition, type Message, type Role } from '../../../src/raft/index.js';
import type { NodeId } from '../../../src/raft/types.js';
import { SafetyChecker } from './checker.js';
import { applyAppend, applySnapshot, emptyStorage, logFromStorage, type Storage } from './storage.js';

/** An inclusive range of ticks (raftbare's `MinMax`). */
export type Range = readonly [min: number, max: number];

/** xorshift32. Seed 0 (a fixed point) becomes 0x9E3779B9; a few outputs are discarded so that small seeds mix. */
export class Rng {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0 === 0 ? 0x9e3779b9 : seed >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }

  /** The next unsigned 32-bit value. */
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }

  /** A uniform integer in `[min, max]`. */
  uniform([min, max]: Range): number {
    return min + Math.floor((this.next() / 2 ** 32) * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.uniform([0, items.length - 1])] as T;
  }
}

/** raftbare's `TestNodeOptions` and `TestLinkOptions` defaults. */
export interface Timing {
  /** Leader: the minimum (heartbeat period); candidate: uniform; follower: the maximum. */
  electionTimeout: Range;
  storageLatency: Range;
  installSnapshot: Range;
  dropRate: number;
  /** Per unit of message size: entries of an AppendEntriesCall (0 for a heartbeat), 1 otherwise. */
  latency: Range;
  /**
   * Raft §6: a leader, or a follower that heard from its leader less than this long ago, drops a
   * RequestVote for which `couldBeDisruptiveRequestVote` holds. The paper's window is "the minimum
   * election timeout", the least time a follower waits before campaigning: here followers always
   * wait the maximum (1000); the minimum (100) is the leader's heartbeat period, so a 100-tick
   * window lapses before every heartbeat and after every lost one, and removed voters then depose
   * healthy leaders (dynamic_membership failed on 6 of the first 10 seeds with it).
   */
  leaderQuietPeriod: number;
}

export const DEFAULT_TIMING: Timing = {
  electionTimeout: [100, 1000],
  storageLatency: [1, 10],
  installSnapshot: [1000, 10_000],
  dropRate: 0.01,
  latency: [5, 20],
  leaderQuietPeriod: 1000,
};

interface Envelope {
  readonly at: number;
  readonly seq: number;
  readonly message: Message;
}

interface SnapshotTransfer {
  readonly at: number;
  readonly position: LogPosition;
  readonly config: ClusterConfig;
}

/** A server's volatile driver state, lost when it stops or is wiped. */
interface Volatile {
  timerAt: number | undefined;
  busyUntil: number;
  /** The last tick at which an AppendEntriesCall from the known leader arrived. */
  heardFromLeaderAt: number;
  /** The commit index when the pending actions started to accumulate (for `checker.written`). */
  commitAtDrain: number;
}

const idle = (): Volatile => ({ timerAt: undefined, busyUntil: 0, heardFromLeaderAt: -Infinity, commitAtDrain: 0 });

/** One simulated server (raftbare's `TestNode`). */
export interface Member extends Volatile {
  readonly id: NodeId;
  /** The running node; `undefined` while stopped. */
  node: Node | undefined;
  store: Storage;
  /** False for a node added as a non-voter: it must stay a follower. */
  readonly voter: boolean;
  /** Alternate running and stopped phases of these lengths (node_restart). */
  uptime: { running: Range; stopped: Range } | undefined;
  stopAt: number | undefined;
  startAt: number;
  snapshot: SnapshotTransfer | undefined;
  /** Incoming messages sorted by (arrival tick, global seq). */
  inbox: Envelope[];
}

export class TickCluster {
  now = 0;
  readonly rng: Rng;
  readonly timing: Timing;
  readonly checker = new SafetyChecker();
  /** raftbare's node vector: tick order, and where `leader()` looks first. */
  readonly members: Member[] = [];
  /** The terms whose leader crashed while leading (node_restart). */
  readonly crashedLeaderTerms: number[] = [];
  private outbox: { to: NodeId; message: Message }[] = [];
  private snapshotOutbox: { to: NodeId; position: LogPosition; config: ClusterConfig }[] = [];
  private seq = 0;

  constructor(ids: readonly number[], seed: number, timing: Partial<Timing> = {}) {
    this.rng = new Rng(seed);
    this.timing = { ...DEFAULT_TIMING, ...timing };
    for (const id of ids) this.add(id);
  }

  // ---- Members -------------------------------------------------------------------------------

  /** Adds a fresh node (`Node.start`, empty storage) at the end of the node list. */
  add(id: number, voter = true): Member {
    const node = Node.start(id as NodeId);
    const member: Member = { id: node.id(), node, store: emptyStorage(), voter, uptime: undefined, stopAt: undefined, startAt: 0, snapshot: undefined, inbox: [], ...idle() };
    this.members.push(member);
    return member;
  }

  member(id: number): Member {
    const member = this.members.find((m) => m.id === id);
    if (member === undefined) throw new Error(`n${id} is not in the node list`);
    return member;
  }

  /** The running node `id`. */
  node(id: number): Node {
    const node = this.member(id).node;
    if (node === undefined) throw new Error(`n${id} is stopped`);
    return node;
  }

  /** The first running node in list order whose role is Leader (possibly a stale one). */
  leader(): Node | undefined {
    return this.members.find((m) => m.node?.role() === 'Leader')?.node;
  }

  /** Makes a random node create a cluster of every node in the list. */
  createCluster(): CommitPromise {
    const ids = this.members.map((m) => m.id);
    return this.call(this.rng.pick(ids), (node) => node.createCluster(ids));
  }

  /** One event: calls `fn` on node `id`, then executes every action it queued. */
  call<T>(id: number, fn: (node: Node) => T): T {
    const member = this.member(id);
    return this.event(member, this.node(id), fn);
  }

  /** Proposes a command to the current leader (an event); throws if there is none. */
  proposeCommand(): CommitPromise {
    const leader = this.leader();
    if (leader === undefined) throw new Error('No leader');
    return this.call(leader.id(), (node) => node.proposeCommand());
  }

  /** Compacts node `id` at its commit index; returns the snapshot position, or undefined if refused. */
  compact(id: number): LogPosition | undefined {
    return this.call(id, (node) => {
      const at = node.log().getPositionAndConfig(node.commitIndex());
      return at !== undefined && this.install(this.member(id), node, ...at) ? at[0] : undefined;
    });
  }

  /** `handleSnapshotInstalled`, recorded in storage when accepted (before the actions run). */
  private install(m: Member, node: Node, position: LogPosition, config: ClusterConfig): boolean {
    const installed = node.handleSnapshotInstalled(position, config);
    if (installed) applySnapshot(m.store, position, config);
    return installed;
  }

  /** Replaces node `id` by `Node.start` with empty storage (storage repair). */
  wipe(id: number): void {
    const member = this.member(id);
    member.node = Node.start(member.id);
    member.store = emptyStorage();
    Object.assign(member, idle());
    // A new incarnation: its commit index restarts from 0. It is first observed after an event,
    // when it has learned the current term.
    this.checker.restarted(member.node);
  }

  /** Removes node `id` from the list: it no longer ticks and messages to it vanish. */
  isolate(id: number): Member {
    const member = this.member(id);
    this.members.splice(this.members.indexOf(member), 1);
    return member;
  }

  /** Puts an isolated node back, at the end of the list. */
  rejoin(member: Member): void {
    this.members.push(member);
  }

  /** True if nodes `ids` all run and have the same commit index. */
  commitsEqual(ids: readonly number[]): boolean {
    const commits = ids.map((id) => this.member(id).node?.commitIndex());
    return commits.every((c) => c !== undefined && c === commits[0]);
  }

  // ---- Running -------------------------------------------------------------------------------

  /** Runs `ticks` ticks. */
  run(ticks: number): void {
    this.runUntil(this.now + ticks, () => false);
  }

  /** Ticks until `condition` holds (true) or the clock reaches `deadline` (false). */
  runUntil(deadline: number, condition: () => boolean): boolean {
    for (;;) {
      if (condition()) return true;
      if (this.now >= deadline) return false;
      this.tick();
    }
  }

  /** Ticks until there is a leader, for at most `ticks` ticks. */
  runWhileLeaderAbsent(ticks: number): boolean {
    return this.runUntil(this.now + ticks, () => this.leader() !== undefined);
  }

  tick(): void {
    this.now++;
    for (const member of [...this.members]) this.tickMember(member);
    this.flush();
  }

  private tickMember(m: Member): void {
    const node = this.running(m);
    if (node === undefined) return;
    if (!m.voter && node.role() !== 'Follower') throw new Error(`non-voter n${m.id} became ${node.role()} at tick ${this.now}`);
    if (!node.actions().isEmpty()) this.drain(m, node);
    if (m.busyUntil > this.now) return; // synchronous storage: nothing else until it finishes
    if (m.timerAt !== undefined && m.timerAt <= this.now) {
      m.timerAt = undefined;
      this.event(m, node, (n) => n.handleElectionTimeout());
    }
    const transfer = m.snapshot;
    if (transfer !== undefined && transfer.at <= this.now) {
      m.snapshot = undefined;
      this.event(m, node, (n) => this.install(m, n, transfer.position, transfer.config));
    }
    while (m.inbox.length > 0 && (m.inbox[0] as Envelope).at <= this.now) this.deliver(m, node, (m.inbox.shift() as Envelope).message);
  }

  /** Stops or resumes a node with an uptime schedule; returns the running node, if any. */
  private running(m: Member): Node | undefined {
    const uptime = m.uptime;
    if (uptime === undefined) return m.node;
    if (m.node === undefined) {
      if (m.startAt > this.now) return undefined;
      this.resume(m);
    }
    m.stopAt ??= this.now + this.rng.uniform(uptime.running);
    if (m.stopAt > this.now) return m.node;
    if (m.node?.role() === 'Leader') this.crashedLeaderTerms.push(m.node.currentTerm());
    Object.assign(m, idle(), { node: undefined, stopAt: undefined }); // a crash: only the storage survives
    m.startAt = this.now + this.rng.uniform(uptime.stopped);
    return undefined;
  }

  private resume(m: Member): void {
    m.inbox = m.inbox.filter((e) => e.at >= this.now);
    const store = m.store;
    const node = Node.restart(m.id, store.term, store.votedFor, logFromStorage(store));
    m.node = node;
    this.checker.restarted(node);
    m.commitAtDrain = node.commitIndex();
    this.drain(m, node);
  }

  private deliver(m: Member, node: Node, message: Message): void {
    if (node.couldBeDisruptiveRequestVote(message)) {
      const quiet = this.now - m.heardFromLeaderAt >= this.timing.leaderQuietPeriod;
      if (node.role() === 'Leader' || !quiet) return; // Raft §6: a live leader is not disrupted
    }
    this.event(m, node, (n) => n.handleMessage(message));
    if (message.kind === 'AppendEntriesCall' && node.leaderId() === message.from) m.heardFromLeaderAt = this.now;
  }

  // ---- Actions -------------------------------------------------------------------------------

  private event<T>(m: Member, node: Node, fn: (node: Node) => T): T {
    const result = fn(node);
    this.drain(m, node);
    return result;
  }

  /** Executes every pending action of `node` in drain order, then lets the checker look. */
  private drain(m: Member, node: Node): void {
    for (let a = node.actionsMut().take(); a !== undefined; a = node.actionsMut().take()) this.execute(m, node, a);
    m.commitAtDrain = node.commitIndex();
    this.checker.observe(node);
  }

  private execute(m: Member, node: Node, action: Action): void {
    switch (action.kind) {
      case 'SetElectionTimeout':
        m.timerAt = this.now + this.timeoutFor(node.role());
        return;
      case 'SaveCurrentTerm':
        m.store.term = node.currentTerm();
        return this.storageWork(m, 1);
      case 'SaveVotedFor':
        m.store.votedFor = node.votedFor();
        return this.storageWork(m, 1);
      case 'AppendLogEntries':
        this.checker.written(node, action.entries, m.commitAtDrain);
        applyAppend(m.store, action.entries);
        return this.storageWork(m, LogEntries.len(action.entries));
      case 'BroadcastMessage':
        for (const to of node.peers()) this.outbox.push({ to, message: action.message });
        return;
      case 'SendMessage':
        this.outbox.push({ to: action.to, message: action.message });
        return;
      case 'InstallSnapshot':
        this.snapshotOutbox.push({ to: action.to, position: node.log().snapshotPosition(), config: node.log().snapshotConfig() });
        return;
    }
  }

  private timeoutFor(role: Role): number {
    const range = this.timing.electionTimeout;
    if (role === 'Leader') return range[0];
    return role === 'Candidate' ? this.rng.uniform(range) : range[1];
  }

  /**
   * Writes are synchronous: the node is busy (handles nothing) until the write is done. A write
   * issued while one is in progress joins it (group commit). raftbare's harness had the same
   * effect by dropping a busy node's storage flags; charging every write instead makes a leader
   * that proposes every 1..10 ticks, at 1..10 ticks per entry, busy for ever.
   */
  private storageWork(m: Member, units: number): void {
    if (m.busyUntil > this.now) return;
    m.busyUntil = this.now + this.rng.uniform(this.timing.storageLatency) * units;
  }

  // ---- Links ---------------------------------------------------------------------------------

  /** Puts this tick's messages and snapshot requests on the links. */
  private flush(): void {
    const messages = this.outbox;
    const snapshots = this.snapshotOutbox;
    this.outbox = [];
    this.snapshotOutbox = [];
    for (const { to, message } of messages) this.send(to, message);
    for (const request of snapshots) {
      const dst = this.members.find((m) => m.id === request.to);
      if (dst === undefined || dst.snapshot !== undefined) continue; // one transfer at a time
      dst.snapshot = { at: this.now + this.rng.uniform(this.timing.installSnapshot), position: request.position, config: request.config };
    }
  }

  private send(to: NodeId, message: Message): void {
    if (this.rng.chance(this.timing.dropRate)) return;
    const at = this.now + this.rng.uniform(this.timing.latency) * messageSize(message);
    const dst = this.members.find((m) => m.id === to);
    if (dst === undefined) return; // not in the node list: isolated
    const envelope = { at, seq: this.seq++, message };
    let i = dst.inbox.length;
    while (i > 0 && (dst.inbox[i - 1] as Envelope).at > at) i--;
    dst.inbox.splice(i, 0, envelope);
  }
}

function messageSize(message: Message): number {
  return message.kind === 'AppendEntriesCall' ? LogEntries.len(message.entries) : 1;
}
