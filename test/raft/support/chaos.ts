// A test-only randomized driver: a discrete-event cluster with loss, duplication, reordering,
// crashes and restarts from durable state, partitions, snapshots (local compaction and transfer),
// truncated AppendEntries and joint membership changes. Every run is fully determined by its seed.
// After a fault phase it heals everything and checks that the cluster recovers.
import { ClusterConfig, LogEntries, Node, type Action, type LogPosition, type Message } from '../../../src/raft/index.js';
import type { NodeId } from '../../../src/raft/types.js';
import { Prng } from '../../../src/sim/engine/prng.js';
import { SafetyChecker } from './checker.js';
import { applySnapshot, emptyStorage, logFromStorage, persistAction, type Storage } from './storage.js';

export interface ChaosOptions {
  readonly seed: number;
  readonly nodes: number;
  /** Simulated milliseconds of faults before the heal phase. */
  readonly faultMs: number;
  readonly membership: boolean;
}

type Event =
  | { kind: 'deliver'; to: NodeId; message: Message }
  | { kind: 'timeout'; node: NodeId; token: number }
  | { kind: 'snapshot'; to: NodeId; position: LogPosition; config: ClusterConfig }
  | { kind: 'chaos' }
  | { kind: 'propose' };

interface Scheduled {
  readonly time: number;
  readonly seq: number;
  readonly event: Event;
}

export interface ChaosResult {
  readonly checker: SafetyChecker;
  readonly events: number;
  /** Milliseconds from the heal to the first leader, or undefined if none came within 5 s. */
  readonly leaderAfterHealMs: number | undefined;
  /** Milliseconds from the heal to the first commit of a post-heal proposal (limit 10 s). */
  readonly commitAfterHealMs: number | undefined;
  readonly trace: readonly string[];
}

const HEARTBEAT_MS = 50;
const ELECTION_MIN_MS = 150;
const ELECTION_MAX_MS = 300;

export class ChaosRun {
  private readonly prng: Prng;
  private readonly queue: Scheduled[] = [];
  private now = 0;
  private seq = 0;
  private events = 0;
  private readonly nodes = new Map<NodeId, Node>();
  private readonly storage = new Map<NodeId, Storage>();
  private readonly tokens = new Map<NodeId, number>();
  private readonly leaderContact = new Map<NodeId, number>();
  private readonly blocked = new Set<string>();
  private readonly checker = new SafetyChecker();
  private readonly trace: string[] = [];
  private nextId: number;
  private loss = 0;
  private duplicate = 0;
  private maxDelay = 20;
  private appendCap = Infinity;
  private healed = false;
  private readonly proposals: { position: LogPosition; at: number; leader: NodeId }[] = [];

  constructor(private readonly options: ChaosOptions) {
    this.prng = new Prng(options.seed);
    this.nextId = options.nodes;
  }

  run(): ChaosResult {
    const ids = Array.from({ length: this.options.nodes }, (_, i) => i as NodeId);
    for (const id of ids) this.addNode(id);
    this.step(0 as NodeId, (n) => n.createCluster(ids));
    this.schedule(this.prng.int(50, 200), { kind: 'chaos' });
    this.schedule(this.prng.int(20, 80), { kind: 'propose' });
    this.runUntil(this.options.faultMs);
    return this.healAndWatch();
  }

  private healAndWatch(): ChaosResult {
    this.healed = true;
    this.loss = 0;
    this.duplicate = 0;
    this.maxDelay = 20;
    this.appendCap = Infinity;
    this.blocked.clear();
    for (const id of this.storage.keys()) if (!this.nodes.has(id)) this.restart(id);
    const healAt = this.now;
    let leaderAt: number | undefined;
    let commitAt: number | undefined;
    while (this.now < healAt + 10_000 && commitAt === undefined && this.checker.violations.length === 0) {
      this.runUntil(this.now + 10);
      if (leaderAt === undefined && this.leader() !== undefined) leaderAt = this.now;
      commitAt = this.firstPostHealCommit(healAt);
    }
    const leaderAfterHealMs = leaderAt !== undefined && leaderAt - healAt <= 5_000 ? leaderAt - healAt : undefined;
    const commitAfterHealMs = commitAt === undefined ? undefined : commitAt - healAt;
    return { checker: this.checker, events: this.events, leaderAfterHealMs, commitAfterHealMs, trace: this.trace.slice(-40) };
  }

  private firstPostHealCommit(healAt: number): number | undefined {
    for (const p of this.proposals) {
      const node = this.nodes.get(p.leader);
      if (p.at >= healAt && node !== undefined && node.getCommitStatus(p.position) === 'Committed') return this.now;
    }
    return undefined;
  }

  private runUntil(time: number): void {
    while (this.queue.length > 0 && (this.queue[0] as Scheduled).time <= time && this.checker.violations.length === 0) {
      const next = this.pop();
      this.now = next.time;
      this.events++;
      this.handle(next.event);
    }
    this.now = Math.max(this.now, time);
  }

