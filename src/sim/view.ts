/**
 * Read-only snapshots of a world for the UI and tests: plain data, ascending ids, no references
 * into the live simulation.
 *
 * @module
 */
import { LogEntries, type ClusterConfig, type LogPosition, type Role } from '../raft/index.js';
import type { LogIndex, NodeId, Term } from '../raft/types.js';
import { describeEntry, describePayload } from './describe.js';
import type { KvState } from './kv.js';
import type { InFlight, NodeSlot, World } from './world.js';

/** One log entry as shown. */
export interface EntryView {
  readonly index: LogIndex;
  readonly term: Term;
  readonly kind: 'Term' | 'ClusterConfig' | 'Command';
  /** `set x 3`, `no-op (term 4 begins)`, `config {1,2,3}`. */
  readonly text: string;
}

/** A leader's view of one follower. */
export interface ProgressView {
  readonly id: NodeId;
  readonly matchIndex: LogIndex;
  /** The index after the last entry sent to it this term (match + 1 until something was sent). */
  readonly nextIndex: number;
}

export interface NodeView {
  readonly id: NodeId;
  readonly up: boolean;
  /** `undefined` while down. */
  readonly role: Role | undefined;
  readonly term: Term;
  readonly votedFor: NodeId | undefined;
  readonly leaderId: NodeId | undefined;
  readonly commitIndex: LogIndex;
  readonly appliedIndex: LogIndex;
  readonly lastPosition: LogPosition;
  readonly snapshot: LogPosition;
  readonly config: ClusterConfig;
  /** The last entries of the log (all of them if `logTail` allows), ascending. */
  readonly log: readonly EntryView[];
  readonly kv: KvState;
  /** When the election (or heartbeat) timer fires, if armed. */
  readonly timerDeadline: number | undefined;
  /** Leaders only: per follower, ascending. */
  readonly progress: readonly ProgressView[];
}

export interface MessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly text: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  readonly held: boolean;
}

export interface ClusterView {
  readonly time: number;
  /** Events processed so far. */
  readonly events: number;
  readonly nodes: readonly NodeView[];
  readonly inFlight: readonly MessageView[];
  /** Partition groups (empty = connected) and one-way cuts. */
  readonly partition: readonly (readonly NodeId[])[];
  readonly cuts: readonly (readonly [NodeId, NodeId])[];
  readonly leader: NodeId | undefined;
}

function entriesOf(world: World, slot: NodeSlot, tail: number): EntryView[] {
  const node = slot.node;
  const entries = node === undefined ? slot.durable.entries : node.log().entries();
  const from = Math.max(entries.prevPosition.index + 1, entries.lastPosition.index - tail + 1);
  const out: EntryView[] = [];
  for (let i = from; i <= entries.lastPosition.index; i++) {
    const entry = LogEntries.getEntry(entries, i);
    const term = LogEntries.getTerm(entries, i);
    if (entry === undefined || term === undefined) continue;
    out.push({ index: i as LogIndex, term, kind: entry.kind, text: describeEntry(entry, world.commandAt(term, i)) });
  }
  return out;
}

function progressOf(slot: NodeSlot): ProgressView[] {
  const followers = slot.node?.followers();
  if (followers === undefined) return [];
  const sameTerm = slot.nextIndexTerm === slot.node?.currentTerm();
  return [...followers]
    .sort((a, b) => a[0] - b[0])
    .map(([id, p]) => ({ id, matchIndex: p.matchIndex, nextIndex: Math.max((sameTerm ? slot.nextIndex.get(id) : undefined) ?? 0, p.matchIndex + 1) }));
}

function nodeView(world: World, slot: NodeSlot, tail: number): NodeView {
  const n = slot.node;
  const d = slot.durable;
  const entries = n === undefined ? d.entries : n.log().entries();
  return {
    id: slot.id,
    up: n !== undefined,
    role: n?.role(),
    term: n?.currentTerm() ?? d.term,
    votedFor: n === undefined ? d.votedFor : n.votedFor(),
    leaderId: n?.leaderId(),
    commitIndex: n?.commitIndex() ?? d.snapshot.position.index,
    appliedIndex: slot.applied,
    lastPosition: entries.lastPosition,
    snapshot: entries.prevPosition,
    config: n?.config() ?? (d.entries.configs.at(-1)?.[1] ?? d.snapshot.config),
    log: entriesOf(world, slot, tail),
    kv: slot.kv,
    timerDeadline: slot.timerDeadline,
    progress: progressOf(slot),
  };
}

function messageView(item: InFlight): MessageView {
  const kind = item.payload.kind === 'message' ? item.payload.message.kind : 'Snapshot';
  return { id: item.id, from: item.from, to: item.to, kind, text: describePayload(item.payload), sentAt: item.sentAt, deliverAt: item.deliverAt, held: item.held };
}

/** A snapshot of `world`; `logTail` bounds the entries listed per node. */
export function viewOf(world: World, logTail = 64): ClusterView {
  return {
    time: world.now,
    events: world.events,
    nodes: world.slots.map((s) => nodeView(world, s, logTail)),
    inFlight: [...world.inFlight.values()].sort((a, b) => a.id - b.id).map(messageView),
    partition: world.net.groups.map((g) => [...g]),
    cuts: world.net.cutList(),
    leader: world.leader()?.id,
  };
}
