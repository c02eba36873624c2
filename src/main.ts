// Minimal page until the visualizer lands: elects a leader in a three-node in-page cluster
// (perfect network, everything delivered in FIFO order) and prints what happened.
import { LogEntries, Node, NodeId, type Message } from './raft/index.js';

function runDemo(): string {
  const ids = [NodeId(0), NodeId(1), NodeId(2)];
  const nodes = new Map(ids.map((id) => [id, Node.start(id)]));
  const queue: { to: NodeId; message: Message }[] = [];
  const lines: string[] = [];
  const drain = (node: Node): void => {
    for (const action of node.actionsMut()) {
      if (action.kind === 'BroadcastMessage') for (const to of node.peers()) queue.push({ to, message: action.message });
      if (action.kind === 'SendMessage') queue.push({ to: action.to, message: action.message });
    }
  };
  const n0 = nodes.get(NodeId(0)) as Node;
  n0.createCluster(ids);
  drain(n0);
  for (let step = 0; step < 100 && queue.length > 0; step++) {
    const { to, message } = queue.shift() as { to: NodeId; message: Message };
    lines.push(`n${message.from} → n${to}: ${message.kind} (term ${message.term})`);
    const node = nodes.get(to) as Node;
    node.handleMessage(message);
    drain(node);
  }
  for (const node of nodes.values()) {
    const last = node.log().lastPosition();
    lines.push(`n${node.id()}: ${node.role()}, term ${node.currentTerm()}, last (t${last.term}, i${last.index}), ${LogEntries.len(node.log().entries())} entries`);
  }
  return lines.join('\n');
}

const target = document.getElementById('demo');
if (target !== null) target.textContent = runDemo();