  private handle(event: Event): void {
    switch (event.kind) {
      case 'deliver':
        return this.deliver(event.to, event.message);
      case 'timeout':
        if (this.tokens.get(event.node) === event.token && this.nodes.has(event.node)) {
          this.log(`timeout n${event.node}`);
          this.step(event.node, (n) => n.handleElectionTimeout());
        }
        return;
      case 'snapshot':
        return this.installSnapshot(event.to, event.position, event.config);
      case 'chaos':
        if (!this.healed) this.chaos();
        if (!this.healed) this.schedule(this.prng.int(50, 400), { kind: 'chaos' });
        return;
      case 'propose':
        this.propose();
        this.schedule(this.prng.int(20, 80), { kind: 'propose' });
        return;
    }
  }

  private deliver(to: NodeId, message: Message): void {
    const node = this.nodes.get(to);
    if (node === undefined || this.blocked.has(`${message.from}>${to}`)) return;
    // Raft §6, applied by the driver: ignore a vote request while the leader is heard from.
    const quiet = this.now - (this.leaderContact.get(to) ?? -Infinity) < ELECTION_MIN_MS;
    if (node.couldBeDisruptiveRequestVote(message) && (node.role() === 'Leader' || quiet)) return;
    this.log(`deliver ${message.kind} t${message.term} n${message.from}->n${to}`);
    this.step(to, (n) => n.handleMessage(message));
    if (message.kind === 'AppendEntriesCall' && node.leaderId() === message.from) this.leaderContact.set(to, this.now);
  }

  private installSnapshot(to: NodeId, position: LogPosition, config: ClusterConfig): void {
    if (!this.nodes.has(to)) return;
    this.log(`snapshot (t${position.term},i${position.index}) -> n${to}`);
    const ok = this.step(to, (n) => n.handleSnapshotInstalled(position, config));
    if (ok) applySnapshot(this.storage.get(to) as Storage, position, config);
  }

  /** One event on one node: the call, then its actions in drain order, then the safety check. */
  private step<T>(id: NodeId, call: (node: Node) => T): T {
    const node = this.nodes.get(id) as Node;
    const commitBefore = node.commitIndex();
    const result = call(node);
    for (let a = node.actionsMut().take(); a !== undefined; a = node.actionsMut().take()) this.execute(node, a, commitBefore);
    this.checker.observe(node);
    return result;
  }

  private execute(node: Node, action: Action, commitBefore: number): void {
    if (persistAction(this.storage.get(node.id()) as Storage, node, action, this.checker, commitBefore)) return;
    switch (action.kind) {
      case 'SetElectionTimeout':
        return this.armTimer(node);
      case 'BroadcastMessage':
        for (const to of node.peers()) this.send(to, action.message);
        return;
      case 'SendMessage':
        return this.send(action.to, action.message);
      case 'InstallSnapshot': {
        const log = node.log();
        const event: Event = { kind: 'snapshot', to: action.to, position: log.snapshotPosition(), config: log.snapshotConfig() };
        return this.schedule(this.prng.int(30, 120), event);
      }
      default:
        return;
    }
  }

  private armTimer(node: Node): void {
    const token = (this.tokens.get(node.id()) ?? 0) + 1;
    this.tokens.set(node.id(), token);
    const delay = node.role() === 'Leader' ? HEARTBEAT_MS : this.prng.int(ELECTION_MIN_MS, ELECTION_MAX_MS);
    this.schedule(delay, { kind: 'timeout', node: node.id(), token });
  }

  private send(to: NodeId, original: Message): void {
    if (this.blocked.has(`${original.from}>${to}`) || this.prng.chance(this.loss)) return;
    const message = this.capped(original);
    this.schedule(this.prng.int(1, this.maxDelay), { kind: 'deliver', to, message });
    if (this.prng.chance(this.duplicate)) this.schedule(this.prng.int(1, this.maxDelay * 3), { kind: 'deliver', to, message });
  }

  /** Drivers may cut AppendEntries short (raftbare documents it); followers must cope. */
  private capped(message: Message): Message {
    if (message.kind !== 'AppendEntriesCall' || LogEntries.len(message.entries) <= this.appendCap) return message;
    return { ...message, entries: LogEntries.truncate(message.entries, this.appendCap) };
  }

  private propose(): void {
    const leader = this.leader();
    if (leader === undefined) return;
    const promise = this.step(leader.id(), (n) => n.proposeCommand());
    this.proposals.push({ position: promise.logPosition(), at: this.now, leader: leader.id() });
    if (this.proposals.length > 200) this.proposals.shift();
  }

