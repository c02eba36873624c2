/**
 * What a space-time diagram needs, recorded at the frontier in flat columns: one span per message
 * or snapshot put on the wire (indexed by its in-flight id, which the world hands out in order),
 * the messages the network lost as they were sent (no id, no span: see `LossLog`), each node's
 * role changes, each rise of a node's commit index, and the refused votes candidates received.
 * 16 bytes per message, 20 per loss at send and 10 per role change, commit tick or refusal.
 *
 * @module
 */
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import { TimeColumn, u16, u32, type Column } from './columns.js';
import type { EventLog } from './history.js';
import { LossLog, type LossRecord } from './losses.js';

/** Message kinds, as drawn. */
export const MESSAGE_KINDS = ['RequestVoteCall', 'RequestVoteReply', 'AppendEntriesCall', 'AppendEntriesReply', 'Snapshot'] as const;
/** The kind of a message or snapshot transfer on the wire. */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Roles as drawn; `Down` while crashed. Code = index. */
export const ROLE_CODES = ['Down', 'Follower', 'Candidate', 'Leader'] as const;
/** A role band's role. */
export type BandRole = (typeof ROLE_CODES)[number];

/** One message arrow of a {@link SpaceTimeSlice}. */
export interface SpaceTimeMessage {
  /**
   * The in-flight id (≥ 1) of a message put on the wire. A message the network lost as it was
   * sent never had one: it is −(k + 1) for the k-th such loss of the run (a fork reuses the
   * numbers of the future it discards, as it does in-flight ids). Such a message is `dropped`
   * with `endAt === sentAt`; no intervention can name it.
   */
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly term: Term;
  readonly sentAt: number;
  /** Delivery time, drop time, or the planned delivery while in flight. */
  readonly endAt: number;
  readonly fate: 'delivered' | 'dropped' | 'inFlight' | 'held';
  /** A short label for the arrow, e.g. `AE t3 +2`, `vote t4 ✓`. */
  readonly label: string;
}

/** A node's role over [from, to) of simulated time. */
export interface RoleBand {
  readonly node: NodeId;
  readonly role: BandRole;
  readonly term: Term;
  readonly from: number;
  readonly to: number;
}

/** A node's commit index rose to `index` at `time`. */
export interface CommitTick {
  readonly node: NodeId;
  readonly time: number;
  readonly index: LogIndex;
}

/** Message arrows, role bands and commit ticks between two simulated times, up to the present. */
export interface SpaceTimeSlice {
  readonly messages: readonly SpaceTimeMessage[];
  readonly roles: readonly RoleBand[];
  readonly commits: readonly CommitTick[];
}

/** What a query needs of the present. */
export interface Present {
  /** Events processed (history beyond it is the recorded future). */
  readonly position: number;
  readonly time: number;
  /** Ids below this were sent before the present. */
  readonly nextItemId: number;
  readonly inFlight: ReadonlyMap<number, { readonly held: boolean; readonly deliverAt: number }>;
}

const OK_BIT = 1 << 11;
const DROPPED_BIT = 1 << 12;
/** Entries carried are kept in the meta word's top 19 bits (capped). */
const ENTRIES_SHIFT = 13;
const MAX_ENTRIES = (1 << 19) - 1;

/** Columns of spans, role changes, commit ticks and refusals. */
export class SpaceTimeLog {
  private readonly meta = u32();
  private readonly term = u32();
  private readonly sentAt = new TimeColumn();
  /** The event that ended the span, plus one (0 while open). */
  private readonly endEvent = u32();
  private readonly roleEvent = u32();
  /** Role changes carry their time: they are kept for the whole run (few), while old events are dropped. */
  private readonly roleTime = new TimeColumn();
  private readonly roleTag = u16();
  private readonly roleTerm = u32();
  private readonly commitEvent = u32();
  private readonly commitNode = u16();
  private readonly commitIndex = u32();
  private readonly refusalEvent = u32();
  private readonly refusalTag = u16();
  private readonly refusalTerm = u32();
  private readonly losses = new LossLog();

  /**
   * The longest time any span took from send to close (a held message can take any time). Never
   * lowered, not even when a fork reopens spans: a bound for the slices' search, so only ever too
   * large, which costs time, never arrows.
   */
  private longest = 0;
  /**
   * The most a span's send time passed the clock when it was recorded (a send waiting for its
   * sender's storage sync), never lowered: send times are in id order only up to this much.
   */
  private lag = 0;

  /** How many spans are recorded (the last in-flight id handed out). */
  get spans(): number {
    return this.meta.length;
  }

