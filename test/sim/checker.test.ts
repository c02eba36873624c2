// The invariant checker against small hand-driven worlds of real core nodes: for each invariant,
// one situation where it must fire and the matching false-positive trap (docs/invariants.md §4)
// where it must stay silent.
import { describe, expect, it } from 'vitest';
import {
  ClusterConfig,
  Log,
  LogEntries,
  LogPosition,
  Node,
  NodeId,
  Term,
  type Action,
  type CoreMutation,
  type LogEntry,
  type Message,
} from '../../src/raft/index.js';
import type { LogIndex } from '../../src/raft/types.js';
import type { CheckerHost, InvariantId, Violation } from '../../src/sim/checker/host.js';
import { InvariantChecker } from '../../src/sim/checker/checker.js';
import { emptyDurable, logOf, writeEntries, writeSnapshot, type DurableState } from '../../src/sim/engine/storage.js';

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly message: Message;
}

type Overrides = { [K in keyof Node]?: Node[K] };

/** A node whose accessors in `o` lie: how a test shows the checker a state no correct node reaches. */
function withOverrides(node: Node, o: Overrides): Node {
  return new Proxy(node, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(o, prop)) return o[prop as keyof Overrides];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const id = (n: number): NodeId => NodeId(n);
const pos = (term: number, index: number): LogPosition => LogPosition.of(Term(term), index as LogIndex);
const voters = (...ids: number[]): ClusterConfig => ClusterConfig.of({ voters: ids.map(id) });

interface WorldOptions {
  readonly strictDurability?: boolean;
  readonly mutations?: readonly CoreMutation[];
}

/**
 * A deterministic mini-simulator: nodes, durable copies, a FIFO network, and the checker hooks
 * called exactly where the real simulator calls them.
 */
class TestWorld implements CheckerHost {
  readonly nodes = new Map<NodeId, Node>();
  readonly disks = new Map<NodeId, DurableState>();
  readonly commands = new Map<string, number>();
  readonly overrides = new Map<NodeId, Overrides>();
  readonly network: Envelope[] = [];
  readonly snapshots: { from: NodeId; to: NodeId }[] = [];
  readonly checker: InvariantChecker;
  /** Nodes whose AppendLogEntries never reach storage (a storage bug). */
  readonly dropWrites = new Set<NodeId>();
  /** Nodes that compact at their commit index after every call, inside the same event. */
  readonly autoCompact = new Set<NodeId>();
  /** Nodes with storage latency: writes and messages wait for `sync`. */
  readonly latency = new Set<NodeId>();
  private readonly unsynced = new Map<NodeId, (() => void)[]>();
  private groups: Map<NodeId, number> | undefined;
  private events = 0;
  private nextCommand = 1;
  private readonly mutations: readonly CoreMutation[];

  constructor(ids: readonly number[], options: WorldOptions = {}) {
    this.mutations = options.mutations ?? [];
    this.checker = new InvariantChecker(this, { strictDurability: options.strictDurability ?? true });
    for (const n of ids) {
      this.nodes.set(id(n), Node.start(id(n), { mutations: this.mutations }));
      this.disks.set(id(n), emptyDurable());
    }
  }

  // ---- CheckerHost -------------------------------------------------------------------------

  ids(): readonly NodeId[] {
    return [...this.disks.keys()].sort((a, b) => a - b);
  }
  node(n: NodeId): Node | undefined {
    const node = this.nodes.get(n);
    const o = this.overrides.get(n);
    return node !== undefined && o !== undefined ? withOverrides(node, o) : node;
  }
  durable(n: NodeId): DurableState {
    const d = this.disks.get(n);
    if (d === undefined) throw new Error(`no storage for n${n}`);
    return d;
  }
  commandAt(term: Term, index: LogIndex): number | undefined {
    return this.commands.get(`${term}/${index}`);
  }

  // ---- Events ------------------------------------------------------------------------------

  get violations(): readonly Violation[] {
    return this.checker.violations;
  }

  real(n: number): Node {
    const node = this.nodes.get(id(n));
    if (node === undefined) throw new Error(`n${n} is down`);
    return node;
  }

  /** One event: `call` into node n, then its actions, then the checks. */
  event<T>(n: number, call: (node: Node) => T): T {
    const node = this.real(n);
    this.checker.beginEvent(this.events++, id(n));
    const result = call(node);
    this.drain(node);
    this.maybeCompact(node);
    this.checker.endEvent();
    return result;
  }

  /** Calls the checker hooks directly, framed as one event on node n (0: on no node). */
  raw(n: number, body: (checker: InvariantChecker) => void): void {
    this.checker.beginEvent(this.events++, n === 0 ? undefined : id(n));
    body(this.checker);
    this.checker.endEvent();
  }

  private drain(node: Node): void {
    for (let a = node.actionsMut().take(); a !== undefined; a = node.actionsMut().take()) this.execute(node, a);
  }

  // Its own action switch, deliberately, rather than src/sim/driver.ts's: this mini-simulator calls
  // the checker's hooks by hand, injects storage bugs (dropWrites) and per-node latency, and lets a
  // test see each action as the real simulator never exposes it.
  private execute(node: Node, a: Action): void {
    const n = node.id();
    const disk = this.durable(n);
    switch (a.kind) {
      case 'SaveCurrentTerm': {
        const term = node.currentTerm();
        return this.write(n, () => (disk.term = term));
      }
      case 'SaveVotedFor': {
        const vote = node.votedFor();
        return this.write(n, () => {
          disk.votedFor = vote;
          this.checker.onVoteSaved(n);
        });
      }
      case 'AppendLogEntries':
        this.checker.onAppend(n, a.entries);
        if (!this.dropWrites.has(n)) this.write(n, () => writeEntries(disk, a.entries));
        return;
      case 'BroadcastMessage':
        for (const to of node.peers()) this.send(n, to, a.message);
        return;
      case 'SendMessage':
        return this.send(n, a.to, a.message);
      case 'InstallSnapshot':
        this.snapshots.push({ from: n, to: a.to });
        return;
      case 'SetElectionTimeout':
        return;
    }
  }

  private write(n: NodeId, effect: () => void): void {
    if (this.latency.has(n)) this.queueUnsynced(n, effect);
    else effect();
  }

  private queueUnsynced(n: NodeId, effect: () => void): void {
    const list = this.unsynced.get(n) ?? [];
    list.push(effect);
    this.unsynced.set(n, list);
  }

  /** As in the simulator, a message sent across a partition is lost at once. */
  private send(from: NodeId, to: NodeId, message: Message): void {
    const envelope = { from, to, message };
    if (this.blocked(envelope)) return;
    // Storage before send: with latency, messages leave at the sync.
    if ((this.unsynced.get(from)?.length ?? 0) > 0) this.queueUnsynced(from, () => this.network.push(envelope));
    else this.network.push(envelope);
  }

  /** The storage-latency sync of node n: an event of its own. */
  sync(n: number): void {
    this.checker.beginEvent(this.events++, id(n));
    const list = this.unsynced.get(id(n)) ?? [];
    this.unsynced.set(id(n), []);
    for (const effect of list) effect();
    this.checker.endEvent();
  }

  private maybeCompact(node: Node): void {
    if (!this.autoCompact.has(node.id()) || node.commitIndex() <= node.log().snapshotPosition().index) return;
    this.compactInside(node);
  }

  private compactInside(node: Node): void {
    const at = node.log().getPositionAndConfig(node.commitIndex());
    if (at === undefined || !node.handleSnapshotInstalled(...at)) return;
    this.drain(node);
    writeSnapshot(this.durable(node.id()), { position: at[0], config: at[1], kv: [] });
    this.checker.onSnapshotInstalled(node.id(), at[0], at[1], at[1]);
  }

  /** Local compaction at the commit index, as an event of its own. */
  compact(n: number): void {
    this.event(n, (node) => this.compactInside(node));
  }

  propose(n: number): LogPosition {
    return this.event(n, (node) => {
      const p = node.proposeCommand().logPosition();
      if (!LogPosition.isInvalid(p)) this.commands.set(`${p.term}/${p.index}`, this.nextCommand++);
      return p;
    });
  }

  timeout(n: number): void {
    this.event(n, (node) => node.handleElectionTimeout());
  }

  heartbeat(n: number): void {
    this.event(n, (node) => node.heartbeat());
  }

  crash(n: number): void {
    this.checker.beginEvent(this.events++, id(n));
    this.nodes.delete(id(n));
    this.unsynced.set(id(n), []);
    this.checker.onCrash(id(n));
    this.checker.endEvent();
  }

  restart(n: number): void {
    this.checker.beginEvent(this.events++, id(n));
    const d = this.durable(id(n));
    const node = Node.restart(id(n), d.term, d.votedFor, logOf(d, (c, e) => new Log(c, e)), { mutations: this.mutations });
    this.nodes.set(id(n), node);
    this.checker.onRestart(id(n));
    this.drain(node);
    this.checker.endEvent();
  }

  /** Network groups: messages cross no group boundary. */
  partition(...groups: number[][]): void {
    this.groups = new Map(groups.flatMap((g, i) => g.map((n) => [id(n), i] as const)));
  }

  isolate(n: number): void {
    const others = this.ids().filter((x) => x !== id(n));
    this.partition([n], others);
  }

  heal(): void {
    this.groups = undefined;
  }

  private blocked(e: { from: NodeId; to: NodeId }): boolean {
    return this.groups !== undefined && this.groups.get(e.from) !== this.groups.get(e.to);
  }

  /** Removes and returns the in-flight messages matching `pred`. */
  take(pred: (e: Envelope) => boolean): Envelope[] {
    const taken = this.network.filter(pred);
    const kept = this.network.filter((e) => !pred(e));
    this.network.length = 0;
    this.network.push(...kept);
    return taken;
  }

  deliver(e: Envelope, transform: (m: Message) => Message = (m) => m): void {
    if (this.blocked(e) || !this.nodes.has(e.to)) return;
    this.event(e.to, (node) => node.handleMessage(transform(e.message)));
  }

  /** Delivers (FIFO) until nothing matching `to` is in flight; snapshot transfers too. */
  deliverAll(options: { to?: number; transform?: (m: Message) => Message } = {}): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const i = this.network.findIndex((e) => options.to === undefined || e.to === id(options.to));
      if (i >= 0) this.deliver(this.network.splice(i, 1)[0] as Envelope, options.transform);
      else if (!this.deliverSnapshot()) return;
    }
    throw new Error('network did not quiesce');
  }

  private deliverSnapshot(): boolean {
    const request = this.snapshots.shift();
    if (request === undefined) return false;
    const node = this.nodes.get(request.to);
    if (node === undefined || this.blocked(request)) return true;
    const snapshot = this.durable(request.from).snapshot;
    this.checker.beginEvent(this.events++, request.to);
    const ok = node.handleSnapshotInstalled(snapshot.position, snapshot.config);
    this.drain(node);
    if (ok) {
      writeSnapshot(this.durable(request.to), snapshot);
      this.checker.onSnapshotInstalled(request.to, snapshot.position, snapshot.config, snapshot.config);
    }
    this.checker.endEvent();
    return true;
  }
}

