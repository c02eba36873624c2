/**
 * Effects as data: what a `Node` asks its driver to do (raftbare's `Action`).
 *
 * Pending actions coalesce in an {@link Actions} set with one slot per kind, so N proposals made
 * before the driver drains become one `AppendLogEntries` and one `BroadcastMessage` (pipelining).
 *
 * **Drain order** (fixed): SetElectionTimeout, SaveCurrentTerm, SaveVotedFor, AppendLogEntries,
 * BroadcastMessage, SendMessage (ascending destination), InstallSnapshot (ascending destination).
 * Every durable write comes before every message, so nothing is sent that depends on state the
 * node could forget in a crash (Raft Figure 2: "respond to RPCs only after updating stable storage").
 *
 * @module
 */
import { LogEntries, MutableLogEntries, type LogPosition } from './log.js';
import type { AppendEntriesCall, Message } from './message.js';
import type { LogIndex, NodeId } from './types.js';

/**
 * One thing the driver must do.
 *
 * - `SetElectionTimeout`: (re)arm the node's timer. The duration is the driver's choice, by role:
 *   short for a leader (the heartbeat period), randomized and longer otherwise (Raft §5.2). When it
 *   expires, call `handleElectionTimeout()`. A later request replaces the earlier timer.
 * - `SaveCurrentTerm` / `SaveVotedFor`: persist `node.currentTerm()` / `node.votedFor()`.
 * - `AppendLogEntries`: persist `entries` after `entries.prevPosition`, discarding whatever storage
 *   held after that point (an empty list therefore truncates).
 * - `BroadcastMessage`: send `message` to every node of `node.peers()`.
 * - `SendMessage`: send `message` to `to`.
 * - `InstallSnapshot`: ship the node's latest snapshot (state machine, `log().snapshotPosition()`,
 *   `log().snapshotConfig()`) to `to`, which calls `handleSnapshotInstalled` and restores the
 *   state machine only if that returns true.
 */
export type Action =
  | { readonly kind: 'SetElectionTimeout' }
  | { readonly kind: 'SaveCurrentTerm' }
  | { readonly kind: 'SaveVotedFor' }
  | { readonly kind: 'AppendLogEntries'; readonly entries: LogEntries }
  | { readonly kind: 'BroadcastMessage'; readonly message: Message }
  | { readonly kind: 'SendMessage'; readonly to: NodeId; readonly message: Message }
  | { readonly kind: 'InstallSnapshot'; readonly to: NodeId };

/** The kinds of {@link Action}, in drain order. */
export type ActionKind = Action['kind'];

const SET_ELECTION_TIMEOUT: Action = { kind: 'SetElectionTimeout' };
const SAVE_CURRENT_TERM: Action = { kind: 'SaveCurrentTerm' };
const SAVE_VOTED_FOR: Action = { kind: 'SaveVotedFor' };

/** An owned, mutable copy of a message, so merges may extend it in place. */
function own(m: Message): Message {
  return m.kind === 'AppendEntriesCall' ? { ...m, entries: MutableLogEntries.copy(m.entries) } : m;
}

/**
 * Merges `next` into the pending message `pending` for the same destination: the newest message
 * wins, except that two AppendEntriesCalls concatenate when the pending entries contain the new
 * prev position (raftbare's pipelining). 0.1.4 compared unrelated seqnos here and could drop the
 * newer message.
 */
function mergeMessage(pending: Message | undefined, next: Message): Message {
  if (pending?.kind !== 'AppendEntriesCall' || next.kind !== 'AppendEntriesCall') return own(next);
  if (!LogEntries.contains(pending.entries, next.entries.prevPosition)) return own(next);
  MutableLogEntries.appendInPlace(pending.entries as MutableLogEntries, next.entries);
  // pending is owned (see own()): update its header in place instead of copying it.
  const merged = pending as { -readonly [K in keyof AppendEntriesCall]: AppendEntriesCall[K] };
  merged.from = next.from;
  merged.term = next.term;
  merged.seqno = next.seqno;
  merged.commitIndex = next.commitIndex;
  return merged;
}

function insertSorted<T>(list: [NodeId, T][], to: NodeId, value: (old: T | undefined) => T): void {
  let i = 0;
  while (i < list.length && (list[i] as [NodeId, T])[0] < to) i++;
  const slot = list[i];
  if (slot !== undefined && slot[0] === to) slot[1] = value(slot[1]);
  else list.splice(i, 0, [to, value(undefined)]);
}

/**
 * The pending actions of one node: a coalescing set, not a queue. Read it through
 * `node.actions()` (peek) and drain it with {@link Actions.next} or by iterating
 * `node.actionsMut()`.
 */
export class Actions implements IterableIterator<Action> {
  /** A timer (re)start is pending. */
  setElectionTimeout = false;
  /** The current term must be persisted. */
  saveCurrentTerm = false;
  /** The vote must be persisted. */
  saveVotedFor = false;
  /** Entries to persist, merged across calls. */
  appendLogEntries: LogEntries | undefined = undefined;
  /** The message to send to every peer. */
  broadcastMessage: Message | undefined = undefined;
  /** Per-destination messages, ascending by destination. */
  readonly sendMessages: [NodeId, Message][] = [];
  /** Destinations that need a snapshot, ascending. */
  readonly installSnapshots: NodeId[] = [];

  /** True if nothing is pending. */
  isEmpty(): boolean {
    return (
      !this.setElectionTimeout &&
      !this.saveCurrentTerm &&
      !this.saveVotedFor &&
      this.appendLogEntries === undefined &&
      this.broadcastMessage === undefined &&
      this.sendMessages.length === 0 &&
      this.installSnapshots.length === 0
    );
  }

