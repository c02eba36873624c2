// The core's exported constants and small predicates, which menus, validators and the simulator
// enumerate: their exact contents are part of the contract.
import { describe, expect, it } from 'vitest';
import { CORE_MUTATIONS, isCall, LogEntries, ROLES } from '../../src/raft/index.js';
import { appendCall, appendReply, voteCall, voteReply } from './support/unit.js';
import { pos } from './support/values.js';

describe('exported constants', () => {
  it('ROLES lists the three Raft roles, follower first', () => {
    expect(ROLES).toEqual(['Follower', 'Candidate', 'Leader']);
  });

  it('CORE_MUTATIONS lists every deliberate departure from Raft once', () => {
    expect(CORE_MUTATIONS).toEqual(['indexOnlyVoteRule', 'commitOldTermByCounting', 'truncateOnStaleAppend']);
  });
});

describe('isCall', () => {
  it('is true for RequestVote and AppendEntries calls, false for their replies', () => {
    expect(isCall(voteCall(0, 1, 1, pos(0, 0)))).toBe(true);
    expect(isCall(appendCall(0, 1, 1, 0, LogEntries.empty(pos(0, 0))))).toBe(true);
    expect(isCall(voteReply(0, 1, 1, true))).toBe(false);
    expect(isCall(appendReply(0, 1, 1, pos(0, 0)))).toBe(false);
  });
});