/** n1 founds a cluster of `ids`, wins term 1, and every node learns the commit index. */
function cluster(ids: readonly number[], options: WorldOptions = {}): TestWorld {
  const w = new TestWorld(ids, options);
  w.event(ids[0] ?? 1, (node) => node.createCluster(ids.map(id)));
  w.deliverAll();
  w.heartbeat(ids[0] ?? 1);
  w.deliverAll();
  return w;
}

function of(w: TestWorld, invariant: InvariantId): Violation[] {
  return w.violations.filter((v) => v.invariant === invariant);
}

function messages(w: TestWorld): string[] {
  return w.violations.map((v) => v.message);
}

function expectClean(w: TestWorld): void {
  expect(messages(w)).toEqual([]);
}

/** At most `n` entries per AppendEntriesCall (raftbare lets drivers cut them short). */
const capEntries =
  (n: number) =>
  (m: Message): Message =>
    m.kind === 'AppendEntriesCall' ? { ...m, entries: LogEntries.truncate(m.entries, n) } : m;

describe('the test world', () => {
  it('builds a clean three-node cluster', () => {
    const w = cluster([1, 2, 3]);
    expect(w.real(1).role()).toBe('Leader');
    expect(w.real(2).commitIndex()).toBe(2);
    expectClean(w);
  });
});

