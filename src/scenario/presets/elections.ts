import type { Preset } from './types.js';

export const firstElection: Preset = {
  name: 'first-election',
  title: 'First election',
  description: 'Five followers boot; the first whose random timer fires campaigns and wins a majority of votes.',
  text: `# The first election (Raft §5.2)
nodes 5
seed 1
timing heartbeat 50ms election 150ms..300ms latency 10ms..20ms

say "Five servers boot as followers in term 0. Each waits a random election timeout (150-300ms) for a heartbeat that never comes."
expect no leader
wait until term >= 1 within 400ms
mark "first timeout"
say "The first timer to fire makes its server a candidate: it moves to term 1, votes for itself and asks the others for their votes."
wait until leader within 1s
mark "elected"
say "A majority granted their votes: the candidate leads term 1 and appends a no-op entry of its term (§8)."
expect committed 2 on majority within 200ms
say "Its heartbeats reset the followers' timers, so nobody else campaigns: the term stays 1."
run 1s
expect term = 1
expect no violation
`,
};

export const splitVote: Preset = {
  name: 'split-vote',
  title: 'Split vote (aligned timers) and its resolution',
  description: 'Identical election timeouts make every server campaign at once and split the vote; random timeouts end it.',
  text: `# A split vote, and why Raft randomizes election timeouts (§5.2)
nodes 5
seed 1
timing heartbeat 50ms election 150ms..150ms latency 10ms..10ms

say "Every election timer is exactly 150ms: all five servers time out at the same instant."
wait until role all is candidate within 200ms
mark "split vote"
say "Each candidate voted for itself, so each refuses the others' RequestVotes. Nobody can gather 3 votes."
run 1s
expect no leader
expect term >= 5
say "Every round ends the same way. Raft's remedy: draw each timeout at random from a range."
timing election 150ms..300ms
wait until leader within 1s
mark "resolved"
say "One server now times out first, and wins before the others wake up."
expect leader
expect no violation
`,
};

export const leaderCrash: Preset = {
  name: 'leader-crash',
  title: 'Leader crash and re-election',
  description: 'The leader crashes; followers time out, elect a new leader in the next term, and the old one rejoins as a follower.',
  text: `# Leader crash and re-election (§5.2, §5.4)
nodes 5
seed 1

wait until leader is n2 within 1s
mark "first leader"
client set x 1
expect committed 3 on all within 300ms
say "n2 leads term 1 and x = 1 is committed on every server. Now n2 crashes."
crash n2
mark "crash"
expect no leader
say "The followers stop hearing heartbeats. The first whose timer fires campaigns for term 2."
wait until leader within 1s
mark "re-elected"
expect term >= 2
expect leader in {n1 n3 n4 n5}
say "The new leader holds every committed entry: x = 1 survives (Leader Completeness, §5.4)."
client set x 2
expect value x on {n1 n3 n4 n5} = 2 within 300ms
say "n2 restarts from its durable state as a follower and catches up."
restart n2
expect value x on all = 2 within 500ms
expect role n2 is follower
expect no violation
`,
};

export const stalePartition: Preset = {
  name: 'stale-leader',
  title: 'Minority partition: a stale leader',
  description: 'The leader is cut off with one follower; it keeps leading a minority whose commands never commit, until the network heals.',
  text: `# A stale leader in a minority partition (§5.2, §5.3)
nodes 5
seed 1

timeout n1
wait until leader is n1 within 300ms
client set x 1
expect committed 3 on all within 300ms
say "The network splits: n1 (the leader) and n2 on one side, n3, n4 and n5 on the other."
partition {n1 n2} {n3 n4 n5}
mark "partition"
client to n1 set x 2
say "n1 still believes it leads term 1. It appends set x 2, but only n2 stores it: 2 of 5 is no majority, so it never commits."
wait until leader in {n3 n4 n5} within 1s
mark "new leader"
say "The majority side elects a leader of term 2, which commits set x 3."
client set x 3
run 500ms
expect role n1 is leader
expect commit n1 < 4
expect value x on {n3 n4 n5} = 3
expect value x on {n1 n2} = 1
say "Heal: n1 hears term 2, steps down, and its uncommitted entry is replaced by the new leader's."
heal
mark "heal"
expect log all = leader within 1s
expect value x on all = 3
expect no violation
`,
};

export const ELECTION_PRESETS: readonly Preset[] = [firstElection, splitVote, leaderCrash, stalePartition];
