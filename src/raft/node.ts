/**
 * The Raft node: an I/O-free state machine (raftbare's `Node`).
 *
 * Every method changes memory and queues {@link Action}s; nothing here performs I/O, reads a clock
 * or draws a random number. See `index.ts` (and the README) for the driver's protocol.
 *
 * @module
 */
import { Actions } from './action.js';
import { ClusterConfig } from './config.js';
import type { Decision, DecisionObserver, ProposalRefusal } from './decision.js';
import { Log, LogEntries, LogPosition, type LogEntry } from './log.js';
import type { AppendEntriesCall, AppendEntriesReply, Message, RequestVoteCall, RequestVoteReply } from './message.js';
import { CommitPromise, HeartbeatPromise, type CommitStatus } from './promise.js';
import { hasJointMajority, jointMajorityValue } from './quorum.js';
import { quirksOf, type CoreMutation, type NodeOptions, type Quirks } from './mutation.js';
import type { Role } from './role.js';
import type { LogIndex, MessageSeqNo, NodeId, Term } from './types.js';

/** What a leader knows about one follower. */
export interface FollowerProgress {
  /** The highest index known to be stored on the follower (Raft's matchIndex). */
  readonly matchIndex: LogIndex;
  /** The highest seqno the follower's replies have echoed in this term. */
  readonly maxSeqno: MessageSeqNo;
}

interface MutableProgress {
  matchIndex: LogIndex;
  maxSeqno: MessageSeqNo;
}

/** Role-specific state: leader data cannot exist on a follower. */
type RoleState =
  | { readonly role: 'Follower' }
  | { readonly role: 'Candidate'; readonly granted: Set<NodeId> }
  | { readonly role: 'Leader'; followers: Map<NodeId, MutableProgress> };

const FOLLOWER: RoleState = { role: 'Follower' };
const COMMAND: LogEntry = { kind: 'Command' };

/** Node ids in ascending order (Sets iterate in insertion order). */
function ascending(ids: ReadonlySet<NodeId>): NodeId[] {
  return [...ids].sort((a, b) => a - b);
}

function cloneRole(state: RoleState): RoleState {
  if (state.role === 'Candidate') return { role: 'Candidate', granted: new Set(state.granted) };
  if (state.role === 'Leader') return { role: 'Leader', followers: new Map([...state.followers].map(([id, p]) => [id, { ...p }])) };
  return state;
}

/**
 * A Raft node.
 *
 * Create one with {@link Node.start} (a fresh node) or {@link Node.restart} (from storage). Drive it
 * by calling `handleMessage`, `handleElectionTimeout` and `handleSnapshotInstalled`, and execute
 * its pending actions (`actionsMut()`) after every call, in order.
 */
export class Node {
  /**
   * Receives a structured {@link Decision} at every decision point (vote granted or refused and
   * why, append accepted or rejected, commit advanced or held back, ...). Leave it `undefined` when
   * nobody listens: decisions are then not even built.
   */
  onDecision: DecisionObserver | undefined = undefined;

  private readonly selfId: NodeId;
  private term: Term;
  private vote: NodeId | undefined;
  private leader: NodeId | undefined = undefined;
  private readonly theLog: Log;
  private commit: LogIndex;
  private seqno = 0 as MessageSeqNo;
  private state: RoleState = FOLLOWER;
  private pending = new Actions();
  private readonly quirks: Quirks;
  private peersOf: ClusterConfig | undefined = undefined;
  private peerList: NodeId[] = [];

  private constructor(id: NodeId, term: Term, votedFor: NodeId | undefined, log: Log, quirks: Quirks) {
    this.selfId = id;
    this.quirks = quirks;
    this.term = term;
    this.vote = votedFor;
    this.theLog = log;
    this.commit = log.snapshotPosition().index;
  }

  /**
   * A fresh node: follower, term 0, no vote, empty log and configuration, no pending actions.
   *
   * Notes: a fresh node is not a voter of its (empty) configuration, so it ignores timeouts until it
   * learns a configuration that names it, either by `createCluster` or from a leader.
   * `options.mutations` injects deliberate bugs for demonstrations (see `CoreMutation`).
   * @example const node = Node.start(NodeId(0));
   */
  static start(id: NodeId, options?: NodeOptions): Node {
    return new Node(id, 0 as Term, undefined, Log.empty(), quirksOf(options));
  }

