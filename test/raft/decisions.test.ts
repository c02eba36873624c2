// Every decision point of the core, asserted whole (kind, rule, reason and every field). The
// visualizer shows these to students as "why did that happen?", so a wrong reason or § is a bug.
// The last test checks that this file saw every DecisionKind of src/raft/decision.ts.
import { describe, expect, it } from 'vitest';
import { ClusterConfig, LogEntries, Node, type Decision, type DecisionKind } from '../../src/raft/index.js';
import { ack, appendCall, appendReply, decisionsOf, drain, leaderOfThree, logOf, nodeWith, voteCall, voteReply } from './support/unit.js';
import { commands, id, ix, list, pos, send, termEntry, voters, ZERO } from './support/values.js';

/** Every kind of Decision; the compiler insists the record names each exactly once. */
const ALL_KINDS: Record<DecisionKind, true> = {
  messageIgnored: true,
  termAdvanced: true,
  voteGranted: true,
  voteRefused: true,
  voteReceived: true,
  electionStarted: true,
  timeoutIgnored: true,
  becameLeader: true,
  becameFollower: true,
  appendAccepted: true,
  appendRejected: true,
  replyAccepted: true,
  replyMismatch: true,
  commitAdvanced: true,
  commitHeld: true,
  configFinalized: true,
  steppedDown: true,
  proposalRejected: true,
  snapshotInstalled: true,
  snapshotRejected: true,
};
const seen = new Set<DecisionKind>();

/** The decisions `node` emits during `step`, all of them, in order. */
function during(node: Node, step: (node: Node) => unknown): Decision[] {
  const decisions = decisionsOf(node);
  step(node);
  node.onDecision = undefined;
  for (const d of decisions) seen.add(d.kind);
  return decisions;
}

/** Node 0 leading {0,1,2} in term 3 over a term-1 log `cfg T1 cmd` (no-op T3 at 4), commit 0. */
function leaderOfTermThree(): Node {
  const leader = nodeWith(0, 2, undefined, logOf('cfg T1 cmd'));
  leader.handleElectionTimeout();
  leader.handleMessage(voteReply(1, 3, leader.lastSeqno(), true));
  drain(leader);
  expect([leader.role(), leader.currentTerm(), leader.log().lastPosition(), leader.commitIndex()]).toEqual(['Leader', 3, pos(3, 4), 0]);
  return leader;
}