describe('I1 Election Safety', () => {
  it('fires when two nodes lead the same term', () => {
    const w = new TestWorld([1, 2]);
    w.event(1, (node) => node.createCluster([id(1)]));
    w.event(2, (node) => node.createCluster([id(2)]));
    expect(of(w, 'I1').map((v) => v.message)).toEqual(['I1 Election Safety: n1 and n2 both lead term 1']);
    expect(of(w, 'I1')[0]?.nodes).toEqual([id(1), id(2)]);
  });

  it('allows two Leaders of different terms at the same time', () => {
    const w = cluster([1, 2, 3]);
    w.isolate(1);
    w.timeout(2);
    w.deliverAll();
    expect(w.real(1).role()).toBe('Leader');
    expect(w.real(2).role()).toBe('Leader');
    expect(w.real(2).currentTerm()).toBe(2);
    expectClean(w);
  });
});

describe('I2 Term monotonicity', () => {
  it('fires when a restarted node comes back with an older term', () => {
    const w = new TestWorld([1]);
    w.event(1, (node) => node.createCluster([id(1)]));
    w.crash(1);
    w.durable(id(1)).term = Term(0); // the term was never persisted
    w.restart(1);
    expect(of(w, 'I2').map((v) => v.message)).toEqual(['I2 Term monotonicity: n1 has term 0, below the term 1 it held before']);
  });

  it('with strict durability, fires when the durable term lags memory after an event', () => {
    const w = cluster([1, 2, 3]);
    const disk = w.durable(id(2));
    w.isolate(1);
    w.timeout(2);
    disk.term = Term(1); // as if SaveCurrentTerm had been lost
    w.heartbeat(2);
    expect(of(w, 'I2').map((v) => v.message)).toEqual([
      "I2 Term monotonicity (durable state): n2's durable state (term 1, vote n2) differs from its memory (term 2, vote n2) after the event",
    ]);
  });

  it('allows a restart with the same term, and (with storage latency) an unsynced term lost in a crash', () => {
    const w = cluster([1, 2, 3], { strictDurability: false });
    w.crash(2);
    w.restart(2);
    w.latency.add(id(3));
    w.isolate(1);
    w.timeout(3); // term 2 in memory only
    expect(w.real(3).currentTerm()).toBe(2);
    w.crash(3); // the write never synced: back to term 1
    w.restart(3);
    expect(w.real(3).currentTerm()).toBe(1);
    w.sync(3);
    expectClean(w);
  });
});

