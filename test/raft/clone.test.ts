// clone() on Node, Log and Actions: simulators checkpoint nodes and explore "what if" branches, so a
// copy must show the same state and then evolve on its own, in both directions.
import { describe, expect, it } from 'vitest';
import { Actions, Log, LogEntries, Node } from '../../src/raft/index.js';
import { ack, appendCall, decisionsOf, drain, leaderOfThree, logOf, nodeWith, voteReply } from './support/unit.js';
import { appendLog, COMMAND, commands, id, list, pos, voters, ZERO } from './support/values.js';

/** Everything a driver can read from a node, pending actions included (without draining), deep-copied. */
function observable(node: Node): unknown {
  return structuredClone({
    id: node.id(),
    role: node.role(),
    term: node.currentTerm(),
    votedFor: node.votedFor(),
    leader: node.leaderId(),
    commit: node.commitIndex(),
    seqno: node.lastSeqno(),
    acknowledged: node.acknowledgedSeqno(),
    log: [...LogEntries.iterWithPositions(node.log().entries())],
    snapshot: [node.log().snapshotPosition(), node.log().snapshotConfig()],
    followers: node.followers() === undefined ? undefined : [...(node.followers() ?? [])].map(([n, p]) => [n, { ...p }]),
    actions: node.actions().peek(),
    mutations: node.mutations(),
  });
}

describe('Node.clone', () => {
  it('a leader copy shows the same state and pending actions, and then diverges independently', () => {
    const leader = leaderOfThree();
    leader.proposeCommand();
    ack(leader, 2, pos(1, 1));
    const before = observable(leader);
    const copy = leader.clone();
    expect(observable(copy)).toEqual(before);

    // Drive the copy: the original does not move.
    copy.proposeCommand();
    ack(copy, 1, pos(1, 4));
    drain(copy);
    expect(copy.commitIndex()).toBe(4);
    expect(observable(leader)).toEqual(before);

    // Drive the original: the copy does not move.
    const copied = observable(copy);
    ack(leader, 1, pos(1, 3));
    drain(leader);
    expect(leader.commitIndex()).toBe(3);
    expect(observable(copy)).toEqual(copied);
  });

  it('a candidate copy keeps its own vote tally', () => {
    const candidate = nodeWith(0, 1, undefined, logOf('cfg T1'));
    candidate.handleElectionTimeout();
    const copy = candidate.clone();
    copy.handleMessage(voteReply(1, 2, copy.lastSeqno(), true));
    expect([copy.role(), candidate.role()]).toEqual(['Leader', 'Candidate']);
    // The original's tally still holds only its own vote.
    const decisions = decisionsOf(candidate);
    candidate.handleMessage(voteReply(2, 2, candidate.lastSeqno(), false));
    expect(decisions).toEqual([{ kind: 'voteReceived', rule: '§5.2', voter: 2, granted: false, votes: [0], term: 2 }]);
    candidate.handleMessage(voteReply(1, 2, candidate.lastSeqno(), true));
    expect(candidate.role()).toBe('Leader');
  });

  it('keeps the mutations, but not the observer', () => {
    const node = Node.start(id(0), { mutations: ['truncateOnStaleAppend'] });
    decisionsOf(node);
    const copy = node.clone();
    expect(copy.mutations()).toEqual(['truncateOnStaleAppend']);
    expect(copy.onDecision).toBeUndefined();
    expect(node.onDecision).toBeDefined();
  });

  it('a follower copy with a snapshot answers like the original', () => {
    const follower = nodeWith(1, 1, undefined, logOf('cfg T1 cmd cmd'));
    follower.handleSnapshotInstalled(pos(1, 3), voters(0, 1, 2));
    follower.handleMessage(appendCall(0, 1, 5, 4, LogEntries.empty(pos(1, 4))));
    const copy = follower.clone();
    expect(observable(copy)).toEqual(observable(follower));
    expect(drain(copy)).toEqual(drain(follower));
  });
});

describe('Log.clone', () => {
  it('copies snapshot point, configuration and entries; later changes stay on their side', () => {
    const log = new Log(voters(0, 1), list(pos(1, 2), COMMAND, COMMAND));
    const copy = log.clone();
    expect([copy.snapshotPosition(), copy.snapshotConfig(), copy.lastPosition()]).toEqual([pos(1, 2), voters(0, 1), pos(1, 4)]);
    copy.push(COMMAND);
    log.truncate(3);
    expect(copy.lastPosition()).toEqual(pos(1, 5));
    expect(log.lastPosition()).toEqual(pos(1, 3));
    copy.replace(voters(0), LogEntries.empty(pos(2, 9)));
    expect([log.snapshotPosition(), log.snapshotConfig()]).toEqual([pos(1, 2), voters(0, 1)]);
  });
});

describe('Actions.clone', () => {
  it('copies every pending action; draining or merging into the copy leaves the original alone', () => {
    const actions = new Actions();
    actions.setElectionTimeout = true;
    actions.saveCurrentTerm = true;
    actions.saveVotedFor = true;
    actions.queueAppend(list(ZERO, ...commands(2)));
    actions.queueBroadcast(appendCall(0, 1, 1, 0, list(ZERO, ...commands(2))));
    actions.queueSend(id(2), voteReply(0, 1, 1, true));
    actions.queueSend(id(1), appendCall(0, 1, 2, 0, list(ZERO, COMMAND)));
    actions.queueInstallSnapshot(id(3));
    const before = structuredClone(actions.peek());
    const copy = actions.clone();
    expect(copy.peek()).toEqual(before);

    // Extending the copy's pending append and messages must not extend the original's.
    copy.queueAppend(list(pos(0, 2), COMMAND));
    copy.queueBroadcast(appendCall(0, 1, 3, 0, list(pos(0, 2), COMMAND)));
    copy.queueSend(id(1), appendCall(0, 1, 4, 0, list(pos(0, 1), COMMAND)));
    expect(copy.peek()).toContainEqual(appendLog(list(ZERO, ...commands(3))));
    expect(actions.peek()).toEqual(before);
    copy.drain();
    expect(copy.isEmpty()).toBe(true);
    expect(actions.peek()).toEqual(before);
  });
});