  /** Removes and returns the next action in drain order, or `undefined` when empty. */
  next(): IteratorResult<Action, undefined> {
    const action = this.take();
    return action === undefined ? { done: true, value: undefined } : { done: false, value: action };
  }

  /** Removes and returns the next action in drain order, or `undefined` when empty. */
  take(): Action | undefined {
    if (this.setElectionTimeout) {
      this.setElectionTimeout = false;
      return SET_ELECTION_TIMEOUT;
    }
    if (this.saveCurrentTerm) {
      this.saveCurrentTerm = false;
      return SAVE_CURRENT_TERM;
    }
    if (this.saveVotedFor) {
      this.saveVotedFor = false;
      return SAVE_VOTED_FOR;
    }
    return this.takeData();
  }

  private takeData(): Action | undefined {
    const entries = this.appendLogEntries;
    if (entries !== undefined) {
      this.appendLogEntries = undefined;
      return { kind: 'AppendLogEntries', entries };
    }
    const broadcast = this.broadcastMessage;
    if (broadcast !== undefined) {
      this.broadcastMessage = undefined;
      return { kind: 'BroadcastMessage', message: broadcast };
    }
    const send = this.sendMessages.shift();
    if (send !== undefined) return { kind: 'SendMessage', to: send[0], message: send[1] };
    const to = this.installSnapshots.shift();
    return to === undefined ? undefined : { kind: 'InstallSnapshot', to };
  }

  /** Drains every pending action into an array, in drain order. */
  drain(): Action[] {
    const out: Action[] = [];
    for (let a = this.take(); a !== undefined; a = this.take()) out.push(a);
    return out;
  }

  /** The pending actions in drain order, without removing them. */
  peek(): Action[] {
    const out: Action[] = [];
    if (this.setElectionTimeout) out.push(SET_ELECTION_TIMEOUT);
    if (this.saveCurrentTerm) out.push(SAVE_CURRENT_TERM);
    if (this.saveVotedFor) out.push(SAVE_VOTED_FOR);
    if (this.appendLogEntries !== undefined) out.push({ kind: 'AppendLogEntries', entries: this.appendLogEntries });
    if (this.broadcastMessage !== undefined) out.push({ kind: 'BroadcastMessage', message: this.broadcastMessage });
    for (const [to, message] of this.sendMessages) out.push({ kind: 'SendMessage', to, message });
    for (const to of this.installSnapshots) out.push({ kind: 'InstallSnapshot', to });
    return out;
  }

  /** Iterating drains (like raftbare's `actions_mut()` iterator). */
  [Symbol.iterator](): IterableIterator<Action> {
    return this;
  }

  /** An independent copy (pending entries and messages are copied, since merges extend them). */
  clone(): Actions {
    const copy = new Actions();
    copy.setElectionTimeout = this.setElectionTimeout;
    copy.saveCurrentTerm = this.saveCurrentTerm;
    copy.saveVotedFor = this.saveVotedFor;
    copy.appendLogEntries = this.appendLogEntries === undefined ? undefined : MutableLogEntries.copy(this.appendLogEntries);
    copy.broadcastMessage = this.broadcastMessage === undefined ? undefined : own(this.broadcastMessage);
    for (const [to, message] of this.sendMessages) copy.sendMessages.push([to, own(message)]);
    copy.installSnapshots.push(...this.installSnapshots);
    return copy;
  }

  /** @internal Queues entries to persist after `entries.prevPosition`. */
  queueAppend(entries: LogEntries): void {
    if (this.appendLogEntries === undefined) this.appendLogEntries = MutableLogEntries.copy(entries);
    else MutableLogEntries.appendInPlace(this.appendLogEntries as MutableLogEntries, entries);
  }

  /** @internal Queues a broadcast, merging with the pending one. */
  queueBroadcast(message: Message): void {
    this.broadcastMessage = mergeMessage(this.broadcastMessage, message);
  }

  /** @internal Queues a message to one node, merging with the pending one for it. */
  queueSend(to: NodeId, message: Message): void {
    if (this.sendMessages.length === 0) {
      this.sendMessages.push([to, own(message)]);
      return;
    }
    insertSorted(this.sendMessages, to, (old) => mergeMessage(old, message));
  }

  /** @internal Queues a snapshot transfer (a set: queuing twice is once). */
  queueInstallSnapshot(to: NodeId): void {
    if (this.installSnapshots.includes(to)) return;
    this.installSnapshots.push(to);
    this.installSnapshots.sort((a, b) => a - b);
  }

  /**
   * @internal After a snapshot at `p` was installed. If the log held `p` (`keptEntries`), the
   * pending append keeps only what lies after `p` (storage now starts at `p`), becoming empty at
   * `p` if it ended there (still truncating any stale stored suffix). If the log did not hold `p`,
   * nothing after it survives, so the pending append is dropped. raftbare 0.1.4 dropped the entries
   * after `p` even when the log kept them, so they never reached storage.
   */
  rebaseOnSnapshot(p: LogPosition, keptEntries: boolean): void {
    const pending = this.appendLogEntries;
    if (pending === undefined) return;
    if (!keptEntries) this.appendLogEntries = undefined;
    else if (p.index >= pending.prevPosition.index) this.appendLogEntries = MutableLogEntries.since(pending, p);
  }

  /**
   * @internal The commit index rose after the pending broadcast was built: let it carry the new
   * value (the pending message is owned, so it can change in place).
   */
  raisePendingCommit(commitIndex: LogIndex): void {
    const m = this.broadcastMessage;
    if (m?.kind === 'AppendEntriesCall' && m.commitIndex < commitIndex) (m as { commitIndex: LogIndex }).commitIndex = commitIndex;
  }
}
