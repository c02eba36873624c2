// The Raft behaviours that mutation testing found unpinned (issue 9), one test each, written from
// the paper and raftbare's contract. Each title says the rule; each test fails when the rule's line
// in src/raft/node.ts is mutated (the README's "Mutation testing" section says how to check).
import { describe, expect, it } from 'vitest';
import { ClusterConfig, Log, LogEntries, Node, type Action } from '../../src/raft/index.js';
import { ack, appendCall, appendReply, decisionsOf, drain, entriesOf, leaderOfThree, logOf, nodeWith, voteReply } from './support/unit.js';
import { appendLog, commands, id, joint, list, pos, send, t, TIMER, voters, ZERO } from './support/values.js';

const kinds = (actions: readonly Action[]): string[] => actions.map((a) => a.kind);

describe('elections', () => {
  it('1. a candidate does not count a vote granted in an earlier term (§5.1: stale replies are ignored)', () => {
    // Node 0 campaigned in term 2, timed out, and campaigns again in term 3.
    const node = nodeWith(0, 1, undefined, logOf('cfg T1'));
    node.handleElectionTimeout();
    node.handleElectionTimeout();
    expect([node.role(), node.currentTerm()]).toEqual(['Candidate', 3]);
    // Node 1's grant for term 2 arrives late: with it node 0 would hold a majority of {0,1,2}.
    node.handleMessage(voteReply(1, 2, 1, true));
    expect(node.role()).toBe('Candidate');
    // The same grant for term 3 wins.
    node.handleMessage(voteReply(1, 3, 2, true));
    expect([node.role(), node.currentTerm()]).toEqual(['Leader', 3]);
  });

  it('15. acknowledgedSeqno() is 0 on a node that does not lead', () => {
    const node = nodeWith(0, 1, undefined, logOf('cfg T1'));
    node.handleElectionTimeout();
    expect(node.lastSeqno()).toBeGreaterThan(0);
    expect(node.role()).toBe('Candidate');
    expect(node.acknowledgedSeqno()).toBe(0);
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1'));
    expect(follower.acknowledgedSeqno()).toBe(0);
  });
});

describe('the leader handling AppendEntries replies', () => {
  it('3. a leader ignores a reply echoing a seqno it never issued (a reply to its incarnation before a restart)', () => {
    const leader = leaderOfThree();
    leader.proposeCommand();
    drain(leader);
    const issued = leader.lastSeqno();
    const decisions = decisionsOf(leader);
    leader.handleMessage(appendReply(2, 1, issued + 1, pos(1, 3)));
    expect(decisions).toEqual([{ kind: 'messageIgnored', rule: '§5.3', reason: 'staleSeqno', message: appendReply(2, 1, issued + 1, pos(1, 3)) }]);
    expect(leader.followers()?.get(id(2))).toEqual({ matchIndex: 0, maxSeqno: 0 });
    expect(leader.commitIndex()).toBe(2);
    // A reply to the call actually issued commits the command.
    ack(leader, 2, pos(1, 3));
    expect(leader.commitIndex()).toBe(3);
  });

  it('5. a leader ignores an AppendEntriesReply from an earlier term (§5.1)', () => {
    // Node 0 led term 1 (seqnos up to 2), then won term 3; node 2 answers a term-1 call only now.
    const leader = nodeWith(0, 2, undefined, logOf('cfg T1 cmd'));
    leader.handleElectionTimeout();
    leader.handleMessage(voteReply(1, 3, leader.lastSeqno(), true));
    drain(leader);
    expect([leader.role(), leader.currentTerm()]).toEqual(['Leader', 3]);
    const decisions = decisionsOf(leader);
    leader.handleMessage(appendReply(2, 1, 1, pos(1, 3)));
    expect(decisions).toEqual([{ kind: 'messageIgnored', rule: '§5.1', reason: 'staleTerm', message: appendReply(2, 1, 1, pos(1, 3)) }]);
    expect(leader.followers()?.get(id(2))).toEqual({ matchIndex: 0, maxSeqno: 0 });
    expect(drain(leader)).toEqual([]);
  });

  it('10. a follower reporting a stale tail beyond the leader\'s log makes the leader wait, not send a snapshot', () => {
    // Node 1 kept a term-1 tail up to index 7; the term-3 leader's log ends at 4. The leader's
    // next AppendEntries (the driver capped the last one to zero entries) will truncate that tail.
    const leader = nodeWith(0, 2, undefined, logOf('cfg T1 cmd'));
    leader.handleElectionTimeout();
    leader.handleMessage(voteReply(1, 3, leader.lastSeqno(), true));
    drain(leader);
    const decisions = decisionsOf(leader);
    leader.handleMessage(appendReply(1, 3, leader.lastSeqno(), pos(1, 7)));
    expect(decisions).toEqual([{ kind: 'replyMismatch', rule: '§5.3', follower: 1, followerLast: pos(1, 7), next: 'wait' }]);
    expect(drain(leader)).toEqual([]);
    expect(leader.followers()?.get(id(1))).toEqual({ matchIndex: 0, maxSeqno: leader.lastSeqno() });
  });

  it('11. a duplicated AppendEntriesReply is ignored: no second catch-up call', () => {
    const leader = leaderOfThree();
    leader.proposeCommand();
    leader.proposeCommand();
    drain(leader);
    // Node 2 has only the configuration entry: the leader sends it everything after it.
    const reply = appendReply(2, 1, leader.lastSeqno(), pos(0, 1));
    leader.handleMessage(reply);
    expect(kinds(drain(leader))).toEqual(['SendMessage']);
    const decisions = decisionsOf(leader);
    leader.handleMessage(reply);
    expect(drain(leader)).toEqual([]);
    expect(decisions).toEqual([{ kind: 'messageIgnored', rule: '§5.3', reason: 'staleSeqno', message: reply }]);
  });

  it('17. a lone leader\'s heartbeat still counts as a call: it advances the call counter', () => {
    const node = Node.start(id(0));
    node.createCluster([id(0)]);
    drain(node);
    const before = node.lastSeqno();
    const read = node.heartbeat();
    expect(node.lastSeqno()).toBe(before + 1);
    expect(kinds(drain(node))).toEqual(['SetElectionTimeout']);
    expect(read.poll(node).isAccepted()).toBe(true);
  });
});