describe('decisions of an election', () => {
  it('a candidate: electionStarted, voteReceived (refused, granted), becameLeader; then late replies are ignored', () => {
    const node = nodeWith(0, 1, undefined, logOf('cfg T1'));
    expect(during(node, (n) => n.handleElectionTimeout())).toEqual([{ kind: 'electionStarted', rule: '§5.2', term: 2 }]);
    expect(during(node, (n) => n.handleMessage(voteReply(1, 2, 1, false)))).toEqual([
      { kind: 'voteReceived', rule: '§5.2', voter: 1, granted: false, votes: [0], term: 2 },
    ]);
    expect(during(node, (n) => n.handleMessage(voteReply(2, 2, 1, true)))).toEqual([
      { kind: 'voteReceived', rule: '§5.2', voter: 2, granted: true, votes: [0, 2], term: 2 },
      { kind: 'becameLeader', rule: '§5.2', term: 2, votes: [0, 2] },
    ]);
    const late = voteReply(1, 2, 1, true);
    expect(during(node, (n) => n.handleMessage(late))).toEqual([{ kind: 'messageIgnored', rule: '§5.2', reason: 'notCandidate', message: late }]);
  });

  it('votes are listed in ascending id order, whatever order they arrived in', () => {
    const node = nodeWith(4, 1, undefined, logOf('cfg T1', voters(0, 1, 2, 3, 4)));
    node.handleElectionTimeout();
    node.handleMessage(voteReply(3, 2, 1, true));
    expect(during(node, (n) => n.handleMessage(voteReply(1, 2, 1, true)))).toEqual([
      { kind: 'voteReceived', rule: '§5.2', voter: 1, granted: true, votes: [1, 3, 4], term: 2 },
      { kind: 'becameLeader', rule: '§5.2', term: 2, votes: [1, 3, 4] },
    ]);
  });

  it('a candidate ignores a vote reply of an earlier term (§5.1)', () => {
    const node = nodeWith(0, 1, undefined, logOf('cfg T1'));
    node.handleElectionTimeout();
    node.handleElectionTimeout();
    const stale = voteReply(1, 2, 1, true);
    expect(during(node, (n) => n.handleMessage(stale))).toEqual([{ kind: 'messageIgnored', rule: '§5.1', reason: 'staleTerm', message: stale }]);
  });

  it('a voter: termAdvanced, then voteRefused (log, already voted, stale term) and voteGranted, each with its rule', () => {
    const voter = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    expect(during(voter, (n) => n.handleMessage(voteCall(0, 2, 1, pos(1, 2))))).toEqual([
      { kind: 'termAdvanced', rule: '§5.1', from: 0, oldTerm: 1, newTerm: 2, oldRole: 'Follower' },
      { kind: 'voteRefused', rule: '§5.4.1', reason: 'logNotUpToDate', candidate: 0, term: 2, votedFor: undefined, ownLast: pos(1, 3), candidateLast: pos(1, 2) },
    ]);
    expect(during(voter, (n) => n.handleMessage(voteCall(2, 2, 1, pos(1, 3))))).toEqual([
      { kind: 'voteGranted', rule: '§5.2', candidate: 2, term: 2, ownLast: pos(1, 3), candidateLast: pos(1, 3) },
    ]);
    expect(during(voter, (n) => n.handleMessage(voteCall(0, 2, 2, pos(2, 4))))).toEqual([
      { kind: 'voteRefused', rule: '§5.2', reason: 'alreadyVoted', candidate: 0, term: 2, votedFor: 2, ownLast: pos(1, 3), candidateLast: pos(2, 4) },
    ]);
    expect(during(voter, (n) => n.handleMessage(voteCall(0, 1, 3, pos(1, 9))))).toEqual([
      { kind: 'voteRefused', rule: '§5.1', reason: 'staleTerm', candidate: 0, term: 1, votedFor: 2, ownLast: pos(1, 3), candidateLast: pos(1, 9) },
    ]);
  });

  it('a leader deposed by a higher term reports its old role', () => {
    const leader = leaderOfThree();
    expect(during(leader, (n) => n.handleMessage(voteCall(2, 4, 1, pos(0, 1))))).toEqual([
      { kind: 'termAdvanced', rule: '§5.1', from: 2, oldTerm: 1, newTerm: 4, oldRole: 'Leader' },
      { kind: 'voteRefused', rule: '§5.4.1', reason: 'logNotUpToDate', candidate: 2, term: 4, votedFor: undefined, ownLast: pos(1, 2), candidateLast: pos(0, 1) },
    ]);
  });

  it('a node outside every configuration ignores its timeout (§6)', () => {
    expect(during(Node.start(id(5)), (n) => n.handleElectionTimeout())).toEqual([{ kind: 'timeoutIgnored', rule: '§6', reason: 'notVoter' }]);
  });

  it('a message from the node itself is ignored (§5.1)', () => {
    const own = voteCall(0, 9, 1, pos(9, 9));
    expect(during(nodeWith(0, 1, undefined, logOf('cfg T1')), (n) => n.handleMessage(own))).toEqual([
      { kind: 'messageIgnored', rule: '§5.1', reason: 'fromSelf', message: own },
    ]);
  });
});