  /**
   * A node rebuilt from its durable state after a crash: follower, commit index at the snapshot
   * index (the commit index is volatile), one `SetElectionTimeout` pending.
   *
   * Preconditions: `currentTerm`, `votedFor` and `log` are what the node last persisted.
   * @example const node = Node.restart(id, storage.term, storage.votedFor, new Log(storage.snapshotConfig, storage.entries));
   */
  static restart(id: NodeId, currentTerm: Term, votedFor: NodeId | undefined, log: Log, options?: NodeOptions): Node {
    const node = new Node(id, currentTerm, votedFor, log, quirksOf(options));
    node.pending.setElectionTimeout = true;
    return node;
  }

  /**
   * An independent deep copy of this node, pending actions included (not the observer). For
   * simulators and model checkers: checkpoints, what-if exploration.
   */
  clone(): Node {
    const copy = new Node(this.selfId, this.term, this.vote, this.theLog.clone(), this.quirks);
    copy.leader = this.leader;
    copy.commit = this.commit;
    copy.seqno = this.seqno;
    copy.state = cloneRole(this.state);
    copy.pending = this.pending.clone();
    return copy;
  }

  /** The mutations this node was created with (empty for a correct node). */
  mutations(): CoreMutation[] {
    return (Object.keys(this.quirks) as CoreMutation[]).filter((m) => this.quirks[m]);
  }

  /** The seqno of the last call this node built. */
  lastSeqno(): MessageSeqNo {
    return this.seqno;
  }

  /** This node's id. */
  id(): NodeId {
    return this.selfId;
  }
  /** The current role. */
  role(): Role {
    return this.state.role;
  }
  /** The current term. */
  currentTerm(): Term {
    return this.term;
  }
  /** The candidate this node voted for in the current term, if any. */
  votedFor(): NodeId | undefined {
    return this.vote;
  }
  /**
   * The leader of the current term as far as this node knows: itself when leading, the sender of
   * the last accepted AppendEntriesCall when following. Volatile; kept apart from `votedFor`
   * (raftbare stored it in `votedFor`, which made followers ignore a leader they did not vote for).
   */
  leaderId(): NodeId | undefined {
    return this.leader;
  }
  /** The log. Treat as read-only. */
  log(): Log {
    return this.theLog;
  }
  /** The highest index known to be committed. */
  commitIndex(): LogIndex {
    return this.commit;
  }
  /** The latest configuration in the log, uncommitted entries included (Raft §6). */
  config(): ClusterConfig {
    return this.theLog.latestConfig();
  }
  /** Every member of the latest configuration except this node, ascending. */
  peers(): readonly NodeId[] {
    const config = this.theLog.latestConfig();
    if (config !== this.peersOf) {
      this.peersOf = config;
      this.peerList = ClusterConfig.uniqueNodes(config).filter((id) => id !== this.selfId);
    }
    return this.peerList;
  }
  /** The pending actions, to inspect (`peek()`, `isEmpty()`); draining them is `actionsMut()`'s job. */
  actions(): Readonly<Actions> {
    return this.pending;
  }
  /** The pending actions, to drain: iterate, or call `take()` until it returns `undefined`. */
  actionsMut(): Actions {
    return this.pending;
  }
  /**
   * While a candidate: the voters that granted this node their vote in the current term, itself
   * included, ascending (a fresh array). Empty in any other role: a leader's election is over and a
   * follower is not counting votes. Like raftbare's state accessors it only reads; it is what a
   * driver or a visualizer shows next to a candidate ("2 of 3 votes").
   * @example if (node.role() === 'Candidate') console.log(`${node.votesGranted().length} votes so far`);
   */
  votesGranted(): readonly NodeId[] {
    return this.state.role === 'Candidate' ? ascending(this.state.granted) : [];
  }
  /** The leader's view of each follower, or `undefined` when not leader. */
  followers(): ReadonlyMap<NodeId, FollowerProgress> | undefined {
    return this.state.role === 'Leader' ? this.state.followers : undefined;
  }

  /**
   * Creates a cluster of `initialVoters` from this fresh node: appends the configuration at
   * (t0, i1) and starts an election (a solo voter becomes leader at once).
   *
   * Preconditions: the log is empty and no configuration is known; `initialVoters` is non-empty.
   * Otherwise the promise is rejected. Include this node in `initialVoters`.
   * @example const promise = Node.start(NodeId(0)).createCluster([NodeId(0), NodeId(1), NodeId(2)]);
   */
  createCluster(initialVoters: readonly NodeId[]): CommitPromise {
    if (!LogPosition.equals(this.theLog.lastPosition(), LogPosition.ZERO) || this.config().voters.length > 0) {
      return this.rejectProposal('clusterExists', '§6');
    }
    if (initialVoters.length === 0) return this.rejectProposal('noVoters', '§6');
    this.appendOwn({ kind: 'ClusterConfig', config: ClusterConfig.of({ voters: initialVoters }) });
    this.toCandidate();
    return CommitPromise.pending(this.theLog.lastPosition());
  }