  /** Bytes held by the columns. */
  get bytes(): number {
    const columns = [this.meta, this.term, this.sentAt, this.endEvent, this.roleEvent, this.roleTime, this.roleTag, this.roleTerm, this.commitEvent, this.commitNode, this.commitIndex, this.refusalEvent, this.refusalTag, this.refusalTerm, this.losses];
    return columns.reduce((sum, c) => sum + c.bytes, 0);
  }

  /**
   * Records the span of in-flight id `spans + 1`: `kind` indexes {@link MESSAGE_KINDS}; `ok` is
   * granted (vote replies) or success (append replies); `entries` counts an AppendEntriesCall's.
   * `now` is the clock when it is recorded (no later span is sent before it).
   */
  addSpan(from: NodeId, to: NodeId, kind: number, term: number, sentAt: number, now: number, ok: boolean, entries: number): void {
    this.meta.push(packMeta(from, to, kind, ok, entries));
    this.term.push(term);
    this.sentAt.push(sentAt, now);
    this.endEvent.push(0);
    if (sentAt - now > this.lag) this.lag = sentAt - now;
  }

  /**
   * Records a message lost as it was sent, at event `event` (fields as for `addSpan`; `sentAt`
   * when it would have left). `nextItemId` is the world's: the loss is listed among the spans
   * just before that id.
   */
  addLoss(event: number, nextItemId: number, from: NodeId, to: NodeId, kind: number, term: number, sentAt: number, now: number, ok: boolean, entries: number): void {
    this.losses.add(event, nextItemId, packMeta(from, to, kind, ok, entries) + DROPPED_BIT, term, sentAt, now);
  }

  /** True if span `id` is recorded and has not ended. */
  isOpen(id: number): boolean {
    return id > this.meta.start && id <= this.spans && this.endEvent.get(id - 1) === 0;
  }

  /**
   * Item `id` left the wire at `event`, at time `now`: delivered, or dropped (lost, down, cut,
   * crashed sender).
   */
  closeSpan(id: number, event: number, dropped: boolean, now: number): void {
    const i = id - 1;
    if (i < this.meta.start || i >= this.spans) return;
    this.longest = Math.max(this.longest, now - this.sentAt.get(i));
    this.endEvent.set(i, event + 1);
    if (dropped) this.meta.set(i, this.meta.get(i) | DROPPED_BIT);
  }

  /** Structured fields of span `id` (for message views): granted / success, and entry count. */
  spanInfo(id: number): { readonly ok: boolean; readonly entries: number } | undefined {
    const i = id - 1;
    if (i < this.meta.start || i >= this.spans) return undefined;
    const m = this.meta.get(i);
    return { ok: (m & OK_BIT) !== 0, entries: entriesOf(m) };
  }

  addRole(event: number, time: number, node: NodeId, role: number, term: Term): void {
    this.roleEvent.push(event);
    this.roleTime.push(time);
    this.roleTag.push(node | (role << 4));
    this.roleTerm.push(term);
  }

  addCommit(event: number, node: NodeId, index: number): void {
    this.commitEvent.push(event);
    this.commitNode.push(node);
    this.commitIndex.push(index);
  }

  addRefusal(event: number, candidate: NodeId, voter: NodeId, term: Term): void {
    this.refusalEvent.push(event);
    this.refusalTag.push(candidate | (voter << 4));
    this.refusalTerm.push(term);
  }