describe('I3 One vote per term', () => {
  /** n3 votes for n2 in term 2, then forgets it in a crash (its vote was never persisted). */
  function forgottenVote(): { w: TestWorld; request: Envelope } {
    const w = cluster([1, 2, 3]);
    w.isolate(1);
    w.timeout(2);
    const [request] = w.take((e) => e.from === id(2) && e.to === id(3));
    w.deliver(request as Envelope);
    expect(w.real(3).votedFor()).toBe(id(2));
    w.take((e) => e.from === id(3)); // the grant never arrives
    w.crash(3);
    w.durable(id(3)).votedFor = undefined;
    w.restart(3);
    return { w, request: request as Envelope };
  }

  it('fires on some(X), none, some(Y) in one term across a restart', () => {
    const { w } = forgottenVote();
    w.heal();
    w.crash(1);
    w.restart(1);
    w.timeout(1); // n1 campaigns in term 2 as well
    w.deliverAll({ to: 3 });
    expect(w.real(3).votedFor()).toBe(id(1));
    // Caught when the second vote reaches storage, before the reply leaves.
    expect(of(w, 'I3').map((v) => v.message)).toEqual(['I3 One vote per term: n3 voted for n2 and then n1 in term 2 (durable copy)']);
  });

  it('allows some → none → the same vote again', () => {
    const { w, request } = forgottenVote();
    expect(w.real(3).votedFor()).toBeUndefined();
    w.deliver(request); // the same candidate asks again
    expect(w.real(3).votedFor()).toBe(id(2));
    expectClean(w);
  });

  it('with storage latency, allows a vote that never synced to be cast again differently', () => {
    const w = cluster([1, 2, 3], { strictDurability: false });
    w.isolate(1);
    w.latency.add(id(3));
    w.timeout(2);
    w.deliverAll({ to: 3 }); // n3 votes n2 in memory; the grant waits for the sync
    w.crash(3);
    w.restart(3);
    w.latency.delete(id(3));
    w.heal();
    w.crash(1);
    w.restart(1);
    w.timeout(1);
    w.deliverAll({ to: 3 });
    expect(w.real(3).votedFor()).toBe(id(1));
    expect(w.real(3).currentTerm()).toBe(2);
    expectClean(w);
  });
});

describe('I4 Self-vote', () => {
  it('fires for a Candidate whose vote names another node', () => {
    const w = cluster([1, 2, 3]);
    w.overrides.set(id(2), { votedFor: () => id(3) });
    w.isolate(2);
    w.timeout(2);
    expect(of(w, 'I4').map((v) => v.message)).toEqual(['I4 Self-vote: n2 is Candidate in term 2 but its vote is n3']);
  });

  it('fires when a node that is not a voter of its config campaigns', () => {
    const w = cluster([1, 2, 3]);
    w.overrides.set(id(2), { config: () => voters(1, 3) });
    w.isolate(2);
    w.timeout(2);
    expect(of(w, 'I4').map((v) => v.message)).toEqual([
      'I4 Self-vote: n2 campaigned in term 2 though it is not a voter of its config {1,3}',
    ]);
  });

  it('allows a Leader that proposed its own removal to lead on until the final config commits (also I10, I11)', () => {
    const w = cluster([1, 2, 3]);
    w.event(1, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [], [id(1)])));
    w.deliverAll({ to: 2 });
    w.deliverAll({ to: 3 });
    w.deliverAll({ to: 1 }); // the joint config commits; n1 appends the final config at once
    expect(w.real(1).role()).toBe('Leader');
    expect(w.real(1).commitIndex()).toBe(3);
    expect(w.real(1).config().voters).toEqual([id(2), id(3)]);
    w.deliverAll(); // the final config commits: n1 steps down in that event
    expect(w.real(1).role()).toBe('Follower');
    expect(w.real(1).currentTerm()).toBe(1);
    w.timeout(2);
    w.deliverAll();
    expect(w.real(2).role()).toBe('Leader');
    expectClean(w);
  });
  it('allows a voter of the committed config to campaign while an uncommitted config leaves it out (thesis §4.2.2)', () => {
    const w = cluster([1, 2, 3]);
    w.event(1, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [], [id(1)])));
    w.deliverAll({ to: 2 });
    w.deliverAll({ to: 3 });
    w.deliverAll({ to: 1 }); // the joint config commits; n1 appends the final config at (t1, i4)
    w.take((e) => e.from === id(1)); // which nobody receives
    w.timeout(2);
    w.deliverAll({ to: 1 }); // n1 steps down to term 2 and refuses: its log is longer
    w.take(() => true);
    w.timeout(1);
    expect(w.real(1).role()).toBe('Candidate');
    expect(w.real(1).config()).toEqual(voters(2, 3));
    w.deliverAll();
    expect(w.real(2).config()).toEqual(voters(2, 3));
    expectClean(w);
  });
});

describe('I5 Leader Append-Only', () => {
  it('fires when a Leader’s log loses entries within its term', () => {
    const w = cluster([1, 2, 3]);
    w.isolate(1);
    w.propose(1); // last (t1, i3)
    const shorter = new Log(ClusterConfig.EMPTY, w.real(2).log().entries()); // ends at (t1, i2)
    w.overrides.set(id(1), { log: () => shorter });
    w.heartbeat(1);
    expect(of(w, 'I5').map((v) => v.message)).toEqual(['I5 Leader Append-Only: n1, still Leader of term 1, cut its log from (t1, i3) back to (t1, i2)']);
  });

  it('allows compaction, and a new incarnation that leads a later term', () => {
    const w = new TestWorld([1]);
    w.event(1, (node) => node.createCluster([id(1)]));
    w.propose(1);
    w.propose(1);
    w.compact(1);
    expect(w.real(1).log().snapshotPosition()).toEqual(pos(1, 4));
    w.propose(1);
    w.crash(1);
    w.restart(1);
    w.timeout(1);
    expect(w.real(1).role()).toBe('Leader');
    expect(w.real(1).currentTerm()).toBe(2);
    w.propose(1);
    expectClean(w);
  });
});