  /**
   * Proposes a command (leader only); the returned promise names its position.
   *
   * Notes: proposals made before the actions are drained merge into one append and one broadcast.
   * Rejected at once when not leader.
   * @example const promise = leader.proposeCommand(); payloads.set(promise.logPosition().index, cmd);
   */
  proposeCommand(): CommitPromise {
    if (this.state.role !== 'Leader') return this.rejectProposal('notLeader', '§5.1');
    return CommitPromise.pending(this.propose(COMMAND));
  }

  /**
   * Proposes a configuration change (leader only, Raft §6).
   *
   * Preconditions (else rejected): leader; the latest configuration is committed and not joint;
   * `newConfig.voters` equals the current voters (change voters through a joint configuration made
   * by `ClusterConfig.toJointConsensus`; non-voters may change directly); non-voters are disjoint
   * from voters and new voters.
   *
   * Notes: a joint configuration is finalized by the leader itself once it commits. Add new nodes as
   * non-voters first and promote them once they caught up, so a slow newcomer does not stall commits.
   * @example leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [NodeId(3)], []));
   */
  proposeConfig(newConfig: ClusterConfig): CommitPromise {
    const refusal = this.configRefusal(newConfig);
    if (refusal !== undefined) return this.rejectProposal(refusal, '§6');
    return CommitPromise.pending(this.propose({ kind: 'ClusterConfig', config: ClusterConfig.of(newConfig) }));
  }

  /**
   * Sends an empty AppendEntriesCall to every follower now (leader only). The promise is accepted
   * once a majority answered a call made at or after this one in the same term.
   * @example const read = leader.heartbeat(); // later: if (read.poll(leader).isAccepted()) serveRead();
   */
  heartbeat(): HeartbeatPromise {
    if (this.state.role !== 'Leader') return HeartbeatPromise.rejected();
    if (this.state.followers.size > 0) {
      this.pending.queueBroadcast(this.appendCall(LogEntries.empty(this.theLog.lastPosition())));
    } else {
      this.seqno = (this.seqno + 1) as MessageSeqNo;
    }
    this.pending.setElectionTimeout = true;
    return HeartbeatPromise.pending(this.term, this.seqno);
  }

  /**
   * The driver calls this when the timer requested by `SetElectionTimeout` expires: a leader sends
   * heartbeats, a follower or candidate starts an election (Raft §5.2), a non-voter does nothing.
   */
  handleElectionTimeout(): void {
    if (this.state.role === 'Leader') this.heartbeat();
    else this.toCandidate();
  }

  /**
   * Handles a message from another node.
   *
   * Notes: messages from this node itself are ignored. See also
   * {@link Node.couldBeDisruptiveRequestVote}, a filter the driver applies before calling this.
   */
  handleMessage(msg: Message): void {
    if (msg.from === this.selfId) {
      this.onDecision?.({ kind: 'messageIgnored', rule: '§5.1', reason: 'fromSelf', message: msg });
      return;
    }
    if (msg.term > this.term) this.advanceTerm(msg);
    switch (msg.kind) {
      case 'RequestVoteCall':
        return this.handleRequestVoteCall(msg);
      case 'RequestVoteReply':
        return this.handleRequestVoteReply(msg);
      case 'AppendEntriesCall':
        return this.handleAppendEntriesCall(msg);
      case 'AppendEntriesReply':
        return this.handleAppendEntriesReply(msg);
    }
  }

  /**
   * The Raft §6 guard against disruptive servers, as a predicate the driver applies with its own
   * clock (the core has none). True for a higher-term RequestVoteCall reaching a leader, or a
   * follower that knows the current leader. The driver should drop such a message if this node
   * heard from its leader less than the minimum election timeout ago (a leader always has). Then a
   * removed server that keeps campaigning cannot depose a healthy leader, and no election stalls:
   * once the leader is silent for the minimum timeout, requests are processed again.
   * @example if (node.couldBeDisruptiveRequestVote(m) && now - lastHeardFromLeader[n] < minElectionTimeout) drop(m);
   */
  couldBeDisruptiveRequestVote(msg: Message): boolean {
    if (msg.kind !== 'RequestVoteCall' || msg.from === this.selfId || msg.term <= this.term) return false;
    return this.state.role === 'Leader' || (this.state.role === 'Follower' && this.leader !== undefined);
  }