describe('the follower handling AppendEntries calls', () => {
  it('13. a leader ignores an AppendEntriesCall of its own term (election safety makes it impossible)', () => {
    const leader = leaderOfThree();
    const before = [...LogEntries.iterWithPositions(leader.log().entries())];
    const call = appendCall(1, 1, 7, 2, list(pos(1, 2), ...entriesOf('cmd cmd cmd')));
    const decisions = decisionsOf(leader);
    leader.handleMessage(call);
    expect(decisions).toEqual([{ kind: 'messageIgnored', rule: '§5.2', reason: 'sameTermLeader', message: call }]);
    expect([leader.role(), leader.leaderId(), leader.currentTerm()]).toEqual(['Leader', 0, 1]);
    expect([...LogEntries.iterWithPositions(leader.log().entries())]).toEqual(before);
    expect(drain(leader)).toEqual([]);
  });

  it('4. a call that starts before the snapshot and ends after it: the part after the snapshot is appended, the commit stops at the log', () => {
    // Node 1 compacted (1,5) and holds (1,6); the leader re-sends 4..8 with commit 10.
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd cmd cmd cmd'));
    expect(node.handleSnapshotInstalled(pos(1, 5), voters(0, 1, 2))).toBe(true);
    drain(node);
    const call = appendCall(0, 1, 9, 10, list(pos(1, 3), ...commands(5)));
    node.handleMessage(call);
    expect(node.log().lastPosition()).toEqual(pos(1, 8));
    expect(node.log().snapshotPosition()).toEqual(pos(1, 5));
    expect(node.commitIndex()).toBe(8);
    expect(drain(node)).toEqual([
      TIMER,
      appendLog(list(pos(1, 6), ...commands(2))),
      send(0, appendReply(1, 1, 9, pos(1, 8))),
    ]);
  });

  it('4. a call lying wholly inside the snapshot is acknowledged, adopting its commit only up to its own end', () => {
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd cmd cmd cmd'));
    node.handleSnapshotInstalled(pos(1, 5), voters(0, 1, 2));
    drain(node);
    const decisions = decisionsOf(node);
    node.handleMessage(appendCall(0, 1, 9, 4, list(pos(1, 2), ...commands(2))));
    expect(decisions).toEqual([{ kind: 'appendAccepted', rule: '§5.3', leader: 0, prev: pos(1, 2), last: pos(1, 4), written: 0 }]);
    expect(node.log().lastPosition()).toEqual(pos(1, 6));
    expect(node.commitIndex()).toBe(5);
    expect(drain(node)).toEqual([TIMER, send(0, appendReply(1, 1, 9, pos(1, 6)))]);
  });
});

