/**
 * Why a node did what it did: structured reasons emitted at the point of decision.
 *
 * Set `node.onDecision` to receive them. Each decision is built only when an observer is set, so
 * an unobserved node pays one `undefined` check per decision point. Every reason names the rule
 * of the Raft paper it applies (`rule`), so a driver can explain an event from the code path that
 * was actually taken rather than re-deriving it.
 *
 * @module
 */
import type { ClusterConfig } from './config.js';
import type { LogPosition } from './log.js';
import type { Message } from './message.js';
import type { Role } from './role.js';
import type { LogIndex, NodeId, Term } from './types.js';

/** Why a message was dropped without any effect. */
export type IgnoreReason =
  /** The node sent it to itself. */
  | 'fromSelf'
  /** A reply from an older term (Raft §5.1: stale information). */
  | 'staleTerm'
  /** A vote reply reached a node that is no longer a candidate. */
  | 'notCandidate'
  /** An AppendEntriesReply reached a node that is not the leader. */
  | 'notLeader'
  /** An AppendEntriesReply from a node outside the leader's configuration. */
  | 'unknownFollower'
  /** An AppendEntriesReply older than one already handled (its seqno is not larger). */
  | 'staleSeqno'
  /** A same-term AppendEntriesCall reached a leader (impossible unless election safety broke). */
  | 'sameTermLeader';

/** Why a vote was refused. */
export type VoteRefusal =
  /** The candidate's term is older than ours (Figure 2, RequestVote rule 1). */
  | 'staleTerm'
  /** We already voted for another node in this term (Figure 2, RequestVote rule 2; §5.2). */
  | 'alreadyVoted'
  /** The candidate's log is less up-to-date than ours (§5.4.1). */
  | 'logNotUpToDate';

/** Why a follower did not append. */
export type AppendRefusal =
  /** The leader's term is older than ours (Figure 2, AppendEntries rule 1). */
  | 'staleTerm'
  /** Our log has no entry at the leader's prev index: a gap (Figure 2, rule 2). */
  | 'gap'
  /** Our entry at the prev index has another term: we truncate from there (Figure 2, rules 2–3). */
  | 'conflict';

/** Why a proposal was rejected. */
export type ProposalRefusal =
  | 'notLeader'
  | 'clusterExists'
  | 'noVoters'
  | 'jointInProgress'
  | 'configNotCommitted'
  | 'votersChanged'
  | 'nonVoterOverlap';

/** A decision, with the paper rule behind it. */
export type Decision =
  | { readonly kind: 'messageIgnored'; readonly rule: string; readonly reason: IgnoreReason; readonly message: Message }
  | { readonly kind: 'termAdvanced'; readonly rule: '§5.1'; readonly from: NodeId; readonly oldTerm: Term; readonly newTerm: Term; readonly oldRole: Role }
  | { readonly kind: 'voteGranted'; readonly rule: '§5.2'; readonly candidate: NodeId; readonly term: Term; readonly ownLast: LogPosition; readonly candidateLast: LogPosition }
  | {
      readonly kind: 'voteRefused';
      readonly rule: string;
      readonly reason: VoteRefusal;
      readonly candidate: NodeId;
      readonly term: Term;
      readonly votedFor: NodeId | undefined;
      readonly ownLast: LogPosition;
      readonly candidateLast: LogPosition;
    }
  | { readonly kind: 'voteReceived'; readonly rule: '§5.2'; readonly voter: NodeId; readonly granted: boolean; readonly votes: readonly NodeId[]; readonly term: Term }
  | { readonly kind: 'electionStarted'; readonly rule: '§5.2'; readonly term: Term }
  | { readonly kind: 'timeoutIgnored'; readonly rule: '§6'; readonly reason: 'notVoter' }
  | { readonly kind: 'becameLeader'; readonly rule: '§5.2'; readonly term: Term; readonly votes: readonly NodeId[] }
  | { readonly kind: 'becameFollower'; readonly rule: '§5.2'; readonly term: Term; readonly leader: NodeId }
  | { readonly kind: 'appendAccepted'; readonly rule: '§5.3'; readonly leader: NodeId; readonly prev: LogPosition; readonly last: LogPosition; readonly written: number }
  | {
      readonly kind: 'appendRejected';
      readonly rule: string;
      readonly reason: AppendRefusal;
      readonly leader: NodeId;
      readonly prev: LogPosition;
      /** Our term at `prev.index` (`undefined` for a gap). */
      readonly localTerm: Term | undefined;
      readonly ownLast: LogPosition;
    }
  | { readonly kind: 'replyAccepted'; readonly rule: '§5.3'; readonly follower: NodeId; readonly matchIndex: LogIndex }
  | {
      readonly kind: 'replyMismatch';
      readonly rule: '§5.3' | '§7';
      readonly follower: NodeId;
      readonly followerLast: LogPosition;
      /** What the leader does about it. */
      readonly next: 'backOff' | 'wait' | 'installSnapshot';
    }
  | {
      readonly kind: 'commitAdvanced';
      readonly rule: '§5.3';
      readonly from: LogIndex;
      readonly to: LogIndex;
      readonly role: Role;
      /** The term of the entry at `to`, and the node's term (equal for a correct leader, §5.4.2). */
      readonly entryTerm: Term;
      readonly currentTerm: Term;
    }
  | {
      readonly kind: 'commitHeld';
      readonly rule: '§5.4.2';
      /** The highest index stored on a majority. */
      readonly index: LogIndex;
      /** The term of that entry: older than the leader's, so counting replicas cannot commit it. */
      readonly entryTerm: Term;
      readonly currentTerm: Term;
    }
  | { readonly kind: 'configFinalized'; readonly rule: '§6'; readonly config: ClusterConfig }
  | { readonly kind: 'steppedDown'; readonly rule: '§6'; readonly reason: 'removedFromConfig' }
  | { readonly kind: 'proposalRejected'; readonly rule: string; readonly reason: ProposalRefusal }
  | { readonly kind: 'snapshotInstalled'; readonly rule: '§7'; readonly position: LogPosition }
  | { readonly kind: 'snapshotRejected'; readonly rule: '§7'; readonly position: LogPosition; readonly reason: 'leader' | 'notInLog' | 'configMismatch' };

/** The kinds of {@link Decision}. */
export type DecisionKind = Decision['kind'];

/** Receives decisions; see `Node.onDecision`. */
export type DecisionObserver = (decision: Decision) => void;