  /**
   * Installs a snapshot at `position` with the configuration in force there, either received from
   * the leader (`position.index > commitIndex`, not leader) or taken locally (the log contains
   * `position` and `config` is the configuration there). Returns false, changing nothing, otherwise.
   *
   * Notes: entries after `position` are kept if the log contains it, both in memory and in the
   * pending append; the commit index rises to `position.index` (both fixes over raftbare 0.1.4).
   * @example const [p, c] = node.log().getPositionAndConfig(node.commitIndex())!; node.handleSnapshotInstalled(p, c);
   */
  handleSnapshotInstalled(position: LogPosition, config: ClusterConfig): boolean {
    const refusal = this.snapshotRefusal(position, config);
    if (refusal !== undefined) {
      this.onDecision?.({ kind: 'snapshotRejected', rule: '§7', position, reason: refusal });
      return false;
    }
    const after = this.theLog.contains(position) ? LogEntries.since(this.theLog.entries(), position) : undefined;
    this.theLog.replace(config, after ?? LogEntries.empty(position));
    this.pending.rebaseOnSnapshot(position, after !== undefined);
    if (position.index > this.commit) this.commit = position.index;
    this.onDecision?.({ kind: 'snapshotInstalled', rule: '§7', position });
    return true;
  }

  /**
   * What this node knows of the entry proposed at `position`; see {@link CommitStatus}.
   *
   * Notes: below the snapshot the answer is still exact when the snapshot's term settles it (a
   * snapshot of term T holds every term-T entry below it and no newer one); only older-term
   * positions are `Unknown`.
   */
  getCommitStatus(position: LogPosition): CommitStatus {
    const snapshot = this.theLog.snapshotPosition();
    if (position.index < snapshot.index) {
      if (position.term === snapshot.term) return 'Committed';
      return position.term > snapshot.term ? 'Rejected' : 'Unknown';
    }
    if (position.index <= this.commit) return this.theLog.contains(position) ? 'Committed' : 'Rejected';
    const termAtCommit = this.theLog.getTerm(this.commit) ?? 0;
    return termAtCommit > position.term ? 'Rejected' : 'InProgress';
  }

  /**
   * The highest seqno that a majority (of every voter set, this leader included) has answered in
   * this term; 0 unless leader. Used by `HeartbeatPromise`.
   */
  acknowledgedSeqno(): MessageSeqNo {
    if (this.state.role !== 'Leader') return 0 as MessageSeqNo;
    const followers = this.state.followers;
    return jointMajorityValue(this.config(), (id) =>
      id === this.selfId ? this.seqno : (followers.get(id)?.maxSeqno ?? 0),
    ) as MessageSeqNo;
  }

  // ---- RequestVote -------------------------------------------------------------------------

  private handleRequestVoteCall(msg: RequestVoteCall): void {
    const refusal = this.voteRefusal(msg);
    if (refusal !== undefined) {
      this.onDecision?.(this.voteRefusedDecision(msg, refusal));
      this.pending.queueSend(msg.from, this.voteReply(msg, false));
      return;
    }
    if (this.vote === undefined) {
      this.vote = msg.from;
      this.pending.saveVotedFor = true;
    }
    this.onDecision?.({
      kind: 'voteGranted',
      rule: '§5.2',
      candidate: msg.from,
      term: this.term,
      ownLast: this.theLog.lastPosition(),
      candidateLast: msg.lastPosition,
    });
    this.pending.queueSend(msg.from, this.voteReply(msg, true));
    // [NOTE] Figure 2 (Followers): granting a vote resets the election timer.
    this.pending.setElectionTimeout = true;
  }

  private voteRefusal(msg: RequestVoteCall): 'staleTerm' | 'alreadyVoted' | 'logNotUpToDate' | undefined {
    if (msg.term < this.term) return 'staleTerm';
    if (this.vote !== undefined && this.vote !== msg.from) return 'alreadyVoted';
    // [NOTE] Raft §5.4.1: compare last terms first, then last indices. raftbare compared indices
    // only, so a long stale tail could win an election and overwrite committed entries.
    const own = this.theLog.lastPosition();
    if (this.quirks.indexOnlyVoteRule) return msg.lastPosition.index < own.index ? 'logNotUpToDate' : undefined;
    if (LogPosition.compare(msg.lastPosition, own) < 0) return 'logNotUpToDate';
    return undefined;
  }

  private voteRefusedDecision(msg: RequestVoteCall, reason: 'staleTerm' | 'alreadyVoted' | 'logNotUpToDate'): Decision {
    const rule = reason === 'logNotUpToDate' ? '§5.4.1' : reason === 'alreadyVoted' ? '§5.2' : '§5.1';
    return {
      kind: 'voteRefused',
      rule,
      reason,
      candidate: msg.from,
      term: msg.term,
      votedFor: this.vote,
      ownLast: this.theLog.lastPosition(),
      candidateLast: msg.lastPosition,
    };
  }