describe('membership changes (§6)', () => {
  it('2. a leader finalizes C_old,new only when that entry itself commits, not when an earlier entry does', () => {
    const leader = leaderOfThree();
    leader.proposeCommand(); // index 3
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [id(3)], [id(2)])); // index 4
    drain(leader);
    ack(leader, 1, pos(1, 3));
    expect(leader.commitIndex()).toBe(3);
    expect(leader.log().lastPosition()).toEqual(pos(1, 4));
    expect(leader.config()).toEqual(joint([0, 1, 2], [0, 1, 3]));
    leader.heartbeat();
    ack(leader, 1, pos(1, 4));
    ack(leader, 3, pos(1, 4));
    expect(leader.commitIndex()).toBe(4);
    expect(leader.log().lastPosition()).toEqual(pos(1, 5));
    expect(leader.config()).toEqual(voters(0, 1, 3));
  });

  it('2. a leader removed by C_new keeps leading until C_new itself commits, then steps down', () => {
    const leader = leaderOfThree();
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [], [id(0)])); // index 3
    leader.proposeCommand(); // index 4
    drain(leader);
    ack(leader, 1, pos(1, 4)); // joint {0,1,2}/{1,2} still lacks node 2
    ack(leader, 2, pos(1, 3)); // commits 3: C_new {1,2} appended at 5
    expect([leader.commitIndex(), leader.log().lastPosition().index]).toEqual([3, 5]);
    expect(leader.config()).toEqual(voters(1, 2));
    leader.heartbeat();
    ack(leader, 2, pos(1, 4)); // commits 4, an entry before C_new
    expect(leader.commitIndex()).toBe(4);
    expect(leader.role()).toBe('Leader');
    leader.heartbeat();
    ack(leader, 1, pos(1, 5));
    ack(leader, 2, pos(1, 5));
    expect(leader.commitIndex()).toBe(5);
    expect(leader.role()).toBe('Follower');
  });

  it('9. proposing a configuration entry tries to commit at once: the new majority may already be ahead', () => {
    // {0,1,2} -> {0,3,4}. Nodes 3 and 4 store everything up to index 5, node 1 only up to 3.
    const leader = leaderOfThree();
    leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [id(3), id(4)], [id(1), id(2)])); // index 3
    leader.proposeCommand(); // 4
    leader.proposeCommand(); // 5
    drain(leader);
    ack(leader, 3, pos(1, 5));
    ack(leader, 4, pos(1, 5));
    expect(leader.commitIndex()).toBe(2);
    // Node 1 lets C_old,new commit at 3; the leader appends C_new at 6, where {0,3,4} already
    // stores 5: that commits at once, without waiting for another reply.
    const decisions = decisionsOf(leader);
    ack(leader, 1, pos(1, 3));
    expect(leader.log().lastPosition()).toEqual(pos(1, 6));
    expect(leader.commitIndex()).toBe(5);
    expect(decisions.filter((d) => d.kind === 'commitAdvanced').map((d) => d.kind === 'commitAdvanced' && [d.from, d.to])).toEqual([
      [2, 3],
      [3, 5],
    ]);
    // The broadcast of C_new carries the new commit index.
    const broadcast = drain(leader).find((a) => a.kind === 'BroadcastMessage');
    expect(broadcast?.kind === 'BroadcastMessage' && broadcast.message.kind === 'AppendEntriesCall' && broadcast.message.commitIndex).toBe(5);
  });

  it('12. createCluster refuses a node that already knows a configuration, even with an empty log', () => {
    const node = Node.restart(id(0), t(0), undefined, new Log(voters(0, 1), LogEntries.empty(ZERO)));
    drain(node);
    const decisions = decisionsOf(node);
    const promise = node.createCluster([id(0), id(1), id(2)]);
    expect(promise.isRejected()).toBe(true);
    expect(decisions).toEqual([{ kind: 'proposalRejected', rule: '§6', reason: 'clusterExists' }]);
    expect([node.role(), node.currentTerm(), node.config()]).toEqual(['Follower', 0, voters(0, 1)]);
    expect(drain(node)).toEqual([]);
  });
});

