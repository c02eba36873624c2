/**
 * Read-only snapshots of a world for the UI and tests, shaped for drawing: plain frozen data,
 * ascending ids, no references into the live simulation. `Simulation.view()` shares structure
 * between calls (see `view-share.ts`): whatever did not change keeps its identity.
 *
 * @module
 */
import { LogEntries, type ClusterConfig, type LogPosition, type Message, type Role } from '../raft/index.js';
import type { LogIndex, NodeId, Term } from '../raft/types.js';
import { describeEntry, describePayload, fmtNode, fmtPos } from './describe.js';
import type { NodeTrack } from './history/tracker.js';
import type { MessageKind, SpaceTimeLog } from './history/spacetime.js';
import type { KvState } from './engine/kv.js';
import type { SimParams } from './engine/params.js';
import type { InFlight, NodeSlot, World, WorldEvent } from './engine/world.js';
import { share } from './view-share.js';

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

/** A node's timer as armed: an arc from `armedAt` to `deadline`. */
export interface TimerView {
  /** `heartbeat` when armed by a leader, else `election`. */
  readonly kind: 'election' | 'heartbeat';
  readonly armedAt: number;
  readonly deadline: number;
}

/** What survives a crash: the node's durable storage (may lag its memory under storage latency). */
export interface DurableView {
  readonly term: Term;
  readonly votedFor: NodeId | undefined;
  readonly lastPosition: LogPosition;
  readonly snapshot: LogPosition;
}

/** One node at the present: volatile state (memory) next to durable state (storage). */
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
  /** Candidates: the voters that granted their vote this term, itself included, ascending; else []. */
  readonly votesGranted: readonly NodeId[];
  /** Candidates: the voters whose refusal reached it this term, ascending; else []. */
  readonly votesRefused: readonly NodeId[];
  /** The armed timer, or undefined (down, or never armed). */
  readonly timer: TimerView | undefined;
  readonly durable: DurableView;
  /** Storage writes not yet durable, described, oldest first (empty without storage latency). */
  readonly pendingWrites: readonly string[];
  /** Its place in its own latest configuration (the durable one while down). */
  readonly membership: 'voter' | 'newVoter' | 'nonVoter' | 'none';
}

/** A message or snapshot transfer on the wire, with its fields for glyphs. */
export interface MessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  /** The full description, e.g. `AppendEntries t3 prev (t2, i5) +2 commit 4`. */
  readonly text: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  /** Held by an intervention: not delivered until released. */
  readonly held: boolean;
  /** The sender's term (a snapshot: the term of its last entry). */
  readonly term: Term;
  /** The message's seqno; undefined for a snapshot. */
  readonly seqno: number | undefined;
  /** RequestVoteReply: was the vote granted. */
  readonly granted?: boolean;
  /** AppendEntriesReply: did the follower accept the call it answers. */
  readonly success?: boolean;
  /** AppendEntriesCall: the position the entries follow. */
  readonly prev?: LogPosition;
  /** AppendEntriesCall: entries carried (0 = heartbeat). */
  readonly entryCount?: number;
  /** AppendEntriesCall: the entries carried, ascending (the first {@link MESSAGE_ENTRIES_SHOWN}; `entryCount` tells all). */
  readonly entries?: readonly EntryView[];
  /** AppendEntriesCall: the leader's commit index. */
  readonly commit?: LogIndex;
  /** RequestVoteCall: the candidate's last position; AppendEntriesReply: the follower's; Snapshot: its position. */
  readonly lastPosition?: LogPosition;
}

/** A client proposal and what became of it, as known at the present. */
export interface ProposalView {
  /** The command as given, e.g. `set x 3`. */
  readonly command: string;
  /** The node it was given to (the leader when none was named), or the one named. */
  readonly node: NodeId | undefined;
  readonly time: number;
  /** The position the leader assigned; undefined when refused. */
  readonly position: LogPosition | undefined;
  readonly status: 'InProgress' | 'Committed' | 'Rejected' | 'Unknown' | 'Refused';
}

/** The whole cluster at the present. */
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
  /** The parameters in force at the present (after any timing or fault intervention). */
  readonly params: SimParams;
  /** The most recent proposals (at most 32), oldest first. */
  readonly proposals: readonly ProposalView[];
}