  private voteReply(msg: RequestVoteCall, voteGranted: boolean): RequestVoteReply {
    return { kind: 'RequestVoteReply', from: this.selfId, term: this.term, seqno: msg.seqno, voteGranted };
  }

  private handleRequestVoteReply(msg: RequestVoteReply): void {
    if (this.state.role !== 'Candidate') return this.ignore(msg, 'notCandidate', '§5.2');
    if (msg.term < this.term) return this.ignore(msg, 'staleTerm', '§5.1');
    const granted = this.state.granted;
    if (msg.voteGranted) granted.add(msg.from);
    this.onDecision?.({ kind: 'voteReceived', rule: '§5.2', voter: msg.from, granted: msg.voteGranted, votes: ascending(granted), term: this.term });
    if (msg.voteGranted && hasJointMajority(this.config(), granted)) this.toLeader(granted);
  }

  // ---- AppendEntries (follower side) -------------------------------------------------------

  private handleAppendEntriesCall(msg: AppendEntriesCall): void {
    if (msg.term < this.term) {
      // [NOTE] Figure 2, AppendEntries rule 1: reply with our term so the stale leader steps down.
      this.onDecision?.(this.appendRejected(msg, 'staleTerm', '§5.1'));
      // The refusal answers no call of our term, so it echoes seqno 0: a leader that has since
      // restarted (its seqnos start again at 0) and reached our term must not take it as an answer.
      this.pending.queueSend(msg.from, this.appendReply(msg, 0 as MessageSeqNo));
      return;
    }
    if (this.state.role === 'Leader') return this.ignore(msg, 'sameTermLeader', '§5.2');
    if (this.state.role === 'Candidate') {
      // [NOTE] Raft §5.2: a candidate that hears from a leader of its own term becomes a follower.
      this.state = FOLLOWER;
      this.onDecision?.({ kind: 'becameFollower', rule: '§5.2', term: this.term, leader: msg.from });
    }
    this.leader = msg.from;
    this.appendFromLeader(msg);
    this.pending.queueSend(msg.from, this.appendReply(msg));
    // [NOTE] Figure 2 (Followers): hearing from the current leader resets the election timer.
    this.pending.setElectionTimeout = true;
  }

  private appendFromLeader(msg: AppendEntriesCall): void {
    const entries = this.clipToSnapshot(msg.entries);
    if (entries === undefined || this.theLog.contains(entries.lastPosition)) {
      // Everything the call carries is already here (a duplicate or reordered call): keep any
      // entries after it (Figure 2 rule 3 deletes only on a conflict) and adopt its commit.
      if (entries !== undefined && this.quirks.truncateOnStaleAppend) this.truncateTo(entries.lastPosition.index);
      this.onDecision?.(this.appendAccepted(msg, 0));
      this.adoptLeaderCommit(msg, (entries ?? msg.entries).lastPosition.index);
      return;
    }
    const prev = entries.prevPosition;
    if (!this.theLog.contains(prev)) return this.rejectAppend(msg, prev);
    // Fast path: the call starts exactly at our last entry, so nothing is shared or conflicting.
    const toWrite = LogPosition.equals(prev, this.theLog.lastPosition()) ? entries : LogEntries.stripCommonPrefix(entries, this.theLog.entries());
    this.theLog.append(toWrite);
    this.pending.queueAppend(toWrite);
    this.onDecision?.(this.appendAccepted(msg, LogEntries.len(toWrite)));
    this.adoptLeaderCommit(msg, entries.lastPosition.index);
  }

  /**
   * The part of `entries` at or after our snapshot point; entries below it are committed and
   * already applied. `undefined` when the call lies entirely inside the snapshot.
   */
  private clipToSnapshot(entries: LogEntries): LogEntries | undefined {
    const snapshot = this.theLog.snapshotPosition();
    if (entries.prevPosition.index >= snapshot.index) return entries;
    if (entries.lastPosition.index <= snapshot.index) return undefined;
    return LogEntries.since(entries, snapshot) ?? entries;
  }

  private rejectAppend(msg: AppendEntriesCall, prev: LogPosition): void {
    const localTerm = this.theLog.getTerm(prev.index);
    if (localTerm === undefined) {
      this.onDecision?.(this.appendRejected(msg, 'gap', '§5.3'));
      return;
    }
    this.onDecision?.(this.appendRejected(msg, 'conflict', '§5.3'));
    // [NOTE] Figure 2, AppendEntries rule 3: an existing entry conflicts with the leader's, so
    // delete it and all that follow. The truncation is queued as an empty append, so storage
    // mirrors memory (raftbare left it unpersisted until the next append).
    this.truncateTo(Math.max(prev.index - 1, this.theLog.snapshotPosition().index));
  }

