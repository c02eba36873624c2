import type { Preset } from './types.js';

export const jointConsensus: Preset = {
  name: 'joint-consensus',
  title: 'Membership change by joint consensus',
  description: 'Two servers join a three-server cluster, then the leader removes itself; every change goes through a joint configuration (§6).',
  text: `# Membership changes by joint consensus (§6)
nodes 3
seed 1

timeout n1
wait until leader is n1 within 300ms
client set x 1
expect committed 3 on all within 300ms
say "n4 starts empty. The leader appends the joint configuration {1,2,3} -> {1,2,3,4}: decisions now need a majority of both."
add n4
run 300ms
say "Once the joint configuration commits, the leader appends the new one, {1,2,3,4}. Then n5 joins the same way."
add n5
run 300ms
expect log all = n1
mark "five servers"
say "Now the leader removes itself. It keeps leading through the joint phase without counting its own vote in the new configuration, and steps down once {2,3,4,5} commits."
remove n1
wait until leader in {n2 n3 n4 n5} within 2s
mark "new leader"
client set x 2
expect value x on {n2 n3 n4 n5} = 2 within 500ms
expect no violation
`,
};

const REMOVED_BODY = `timeout n1
wait until leader is n1 within 300ms
client set x 1
expect committed 3 on all within 300ms
say "n1 removes n4. n4 is cut off at that moment, so it never learns it was removed: in its own eyes it is still a voter."
remove n4
isolate n4
run 500ms
expect value x on {n1 n2 n3} = 1
mark "n4 removed"
say "Cut off, n4 times out again and again, raising its term. The network heals; the leader no longer sends to n4, and n4 asks the others for votes with its higher term."
heal
run 1s
`;

export const removedServer: Preset = {
  name: 'removed-server',
  title: 'A removed server disrupts the cluster',
  description: 'Without Raft\'s §6 guard, a server removed from the cluster keeps forcing new elections with ever higher terms.',
  compare: { params: { disruptiveGuard: true }, label: 'with the §6 guard' },
  text: `# A removed server disrupts the cluster (§6)
nodes 4
seed 1
guard off

${REMOVED_BODY}
say "Without the guard every RequestVote with a higher term deposes the leader: elections follow one another, though n4 can never win."
expect term >= 4
expect no violation
`,
};

export const removedServerGuarded: Preset = {
  name: 'removed-server-guarded',
  title: 'The §6 guard ignores a removed server',
  description: 'With the guard, servers that heard from a leader within the minimum election timeout ignore RequestVote: the removed server cannot disrupt.',
  text: `# The §6 guard: a removed server cannot disrupt the cluster
nodes 4
seed 1
guard on

${REMOVED_BODY}
say "With the guard, n1, n2 and n3 ignore n4's requests while they hear from their leader: n1 keeps leading term 1."
expect leader is n1
expect term n1 = 1
expect no violation
`,
};

export const MEMBERSHIP_PRESETS: readonly Preset[] = [jointConsensus, removedServer, removedServerGuarded];
