/**
 * raftlab's Raft core: a paper-faithful TypeScript port of raftbare 0.1.4.
 *
 * The core performs no I/O, reads no clock and draws no random number. A {@link Node} changes its
 * memory and queues {@link Action}s; the driver (your code, or raftlab's simulator) executes them.
 *
 * ## The driver's protocol
 *
 * 1. Create each node with `Node.start(id)` (fresh) or `Node.restart(id, term, votedFor, log)` (from
 *    storage). One fresh node calls `createCluster(voterIds)`.
 * 2. After **every** call into a node (`createCluster`, `propose*`, `heartbeat`, `handleMessage`,
 *    `handleElectionTimeout`, `handleSnapshotInstalled`), drain `node.actionsMut()` and execute the
 *    actions in the order given, which puts every durable write before every message:
 *    - `SetElectionTimeout`: restart the node's single timer. Pick the duration by `node.role()`: the
 *      heartbeat period for a leader, a random value in [min, max] election timeout otherwise.
 *    - `SaveCurrentTerm`, `SaveVotedFor`: persist `node.currentTerm()` / `node.votedFor()`.
 *    - `AppendLogEntries(entries)`: persist the entries after `entries.prevPosition`, discarding what
 *      storage held after that point. Finish before sending anything below.
 *    - `BroadcastMessage(m)`: send `m` to every id in `node.peers()`.
 *    - `SendMessage(to, m)`: send `m` to `to`.
 *    - `InstallSnapshot(to)`: ship your state-machine snapshot, `log().snapshotPosition()` and
 *      `log().snapshotConfig()` to `to`; the receiver calls `handleSnapshotInstalled(position,
 *      config)` first and restores the state machine only if it returns true.
 * 3. When the timer fires, call `handleElectionTimeout()`. When a message arrives, call
 *    `handleMessage(m)` (optionally dropping it first if `couldBeDisruptiveRequestVote(m)` holds and the
 *    node heard from its leader within the minimum election timeout: Raft §6).
 * 4. Apply committed entries: everything up to `node.commitIndex()` is committed. Map the position
 *    each `proposeCommand()` returned to your command; `getCommitStatus(position)` or the returned
 *    promise's `poll(node)` tells whether that exact entry committed.
 * 5. To compact, snapshot your state machine at `commitIndex()` and call
 *    `handleSnapshotInstalled(...node.log().getPositionAndConfig(node.commitIndex())!)`.
 *
 * Wrong-role calls (proposing on a follower, ...) return rejected promises; they never throw.
 *
 * @example
 * const node = Node.start(NodeId(0));
 * const created = node.createCluster([NodeId(0), NodeId(1), NodeId(2)]);
 * for (const action of node.actionsMut()) execute(node, action);
 *
 * @module
 */
export { Actions, type Action, type ActionKind } from './action.js';
export { ClusterConfig } from './config.js';
export type { AppendRefusal, Decision, DecisionKind, DecisionObserver, IgnoreReason, ProposalRefusal, VoteRefusal } from './decision.js';
export { Log, LogEntries, LogPosition, type ConfigMark, type LogEntry, type TermMark } from './log.js';
export {
  isCall,
  type AppendEntriesCall,
  type AppendEntriesReply,
  type Message,
  type MessageHeader,
  type MessageKind,
  type RequestVoteCall,
  type RequestVoteReply,
} from './message.js';
export { CORE_MUTATIONS, type CoreMutation, type NodeOptions } from './mutation.js';
export { Node, type FollowerProgress } from './node.js';
export {
  CommitPromise,
  HeartbeatPromise,
  type CommitPromiseState,
  type CommitStatus,
  type HeartbeatPromiseState,
} from './promise.js';
export { hasJointMajority, jointMajorityValue, majorityCount, majorityValue } from './quorum.js';
export { ROLES, type Role } from './role.js';
export { LogIndex, MessageSeqNo, NodeId, Term, type Brand } from './types.js';