  private chaos(): void {
    const roll = this.prng.int(0, 11);
    const ids = [...this.storage.keys()];
    const up = ids.filter((id) => this.nodes.has(id));
    const down = ids.filter((id) => !this.nodes.has(id));
    if (roll <= 1 && up.length > 0) this.crash(this.prng.pick(up));
    else if (roll <= 3 && down.length > 0) this.restart(this.prng.pick(down));
    else if (roll === 4) this.partition(ids);
    else if (roll === 5) this.blocked.clear();
    else if (roll === 6) this.setNetwork();
    else if (roll === 7 && up.length > 0) this.compact(this.prng.pick(up));
    else if (roll === 8) this.appendCap = this.prng.pick([1, 2, 3, Infinity]);
    else if (roll >= 9 && this.options.membership) this.changeMembership();
  }

  private setNetwork(): void {
    this.loss = this.prng.pick([0, 0.05, 0.1, 0.3]);
    this.duplicate = this.prng.pick([0, 0.05, 0.2]);
    this.maxDelay = this.prng.pick([20, 60, 150]);
    this.log(`network loss=${this.loss} dup=${this.duplicate} delay<=${this.maxDelay}`);
  }

  private partition(ids: readonly NodeId[]): void {
    this.blocked.clear();
    const side = new Set(ids.filter(() => this.prng.chance(0.5)));
    for (const a of ids) for (const b of ids) if (side.has(a) !== side.has(b)) this.blocked.add(`${a}>${b}`);
    this.log(`partition {${[...side].join(',')}}`);
  }

  private crash(id: NodeId): void {
    this.nodes.delete(id);
    this.tokens.set(id, (this.tokens.get(id) ?? 0) + 1);
    this.log(`crash n${id}`);
  }

  private restart(id: NodeId): void {
    const store = this.storage.get(id) as Storage;
    const node = Node.restart(id, store.term, store.votedFor, logFromStorage(store));
    this.nodes.set(id, node);
    this.leaderContact.delete(id);
    this.checker.restarted(node);
    this.log(`restart n${id}`);
    this.step(id, () => undefined);
  }

  private compact(id: NodeId): void {
    const node = this.nodes.get(id) as Node;
    const at = node.log().getPositionAndConfig(node.commitIndex());
    if (at === undefined) return;
    this.log(`compact n${id} at i${at[0].index}`);
    if (this.step(id, (n) => n.handleSnapshotInstalled(...at))) applySnapshot(this.storage.get(id) as Storage, ...at);
  }

  private changeMembership(): void {
    const leader = this.leader();
    if (leader === undefined) return;
    const config = leader.config();
    const choice = this.prng.int(0, 2);
    let next: ClusterConfig | undefined;
    if (choice === 0 && this.storage.size < 7) {
      const id = this.nextId++ as NodeId;
      this.addNode(id);
      next = ClusterConfig.of({ ...config, nonVoters: [...config.nonVoters, id] });
    } else if (choice === 1 && config.nonVoters.length > 0) {
      const id = this.prng.pick(config.nonVoters);
      const promoted = ClusterConfig.toJointConsensus(config, [id], []);
      next = { ...promoted, nonVoters: config.nonVoters.filter((n) => n !== id) };
    } else if (choice === 2 && config.voters.length > 3) {
      next = ClusterConfig.toJointConsensus(config, [], [this.prng.pick(config.voters)]);
    }
    if (next === undefined) return;
    const proposed = next;
    const promise = this.step(leader.id(), (n) => n.proposeConfig(proposed));
    this.log(`config ${JSON.stringify(proposed)} ${promise.isRejected() ? 'rejected' : 'proposed'}`);
  }

  private addNode(id: NodeId): void {
    this.nodes.set(id, Node.start(id));
    this.storage.set(id, emptyStorage());
  }

  /** The running leader with the highest term. */
  private leader(): Node | undefined {
    let best: Node | undefined;
    for (const node of this.nodes.values()) {
      if (node.role() === 'Leader' && (best === undefined || node.currentTerm() > best.currentTerm())) best = node;
    }
    return best;
  }

  private log(line: string): void {
    this.trace.push(`#${this.events} @${this.now}ms ${line}`);
    if (this.trace.length > 200) this.trace.splice(0, 100);
  }

  private schedule(delay: number, event: Event): void {
    const item: Scheduled = { time: this.now + delay, seq: this.seq++, event };
    const q = this.queue;
    q.push(item);
    for (let i = q.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(item, q[parent] as Scheduled)) break;
      q[i] = q[parent] as Scheduled;
      q[parent] = item;
      i = parent;
    }
  }

  private pop(): Scheduled {
    const q = this.queue;
    const top = q[0] as Scheduled;
    const last = q.pop() as Scheduled;
    if (q.length === 0) return top;
    q[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < q.length && before(q[l] as Scheduled, q[m] as Scheduled)) m = l;
      if (r < q.length && before(q[r] as Scheduled, q[m] as Scheduled)) m = r;
      if (m === i) break;
      [q[i], q[m]] = [q[m] as Scheduled, q[i] as Scheduled];
      i = m;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
