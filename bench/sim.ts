// Workload (c) (raftbare-spec.md §9.3): a deterministic 5-node discrete-event simulation with
// loss, random delay, election timers and a proposal every 25 ticks.
import { Node, NodeId, type Message, type Role } from '../src/raft/index.js';
import { drainActions, type ActionHandler } from '../src/sim/engine/driver.js';
import { fnv1a64 } from './fnv.js';
import { EventHeap } from './heap.js';
import type { Timed } from './stats.js';
import { XorShift32 } from './xorshift.js';

const NODES = 5;
const SEED = 12345;
const LOSS_PERCENT = 10;
const DELAY = [1, 30] as const;
const LEADER_TIMER = 20;
const ELECTION_TIMER = [60, 120] as const;
const PROPOSE_EVERY = 25;
export const SIM_DELIVERIES = 1_000_000;

type SimEvent =
  | { readonly kind: 'deliver'; readonly dst: number; readonly msg: Message }
  | { readonly kind: 'timeout'; readonly node: number; readonly token: number }
  | { readonly kind: 'propose' };

const PROPOSE: SimEvent = { kind: 'propose' };

export interface SimResult {
  readonly deliveries: number;
  readonly time: number;
  readonly sent: number;
  readonly dropped: number;
  readonly timeouts: number;
  readonly accepted: number;
  readonly maxTerm: number;
  readonly fingerprint: string;
}

const ROLE_CODE: Record<Role, number> = { Follower: 0, Candidate: 1, Leader: 2 };

class Simulation {
  readonly nodes: Node[] = [];
  readonly tokens: number[] = new Array<number>(NODES).fill(0);
  readonly events = new EventHeap<SimEvent>();
  readonly rng = new XorShift32(SEED);
  now = 0;
  deliveries = 0;
  sent = 0;
  dropped = 0;
  timeouts = 0;
  accepted = 0;

  constructor() {
    for (let i = 0; i < NODES; i++) this.nodes.push(Node.start(NodeId(i)));
  }

  node(i: number): Node {
    return this.nodes[i] as Node;
  }

  /**
   * Node actions in this workload (§9.1, §9.3): storage is instantaneous (writes are no-ops: the
   * in-memory log already holds the entries), timers go on the event heap, messages may be lost.
   */
  private readonly actions: ActionHandler = {
    setElectionTimeout: (node) => {
      const i = node.id() as number;
      const duration = node.role() === 'Leader' ? LEADER_TIMER : this.rng.range(ELECTION_TIMER[0], ELECTION_TIMER[1]);
      const token = (this.tokens[i] as number) + 1;
      this.tokens[i] = token;
      this.events.push(this.now + duration, { kind: 'timeout', node: i, token });
    },
    saveCurrentTerm: () => undefined,
    saveVotedFor: () => undefined,
    appendLogEntries: () => undefined,
    sendMessage: (_node, to, message) => this.send(to, message),
    installSnapshot: (node, to) => {
      throw new Error(`n${node.id()}: unexpected InstallSnapshot to n${to}`);
    },
  };

  /** Executes node i's pending actions in drain order. */
  drain(i: number): void {
    drainActions(this.node(i), this.actions);
  }

  private send(dst: number, msg: Message): void {
    this.sent++;
    if (this.rng.next() % 100 < LOSS_PERCENT) {
      this.dropped++;
      return;
    }
    this.events.push(this.now + this.rng.range(DELAY[0], DELAY[1]), { kind: 'deliver', dst, msg });
  }

  /** The node with role Leader and the highest term (lowest id on a tie), or -1. */
  private leader(): number {
    let best = -1;
    for (let i = 0; i < NODES; i++) {
      const n = this.node(i);
      if (n.role() === 'Leader' && (best < 0 || n.currentTerm() > this.node(best).currentTerm())) best = i;
    }
    return best;
  }

  run(): void {
    this.node(0).createCluster(this.nodes.map((n) => n.id()));
    this.drain(0);
    this.events.push(PROPOSE_EVERY, PROPOSE);
    while (this.deliveries < SIM_DELIVERIES) {
      this.now = this.events.peekTime() as number;
      const event = this.events.pop() as SimEvent;
      switch (event.kind) {
        case 'deliver':
          this.node(event.dst).handleMessage(event.msg);
          this.deliveries++;
          this.drain(event.dst);
          break;
        case 'timeout':
          if (event.token !== this.tokens[event.node]) break;
          this.timeouts++;
          this.node(event.node).handleElectionTimeout();
          this.drain(event.node);
          break;
        case 'propose': {
          this.events.push(this.now + PROPOSE_EVERY, PROPOSE);
          const leader = this.leader();
          if (leader < 0) break;
          if (!this.node(leader).proposeCommand().isRejected()) this.accepted++;
          this.drain(leader);
          break;
        }
      }
    }
  }

  /** FNV-1a-64 over (role, term, commit index, last term, last index) per node, in id order. */
  fingerprint(): string {
    const values: number[] = [];
    for (const n of this.nodes) {
      const last = n.log().lastPosition();
      values.push(ROLE_CODE[n.role()], n.currentTerm(), n.commitIndex(), last.term, last.index);
    }
    return fnv1a64(values);
  }
}

/** One run of workload (c). Timed: cluster creation and the event loop. */
export function runSim(): Timed<SimResult> {
  const sim = new Simulation();
  const start = performance.now();
  sim.run();
  const seconds = (performance.now() - start) / 1000;
  if (sim.deliveries !== SIM_DELIVERIES) throw new Error(`${sim.deliveries} deliveries, expected ${SIM_DELIVERIES}`);
  const result: SimResult = {
    deliveries: sim.deliveries,
    time: sim.now,
    sent: sim.sent,
    dropped: sim.dropped,
    timeouts: sim.timeouts,
    accepted: sim.accepted,
    maxTerm: Math.max(...sim.nodes.map((n) => n.currentTerm())),
    fingerprint: sim.fingerprint(),
  };
  return { seconds, result };
}