describe('I6 Log Matching', () => {
  const command: LogEntry = { kind: 'Command' };
  const config: LogEntry = { kind: 'ClusterConfig', config: voters(1, 2) };

  it('fires when two different entries are written at the same (index, term)', () => {
    const w = cluster([1, 2, 3]);
    w.raw(2, (c) => c.onAppend(id(2), LogEntries.fromEntries(pos(1, 2), [command])));
    w.raw(3, (c) => c.onAppend(id(3), LogEntries.fromEntries(pos(1, 2), [config])));
    expect(of(w, 'I6').map((v) => v.message)).toEqual([
      'I6 Log Matching: n3 wrote (t1, i3) as config {1,2} after term 1, but n2 wrote it as a command after term 1',
    ]);
    expect(of(w, 'I6')[0]?.nodes).toEqual([id(2), id(3)]);
  });

  it('fires when terms decrease along a write, or a write starts where storage holds nothing', () => {
    const w = cluster([1, 2, 3]);
    w.raw(3, (c) => c.onAppend(id(3), { prevPosition: pos(1, 2), lastPosition: pos(0, 3), terms: [[3 as LogIndex, Term(0)]], configs: [] }));
    w.raw(3, (c) => c.onAppend(id(3), LogEntries.fromEntries(pos(1, 7), [command])));
    w.raw(2, (c) => c.onAppend(id(2), LogEntries.fromEntries(pos(2, 2), [command])));
    expect(messages(w)).toEqual([
      'I6 Log Matching: n3 wrote (t0, i3) after an entry of term 1: terms decrease along its log',
      'I6 Log Matching (storage protocol): n3 asked storage to write after (t1, i7), which its durable log does not hold',
      'I6 Log Matching (storage protocol): n2 asked storage to write after (t2, i2), which its durable log does not hold',
    ]);
  });

  it('allows the same entries written again by another node', () => {
    const w = cluster([1, 2, 3]);
    w.isolate(3);
    w.propose(1);
    w.propose(1);
    w.deliverAll(); // n1 and n2 write (t1, i3) and (t1, i4)
    const entries = LogEntries.since(w.real(1).log().entries(), pos(1, 2)) as LogEntries;
    w.raw(3, (c) => c.onAppend(id(3), entries)); // the same entries, after n3's commit index
    expectClean(w);
  });

  it('allows a write whose prefix storage clips below its snapshot', () => {
    const w = cluster([1, 2, 3]);
    w.propose(1);
    w.propose(1);
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    w.compact(2); // n2 stores a snapshot at (t1, i4)
    w.raw(0, (c) => c.onAppend(id(2), LogEntries.since(w.real(1).log().entries(), pos(1, 3)) as LogEntries));
    expect(of(w, 'I6')).toEqual([]);
  });
});

describe('I7 commitIndex bounds', () => {
  it('fires when the commit index falls within one incarnation', () => {
    const w = cluster([1, 2, 3]);
    w.overrides.set(id(2), { commitIndex: () => 1 as LogIndex });
    w.event(2, () => undefined);
    expect(of(w, 'I7').map((v) => v.message)).toEqual(["I7 commitIndex bounds: n2's commit index fell from 2 to 1 within one incarnation"]);
  });

  it('fires once for a commit index beyond the log, however long it persists', () => {
    const w = cluster([1, 2, 3]);
    w.event(2, () => w.overrides.set(id(2), { commitIndex: () => 3 as LogIndex }));
    const first = w.violations.length;
    w.event(2, () => undefined);
    w.heartbeat(1);
    w.deliverAll();
    expect(of(w, 'I7').map((v) => v.message)).toEqual(['I7 commitIndex bounds: n2 has commit index 3 beyond its last index 2']);
    expect(w.violations.length).toBe(first);
  });

  it('allows the commit index to fall on restart, and re-commits compared with the history', () => {
    const w = cluster([1, 2, 3]);
    w.propose(1);
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    w.crash(2);
    w.restart(2);
    expect(w.real(2).commitIndex()).toBe(0);
    w.heartbeat(1);
    w.deliverAll();
    expect(w.real(2).commitIndex()).toBe(3);
    expectClean(w);
  });
});

