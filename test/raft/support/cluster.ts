// An in-memory test cluster: FIFO network, durable storage per node, a safety checker fed after
// every event. Tests drive it step by step; nothing happens unless a test asks.
import { Node, type Action, type Message } from '../../../src/raft/index.js';
import type { NodeId } from '../../../src/raft/types.js';
import { SafetyChecker } from './checker.js';
import { applySnapshot, emptyStorage, logFromStorage, persistAction, type Storage } from './storage.js';

export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly message: Message;
}

export const id = (n: number): NodeId => n as NodeId;

export class TestCluster {
  readonly nodes = new Map<NodeId, Node>();
  readonly storage = new Map<NodeId, Storage>();
  readonly network: Envelope[] = [];
  readonly snapshotRequests: { from: NodeId; to: NodeId }[] = [];
  readonly timerArmed = new Map<NodeId, boolean>();
  readonly checker = new SafetyChecker();
  /** The actions each node executed in its last event, for assertions. */
  readonly lastActions = new Map<NodeId, Action[]>();
  private readonly blocked = new Set<string>();

  constructor(ids: readonly number[]) {
    for (const n of ids) this.add(n);
  }

  /** Adds a fresh node (`Node.start`) with empty storage. */
  add(n: number): Node {
    const node = Node.start(id(n));
    this.nodes.set(id(n), node);
    this.storage.set(id(n), emptyStorage());
    return node;
  }

  node(n: number): Node {
    const node = this.nodes.get(id(n));
    if (node === undefined) throw new Error(`n${n} is not running`);
    return node;
  }

  isUp(n: number): boolean {
    return this.nodes.has(id(n));
  }

  /** One event: call into node `n`, then execute every action it queued, then check safety. */
  run<T>(n: number, call: (node: Node) => T): T {
    const node = this.node(n);
    const commitBefore = node.commitIndex();
    const result = call(node);
    this.execute(node, commitBefore);
    return result;
  }

  private execute(node: Node, commitBefore: number): void {
    const done: Action[] = [];
    const store = this.storage.get(node.id()) as Storage;
    for (let a = node.actionsMut().take(); a !== undefined; a = node.actionsMut().take()) {
      done.push(a);
      this.executeOne(node, store, a, commitBefore);
    }
    this.lastActions.set(node.id(), done);
    this.checker.observe(node);
  }

  private executeOne(node: Node, store: Storage, action: Action, commitBefore: number): void {
    if (persistAction(store, node, action, this.checker, commitBefore)) return;
    switch (action.kind) {
      case 'SetElectionTimeout':
        this.timerArmed.set(node.id(), true);
        return;
      case 'BroadcastMessage':
        for (const to of node.peers()) this.send(node.id(), to, action.message);
        return;
      case 'SendMessage':
        this.send(node.id(), action.to, action.message);
        return;
      case 'InstallSnapshot':
        this.snapshotRequests.push({ from: node.id(), to: action.to });
        return;
      default:
        return;
    }
  }

  private send(from: NodeId, to: NodeId, message: Message): void {
    if (this.blocked.has(`${from}>${to}`)) return;
    this.network.push({ from, to, message });
  }

  /** Delivers one envelope (dropped if its destination is down or the link is cut now). */
  deliver(envelope: Envelope): void {
    if (!this.isUp(envelope.to) || this.blocked.has(`${envelope.from}>${envelope.to}`)) return;
    this.run(envelope.to, (node) => node.handleMessage(envelope.message));
  }

  /** Delivers the oldest message; false if the network is empty. */
  deliverNext(): boolean {
    const envelope = this.network.shift();
    if (envelope === undefined) return false;
    this.deliver(envelope);
    return true;
  }

  /** Delivers messages and snapshot transfers until nothing is in flight. */
  deliverAll(limit = 100_000): number {
    let count = 0;
    while (count < limit && (this.deliverNext() || this.deliverSnapshot())) count++;
    if (count >= limit) throw new Error(`network did not quiesce within ${limit} deliveries`);
    return count;
  }

  /** Removes and returns the in-flight messages that match `filter`. */
  take(filter: (e: Envelope) => boolean): Envelope[] {
    const taken = this.network.filter(filter);
    const kept = this.network.filter((e) => !filter(e));
    this.network.length = 0;
    this.network.push(...kept);
    return taken;
  }

  /** Completes the oldest snapshot transfer; false if none is pending. */
  deliverSnapshot(): boolean {
    const request = this.snapshotRequests.shift();
    if (request === undefined) return false;
    const source = this.nodes.get(request.from);
    if (source === undefined || !this.isUp(request.to) || this.blocked.has(`${request.from}>${request.to}`)) return true;
    const position = source.log().snapshotPosition();
    const config = source.log().snapshotConfig();
    const installed = this.run(request.to, (node) => node.handleSnapshotInstalled(position, config));
    if (installed) applySnapshot(this.storage.get(request.to) as Storage, position, config);
    return true;
  }

  timeout(n: number): void {
    this.run(n, (node) => node.handleElectionTimeout());
  }

  /** Compacts node `n`'s log at its commit index (local snapshot). */
  compact(n: number): boolean {
    return this.run(n, (node) => {
      const at = node.log().getPositionAndConfig(node.commitIndex());
      if (at === undefined) return false;
      const ok = node.handleSnapshotInstalled(...at);
      if (ok) applySnapshot(this.storage.get(id(n)) as Storage, ...at);
      return ok;
    });
  }

  /** Loses every volatile state of node `n`; its storage survives. */
  crash(n: number): void {
    this.nodes.delete(id(n));
    this.timerArmed.set(id(n), false);
  }

  /** Rebuilds node `n` from its storage (`Node.restart`). */
  restart(n: number): Node {
    const store = this.storage.get(id(n)) as Storage;
    const node = Node.restart(id(n), store.term, store.votedFor, logFromStorage(store));
    this.nodes.set(id(n), node);
    this.checker.restarted(node);
    this.execute(node, node.commitIndex());
    return node;
  }

  /** Cuts the links between `a` and `b`, both ways. */
  cut(a: number, b: number): void {
    this.blocked.add(`${a}>${b}`).add(`${b}>${a}`);
  }

  /** Cuts node `n` off from every other node. */
  isolate(n: number): void {
    for (const other of this.storage.keys()) if (other !== n) this.cut(n, other);
  }

  heal(): void {
    this.blocked.clear();
  }

  /** The running leader with the highest term, if any. */
  leader(): Node | undefined {
    let best: Node | undefined;
    for (const node of this.nodes.values()) {
      if (node.role() === 'Leader' && (best === undefined || node.currentTerm() > best.currentTerm())) best = node;
    }
    return best;
  }

  /** Node `creator` creates a cluster of every node; the cluster elects it and settles. */
  static created(ids: readonly number[], creator = ids[0] ?? 0): TestCluster {
    const cluster = new TestCluster(ids);
    cluster.run(creator, (node) => node.createCluster(ids.map(id)));
    cluster.deliverAll();
    cluster.run(creator, (node) => node.heartbeat());
    cluster.deliverAll();
    return cluster;
  }
}
