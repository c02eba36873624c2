/**
 * The world's vocabulary: what travels on the wire, what is scheduled, what is kept per node, the
 * event kinds, and what observers and explainers receive. `world.ts` re-exports all of it.
 *
 * @module
 */
import type { ClusterConfig, Decision, LogEntries, LogPosition, Message, Node } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import type { KvCommand, KvState } from './kv.js';
import type { DurableState, StoredSnapshot } from './storage.js';

/** What an in-flight item carries. */
export type Payload = { readonly kind: 'message'; readonly message: Message } | { readonly kind: 'snapshot'; readonly snapshot: StoredSnapshot };

/** A message or snapshot transfer on the wire. */
export interface InFlight {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly sentAt: number;
  readonly deliverAt: number;
  readonly payload: Payload;
  /** Held by an intervention: not delivered until released. */
  readonly held: boolean;
  /**
   * Which scheduled delivery is the live one: 0 for the original, raised by every release. A
   * release schedules a new delivery; the token makes the old one dead whether or not anything
   * looked at the queue meanwhile (live runs peek, replays do not).
   */
  readonly delivery: number;
  /** The sender's incarnation. */
  readonly incarnation: number;
  /**
   * The sender's storage sync this item waits for (storage before send), 0 if none was pending.
   * A crash before that sync ran loses the item, even at the very instant the sync is due.
   */
  readonly afterSync: number;
}

/** A durable write waiting for storage latency. */
export type Write =
  | { readonly kind: 'term'; readonly term: Term }
  | { readonly kind: 'vote'; readonly vote: NodeId | undefined }
  | { readonly kind: 'append'; readonly entries: LogEntries };

/** Scheduled events. */
export type WorldEvent =
  | { readonly kind: 'deliver'; readonly id: number; readonly delivery: number }
  | { readonly kind: 'timer'; readonly node: NodeId; readonly token: number }
  | { readonly kind: 'sync'; readonly node: NodeId; readonly incarnation: number; readonly writes: readonly Write[] };

/** Everything the simulator keeps per node. */
export interface NodeSlot {
  readonly id: NodeId;
  /** `undefined` while crashed. */
  node: Node | undefined;
  incarnation: number;
  durable: DurableState;
  /** The applied state machine and the index it reflects (volatile). */
  kv: KvState;
  applied: LogIndex;
  /** The commit index the simulator acts on (see `World.commitIndexOf`); volatile. */
  commit: LogIndex;
  timerToken: number;
  timerDeadline: number | undefined;
  /** When the node last accepted an AppendEntriesCall from its leader (for Raft §6's guard). */
  lastLeaderContact: number | undefined;
  /** With storage latency: when every queued write is durable. */
  syncedUntil: number;
  /** Storage syncs queued and done by this node (they run in order); equal when nothing is pending. */
  syncsQueued: number;
  syncsDone: number;
  /** A leader's next index per follower (last index sent + 1), for views; reset each term. */
  nextIndex: Map<NodeId, number>;
  nextIndexTerm: Term;
}

/** What a user, a scenario or the fuzzer can do to a world (see `Intervention` for each one's fields). */
export const INTERVENTION_KINDS = [
  'propose', 'crash', 'restart', 'timeout', 'partition', 'cut', 'heal', 'linkFault', 'globalFault',
  'hold', 'release', 'drop', 'duplicate', 'snapshot', 'membership', 'timing', 'maxEntriesPerAppend',
] as const;

/** The kinds of intervention. */
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/** Membership changes, applied through the leader (joint consensus for voters, Raft §6). */
export const MEMBERSHIP_CHANGES = ['addVoter', 'removeVoter', 'addNonVoter', 'promote', 'removeNonVoter'] as const;

/** A membership change. */
export type MembershipChange = (typeof MEMBERSHIP_CHANGES)[number];

/** Thrown for an intervention that does not fit the world (unknown node, message not in flight); nothing changed. */
export class InterventionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterventionError';
  }
}

/** The events the world schedules itself; the other events are interventions. */
export const WORLD_EVENT_KINDS = ['bootstrap', 'deliver', 'timer', 'sync'] as const;

/** Every kind of event, world events first (a stable order, e.g. for compact codes). */
export const EVENT_KINDS = [...WORLD_EVENT_KINDS, ...INTERVENTION_KINDS] as const;

/** What an event was. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Receives the event frame and the facts the checker needs. */
export interface WorldObserver {
  beginEvent(index: number, touched: NodeId | undefined, kind: EventKind): void;
  append(node: NodeId, entries: LogEntries): void;
  voteSaved(node: NodeId): void;
  snapshotInstalled(node: NodeId, position: LogPosition, config: ClusterConfig, expected: ClusterConfig): void;
  restarted(node: NodeId): void;
  crashed(node: NodeId): void;
  /**
   * The network lost a message or snapshot as it was sent (`sentAt`: when it would have left):
   * a partition or cut link, or random loss. It never went on the wire, so it has no in-flight
   * id; the space-time history records it apart (see `SpaceTimeLog.addLoss`).
   */
  lostAtSend(from: NodeId, to: NodeId, payload: Payload, sentAt: number): void;
  endEvent(): void;
}

/**
 * Receives the details that explain an event: the nodes' decisions and the simulator's notes.
 * Kept apart from `WorldObserver` so that nothing is built for them when nobody explains.
 */
export interface Explainer {
  decision(node: NodeId, decision: Decision): void;
  note(note: Note): void;
}

/** A simulator-level fact about an event (network fate of messages, guards, storage). */
export type Note =
  | { readonly kind: 'sent'; readonly item: InFlight }
  | { readonly kind: 'lost'; readonly from: NodeId; readonly to: NodeId; readonly payload: Payload; readonly why: 'partition' | 'loss' | 'down' | 'crashedSender' }
  | { readonly kind: 'duplicated'; readonly item: InFlight }
  | { readonly kind: 'guarded'; readonly node: NodeId; readonly message: Message; readonly sinceLeaderMs: number }
  | { readonly kind: 'timerSet'; readonly node: NodeId; readonly deadline: number; readonly role: string }
  | { readonly kind: 'applied'; readonly node: NodeId; readonly index: LogIndex; readonly command: KvCommand }
  | { readonly kind: 'compacted'; readonly node: NodeId; readonly position: LogPosition }
  | { readonly kind: 'synced'; readonly node: NodeId; readonly writes: number }
  | { readonly kind: 'intervention'; readonly text: string };

/**
 * The payload registry: the command proposed at each (term, index). With one leader per term a
 * position names one proposal; the exception is a lone voter whose term never reached storage
 * before a crash: it may lead that term again and propose at the same positions (harmless, as
 * nothing of the lost incarnation survived). So a world copies the registry it shares with its clones before it changes a position's proposal (`WorldEngine.registerProposal`).
 */
export interface Proposal {
  readonly id: number;
  readonly command: KvCommand;
}

export const positionKey = (term: number, index: number): string => `${term}/${index}`;
