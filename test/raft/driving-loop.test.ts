// The README's driving loop, verbatim except for the assertions: if this breaks, fix the README.
import { describe, expect, it } from 'vitest';
import { ClusterConfig, Log, LogEntries, LogPosition, Node, NodeId, type Action, type Message, type Term } from '../../src/raft/index.js';

// --- README example begins -------------------------------------------------------------------
interface Disk {
  term: Term;
  votedFor: NodeId | undefined;
  entries: LogEntries;
}

const ids = [NodeId(0), NodeId(1), NodeId(2)];
const nodes = new Map(ids.map((id) => [id, Node.start(id)]));
const disks = new Map<NodeId, Disk>(ids.map((id) => [id, { term: 0 as Term, votedFor: undefined, entries: LogEntries.empty(LogPosition.ZERO) }]));
const inFlight: { to: NodeId; message: Message }[] = [];
const timers = new Set<NodeId>();

function execute(node: Node, action: Action): void {
  const disk = disks.get(node.id())!;
  switch (action.kind) {
    case 'SetElectionTimeout': timers.add(node.id()); break; // (re)arm: duration by node.role()
    case 'SaveCurrentTerm': disk.term = node.currentTerm(); break;
    case 'SaveVotedFor': disk.votedFor = node.votedFor(); break;
    case 'AppendLogEntries': disk.entries = LogEntries.append(disk.entries, action.entries); break;
    case 'BroadcastMessage': for (const to of node.peers()) inFlight.push({ to, message: action.message }); break;
    case 'SendMessage': inFlight.push({ to: action.to, message: action.message }); break;
    case 'InstallSnapshot': break; // ship your state-machine snapshot; the receiver calls handleSnapshotInstalled
  }
}

/** Every call into a node is followed by executing its actions, in order. */
function drive<T>(node: Node, call: (node: Node) => T): T {
  const result = call(node);
  for (const action of node.actionsMut()) execute(node, action);
  return result;
}

const n0 = nodes.get(NodeId(0))!;
const created = drive(n0, (n) => n.createCluster(ids));
while (inFlight.length > 0) {
  const { to, message } = inFlight.shift()!;
  drive(nodes.get(to)!, (n) => n.handleMessage(message));
}
const proposal = drive(n0, (n) => n.proposeCommand()); // map proposal.logPosition() to your command
while (inFlight.length > 0) {
  const { to, message } = inFlight.shift()!;
  drive(nodes.get(to)!, (n) => n.handleMessage(message));
}
// --- README example ends ---------------------------------------------------------------------

describe('README driving loop', () => {
  it('elects node 0, commits the cluster config and the proposal', () => {
    expect(n0.role()).toBe('Leader');
    expect(created.poll(n0).isAccepted()).toBe(true);
    expect(proposal.poll(n0).isAccepted()).toBe(true);
    expect(proposal.logPosition()).toEqual({ term: 1, index: 3 });
    expect(timers.has(NodeId(1))).toBe(true);
  });

  it('leaves each disk holding what its node holds, so a restart resumes', () => {
    for (const id of ids) {
      const disk = disks.get(id)!;
      const restarted = Node.restart(id, disk.term, disk.votedFor, new Log(ClusterConfig.EMPTY, disk.entries));
      expect(restarted.log().lastPosition()).toEqual(nodes.get(id)!.log().lastPosition());
      expect(restarted.config()).toEqual(n0.config());
    }
  });
});
