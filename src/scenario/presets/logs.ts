import type { Preset } from './types.js';

/** Elections only when a step forces one (timeouts far away), fixed delays: the script decides who campaigns. */
const QUIET = 'timing heartbeat 50ms election 100s..100s latency 10ms..10ms';

export const figure7: Preset = {
  name: 'figure-7',
  title: 'Figure 7: followers with missing and extra entries',
  description: 'One follower misses entries, another holds extra uncommitted ones; the new leader brings both logs in line with its own.',
  text: `# Figure 7: a new leader makes every follower's log match its own (§5.3)
nodes 5
seed 1
${QUIET}
guard off

timeout n1
wait until leader is n1 within 200ms
client set a 1
run 100ms
say "n5 is cut off and misses what follows."
partition {n5} {n1 n2 n3 n4}
client set b 1
run 100ms
expect commit n1 = 4
say "Now n1 is cut off with n4. It appends two entries only n4 receives: extra, uncommitted entries."
partition {n1 n4} {n2 n3} {n5}
client to n1 set c 1
client to n1 set c 2
run 100ms
crash n1
heal
mark "divergent logs"
say "n5 misses (t1, i4); n4 holds extra entries (t1, i5) and (t1, i6). n3 campaigns: n4 refuses (its log is longer), n2 and n5 vote for n3."
timeout n3
wait until leader is n3 within 200ms
mark "new leader"
say "n3 appends its no-op at i5, of term 2. AppendEntries finds where each follower agrees with it: n5 gets the missing entry, n4 deletes its conflicting tail (§5.3)."
expect log {n2 n4 n5} = n3 within 500ms
say "n1 restarts with the same extra entries; they are replaced too. Entries c 1 and c 2 never committed, so losing them is safe."
restart n1
expect log all = n3 within 500ms
expect value b on all = 1
expect value c on all = none
expect no violation
`,
};

const FIGURE8_BODY = `${QUIET}
guard off

timeout n1
wait until leader is n1 within 200ms
say "(a) n1 leads term 1 and replicates set x 1 to n2 only, then crashes."
partition {n1 n2} {n3 n4 n5}
client to n1 set x 1
run 100ms
crash n1
say "(b) n5 leads term 2 with the votes of n3 and n4, appends an entry of its own nobody receives, and crashes."
timeout n5
wait until leader is n5 within 100ms
partition {n5} {n1 n2 n3 n4}
run 100ms
crash n5
say "(c) n1 restarts and leads term 3. AppendEntries carry one entry at a time, so it copies the term-1 entry to n3 before its own no-op: a majority (n1 n2 n3) stores (t1, i2)."
restart n1
partition {n1 n2 n3} {n4 n5}
cap entries 1
timeout n1
run 200ms
timeout n1
run 200ms
expect leader is n1
mark "old entry on a majority"
`;

export const figure8: Preset = {
  name: 'figure-8',
  title: 'Figure 8: an old-term entry is not committed by counting',
  description: 'A leader must not commit an entry of an earlier term just because a majority stores it (§5.4.2).',
  compare: { mutation: 'commitOldTermByCounting' },
  text: `# Figure 8: why a leader commits only entries of its own term by counting replicas (§5.4.2)
nodes 5
seed 1
${FIGURE8_BODY}
say "A correct leader does not commit (t1, i2) by counting: n5 could still win an election and overwrite it. It commits it only once its own term-3 entry is on a majority."
run 300ms
expect no violation
expect committed 3 on {n1 n2 n3}
`,
};

export const figure8Mutated: Preset = {
  name: 'figure-8-mutated',
  title: 'Figure 8 with commit-by-counting (a bug)',
  description: 'With the commitOldTermByCounting mutation, the leader commits an old-term entry that a later leader can overwrite.',
  text: `# Figure 8 with the bug: commit an old-term entry by counting replicas
nodes 5
seed 1
mutation commitOldTermByCounting
${FIGURE8_BODY}
say "Counting replicas, n1 commits entries of earlier terms: first (t0, i1), then (t1, i2). The checker flags the first such commit. (t1, i2) is the dangerous one: n5 can still be elected and replace it with its own (t2, i2)."
run 300ms
expect violation I9
`,
};

const VOTE_BODY = `${QUIET}
guard off

timeout n3
wait until leader is n3 within 200ms
say "n3 leads term 1, is cut off, and appends five entries nobody else receives."
partition {n3} {n1 n2}
client to n3 set stale 1
client to n3 set stale 2
client to n3 set stale 3
client to n3 set stale 4
client to n3 set stale 5
say "n1 wins term 2 with n2 and commits set x 1 at index 3. Then n1 crashes and the network heals."
timeout n1
wait until leader is n1 within 300ms
client to n1 set x 1
run 200ms
expect committed 3 on {n1 n2}
crash n1
heal
run 200ms
mark "stale candidate"
say "n3 campaigns for term 3. Its last entry (t1, i7) is longer but older than n2's (t2, i3)."
timeout n3
run 300ms
`;

export const voteRestriction: Preset = {
  name: 'vote-restriction',
  title: 'The vote restriction (§5.4.1)',
  description: 'A candidate with a longer but older log is refused: votes compare the last entry\'s term first, then its index.',
  compare: { mutation: 'indexOnlyVoteRule' },
  text: `# The election restriction: only an up-to-date candidate can win (§5.4.1)
nodes 3
seed 1
${VOTE_BODY}
say "n2 refuses: its last term (2) is newer. n3 cannot win, so the committed entry is safe. n2 campaigns next and wins with n3's vote."
expect not leader is n3
timeout n2
wait until leader is n2 within 300ms
expect value x on {n2 n3} = 1 within 300ms
expect no violation
`,
};

export const voteRestrictionMutated: Preset = {
  name: 'vote-restriction-mutated',
  title: 'Index-only vote rule (raftbare 0.1.4): a committed entry is lost',
  description: 'Comparing only log lengths, n2 votes for the stale candidate, which overwrites a committed entry.',
  text: `# The index-only vote rule (raftbare 0.1.4's bug): a committed entry is lost
nodes 3
seed 1
mutation indexOnlyVoteRule
${VOTE_BODY}
say "Comparing indices only, n2 votes for n3: 7 > 3. n3 leads term 3 and overwrites the committed set x 1 with its stale entries."
expect leader is n3
expect violation I9
expect log n2 = n3 within 300ms
`,
};

export const LOG_PRESETS: readonly Preset[] = [figure7, figure8, figure8Mutated, voteRestriction, voteRestrictionMutated];
