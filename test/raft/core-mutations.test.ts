// The deliberate departures from Raft that the simulator can inject (CoreMutation): each one does
// exactly the wrong thing its documentation names, and a node without them does the right thing.
import { describe, expect, it } from 'vitest';
import { CORE_MUTATIONS, Log, LogEntries, Node, type CoreMutation } from '../../src/raft/index.js';
import { appendCall, appendReply, drain, logOf, voteCall, voteReply } from './support/unit.js';
import { commands, id, list, pos, t } from './support/values.js';

function nodeOf(n: number, term: number, spec: string, mutations: readonly CoreMutation[] = []): Node {
  const node = Node.restart(id(n), t(term), undefined, logOf(spec), { mutations });
  drain(node);
  return node;
}

describe('core mutations', () => {
  it('a node lists the mutations it was created with, none by default', () => {
    expect(Node.start(id(0)).mutations()).toEqual([]);
    expect(Node.start(id(0), {}).mutations()).toEqual([]);
    expect(Node.start(id(0), { mutations: [...CORE_MUTATIONS] }).mutations()).toEqual([...CORE_MUTATIONS]);
    expect(Node.restart(id(0), t(1), undefined, Log.empty(), { mutations: ['commitOldTermByCounting'] }).mutations()).toEqual(['commitOldTermByCounting']);
  });

  it('indexOnlyVoteRule: votes compare last indices only, ignoring last terms (breaks §5.4.1)', () => {
    // The voter's log ends at (2,3). A longer log of an older term, and a shorter one of a newer term.
    const longerOlder = voteCall(1, 5, 1, pos(1, 5));
    const shorterNewer = voteCall(2, 5, 1, pos(3, 2));
    const correct = nodeOf(0, 2, 'cfg T1 T2');
    correct.handleMessage(longerOlder);
    expect(correct.votedFor()).toBeUndefined();
    correct.handleMessage(shorterNewer);
    expect(correct.votedFor()).toBe(2);

    const mutated = nodeOf(0, 2, 'cfg T1 T2', ['indexOnlyVoteRule']);
    mutated.handleMessage(shorterNewer);
    expect(mutated.votedFor()).toBeUndefined();
    mutated.handleMessage(longerOlder);
    expect(mutated.votedFor()).toBe(1);
  });

  it('commitOldTermByCounting: a leader commits an entry of an earlier term once a majority stores it (Figure 8)', () => {
    for (const [mutations, commit] of [
      [[], 0],
      [['commitOldTermByCounting'], 3],
    ] as const) {
      const leader = nodeOf(0, 1, 'cfg T1 cmd', mutations);
      leader.handleElectionTimeout();
      leader.handleMessage(voteReply(1, 2, leader.lastSeqno(), true));
      // Node 1 stores the term-1 entries up to 3, not the new leader's no-op at 4.
      leader.handleMessage(appendReply(1, 2, leader.lastSeqno(), pos(1, 3)));
      expect(leader.commitIndex(), mutations.join()).toBe(commit);
    }
  });

  it('truncateOnStaleAppend: a follower drops the matching entries after a stale call (Figure 2 rule 3 deletes only on a conflict)', () => {
    const stale = appendCall(0, 1, 1, 0, list(pos(1, 2), ...commands(1)));
    const correct = nodeOf(1, 1, 'cfg T1 cmd cmd');
    correct.handleMessage(stale);
    expect(correct.log().lastPosition()).toEqual(pos(1, 4));

    const mutated = nodeOf(1, 1, 'cfg T1 cmd cmd', ['truncateOnStaleAppend']);
    mutated.handleMessage(stale);
    expect(mutated.log().lastPosition()).toEqual(pos(1, 3));
    // The truncation reaches storage too.
    expect(drain(mutated)).toContainEqual({ kind: 'AppendLogEntries', entries: LogEntries.empty(pos(1, 3)) });
  });
});