describe('decisions of a follower receiving AppendEntries', () => {
  it('appendRejected for a stale term, a gap and a conflict; appendAccepted with what it wrote; commitAdvanced', () => {
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    const stale = appendCall(0, 0, 1, 0, LogEntries.empty(ZERO));
    expect(during(node, (n) => n.handleMessage(stale))).toEqual([
      { kind: 'appendRejected', rule: '§5.1', reason: 'staleTerm', leader: 0, prev: ZERO, localTerm: 0, ownLast: pos(1, 3) },
    ]);
    expect(during(node, (n) => n.handleMessage(appendCall(0, 1, 2, 0, list(pos(1, 5), ...commands(1)))))).toEqual([
      { kind: 'appendRejected', rule: '§5.3', reason: 'gap', leader: 0, prev: pos(1, 5), localTerm: undefined, ownLast: pos(1, 3) },
    ]);
    expect(during(node, (n) => n.handleMessage(appendCall(0, 2, 3, 0, list(pos(2, 3), ...commands(1)))))).toEqual([
      { kind: 'termAdvanced', rule: '§5.1', from: 0, oldTerm: 1, newTerm: 2, oldRole: 'Follower' },
      { kind: 'appendRejected', rule: '§5.3', reason: 'conflict', leader: 0, prev: pos(2, 3), localTerm: 1, ownLast: pos(1, 3) },
    ]);
    expect(node.log().lastPosition()).toEqual(pos(1, 2));
    const call = appendCall(0, 2, 4, 2, list(pos(1, 2), termEntry(2), ...commands(1)));
    expect(during(node, (n) => n.handleMessage(call))).toEqual([
      { kind: 'appendAccepted', rule: '§5.3', leader: 0, prev: pos(1, 2), last: pos(2, 4), written: 2 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 0, to: 2, role: 'Follower', entryTerm: 1, currentTerm: 2 },
    ]);
    expect(during(node, (n) => n.handleMessage({ ...call, commitIndex: ix(4) }))).toEqual([
      { kind: 'appendAccepted', rule: '§5.3', leader: 0, prev: pos(1, 2), last: pos(2, 4), written: 0 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 2, to: 4, role: 'Follower', entryTerm: 2, currentTerm: 2 },
    ]);
  });

  it('a candidate hearing its term\'s leader: becameFollower; a leader ignores a same-term call', () => {
    const candidate = nodeWith(2, 1, undefined, logOf('cfg T1'));
    candidate.handleElectionTimeout();
    expect(during(candidate, (n) => n.handleMessage(appendCall(0, 2, 1, 0, LogEntries.empty(pos(1, 2)))))).toEqual([
      { kind: 'becameFollower', rule: '§5.2', term: 2, leader: 0 },
      { kind: 'appendAccepted', rule: '§5.3', leader: 0, prev: pos(1, 2), last: pos(1, 2), written: 0 },
    ]);
    const leader = leaderOfThree();
    const call = appendCall(1, 1, 1, 0, LogEntries.empty(pos(1, 2)));
    expect(during(leader, (n) => n.handleMessage(call))).toEqual([{ kind: 'messageIgnored', rule: '§5.2', reason: 'sameTermLeader', message: call }]);
  });
});