  private truncateTo(index: number): void {
    if (index >= this.theLog.lastPosition().index) return;
    this.theLog.truncate(index);
    this.pending.queueAppend(LogEntries.empty(this.theLog.lastPosition()));
  }

  private adoptLeaderCommit(msg: AppendEntriesCall, lastNewIndex: LogIndex): void {
    // [NOTE] Figure 2, AppendEntries rule 5: commitIndex = min(leaderCommit, index of last new entry).
    const target = Math.min(msg.commitIndex, lastNewIndex) as LogIndex;
    if (target > this.commit) this.setCommit(target);
  }

  private appendReply(msg: AppendEntriesCall, seqno: MessageSeqNo = msg.seqno): AppendEntriesReply {
    return { kind: 'AppendEntriesReply', from: this.selfId, term: this.term, seqno, lastPosition: this.theLog.lastPosition() };
  }

  private appendAccepted(msg: AppendEntriesCall, written: number): Decision {
    return { kind: 'appendAccepted', rule: '§5.3', leader: msg.from, prev: msg.entries.prevPosition, last: msg.entries.lastPosition, written };
  }

  private appendRejected(msg: AppendEntriesCall, reason: 'staleTerm' | 'gap' | 'conflict', rule: string): Decision {
    const prev = msg.entries.prevPosition;
    const ownLast = this.theLog.lastPosition();
    return { kind: 'appendRejected', rule, reason, leader: msg.from, prev, localTerm: this.theLog.getTerm(prev.index), ownLast };
  }

  // ---- AppendEntries (leader side) ---------------------------------------------------------

  private handleAppendEntriesReply(msg: AppendEntriesReply): void {
    if (this.state.role !== 'Leader') return this.ignore(msg, 'notLeader', '§5.3');
    if (msg.term < this.term) return this.ignore(msg, 'staleTerm', '§5.1');
    const follower = this.state.followers.get(msg.from);
    if (follower === undefined) return this.ignore(msg, 'unknownFollower', '§6');
    // Not newer than an answer already handled, or not answering a call of this incarnation.
    if (msg.seqno <= follower.maxSeqno || msg.seqno > this.seqno) return this.ignore(msg, 'staleSeqno', '§5.3');
    follower.maxSeqno = msg.seqno;
    const last = msg.lastPosition;
    if (!this.theLog.contains(last)) return this.handleMismatch(msg.from, last);
    const upToDate = last.index === this.theLog.lastPosition().index;
    this.updateMatchIndex(msg.from, follower, last.index);
    // The commit may have finalized a configuration without this node, which then stepped down.
    if (!upToDate && this.state.role === 'Leader') this.sendSince(msg.from, last);
  }

  private updateMatchIndex(id: NodeId, follower: MutableProgress, index: LogIndex): void {
    // A fresher reply below matchIndex means the follower lost entries (storage repair): lowering
    // matchIndex is always safe, raising it on stale information would not be.
    const rose = index > follower.matchIndex;
    follower.matchIndex = index;
    this.onDecision?.({ kind: 'replyAccepted', rule: '§5.3', follower: id, matchIndex: index });
    if (rose && index > this.commit) this.updateCommitIndex();
  }

  private handleMismatch(id: NodeId, followerLast: LogPosition): void {
    const term = this.theLog.getTerm(followerLast.index);
    if (term !== undefined) {
      // Our entry at the follower's last index has another term: make it drop that entry.
      this.onDecision?.({ kind: 'replyMismatch', rule: '§5.3', follower: id, followerLast, next: 'backOff' });
      this.pending.queueSend(id, this.appendCall(LogEntries.empty({ term, index: followerLast.index })));
    } else if (followerLast.index > this.theLog.lastPosition().index) {
      // The follower holds a stale tail beyond our log: the next AppendEntries truncates it.
      this.onDecision?.({ kind: 'replyMismatch', rule: '§5.3', follower: id, followerLast, next: 'wait' });
    } else {
      // [NOTE] Raft §7: what the follower needs was compacted away; send a snapshot.
      this.onDecision?.({ kind: 'replyMismatch', rule: '§7', follower: id, followerLast, next: 'installSnapshot' });
      this.pending.queueInstallSnapshot(id);
    }
  }

  private sendSince(id: NodeId, followerLast: LogPosition): void {
    const entries = LogEntries.since(this.theLog.entries(), followerLast) as LogEntries;
    this.pending.queueSend(id, this.appendCall(entries));
  }

  private appendCall(entries: LogEntries): AppendEntriesCall {
    this.seqno = (this.seqno + 1) as MessageSeqNo;
    return { kind: 'AppendEntriesCall', from: this.selfId, term: this.term, seqno: this.seqno, commitIndex: this.commit, entries };
  }

