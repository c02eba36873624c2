// Smaller rules of the node that a driver or a student can observe (actions, progress, decisions),
// each pinned by one test: what is written to storage and when, what a leader remembers about its
// followers, and what the deliberate core mutations do at their edges.
import { describe, expect, it } from 'vitest';
import { ClusterConfig, Log, LogEntries, Node } from '../../src/raft/index.js';
import { ack, appendCall, decisionsOf, drain, leaderOfThree, logOf, nodeWith, voteCall, voteReply } from './support/unit.js';
import { appendLog, COMMAND, configEntry, id, list, pos, send, t, termEntry, TIMER, voters } from './support/values.js';

describe('votes and terms', () => {
  it('a voter grants a retried request of the candidate it voted for, without saving the vote again (Figure 2: votedFor is candidateId)', () => {
    const voter = nodeWith(1, 1, undefined, logOf('cfg T1'));
    voter.handleMessage(voteCall(0, 2, 1, pos(1, 2)));
    drain(voter);
    voter.handleMessage(voteCall(0, 2, 2, pos(1, 2)));
    expect(voter.votedFor()).toBe(0);
    expect(drain(voter)).toEqual([TIMER, send(0, voteReply(1, 2, 2, true))]);
  });

  it('a higher term persists the term; the vote only if there was one to forget', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1'));
    follower.handleMessage(appendCall(0, 2, 1, 0, LogEntries.empty(pos(1, 2))));
    expect(kindsOf(drain(follower))).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SendMessage']);
  });
});

describe('who campaigns (§6)', () => {
  it('a node added as a non-voter never campaigns, also before its configuration commits', () => {
    const learner = ClusterConfig.of({ voters: [id(0), id(1), id(2)], nonVoters: [id(3)] });
    const node = Node.restart(id(3), t(1), undefined, new Log(ClusterConfig.EMPTY, list(pos(0, 0), configEntry(voters(0, 1, 2)), termEntry(1), configEntry(learner))));
    drain(node);
    node.handleMessage(appendCall(0, 1, 1, 2, LogEntries.empty(pos(1, 3))));
    drain(node);
    expect([node.commitIndex(), node.log().latestConfigIndex()]).toEqual([2, 3]);
    const decisions = decisionsOf(node);
    node.handleElectionTimeout();
    expect(decisions).toEqual([{ kind: 'timeoutIgnored', rule: '§6', reason: 'notVoter' }]);
    expect([node.role(), node.currentTerm()]).toEqual(['Follower', 1]);
  });
});

describe('a leader and its followers', () => {
  it('a configuration change keeps what the leader knows of its followers and adds the new members at zero', () => {
    const leader = leaderOfThree();
    const before = leader.followers()?.get(id(1));
    expect(before).toEqual({ matchIndex: 2, maxSeqno: 2 });
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [id(3)], []));
    expect([...(leader.followers() ?? [])]).toEqual([
      [1, { matchIndex: 2, maxSeqno: 2 }],
      [2, { matchIndex: 0, maxSeqno: 0 }],
      [3, { matchIndex: 0, maxSeqno: 0 }],
    ]);
  });

  it('an up-to-date reply asks for nothing; a repeated one holds no commit back twice', () => {
    // Node 0 leads term 3 over term-1 entries: node 1's reply at 3 cannot commit them (§5.4.2).
    const leader = nodeWith(0, 2, undefined, logOf('cfg T1 cmd'));
    leader.handleElectionTimeout();
    leader.handleMessage(voteReply(1, 3, leader.lastSeqno(), true));
    drain(leader);
    ack(leader, 1, pos(1, 3));
    drain(leader);
    leader.heartbeat();
    drain(leader);
    const decisions = decisionsOf(leader);
    ack(leader, 1, pos(1, 3));
    expect(decisions).toEqual([{ kind: 'replyAccepted', rule: '§5.3', follower: 1, matchIndex: 3 }]);
    leader.heartbeat();
    drain(leader);
    ack(leader, 1, pos(3, 4));
    expect(leader.commitIndex()).toBe(4);
    expect(drain(leader)).toEqual([]);
  });

  it('a lone leader appends, persists and re-arms its timer, with nobody to broadcast to', () => {
    const node = Node.start(id(0));
    node.createCluster([id(0)]);
    drain(node);
    const promise = node.proposeCommand();
    expect(drain(node)).toEqual([TIMER, appendLog(list(pos(1, 2), COMMAND))]);
    expect(promise.poll(node).isAccepted()).toBe(true);
  });

  it('a leader that stepped down after its removal no longer names itself leader', () => {
    const leader = leaderOfThree();
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [], [id(0)]));
    ack(leader, 1, pos(1, 3));
    ack(leader, 2, pos(1, 3));
    leader.heartbeat();
    ack(leader, 1, pos(1, 4));
    ack(leader, 2, pos(1, 4));
    expect([leader.role(), leader.leaderId(), leader.commitIndex()]).toEqual(['Follower', undefined, 4]);
  });
});