describe('snapshots (§7)', () => {
  it('6. handleSnapshotInstalled refuses a configuration other than the one in force at that index', () => {
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    node.handleMessage(appendCall(0, 1, 1, 3, LogEntries.empty(pos(1, 3))));
    drain(node);
    const decisions = decisionsOf(node);
    expect(node.handleSnapshotInstalled(pos(1, 3), voters(0, 1))).toBe(false);
    expect(decisions).toEqual([{ kind: 'snapshotRejected', rule: '§7', position: pos(1, 3), reason: 'configMismatch' }]);
    expect(node.log().snapshotPosition()).toEqual(ZERO);
    expect(node.handleSnapshotInstalled(pos(1, 3), voters(0, 1, 2))).toBe(true);
    expect(node.log().snapshotPosition()).toEqual(pos(1, 3));
  });

  it('7. handleSnapshotInstalled refuses a committed position that the log holds with another term', () => {
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    node.handleMessage(appendCall(0, 1, 1, 3, LogEntries.empty(pos(1, 3))));
    drain(node);
    const decisions = decisionsOf(node);
    expect(node.handleSnapshotInstalled(pos(2, 3), voters(0, 1, 2))).toBe(false);
    expect(decisions).toEqual([{ kind: 'snapshotRejected', rule: '§7', position: pos(2, 3), reason: 'notInLog' }]);
    expect(node.log().snapshotPosition()).toEqual(ZERO);
    expect(drain(node)).toEqual([]);
  });

  it('8. a leader refuses a snapshot beyond its commit index (only a follower receives one)', () => {
    const leader = leaderOfThree();
    leader.proposeCommand();
    drain(leader);
    const decisions = decisionsOf(leader);
    expect(leader.handleSnapshotInstalled(pos(1, 3), voters(0, 1, 2))).toBe(false);
    expect(decisions).toEqual([{ kind: 'snapshotRejected', rule: '§7', position: pos(1, 3), reason: 'leader' }]);
    expect([leader.log().snapshotPosition(), leader.commitIndex()]).toEqual([ZERO, 2]);
    // A follower accepts the same snapshot from its leader.
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1'));
    expect(follower.handleSnapshotInstalled(pos(1, 3), voters(0, 1, 2))).toBe(true);
    expect([follower.log().snapshotPosition(), follower.commitIndex()]).toEqual([pos(1, 3), 3]);
  });

  it('14. a snapshot at a position the log does not hold drops a pending append that starts beyond it', () => {
    // Node 1 holds a term-1 tail and has just queued 4..5 from a term-1 leader; then the term-2
    // leader's snapshot at (2,2) arrives before the driver drained the append.
    const node = nodeWith(1, 1, undefined, logOf('cfg T1 cmd'));
    node.handleMessage(appendCall(0, 1, 1, 1, list(pos(1, 3), ...commands(2))));
    expect(node.actions().peek()).toContainEqual(appendLog(list(pos(1, 3), ...commands(2))));
    expect(node.handleSnapshotInstalled(pos(2, 2), voters(0, 1, 2))).toBe(true);
    expect(node.log().lastPosition()).toEqual(pos(2, 2));
    expect(kinds(node.actions().peek())).not.toContain('AppendLogEntries');
  });
});

describe('messages from the node itself', () => {
  it('16. a message from the node itself is ignored, also with no observer attached', () => {
    const node = nodeWith(0, 1, undefined, logOf('cfg T1'));
    expect(node.onDecision).toBeUndefined();
    expect(() => node.handleMessage(voteReply(0, 5, 1, true))).not.toThrow();
    expect([node.role(), node.currentTerm()]).toEqual(['Follower', 1]);
    expect(drain(node)).toEqual([]);
  });

  it('16. a refused snapshot and a leader waiting on a stale tail need no observer either', () => {
    const leader = nodeWith(0, 2, undefined, logOf('cfg T1 cmd'));
    leader.handleElectionTimeout();
    leader.handleMessage(voteReply(1, 3, leader.lastSeqno(), true));
    drain(leader);
    expect(leader.onDecision).toBeUndefined();
    expect(() => leader.handleMessage(appendReply(1, 3, leader.lastSeqno(), pos(1, 7)))).not.toThrow();
    expect(leader.handleSnapshotInstalled(pos(3, 4), voters(0, 1, 2))).toBe(false);
  });
});