  // ---- Commit -------------------------------------------------------------------------------

  private updateCommitIndex(): void {
    if (this.state.role !== 'Leader') return;
    const followers = this.state.followers;
    const lastIndex = this.theLog.lastPosition().index;
    const index = jointMajorityValue(this.config(), (id) => (id === this.selfId ? lastIndex : (followers.get(id)?.matchIndex ?? 0))) as LogIndex;
    if (index <= this.commit) return;
    const entryTerm = this.theLog.getTerm(index) as Term;
    if (entryTerm !== this.term && !this.quirks.commitOldTermByCounting) {
      // [NOTE] Raft §5.4.2 (Figure 8): a leader never commits an entry of an older term by counting
      // replicas; it commits its own no-op, and the older entries with it.
      this.onDecision?.({ kind: 'commitHeld', rule: '§5.4.2', index, entryTerm, currentTerm: this.term });
      return;
    }
    this.setCommit(index);
    if (index >= this.theLog.latestConfigIndex()) this.onConfigCommitted();
  }

  private setCommit(index: LogIndex): void {
    this.onDecision?.({
      kind: 'commitAdvanced',
      rule: '§5.3',
      from: this.commit,
      to: index,
      role: this.state.role,
      entryTerm: this.theLog.getTerm(index) ?? this.term,
      currentTerm: this.term,
    });
    this.commit = index;
  }

  private onConfigCommitted(): void {
    const config = this.config();
    if (ClusterConfig.isJointConsensus(config)) {
      // [NOTE] Raft §6: once C_old,new is committed the leader proposes C_new.
      const final = ClusterConfig.toFinal(config);
      this.onDecision?.({ kind: 'configFinalized', rule: '§6', config: final });
      this.propose({ kind: 'ClusterConfig', config: final });
    } else if (!config.voters.includes(this.selfId)) {
      // [NOTE] Raft §6: a leader that is not part of C_new steps down once C_new is committed.
      this.onDecision?.({ kind: 'steppedDown', rule: '§6', reason: 'removedFromConfig' });
      this.leader = undefined;
      this.becomeFollower();
    }
  }

  // ---- Transitions --------------------------------------------------------------------------

  private advanceTerm(msg: Message): void {
    this.onDecision?.({ kind: 'termAdvanced', rule: '§5.1', from: msg.from, oldTerm: this.term, newTerm: msg.term, oldRole: this.state.role });
    this.term = msg.term;
    this.pending.saveCurrentTerm = true;
    if (this.vote !== undefined) {
      this.vote = undefined;
      this.pending.saveVotedFor = true;
    }
    this.leader = undefined;
    // [NOTE] Figure 2 (All Servers): a higher term makes any node a follower. Only a role change
    // asks for a timer: a follower keeps its running timer (Figure 2 resets it only on hearing
    // from the leader or granting a vote), so a stale candidate cannot keep everyone waiting.
    if (this.state.role !== 'Follower') this.becomeFollower();
  }

  private becomeFollower(): void {
    this.state = FOLLOWER;
    this.pending.setElectionTimeout = true;
  }

  private toCandidate(): void {
    const config = this.config();
    if (!this.mayCampaign(config)) {
      this.onDecision?.({ kind: 'timeoutIgnored', rule: '§6', reason: 'notVoter' });
      return;
    }
    this.term = (this.term + 1) as Term;
    this.vote = this.selfId;
    this.leader = undefined;
    this.pending.saveCurrentTerm = true;
    this.pending.saveVotedFor = true;
    this.onDecision?.({ kind: 'electionStarted', rule: '§5.2', term: this.term });
    const granted = new Set([this.selfId]);
    if (hasJointMajority(config, granted)) return this.toLeader(granted);
    this.state = { role: 'Candidate', granted };
    this.seqno = (this.seqno + 1) as MessageSeqNo;
    const lastPosition = this.theLog.lastPosition();
    this.pending.queueBroadcast({ kind: 'RequestVoteCall', from: this.selfId, term: this.term, seqno: this.seqno, lastPosition });
    this.pending.setElectionTimeout = true;
  }

  /**
   * A voter of the latest configuration campaigns. So does a voter of the committed configuration
   * that the latest, still uncommitted one leaves out.
   *
   * [NOTE] Ongaro's thesis §4.2.2: a server that is not part of its own latest configuration should
   * still start elections, since it may be needed until that configuration is committed; it does
   * not count its own vote (`hasJointMajority` only counts members). raftbare never let such a
   * node campaign: a leader removing itself that was deposed before its final configuration reached
   * the others could hold the only log able to win, and refuse to campaign, forever.
   */
  private mayCampaign(latest: ClusterConfig): boolean {
    if (ClusterConfig.isVoter(latest, this.selfId)) return true;
    if (this.theLog.latestConfigIndex() <= this.commit) return false;
    const committed = this.theLog.getConfig(this.commit);
    return committed !== undefined && ClusterConfig.isVoter(committed, this.selfId);
  }