describe('decisions of a leader receiving AppendEntries replies', () => {
  it('messageIgnored: not leader, stale term, unknown follower, stale seqno', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1'));
    const toFollower = appendReply(2, 1, 1, pos(1, 2));
    expect(during(follower, (n) => n.handleMessage(toFollower))).toEqual([{ kind: 'messageIgnored', rule: '§5.3', reason: 'notLeader', message: toFollower }]);

    const leader = leaderOfTermThree();
    const stale = appendReply(2, 2, 1, pos(1, 3));
    expect(during(leader, (n) => n.handleMessage(stale))).toEqual([{ kind: 'messageIgnored', rule: '§5.1', reason: 'staleTerm', message: stale }]);
    const stranger = appendReply(7, 3, 1, pos(3, 4));
    expect(during(leader, (n) => n.handleMessage(stranger))).toEqual([{ kind: 'messageIgnored', rule: '§6', reason: 'unknownFollower', message: stranger }]);
    const fromTheFuture = appendReply(2, 3, leader.lastSeqno() + 1, pos(3, 4));
    expect(during(leader, (n) => n.handleMessage(fromTheFuture))).toEqual([{ kind: 'messageIgnored', rule: '§5.3', reason: 'staleSeqno', message: fromTheFuture }]);
  });

  it('replyAccepted and commitHeld for an older-term majority (§5.4.2); a command changes nothing; commitAdvanced with the no-op', () => {
    const leader = leaderOfTermThree();
    expect(during(leader, (n) => ack(n, 1, pos(1, 3)))).toEqual([
      { kind: 'replyAccepted', rule: '§5.3', follower: 1, matchIndex: 3 },
      { kind: 'commitHeld', rule: '§5.4.2', index: 3, entryTerm: 1, currentTerm: 3 },
    ]);
    // A command cannot move the majority of three voters: no commit attempt, no second commitHeld.
    expect(during(leader, (n) => n.proposeCommand())).toEqual([]);
    expect(during(leader, (n) => ack(n, 1, pos(3, 5)))).toEqual([
      { kind: 'replyAccepted', rule: '§5.3', follower: 1, matchIndex: 5 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 0, to: 5, role: 'Leader', entryTerm: 3, currentTerm: 3 },
    ]);
  });

  it('replyMismatch: back off on a conflicting entry, wait for a stale tail, install a snapshot below the log (§7)', () => {
    const leader = leaderOfTermThree();
    expect(during(leader, (n) => ack(n, 1, pos(2, 3)))).toEqual([
      { kind: 'replyMismatch', rule: '§5.3', follower: 1, followerLast: pos(2, 3), next: 'backOff' },
    ]);
    const backOff = drain(leader);
    expect(backOff).toEqual([send(1, appendCall(0, 3, leader.lastSeqno(), 0, LogEntries.empty(pos(1, 3))))]);

    expect(during(leader, (n) => ack(n, 2, pos(2, 9)))).toEqual([
      { kind: 'replyMismatch', rule: '§5.3', follower: 2, followerLast: pos(2, 9), next: 'wait' },
    ]);
    expect(drain(leader)).toEqual([]);

    ack(leader, 1, pos(3, 4));
    leader.handleSnapshotInstalled(pos(3, 4), voters(0, 1, 2));
    drain(leader);
    leader.heartbeat();
    expect(during(leader, (n) => ack(n, 2, pos(0, 1)))).toEqual([
      { kind: 'replyMismatch', rule: '§7', follower: 2, followerLast: pos(0, 1), next: 'installSnapshot' },
    ]);
    expect(drain(leader)).toEqual([{ kind: 'SetElectionTimeout' }, expect.objectContaining({ kind: 'BroadcastMessage' }), { kind: 'InstallSnapshot', to: 2 }]);
  });
});