describe('I8 State Machine Safety and I9(a) Leader Completeness', () => {
  /**
   * The index-only vote rule (upstream raftbare): a stale term-1 tail wins term 3 on index alone
   * and overwrites what n2 committed in term 2 (docs/invariants.md §5).
   */
  function staleTailWins(mutations: readonly CoreMutation[]): TestWorld {
    const w = cluster([1, 2, 3], { mutations });
    w.isolate(1);
    w.propose(1);
    w.propose(1);
    w.propose(1); // n1: (t1, i5), unreplicated
    w.timeout(2);
    w.deliverAll(); // n2 leads term 2 with n3 and commits its no-op at (t2, i3)
    w.propose(2);
    w.deliverAll();
    w.heartbeat(2);
    w.deliverAll(); // (t2, i4) committed everywhere but on n1
    w.partition([1, 3], [2]);
    w.heartbeat(1);
    w.deliverAll(); // n3's reply carries term 2: n1 steps down
    w.timeout(1);
    w.deliverAll();
    return w;
  }

  it('I9(a) fires when a new Leader lacks a committed entry', () => {
    const w = staleTailWins(['indexOnlyVoteRule']);
    expect(w.real(1).role()).toBe('Leader');
    expect(w.real(1).currentTerm()).toBe(3);
    expect(of(w, 'I9').map((v) => v.message)).toEqual([
      'I9 Leader Completeness: n1 became Leader of term 3 without the entry (t2, i4) that n2 committed: it holds term 1 there',
    ]);
  });

  it('I8 fires when an index is committed with two terms, and when a node rewrites its committed prefix', () => {
    const w = staleTailWins(['indexOnlyVoteRule']);
    const i8 = of(w, 'I8').map((v) => v.message);
    expect(i8).toContain("I8 State Machine Safety: n3 wrote after (t2, i3), replacing entries at or below its commit index 4");
    expect(i8).toContain('I8 State Machine Safety: n1 committed command #1 at (t1, i3), but n2 committed Term(2) at (t2, i3)');
    const conflict = of(w, 'I8').find((v) => v.message.includes('n1 committed'));
    expect(conflict?.positions).toEqual([pos(1, 3), pos(2, 3)]);
    expect(conflict?.nodes).toEqual([id(1), id(2)]);
  });

  it('allows writes at indices committed only elsewhere (a stale leader and its minority)', () => {
    const w = cluster([1, 2, 3, 4, 5]);
    w.partition([1, 2], [3, 4, 5]);
    w.timeout(3);
    w.deliverAll();
    w.propose(3);
    w.deliverAll();
    w.heartbeat(3);
    w.deliverAll(); // (t2, i3) and (t2, i4) committed by the majority
    w.propose(1);
    w.propose(1);
    w.deliverAll(); // n1 and n2 append term-1 entries at i3, i4: never committed
    expect(w.real(2).log().lastPosition()).toEqual(pos(1, 4));
    w.heal();
    w.heartbeat(3);
    w.deliverAll();
    w.heartbeat(3);
    w.deliverAll();
    expect(w.real(1).role()).toBe('Follower');
    expect(w.real(2).log().getTerm(4)).toBe(2);
    expect(w.real(2).commitIndex()).toBe(4);
    expectClean(w);
  });

  it('the correct vote rule refuses the stale tail: nothing fires', () => {
    const w = staleTailWins([]);
    expect(w.real(1).role()).not.toBe('Leader');
    expectClean(w);
  });
});

describe('I9(b) commit rule and I10 durable quorum', () => {
  /**
   * Figure 8: n1 wins term 2 with an unreplicated term-1 entry at i3; AppendEntries carry one
   * entry each, so the old entry reaches n2 without the new leader's no-op.
   */
  function figure8(mutations: readonly CoreMutation[]): TestWorld {
    const w = cluster([1, 2, 3], { mutations });
    w.isolate(1);
    w.propose(1); // (t1, i3) on n1 only
    w.crash(1);
    w.restart(1);
    w.partition([1, 2], [3]);
    w.timeout(1);
    w.deliverAll({ transform: capEntries(1) });
    return w;
  }

  it('I9(b) fires when a leader commits an older-term entry by counting; I10 counts its real term', () => {
    const w = figure8(['commitOldTermByCounting']);
    // The restarted leader's commit starts at 0: it counts its way to (t1, i2), then to (t1, i3).
    expect(of(w, 'I9').map((v) => v.message)).toEqual([
      'I9 Leader commit rule: n1, Leader of term 2, advanced its commit to (t1, i2), an entry of an earlier term',
      'I9 Leader commit rule: n1, Leader of term 2, advanced its commit to (t1, i3), an entry of an earlier term',
    ]);
    expect(of(w, 'I9')[0]?.title).toBe('Leader commit rule');
    expect(of(w, 'I10')).toEqual([]);
  });

  it('without the mutation the old entry commits with the no-op: nothing fires', () => {
    const w = figure8([]);
    expect(w.real(1).commitIndex()).toBe(4);
    expectClean(w);
  });

  it('I10 fires when a commit is durable on a minority only', () => {
    const w = cluster([1, 2, 3]);
    w.dropWrites.add(id(2));
    w.partition([1, 2], [3]);
    w.propose(1);
    w.deliverAll();
    expect(w.real(1).commitIndex()).toBe(3);
    expect(of(w, 'I10').map((v) => v.message)).toEqual([
      'I10 Commit implies a durable quorum: n1 committed (t1, i3), but only {n1} of {n1, n2, n3} (config {1,2,3}) hold it durably; 2 needed',
    ]);
  });

  it('I10 counts a crashed voter through its durable copy', () => {
    const w = cluster([1, 2, 3]);
    w.partition([1, 2], [3]);
    w.propose(1);
    w.deliverAll({ to: 2 });
    w.crash(2); // its acknowledgement is already on the wire
    w.deliverAll();
    expect(w.real(1).commitIndex()).toBe(3);
    expectClean(w);
  });
  it('I10 counts a commit that the final config carried in the event that finalised the joint config', () => {
    const w = cluster([1, 2, 3]);
    for (const n of [4, 5]) {
      w.nodes.set(id(n), Node.start(id(n)));
      w.disks.set(id(n), emptyDurable());
    }
    w.partition([1, 2, 4, 5], [3]);
    w.event(1, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [id(4), id(5)], [id(2), id(3)])));
    w.deliverAll({ to: 2 });
    w.deliverAll({ to: 1 }); // n2 holds the joint config at (t1, i3): the old voters' majority
    w.partition([1, 4, 5], [2], [3]);
    w.propose(1);
    w.propose(1);
    w.propose(1);
    w.deliverAll();
    // In one event the joint config committed (old and new majorities) and, once the final
    // config was appended, (t1, i6) committed on {n1, n4} alone: only n1 of the old voters has it.
    expect(w.real(1).config()).toEqual(voters(1, 4, 5));
    expect(w.real(1).commitIndex()).toBeGreaterThanOrEqual(6);
    expectClean(w);
  });
});