  private toLeader(granted: ReadonlySet<NodeId>): void {
    this.onDecision?.({ kind: 'becameLeader', rule: '§5.2', term: this.term, votes: ascending(granted) });
    this.state = { role: 'Leader', followers: new Map() };
    this.leader = this.selfId;
    this.syncFollowers();
    // [NOTE] Raft §5.4.2 / §8: the new leader appends a no-op of its own term; committing it
    // commits every earlier entry. raftbare's Term entry doubles as the compact log's term mark.
    this.propose({ kind: 'Term', term: this.term });
  }

  /** Keeps one progress record per member of the latest configuration (existing ones survive). */
  private syncFollowers(): void {
    if (this.state.role !== 'Leader') return;
    const old = this.state.followers;
    const next = new Map<NodeId, MutableProgress>();
    for (const id of this.peers()) next.set(id, old.get(id) ?? { matchIndex: 0 as LogIndex, maxSeqno: 0 as MessageSeqNo });
    this.state.followers = next;
  }

  private propose(entry: LogEntry): LogPosition {
    const appended = this.appendOwn(entry);
    if (entry.kind === 'ClusterConfig') this.syncFollowers();
    // Broadcast before trying to commit: a commit may finalize a joint configuration, proposing
    // again, and that inner broadcast must extend this one, not replace it.
    if (this.state.role === 'Leader' && this.state.followers.size > 0) {
      this.pending.queueBroadcast(this.appendCall(appended));
    }
    this.pending.setElectionTimeout = true;
    // An append may commit when the leader is (or just became) the only voter, or when a new
    // configuration changes the majorities. A command can do neither with two or more voters in
    // each set: every matchIndex is at most the leader's old last index, so raising the leader's
    // own value (the largest) moves no k-th largest value for k >= 2.
    const config = this.config();
    if (entry.kind !== 'Command' || (config.voters.length <= 1 && config.newVoters.length <= 1)) {
      const before = this.commit;
      this.updateCommitIndex();
      if (this.commit > before) this.pending.raisePendingCommit(this.commit);
    }
    return appended.lastPosition;
  }

  /** Appends `entry` to the own log and queues its write; returns the one-entry list it wrote. */
  private appendOwn(entry: LogEntry): LogEntries {
    const prev = this.theLog.lastPosition();
    this.theLog.push(entry);
    const last = this.theLog.lastPosition();
    const marks = entry.kind === 'Term' ? [[last.index, entry.term] as const] : [];
    const configs = entry.kind === 'ClusterConfig' ? [[last.index, entry.config] as const] : [];
    const appended: LogEntries = { prevPosition: prev, lastPosition: last, terms: marks, configs };
    this.pending.queueAppend(appended);
    return appended;
  }

  // ---- Helpers -------------------------------------------------------------------------------

  private configRefusal(newConfig: ClusterConfig): ProposalRefusal | undefined {
    if (this.state.role !== 'Leader') return 'notLeader';
    const current = this.config();
    if (ClusterConfig.isJointConsensus(current)) return 'jointInProgress';
    // One change at a time: the previous configuration must be committed first.
    if (this.theLog.latestConfigIndex() > this.commit) return 'configNotCommitted';
    const normalized = ClusterConfig.of(newConfig);
    if (!ClusterConfig.sameVoters(normalized, current)) return 'votersChanged';
    if (ClusterConfig.hasOverlappingNonVoters(normalized)) return 'nonVoterOverlap';
    return undefined;
  }

  private snapshotRefusal(position: LogPosition, config: ClusterConfig): 'leader' | 'notInLog' | 'configMismatch' | undefined {
    if (position.index > this.commit) return this.state.role === 'Leader' ? 'leader' : undefined;
    if (!this.theLog.contains(position)) return 'notInLog';
    const inForce = this.theLog.getConfig(position.index);
    return inForce !== undefined && ClusterConfig.equals(inForce, config) ? undefined : 'configMismatch';
  }

  private rejectProposal(reason: ProposalRefusal, rule: string): CommitPromise {
    this.onDecision?.({ kind: 'proposalRejected', rule, reason });
    return CommitPromise.rejected();
  }

  private ignore(message: Message, reason: Extract<Decision, { kind: 'messageIgnored' }>['reason'], rule: string): void {
    this.onDecision?.({ kind: 'messageIgnored', rule, reason, message });
  }
}