/** What a view needs besides the world. */
export interface ViewContext {
  /** Timers as armed, for the present world. */
  readonly track: NodeTrack;
  /** Refused votes and reply outcomes. */
  readonly spaceTime: SpaceTimeLog;
  readonly params: SimParams;
  readonly proposals: readonly ProposalView[];
  /**
   * The views already published for messages still in flight, by the world's item object (a
   * restored or forked world has new items, so nothing carries over): a message that did not
   * change is handed out again instead of being described and compared anew every call.
   */
  readonly messageViews?: WeakMap<InFlight, MessageView>;
}

/**
 * Frozen copies of the core's immutable values (configurations, log positions, key-value states),
 * by the value itself. The core replaces these, never changes them, so a node view built from the
 * same value holds the same copy, and sharing recognises it by identity instead of comparing it
 * afresh on every view (nine nodes, every animation frame). Weak: a copy lives as long as its value.
 */
const frozenCopies = new WeakMap<object, object>();

function frozenCopy<T extends object>(value: T): T {
  const known = frozenCopies.get(value);
  if (known !== undefined) return known as T;
  const copy = share(undefined, value);
  frozenCopies.set(value, copy);
  return copy;
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

function membershipOf(config: ClusterConfig, id: NodeId): NodeView['membership'] {
  if (config.voters.includes(id)) return 'voter';
  if (config.newVoters.includes(id)) return 'newVoter';
  return config.nonVoters.includes(id) ? 'nonVoter' : 'none';
}

function timerOf(slot: NodeSlot, track: NodeTrack): TimerView | undefined {
  if (slot.node === undefined || slot.timerDeadline === undefined) return undefined;
  const t = track.timer(slot.id);
  return { kind: t.election ? 'election' : 'heartbeat', armedAt: t.armedAt, deadline: slot.timerDeadline };
}

/** The queued storage writes of each node's current incarnation, described. */
function pendingWritesOf(world: World): Map<NodeId, string[]> {
  const out = new Map<NodeId, string[]>();
  // A slot's live sync events number syncsQueued − syncsDone (a crash counts its queued ones as
  // done, and their events are dead): when every slot is even, there is nothing to list, and the
  // queue (hundreds of message deliveries) need not be copied and sorted.
  if (world.slots.every((s) => s.syncsQueued === s.syncsDone)) return out;
  const syncs = world.queue.items().filter((s) => s.event.kind === 'sync').sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const { event } of syncs) {
    const e = event as Extract<WorldEvent, { kind: 'sync' }>;
    if (world.slot(e.node)?.incarnation !== e.incarnation) continue;
    const list = out.get(e.node) ?? [];
    for (const w of e.writes) list.push(w.kind === 'term' ? `term ${w.term}` : w.kind === 'vote' ? `vote ${w.vote === undefined ? 'none' : fmtNode(w.vote)}` : `entries ${fmtPos(w.entries.prevPosition)}..${fmtPos(w.entries.lastPosition)}`);
    out.set(e.node, list);
  }
  return out;
}

function nodeView(world: World, slot: NodeSlot, tail: number, ctx: ViewContext, writes: readonly string[]): NodeView {
  const n = slot.node;
  const d = slot.durable;
  const entries = n === undefined ? d.entries : n.log().entries();
  const config = n?.config() ?? (d.entries.configs.at(-1)?.[1] ?? d.snapshot.config);
  const term = n?.currentTerm() ?? d.term;
  const candidate = n?.role() === 'Candidate';
  return {
    id: slot.id,
    up: n !== undefined,
    role: n?.role(),
    term,
    votedFor: n === undefined ? d.votedFor : n.votedFor(),
    leaderId: n?.leaderId(),
    commitIndex: world.commitIndexOf(slot),
    appliedIndex: slot.applied,
    lastPosition: frozenCopy(entries.lastPosition),
    snapshot: frozenCopy(entries.prevPosition),
    config: frozenCopy(config),
    log: entriesOf(world, slot, tail),
    kv: frozenCopy(slot.kv),
    timerDeadline: slot.timerDeadline,
    progress: progressOf(slot),
    votesGranted: n === undefined ? [] : n.votesGranted(),
    votesRefused: candidate ? ctx.spaceTime.refusals(slot.id, term, world.events) : [],
    timer: timerOf(slot, ctx.track),
    durable: { term: d.term, votedFor: d.votedFor, lastPosition: frozenCopy(d.entries.lastPosition), snapshot: frozenCopy(d.snapshot.position) },
    pendingWrites: writes,
    membership: membershipOf(config, slot.id),
  };
}