  /** The voters that refused `candidate` in `term` before event `position`, ascending. */
  refusals(candidate: NodeId, term: Term, position: number): NodeId[] {
    const out: NodeId[] = [];
    for (let i = this.refusalEvent.lowerBound(position) - 1; i >= this.refusalEvent.start; i--) {
      const tag = this.refusalTag.get(i);
      const voter = (tag >> 4) as NodeId;
      if ((tag & 15) === candidate && this.refusalTerm.get(i) === term && !out.includes(voter)) out.push(voter);
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * Forgets everything recorded at or after event `at`; `nextItemId` is the world's at `at`. Spans
   * that ended at or after `at` are open again.
   */
  truncate(at: number, nextItemId: number): void {
    this.truncateSpans(nextItemId - 1);
    for (let i = this.meta.start; i < this.spans; i++) {
      if (this.endEvent.get(i) > at) {
        this.endEvent.set(i, 0);
        this.meta.set(i, this.meta.get(i) & ~DROPPED_BIT);
      }
    }
    const roles = this.roleEvent.lowerBound(at);
    for (const c of [this.roleEvent, this.roleTime, this.roleTag, this.roleTerm]) c.truncate(roles);
    truncateBy(this.commitEvent, at, [this.commitNode, this.commitIndex]);
    truncateBy(this.refusalEvent, at, [this.refusalTag, this.refusalTerm]);
    this.losses.truncate(at);
  }

  /**
   * Forgets the spans that ended before event `event` (a prefix of ids, in whole chunks: a span
   * still open holds back every later one), the commit ticks and losses recorded before it. Role changes
   * and refused votes are kept for the whole run (a few per election; role changes carry their own
   * time, and a candidate's refusals are part of its view however far back it stands).
   */
  dropBefore(event: number): void {
    let cut = this.meta.start;
    for (; cut < this.spans; cut++) {
      const end = this.endEvent.get(cut);
      if (end === 0 || end > event) break;
    }
    for (const c of [this.meta, this.term, this.endEvent, this.sentAt]) c.dropBefore(cut);
    dropBy(this.commitEvent, event, [this.commitNode, this.commitIndex]);
    this.losses.dropBefore(event);
  }

  private truncateSpans(length: number): void {
    for (const c of [this.meta, this.term, this.sentAt, this.endEvent]) c.truncate(length);
  }

  /** The slice between two times, as the diagram sees it from the present. */
  slice(events: EventLog, present: Present, fromTime: number, toTime: number): SpaceTimeSlice {
    return Object.freeze({
      messages: Object.freeze(this.messagesIn(events, present, fromTime, toTime)),
      roles: Object.freeze(this.rolesIn(present, fromTime, toTime)),
      commits: Object.freeze(this.commitsIn(events, present, fromTime, toTime)),
    });
  }

  /**
   * The slice's messages lost on the wire (fate `dropped`) as of the present, without building the
   * others: the ring's fading drop marks ask for them ten times a second while playing, and a
   * crowded run has thousands of spans in the window and rarely a drop.
   */
  dropped(events: EventLog, present: Present, fromTime: number, toTime: number): readonly SpaceTimeMessage[] {
    return Object.freeze(this.messagesIn(events, present, fromTime, toTime, true));
  }

  /**
   * The messages drawn between two times: the spans in id order, each loss at send among them
   * just before the first span sent after it (so in send order, whatever the window).
   */
  private messagesIn(events: EventLog, present: Present, fromTime: number, toTime: number, droppedOnly = false): SpaceTimeMessage[] {
    const spans = this.spansIn(events, present, fromTime, toTime, droppedOnly);
    const losses = this.losses.within(events, present.position, fromTime, toTime);
    if (losses.length === 0) return spans;
    const out: SpaceTimeMessage[] = [];
    let k = 0;
    for (const span of spans) {
      for (; k < losses.length && (losses[k] as LossRecord).before <= span.id; k++) out.push(lossMessage(losses[k] as LossRecord));
      out.push(span);
    }
    for (; k < losses.length; k++) out.push(lossMessage(losses[k] as LossRecord));
    return out;
  }

  /**
   * The spans drawn between two times, in id order. Spans are recorded in send order, so those
   * closed before `fromTime` all lie before the first one sent after `fromTime − longest`: the
   * search starts there (O(window), not O(history)), and the few older spans still in flight at
   * the present are taken from its in-flight set.
   *
   * [NOTE] With storage latency a span's send time is its recording clock plus up to `lag`, so
   * send times are sorted only up to `lag`: the binary search, started `lag` earlier, still
   * passes only spans sent before `fromTime − longest` (each one it passes was sent at most
   * `lag` after a span it found earlier than its target).
   */
  private spansIn(events: EventLog, present: Present, fromTime: number, toTime: number, droppedOnly: boolean): SpaceTimeMessage[] {
    const out: SpaceTimeMessage[] = [];
    const sent = Math.min(this.spans, present.nextItemId - 1);
    const first = this.sentAt.lowerBound(fromTime - this.longest - this.lag, sent);
    const older: number[] = [];
    // Spans still in flight at the present were not dropped (as of the present).
    if (!droppedOnly) for (const id of present.inFlight.keys()) if (id - 1 >= this.meta.start && id - 1 < first) older.push(id - 1);
    for (const i of older.sort((a, b) => a - b)) {
      const sentAt = this.sentAt.get(i);
      const live = present.inFlight.get(i + 1);
      if (sentAt <= toTime && live !== undefined) out.push(Object.freeze(this.message(i, sentAt, live.deliverAt, live.held)));
    }
    for (let i = first; i < sent; i++) {
      if (droppedOnly && (this.meta.get(i) & DROPPED_BIT) === 0) continue;
      const sentAt = this.sentAt.get(i);
      if (sentAt > toTime) continue;
      const end = this.endEvent.get(i) - 1;
      const open = end < 0 || end >= present.position;
      if (droppedOnly && open) continue; // dropped later than the present: in flight as of it
      if (!open && end < events.start) continue; // ended before the history kept
      const live = open ? present.inFlight.get(i + 1) : undefined;
      if (open && live === undefined) continue;
      const endAt = live !== undefined ? live.deliverAt : (events.time(end) as number);
      if (endAt < fromTime && !open) continue;
      out.push(Object.freeze(this.message(i, sentAt, endAt, live === undefined ? undefined : live.held)));
    }
    return out;
  }

  private message(i: number, sentAt: number, endAt: number, held: boolean | undefined): SpaceTimeMessage {
    const m = this.meta.get(i);
    const fate = held === undefined ? ((m & DROPPED_BIT) !== 0 ? 'dropped' : 'delivered') : held ? 'held' : 'inFlight';
    return messageOf(i + 1, m, this.term.get(i) as Term, sentAt, endAt, fate);
  }

  private rolesIn(present: Present, fromTime: number, toTime: number): RoleBand[] {
    const open = new Map<NodeId, { role: number; term: Term; from: number }>();
    const out: RoleBand[] = [];
    const close = (node: NodeId, until: number): void => {
      const band = open.get(node);
      if (band !== undefined && until >= fromTime && band.from <= toTime && until > band.from) {
        out.push(Object.freeze({ node, role: ROLE_CODES[band.role] as BandRole, term: band.term, from: band.from, to: until }));
      }
    };
    const end = this.roleEvent.lowerBound(present.position);
    for (let i = 0; i < end; i++) {
      const tag = this.roleTag.get(i);
      const node = (tag & 15) as NodeId;
      const time = this.roleTime.get(i);
      close(node, time);
      open.set(node, { role: tag >> 4, term: this.roleTerm.get(i) as Term, from: time });
    }
    for (const node of [...open.keys()].sort((a, b) => a - b)) close(node, present.time);
    return out.sort((a, b) => a.node - b.node || a.from - b.from);
  }

  private commitsIn(events: EventLog, present: Present, fromTime: number, toTime: number): CommitTick[] {
    const out: CommitTick[] = [];
    const first = events.firstAtOrAfter(fromTime);
    const end = this.commitEvent.lowerBound(present.position);
    for (let i = this.commitEvent.lowerBound(first, end); i < end; i++) {
      const time = events.time(this.commitEvent.get(i)) as number;
      if (time > toTime) break;
      out.push(Object.freeze({ node: this.commitNode.get(i) as NodeId, time, index: this.commitIndex.get(i) as LogIndex }));
    }
    return out;
  }
}

function packMeta(from: NodeId, to: NodeId, kind: number, ok: boolean, entries: number): number {
  return from + (to << 4) + (kind << 8) + (ok ? OK_BIT : 0) + Math.min(entries, MAX_ENTRIES) * 2 ** ENTRIES_SHIFT;
}

function entriesOf(meta: number): number {
  return Math.floor(meta / 2 ** ENTRIES_SHIFT);
}

/** A message arrow from a span's or a loss's packed fields. */
function messageOf(id: number, m: number, term: Term, sentAt: number, endAt: number, fate: SpaceTimeMessage['fate']): SpaceTimeMessage {
  const kind = MESSAGE_KINDS[(m >> 8) & 7] as MessageKind;
  const label = labelOf(kind, term, (m & OK_BIT) !== 0, entriesOf(m));
  return { id, from: (m & 15) as NodeId, to: ((m >> 4) & 15) as NodeId, kind, term, sentAt, endAt, fate, label };
}

/** A loss at send as an arrow: dropped as it was sent, with an id of its own (see `SpaceTimeMessage.id`). */
function lossMessage(loss: LossRecord): SpaceTimeMessage {
  return Object.freeze(messageOf(-(loss.index + 1), loss.meta, loss.term as Term, loss.time, loss.time, 'dropped'));
}

/** Drops the whole chunks of records before event `event` from `events` and its sibling columns. */
function dropBy(events: Column, event: number, others: readonly Column[]): void {
  const cut = events.lowerBound(event);
  events.dropBefore(cut);
  for (const c of others) c.dropBefore(cut);
}

function truncateBy(events: Column, at: number, others: readonly Column[]): void {
  const keep = events.lowerBound(at);
  events.truncate(keep);
  for (const c of others) c.truncate(keep);
}

function labelOf(kind: MessageKind, term: Term, ok: boolean, entries: number): string {
  switch (kind) {
    case 'RequestVoteCall':
      return `RV t${term}`;
    case 'RequestVoteReply':
      return `vote t${term} ${ok ? '✓' : '✗'}`;
    case 'AppendEntriesCall':
      return entries === 0 ? `AE t${term} ♥` : `AE t${term} +${entries}`;
    case 'AppendEntriesReply':
      return `ack t${term} ${ok ? '✓' : '✗'}`;
    case 'Snapshot':
      return `snapshot t${term}`;
  }
}