describe('snapshots', () => {
  it('a local snapshot below the commit index keeps the commit index', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1 cmd cmd'));
    follower.handleMessage(appendCall(0, 1, 1, 4, LogEntries.empty(pos(1, 4))));
    expect(follower.commitIndex()).toBe(4);
    expect(follower.handleSnapshotInstalled(pos(1, 2), voters(0, 1, 2))).toBe(true);
    expect([follower.log().snapshotPosition(), follower.commitIndex()]).toEqual([pos(1, 2), 4]);
  });
});

describe('core mutations at their edges', () => {
  it('indexOnlyVoteRule grants a log of equal length whatever its last term; a correct node refuses an older last term', () => {
    const call = voteCall(1, 3, 1, pos(1, 3));
    const correct = Node.restart(id(0), t(2), undefined, logOf('cfg T1 T2'));
    correct.handleMessage(call);
    expect(correct.votedFor()).toBeUndefined();
    // Refusing a shorter log, the mutated node gives the §5.4.1 reason like a correct one.
    const shorter = Node.restart(id(0), t(2), undefined, logOf('cfg T1 T2'), { mutations: ['indexOnlyVoteRule'] });
    const decisions = decisionsOf(shorter);
    shorter.handleMessage(voteCall(1, 2, 1, pos(2, 2)));
    expect(decisions).toEqual([
      { kind: 'voteRefused', rule: '§5.4.1', reason: 'logNotUpToDate', candidate: 1, term: 2, votedFor: undefined, ownLast: pos(2, 3), candidateLast: pos(2, 2) },
    ]);
    const mutated = Node.restart(id(0), t(2), undefined, logOf('cfg T1 T2'), { mutations: ['indexOnlyVoteRule'] });
    mutated.handleMessage(call);
    expect(mutated.votedFor()).toBe(1);
  });

  it('truncateOnStaleAppend ignores a call that ends at or inside the snapshot: only entries after the snapshot are compared', () => {
    const node = Node.restart(id(1), t(1), undefined, logOf('cfg T1 cmd cmd cmd cmd'), { mutations: ['truncateOnStaleAppend'] });
    node.handleSnapshotInstalled(pos(1, 5), voters(0, 1, 2));
    drain(node);
    node.handleMessage(appendCall(0, 1, 1, 0, list(pos(1, 3), COMMAND, COMMAND)));
    expect(node.log().lastPosition()).toEqual(pos(1, 6));
    expect(kindsOf(drain(node))).toEqual(['SetElectionTimeout', 'SendMessage']);
  });

  it('truncateOnStaleAppend leaves storage alone when the repeated call ends at the last entry (nothing to drop)', () => {
    const node = Node.restart(id(1), t(1), undefined, logOf('cfg T1 cmd'), { mutations: ['truncateOnStaleAppend'] });
    drain(node);
    node.handleMessage(appendCall(0, 1, 1, 0, list(pos(1, 2), COMMAND)));
    expect(kindsOf(drain(node))).toEqual(['SetElectionTimeout', 'SendMessage']);
    expect(node.log().lastPosition()).toEqual(pos(1, 3));
  });
});

function kindsOf(actions: readonly { kind: string }[]): string[] {
  return actions.map((a) => a.kind);
}
