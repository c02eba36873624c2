/**
 * The four Raft RPC messages (Raft Figure 2) as plain data.
 *
 * Messages survive `structuredClone` and a JSON round trip unchanged (the simulator records and
 * replays them). Every message names its sender, the sender's current term and a seqno: calls carry
 * the sender's own counter, replies echo the seqno of the call they answer.
 *
 * Differences from the paper's wire format, as in raftbare:
 * - `AppendEntriesCall.entries.prevPosition` replaces prevLogIndex/prevLogTerm.
 * - `AppendEntriesReply.lastPosition` (the follower's last position after handling the call)
 *   replaces `success`; it lets the leader jump straight to the follower's position.
 *
 * @module
 */
import type { LogEntries, LogPosition } from './log.js';
import type { LogIndex, MessageSeqNo, NodeId, Term } from './types.js';

/** Fields every message has. */
export interface MessageHeader {
  /** The sender. */
  readonly from: NodeId;
  /** The sender's current term when it built the message. */
  readonly term: Term;
  /** A call's own seqno, or the seqno of the call a reply answers. */
  readonly seqno: MessageSeqNo;
}

/** A candidate asks for a vote (Raft §5.2). */
export interface RequestVoteCall extends MessageHeader {
  readonly kind: 'RequestVoteCall';
  /** The candidate's last log position, for the up-to-date check (§5.4.1). */
  readonly lastPosition: LogPosition;
}

/** The answer to a `RequestVoteCall`; refusals are sent too (Figure 2). */
export interface RequestVoteReply extends MessageHeader {
  readonly kind: 'RequestVoteReply';
  readonly voteGranted: boolean;
}

/** A leader replicates entries, or sends an empty heartbeat (Raft §5.3). */
export interface AppendEntriesCall extends MessageHeader {
  readonly kind: 'AppendEntriesCall';
  /** The leader's commit index. */
  readonly commitIndex: LogIndex;
  /** The entries, positioned after `entries.prevPosition`. */
  readonly entries: LogEntries;
}

/** The answer to an `AppendEntriesCall`, or to a stale one from an older term. */
export interface AppendEntriesReply extends MessageHeader {
  readonly kind: 'AppendEntriesReply';
  /** The follower's last log position after handling the call. */
  readonly lastPosition: LogPosition;
}

/** Any Raft message. */
export type Message = RequestVoteCall | RequestVoteReply | AppendEntriesCall | AppendEntriesReply;

/** The kinds of {@link Message}. */
export type MessageKind = Message['kind'];

/** True for calls (messages that expect a reply). */
export function isCall(m: Message): m is RequestVoteCall | AppendEntriesCall {
  return m.kind === 'RequestVoteCall' || m.kind === 'AppendEntriesCall';
}
