import type { Preset } from './types.js';

export const snapshotCatchUp: Preset = {
  name: 'snapshot-catch-up',
  title: 'A lagging follower caught up by a snapshot',
  description: 'A follower misses entries the leader has since compacted; the leader sends its snapshot instead (§7).',
  text: `# A lagging follower is caught up by a snapshot (§7)
nodes 3
seed 1

timeout n1
wait until leader is n1 within 300ms
say "n3 crashes; n1 and n2 go on committing."
crash n3
client set a 1
client set b 2
client set c 3
client incr a
expect committed 6 on {n1 n2} within 300ms
say "n1 and n2 compact their logs: everything up to i6 now lives in a snapshot, and those entries are gone."
snapshot {n1 n2}
mark "compacted"
say "n3 restarts with a log ending at i2. n1 no longer has the entries it needs, so it sends its snapshot (InstallSnapshot)."
restart n3
expect value a on n3 = 2 within 1s
mark "caught up"
expect value c on all = 3
client set d 4
expect value d on all = 4 within 300ms
expect no violation
`,
};

const DOUBLE_VOTE = `timing heartbeat 50ms election 100s..100s latency 10ms..10ms
guard off

say "n1 and n3 both campaign for term 1. n3's RequestVote to n2 is held back in the network."
hold next RequestVote n3 -> n2
timeout n1
timeout n3
run 15ms
say "n2 granted its vote to n1 (on disk, before replying). Now n2 crashes and restarts."
crash n2
restart n2
mark "n2 restarted"
say "The held RequestVote from n3 (term 1) arrives."
release all RequestVote n3 -> n2
run 200ms
`;

export const persistence: Preset = {
  name: 'persistence',
  title: 'Persistence: votedFor survives a crash',
  description: 'A server that restarts remembers whom it voted for, so it cannot vote twice in one term (§5.2, Figure 2).',
  compare: { mutation: 'votedForNotPersisted' },
  text: `# votedFor is persistent state (§5.2, Figure 2)
nodes 3
seed 1
${DOUBLE_VOTE}
say "n2 restarted with its vote for n1 on disk, so it refuses n3. Only n1 leads term 1."
expect leader is n1
expect role n3 is follower
expect no violation
`,
};

export const persistenceMutated: Preset = {
  name: 'persistence-mutated',
  title: 'votedFor not persisted: two leaders in one term',
  description: 'With the votedForNotPersisted mutation, a restarted server forgets its vote and grants a second one: two leaders of term 1.',
  text: `# votedFor not persisted (a bug): two leaders in one term
nodes 3
seed 1
mutation votedForNotPersisted
${DOUBLE_VOTE}
say "n2 forgot its vote and grants n3 too. n1 and n3 both won term 1: Election Safety is broken."
expect role n1 is leader
expect role n3 is leader
expect violation I1
`,
};

export const STORAGE_PRESETS: readonly Preset[] = [snapshotCatchUp, persistence, persistenceMutated];
