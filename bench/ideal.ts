// Workloads (a) and (b) (raftbare-spec.md §9.2): an ideal 3-node cluster, one global FIFO of
// (dst, msg), no loss, no delay, no timer.
import { Node, NodeId, type CommitPromise, type Message } from '../src/raft/index.js';
import { drainActions, type ActionHandler } from '../src/sim/engine/driver.js';
import type { Timed } from './stats.js';

/** The driver: nodes plus the FIFO network. */
class IdealCluster {
  readonly nodes: Node[] = [];
  /** Messages handed to `handleMessage` since the last reset. */
  deliveries = 0;
  private dsts: number[] = [];
  private msgs: Message[] = [];
  private head = 0;

  constructor(n: number) {
    for (let i = 0; i < n; i++) this.nodes.push(Node.start(NodeId(i)));
  }

  node(i: number): Node {
    return this.nodes[i] as Node;
  }

  /** Node actions here (§9.1): writes are no-ops, the timer is ignored, messages join the FIFO. */
  private readonly actions: ActionHandler = {
    setElectionTimeout: () => undefined,
    saveCurrentTerm: () => undefined,
    saveVotedFor: () => undefined,
    appendLogEntries: () => undefined,
    sendMessage: (_node, to, message) => this.send(to, message),
    installSnapshot: (node, to) => {
      throw new Error(`n${node.id()}: unexpected InstallSnapshot to n${to}`);
    },
  };

  /** Executes every pending action of node i, in drain order. */
  drain(i: number): void {
    drainActions(this.node(i), this.actions);
  }

  private send(to: number, msg: Message): void {
    this.dsts.push(to);
    this.msgs.push(msg);
  }

  /** Pops, delivers and drains until the FIFO is empty. */
  deliverUntilQuiet(): void {
    while (this.head < this.msgs.length) {
      const to = this.dsts[this.head] as number;
      const msg = this.msgs[this.head] as Message;
      this.head++;
      this.node(to).handleMessage(msg);
      this.deliveries++;
      this.drain(to);
    }
    this.dsts.length = 0;
    this.msgs.length = 0;
    this.head = 0;
  }

  /** Untimed setup: node 0 creates the cluster and commits its no-op everywhere. */
  setup(): void {
    this.node(0).createCluster(this.nodes.map((n) => n.id()));
    this.drain(0);
    this.deliverUntilQuiet();
    this.heartbeat();
    for (const n of this.nodes) expectCommit(n, 2);
    this.deliveries = 0;
  }

  heartbeat(): void {
    this.node(0).heartbeat();
    this.drain(0);
    this.deliverUntilQuiet();
  }
}

function expectCommit(node: Node, index: number): void {
  if (node.commitIndex() !== index) {
    throw new Error(`n${node.id()}: commit index ${node.commitIndex()}, expected ${index}`);
  }
}

export interface IdealResult {
  readonly commands: number;
  readonly deliveries: number;
}

/**
 * `iterations` rounds of `batch` proposals on node 0, each delivered until quiet and all promises
 * asserted Accepted, then one heartbeat. Timed: the loop plus the final heartbeat.
 */
export function runIdeal(batch: number, iterations: number): Timed<IdealResult> {
  const cluster = new IdealCluster(3);
  cluster.setup();
  const leader = cluster.node(0);
  const promises: CommitPromise[] = new Array<CommitPromise>(batch);

  const start = performance.now();
  for (let it = 0; it < iterations; it++) {
    for (let k = 0; k < batch; k++) promises[k] = leader.proposeCommand();
    cluster.drain(0);
    cluster.deliverUntilQuiet();
    for (let k = 0; k < batch; k++) {
      const promise = promises[k] as CommitPromise;
      if (!promise.poll(leader).isAccepted()) {
        throw new Error(`iteration ${it}: proposal at ${JSON.stringify(promise.logPosition())} is ${promise.getState()}`);
      }
    }
  }
  cluster.heartbeat();
  const seconds = (performance.now() - start) / 1000;

  const commands = batch * iterations;
  for (const n of cluster.nodes) expectCommit(n, commands + 2);
  const expected = 4 * iterations + 4;
  if (cluster.deliveries !== expected) throw new Error(`${cluster.deliveries} deliveries, expected ${expected}`);
  return { seconds, result: { commands, deliveries: cluster.deliveries } };
}