/** How many of an AppendEntries call's entries its view lists (a catch-up batch can carry hundreds). */
export const MESSAGE_ENTRIES_SHOWN = 16;

/** One list for every heartbeat (most of the calls in flight carry nothing). */
const NO_ENTRIES: readonly EntryView[] = Object.freeze([]);

/** The entries `m` carries, as the log views show them (the first MESSAGE_ENTRIES_SHOWN). */
function carriedEntries(world: World, m: Extract<Message, { kind: 'AppendEntriesCall' }>): readonly EntryView[] {
  const e = m.entries;
  if (e.lastPosition.index === e.prevPosition.index) return NO_ENTRIES;
  const out: EntryView[] = [];
  const last = Math.min(e.lastPosition.index, e.prevPosition.index + MESSAGE_ENTRIES_SHOWN);
  for (let i = e.prevPosition.index + 1; i <= last; i++) {
    const entry = LogEntries.getEntry(e, i);
    const term = LogEntries.getTerm(e, i);
    if (entry !== undefined && term !== undefined) out.push({ index: i as LogIndex, term, kind: entry.kind, text: describeEntry(entry, world.commandAt(term, i)) });
  }
  return out;
}

function messageView(item: InFlight, ctx: ViewContext, world: World): MessageView {
  const base = { id: item.id, from: item.from, to: item.to, text: describePayload(item.payload), sentAt: item.sentAt, deliverAt: item.deliverAt, held: item.held };
  if (item.payload.kind === 'snapshot') {
    const s = item.payload.snapshot;
    return { ...base, kind: 'Snapshot', term: s.position.term, seqno: undefined, lastPosition: s.position };
  }
  const m = item.payload.message;
  const common = { ...base, kind: m.kind, term: m.term, seqno: m.seqno };
  switch (m.kind) {
    case 'RequestVoteCall':
      return { ...common, lastPosition: m.lastPosition };
    case 'RequestVoteReply':
      return { ...common, granted: m.voteGranted };
    case 'AppendEntriesCall':
      return { ...common, prev: m.entries.prevPosition, entryCount: m.entries.lastPosition.index - m.entries.prevPosition.index, entries: carriedEntries(world, m), commit: m.commitIndex };
    case 'AppendEntriesReply':
      return { ...common, success: ctx.track.okReplies.has(item.id), lastPosition: m.lastPosition };
  }
}

/** `item`'s view: the one published before if the item is unchanged since (held, due time, reply outcome). */
function cachedMessageView(item: InFlight, ctx: ViewContext, world: World): MessageView {
  const known = ctx.messageViews?.get(item);
  const unchanged =
    known !== undefined && known.held === item.held && known.deliverAt === item.deliverAt && (known.kind !== 'AppendEntriesReply' || known.success === ctx.track.okReplies.has(item.id));
  return unchanged ? known : messageView(item, ctx, world);
}

/** The messages on the wire by ascending id (the map holds them in sending order: sorted only if not). */
function inFlightViews(world: World, ctx: ViewContext): MessageView[] {
  const out: MessageView[] = [];
  let sorted = true;
  for (const item of world.inFlight.values()) {
    const view = cachedMessageView(item, ctx, world);
    if (sorted && out.length > 0 && (out[out.length - 1] as MessageView).id > view.id) sorted = false;
    out.push(view);
  }
  return sorted ? out : out.sort((a, b) => a.id - b.id);
}

/** A snapshot of `world` (fresh but for the cached message views); `logTail` bounds the entries listed per node. */
export function viewOf(world: World, ctx: ViewContext, logTail = 64): ClusterView {
  const writes = pendingWritesOf(world);
  return {
    time: world.now,
    events: world.events,
    nodes: world.slots.map((s) => nodeView(world, s, logTail, ctx, writes.get(s.id) ?? [])),
    inFlight: inFlightViews(world, ctx),
    partition: world.net.groups.map((g) => [...g]),
    cuts: world.net.cutList(),
    leader: world.leader()?.id,
    params: ctx.params,
    proposals: ctx.proposals,
  };
}