describe('I11 Config sanity', () => {
  const joint = (newVoters: number[]): LogEntry => ({
    kind: 'ClusterConfig',
    config: ClusterConfig.of({ voters: [1, 2, 3].map(id), newVoters: newVoters.map(id) }),
  });

  it('fires on a second joint config while one is unfinished', () => {
    const w = cluster([1, 2, 3]);
    w.raw(2, (c) => c.onAppend(id(2), LogEntries.fromEntries(pos(1, 2), [joint([1, 2]), joint([2, 3])])));
    expect(of(w, 'I11').map((v) => v.message)).toEqual([
      'I11 Config sanity: n2 wrote a second joint config {1,2,3} → {2,3} (joint) at (t1, i4) while {1,2,3} → {1,2} (joint) was not finalised',
    ]);
  });

  it('fires on a wrong final config, a joint config changing the old voters, and overlapping non-voters', () => {
    const w = cluster([1, 2, 3]);
    const wrongFinal: LogEntry = { kind: 'ClusterConfig', config: voters(1, 2, 3) };
    const wrongJoint: LogEntry = { kind: 'ClusterConfig', config: ClusterConfig.of({ voters: [1, 2].map(id), newVoters: [1].map(id) }) };
    const overlap: LogEntry = { kind: 'ClusterConfig', config: ClusterConfig.of({ voters: [1, 2, 3].map(id), nonVoters: [3].map(id) }) };
    w.raw(2, (c) => c.onAppend(id(2), LogEntries.fromEntries(pos(1, 2), [joint([1, 2]), wrongFinal])));
    w.raw(3, (c) => c.onAppend(id(3), LogEntries.fromEntries(pos(1, 2), [wrongJoint])));
    w.raw(3, (c) => c.onAppend(id(3), LogEntries.fromEntries(pos(1, 2), [overlap])));
    expect(of(w, 'I11').map((v) => v.message)).toEqual([
      'I11 Config sanity: n2 wrote {1,2,3} at (t1, i4) after the joint config {1,2,3} → {1,2} (joint): not its final config',
      'I11 Config sanity: n3 wrote the joint config {1,2} → {1} (joint) at (t1, i3), whose voters differ from those of {1,2,3} in force before it',
      'I11 Config sanity: n3 holds config {1,2,3} + non-voters {3} at (t1, i3), whose non-voters overlap its voters',
    ]);
  });

  it('fires when a Leader stays Leader after committing a config that excludes it', () => {
    const w = cluster([1, 2, 3]);
    w.event(1, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [], [id(1)])));
    w.deliverAll();
    expect(w.real(1).role()).toBe('Follower');
    w.overrides.set(id(1), { role: () => 'Leader' });
    w.event(1, () => undefined);
    expect(of(w, 'I11').map((v) => v.message)).toEqual([
      'I11 Config sanity: n1 is still Leader of term 1 after committing {2,3} at (t1, i4), which excludes it',
    ]);
  });

  it('allows adding a voter through a joint config', () => {
    const w = cluster([1, 2, 3, 4].slice(0, 3));
    w.nodes.set(id(4), Node.start(id(4)));
    w.disks.set(id(4), emptyDurable());
    w.event(1, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [id(4)], [])));
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    expect(w.real(4).config()).toEqual(voters(1, 2, 3, 4));
    expect(w.real(4).commitIndex()).toBe(4);
    expectClean(w);
  });
});