describe('decisions of membership changes and proposals', () => {
  it('configFinalized once C_old,new commits, steppedDown once C_new without the leader commits (§6)', () => {
    const leader = leaderOfThree();
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [], [id(0)]));
    drain(leader);
    expect(during(leader, (n) => ack(n, 1, pos(1, 3)))).toEqual([{ kind: 'replyAccepted', rule: '§5.3', follower: 1, matchIndex: 3 }]);
    expect(during(leader, (n) => ack(n, 2, pos(1, 3)))).toEqual([
      { kind: 'replyAccepted', rule: '§5.3', follower: 2, matchIndex: 3 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 2, to: 3, role: 'Leader', entryTerm: 1, currentTerm: 1 },
      { kind: 'configFinalized', rule: '§6', config: voters(1, 2) },
    ]);
    ack(leader, 1, pos(1, 4));
    expect(during(leader, (n) => ack(n, 2, pos(1, 4)))).toEqual([
      { kind: 'replyAccepted', rule: '§5.3', follower: 2, matchIndex: 4 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 3, to: 4, role: 'Leader', entryTerm: 1, currentTerm: 1 },
      { kind: 'steppedDown', rule: '§6', reason: 'removedFromConfig' },
    ]);
    expect(leader.role()).toBe('Follower');
  });

  it('proposalRejected names the refusal: not leader (§5.1 for commands, §6 for configurations), cluster exists, no voters', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1'));
    expect(during(follower, (n) => n.proposeCommand())).toEqual([{ kind: 'proposalRejected', rule: '§5.1', reason: 'notLeader' }]);
    expect(during(follower, (n) => n.proposeConfig(voters(0, 1, 2)))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'notLeader' }]);
    expect(during(follower, (n) => n.createCluster([id(1)]))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'clusterExists' }]);
    expect(during(Node.start(id(0)), (n) => n.createCluster([]))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'noVoters' }]);
  });

  it('proposalRejected for configurations: voters changed, overlapping non-voters, not committed, joint in progress (§6)', () => {
    const leader = leaderOfThree();
    expect(during(leader, (n) => n.proposeConfig(voters(0, 1)))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'votersChanged' }]);
    const overlap = ClusterConfig.of({ voters: [id(0), id(1), id(2)], nonVoters: [id(2)] });
    expect(during(leader, (n) => n.proposeConfig(overlap))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'nonVoterOverlap' }]);
    const learner = ClusterConfig.of({ voters: [id(0), id(1), id(2)], nonVoters: [id(3)] });
    expect(during(leader, (n) => n.proposeConfig(learner))).toEqual([]);
    expect(during(leader, (n) => n.proposeConfig(voters(0, 1, 2)))).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'configNotCommitted' }]);

    const other = leaderOfThree();
    other.proposeConfig(ClusterConfig.toJointConsensus(other.config(), [id(3)], []));
    expect(during(other, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(voters(0, 1, 2), [id(4)], [])))).toEqual([
      { kind: 'proposalRejected', rule: '§6', reason: 'jointInProgress' },
    ]);
  });
});

describe('decisions of snapshots (§7)', () => {
  it('snapshotInstalled from the leader or locally; snapshotRejected on a leader, for a position not in the log, for another configuration', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    expect(during(follower, (n) => n.handleSnapshotInstalled(pos(1, 5), voters(0, 1, 2)))).toEqual([
      { kind: 'snapshotInstalled', rule: '§7', position: pos(1, 5) },
    ]);
    follower.handleMessage(appendCall(0, 1, 1, 7, list(pos(1, 5), ...commands(2))));
    expect(during(follower, (n) => n.handleSnapshotInstalled(pos(2, 6), voters(0, 1, 2)))).toEqual([
      { kind: 'snapshotRejected', rule: '§7', position: pos(2, 6), reason: 'notInLog' },
    ]);
    expect(during(follower, (n) => n.handleSnapshotInstalled(pos(1, 6), voters(0, 1)))).toEqual([
      { kind: 'snapshotRejected', rule: '§7', position: pos(1, 6), reason: 'configMismatch' },
    ]);
    expect(during(follower, (n) => n.handleSnapshotInstalled(pos(1, 6), voters(0, 1, 2)))).toEqual([
      { kind: 'snapshotInstalled', rule: '§7', position: pos(1, 6) },
    ]);
    const leader = leaderOfThree();
    expect(during(leader, (n) => n.handleSnapshotInstalled(pos(1, 9), voters(0, 1, 2)))).toEqual([
      { kind: 'snapshotRejected', rule: '§7', position: pos(1, 9), reason: 'leader' },
    ]);
  });
});

describe('decision coverage', () => {
  it('the tests above saw every kind of Decision', () => {
    expect([...seen].sort()).toEqual(Object.keys(ALL_KINDS).sort());
  });
});
