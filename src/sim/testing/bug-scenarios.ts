/**
 * Canned, deterministic scenarios that expose each injectable bug: with the mutation the checker
 * records a violation; without it the same steps raise nothing. They double as teaching demos.
 *
 * Elections happen only when a step forces a timeout (election timeouts are set far away), and the
 * §6 guard is off, so each script controls exactly who campaigns when.
 *
 * @module
 */
import type { InvariantId } from '../checker/host.js';
import type { Mutation, ParamsInput } from '../engine/params.js';
import { TestSim } from './test-sim.js';

export interface BugScenario {
  readonly mutation: Mutation;
  readonly title: string;
  /** What the steps do, and what goes wrong under the mutation. */
  readonly story: string;
  /** The invariant the checker reports under the mutation. */
  readonly caughtBy: InvariantId;
  /** Runs the steps, with or without the mutation. */
  run(mutated: boolean): TestSim;
}

/** Elections only when forced; the §6 guard off; fixed delays. */
function quiet(nodes: number, mutation: Mutation, mutated: boolean, extra: ParamsInput = {}): TestSim {
  return new TestSim({
    nodes,
    seed: 1,
    disruptiveGuard: false,
    mutations: mutated ? [mutation] : [],
    timing: { electionMinMs: 100_000, electionMaxMs: 100_000, heartbeatMs: 50, delayMinMs: 10, delayMaxMs: 10 },
    ...extra,
  });
}

/** Forces `id` to campaign until it wins (a refused term just means another try, as in Raft). */
function elect(t: TestSim, id: number): TestSim {
  for (let attempt = 0; attempt < 3 && t.view().leader !== id; attempt++) {
    t.timeout(id).runFor(200);
  }
  return t.expectLeader(id);
}

const indexOnlyVoteRule: BugScenario = {
  mutation: 'indexOnlyVoteRule',
  title: 'A long stale log wins an election and overwrites committed entries',
  story:
    'n3 leads term 1 and, cut off, appends five entries nobody else gets. n1 wins term 2 with n2 and commits its own entries at the same indices, then crashes. n3 campaigns: its last entry (t1, i7) is older than n2\'s (t2, i4) but longer. Comparing indices only, n2 votes for n3, which then overwrites the committed entries (§5.4.1).',
  caughtBy: 'I9',
  run(mutated) {
    const t = elect(quiet(3, 'indexOnlyVoteRule', mutated), 3);
    t.partition([3], [1, 2]);
    for (let i = 1; i <= 5; i++) t.propose(`set stale ${i}`, 3);
    elect(t, 1).propose('set x 1', 1).runFor(200);
    t.crash(1).heal().runFor(200);
    return t.timeout(3).runFor(300);
  },
};

const commitOldTermByCounting: BugScenario = {
  mutation: 'commitOldTermByCounting',
  title: 'Figure 8: an old-term entry committed by counting replicas',
  story:
    'n1 leads term 1 and gets "set x 1" to n2 only. n5 leads term 2 alone and crashes. n1 returns, leads term 3 and, with AppendEntries capped at one entry, copies the term-1 entry to n3 before its own no-op: a majority stores it. Counting replicas, n1 commits it — but n5 could still be elected and overwrite it (§5.4.2).',
  caughtBy: 'I9',
  run(mutated) {
    const t = elect(quiet(5, 'commitOldTermByCounting', mutated), 1);
    t.partition([1, 2], [3, 4, 5]).propose('set x 1', 1).runFor(100);
    t.crash(1).timeout(5).waitForLeaderToBe(5, 100).partition([5], [1, 2, 3, 4]).runFor(100);
    t.crash(5).restart(1).partition([1, 2, 3], [4, 5]).capAppendEntries(1);
    return elect(t, 1).runFor(300);
  },
};

/** Two candidates of term 1; n2 votes for n1, crashes and restarts, then sees n3's request. */
function doubleVote(mutation: Mutation, mutated: boolean): TestSim {
  const t = quiet(3, mutation, mutated);
  t.timeout(1).timeout(3).hold(3, 2, 'RequestVoteCall').runFor(15);
  return t.crash(2).restart(2).release(3, 2).runFor(200);
}

const votedForNotPersisted: BugScenario = {
  mutation: 'votedForNotPersisted',
  title: 'A vote forgotten in a crash: two votes, two leaders in one term',
  story:
    'n1 and n3 both campaign in term 1. n2 votes for n1, crashes and restarts without its vote, then grants n3 too. Both candidates win term 1 (§5.2: one vote per term, kept on stable storage).',
  caughtBy: 'I3',
  run: (mutated) => doubleVote('votedForNotPersisted', mutated),
};

const currentTermNotPersisted: BugScenario = {
  mutation: 'currentTermNotPersisted',
  title: 'A term forgotten in a crash: the term goes backwards and a vote repeats',
  story:
    'As above, but n2 loses its term instead: it restarts in term 0, so n3\'s term-1 request looks new, clears the remembered vote and is granted (Figure 2: currentTerm is persistent state).',
  caughtBy: 'I2',
  run: (mutated) => doubleVote('currentTermNotPersisted', mutated),
};

const truncateOnStaleAppend: BugScenario = {
  mutation: 'truncateOnStaleAppend',
  title: 'A follower drops acknowledged entries on a late AppendEntries',
  story:
    'n3 is down, so n1 needs n2 for every commit. n1 proposes twice; the first AppendEntries to n2 is held back. n2 catches up on both entries, n1 commits them and tells n2. Then the held message arrives: it is stale, and truncating on it loses an entry n2 already committed (Figure 2, rule 3 deletes only on a conflict).',
  caughtBy: 'I7',
  run(mutated) {
    const t = elect(quiet(3, 'truncateOnStaleAppend', mutated), 1).crash(3);
    t.propose('set a 1', 1).hold(1, 2, 'AppendEntriesCall').propose('set b 2', 1).runFor(200);
    return t.release(1, 2).runFor(100);
  },
};

/** One scenario per mutation. */
export const BUG_SCENARIOS: readonly BugScenario[] = [indexOnlyVoteRule, commitOldTermByCounting, votedForNotPersisted, currentTermNotPersisted, truncateOnStaleAppend];