describe('I12 Snapshot sanity', () => {
  it('fires on a snapshot beyond every committed index', () => {
    const w = cluster([1, 2, 3]);
    w.event(2, (node) => {
      expect(node.handleSnapshotInstalled(pos(1, 9), voters(1, 2, 3))).toBe(true);
      w.checker.onSnapshotInstalled(id(2), pos(1, 9), voters(1, 2, 3), voters(1, 2, 3));
    });
    expect(of(w, 'I12').map((v) => v.message)).toEqual(['I12 Snapshot sanity: n2 installed a snapshot at (t1, i9), beyond the highest committed index 2']);
  });

  it('fires on a snapshot whose config is not the producer’s, or whose term contradicts a commit', () => {
    const w = cluster([1, 2, 3]);
    w.raw(3, (c) => c.onSnapshotInstalled(id(3), pos(1, 2), voters(1, 2), voters(1, 2, 3)));
    w.raw(3, (c) => c.onSnapshotInstalled(id(3), pos(0, 2), voters(1, 2, 3), voters(1, 2, 3)));
    expect(of(w, 'I12').map((v) => v.message)).toEqual([
      'I12 Snapshot sanity: n3 installed a snapshot at (t1, i2) with config {1,2}, but the config in force there is {1,2,3}',
      'I12 Snapshot sanity: n3 installed a snapshot at (t0, i2), but n1 committed (t1, i2)',
    ]);
  });

  it('allows a snapshot transfer that raises a lagging follower’s commit index', () => {
    const w = cluster([1, 2, 3]);
    w.isolate(3);
    w.propose(1);
    w.propose(1);
    w.propose(1);
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    w.compact(1);
    w.heal();
    w.heartbeat(1);
    w.deliverAll();
    expect(w.real(3).log().snapshotPosition()).toEqual(pos(1, 5));
    expect(w.real(3).commitIndex()).toBe(5);
    w.propose(1);
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    expect(w.real(3).commitIndex()).toBe(6);
    expectClean(w);
  });

  it('allows compaction in the same event that raised the commit index', () => {
    const w = cluster([1, 2, 3]);
    for (const n of [1, 2, 3]) w.autoCompact.add(id(n));
    for (let i = 0; i < 4; i++) {
      w.propose(1);
      w.deliverAll();
    }
    w.heartbeat(1);
    w.deliverAll();
    expect(w.real(2).log().snapshotPosition()).toEqual(pos(1, 6));
    w.isolate(1);
    w.timeout(2);
    w.deliverAll();
    expect(w.real(2).role()).toBe('Leader');
    expectClean(w);
  });
});

describe('I13 raftbare-specific', () => {
  it('fires when a committed position is reported InProgress again within one incarnation', () => {
    const w = cluster([1, 2, 3]);
    w.propose(1);
    w.deliverAll();
    w.overrides.set(id(1), { getCommitStatus: () => 'InProgress' });
    w.propose(1); // statuses are polled when the log or the commit index moved
    expect(of(w, 'I13').map((v) => v.message)).toContain('I13 raftbare commit statuses: n1 reported (t1, i3) as Committed and then as InProgress within one incarnation');
  });

  it('fires when a new Leader’s last entry is not its Term no-op', () => {
    const w = cluster([1, 2, 3]);
    const stale = new Log(ClusterConfig.EMPTY, LogEntries.fromEntries(LogPosition.ZERO, [{ kind: 'ClusterConfig', config: voters(2) }]));
    w.event(2, () => w.overrides.set(id(2), { log: () => stale, role: () => 'Leader', currentTerm: () => Term(5), votedFor: () => id(2) }));
    expect(of(w, 'I13').map((v) => v.message)).toEqual([
      'I13 raftbare no-op: n2 became Leader of term 5 without appending Term(5) as its last entry (last (t0, i1))',
    ]);
  });

  it('allows InProgress again after a restart, and compaction', () => {
    const w = cluster([1, 2, 3]);
    w.propose(1);
    w.deliverAll();
    w.heartbeat(1);
    w.deliverAll();
    w.crash(2);
    w.restart(2);
    expect(w.real(2).getCommitStatus(pos(1, 3))).toBe('InProgress');
    w.heartbeat(1);
    w.deliverAll();
    w.compact(1);
    w.compact(2);
    expect(w.real(2).getCommitStatus(pos(1, 3))).toBe('Committed');
    expectClean(w);
  });
});

describe('reporting', () => {
  it('attributes violations to their event, with sorted nodes, positions and a titled message', () => {
    const w = new TestWorld([1, 2]);
    w.event(1, (node) => node.createCluster([id(1)]));
    w.event(2, (node) => node.createCluster([id(2)]));
    expect(w.violations.length).toBeGreaterThan(0);
    for (const v of w.violations) {
      expect(v.eventIndex).toBe(1);
      expect(v.message.startsWith(`${v.invariant} ${v.title}: `)).toBe(true);
      expect([...v.nodes].sort((a, b) => a - b)).toEqual(v.nodes);
    }
    // The two founders wrote different configs at (t0, i1) and committed them.
    expect(of(w, 'I6')[0]?.positions).toEqual([pos(0, 1)]);
    expect(of(w, 'I8')[0]?.message).toBe('I8 State Machine Safety: n2 committed config {2} at (t0, i1), but n1 committed config {1} at (t0, i1)');
  });

  it('never throws, even for hooks on nodes it has not seen or outside an event', () => {
    const w = cluster([1, 2, 3]);
    w.disks.set(id(7), emptyDurable());
    expect(() => {
      w.checker.onVoteSaved(id(7));
      w.checker.onAppend(id(7), LogEntries.fromEntries(pos(0, 3), [{ kind: 'Command' }]));
      w.checker.onCrash(id(7));
      w.checker.endEvent();
    }).not.toThrow();
    expect(of(w, 'I6').map((v) => v.message)).toEqual([
      'I6 Log Matching (storage protocol): n7 asked storage to write after (t0, i3), which its durable log does not hold',
    ]);
  });
});
