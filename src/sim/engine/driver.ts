/**
 * raftbare's driver protocol, once: a node queues actions, the driver takes them in drain order and
 * executes each (raftbare-spec.md §4.3). The simulator and the benchmarks both drive nodes through
 * {@link drainActions}; each says what an action means to it by an {@link ActionHandler}.
 *
 * @module
 */
import type { LogEntries, Message, Node } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';

/** What a driver does with each action (see `Action` in the core for their contracts). */
export interface ActionHandler {
  /** (Re)arm the node's timer: the heartbeat period for a leader, a random election timeout otherwise. */
  setElectionTimeout(node: Node): void;
  /** Persist `node.currentTerm()`. */
  saveCurrentTerm(node: Node): void;
  /** Persist `node.votedFor()`. */
  saveVotedFor(node: Node): void;
  /** Persist `entries` after `entries.prevPosition`, discarding what storage held after it. */
  appendLogEntries(node: Node, entries: LogEntries): void;
  /** Send `message` to `to`; a broadcast calls this for each of `node.peers()`, in their order. */
  sendMessage(node: Node, to: NodeId, message: Message): void;
  /** Ship the node's latest snapshot to `to`. */
  installSnapshot(node: Node, to: NodeId): void;
}

/** Takes every pending action of `node`, in drain order, and hands each to `handler`. */
export function drainActions(node: Node, handler: ActionHandler): void {
  const actions = node.actionsMut();
  for (let a = actions.take(); a !== undefined; a = actions.take()) {
    switch (a.kind) {
      case 'SetElectionTimeout':
        handler.setElectionTimeout(node);
        break;
      case 'SaveCurrentTerm':
        handler.saveCurrentTerm(node);
        break;
      case 'SaveVotedFor':
        handler.saveVotedFor(node);
        break;
      case 'AppendLogEntries':
        handler.appendLogEntries(node, a.entries);
        break;
      case 'BroadcastMessage':
        for (const to of node.peers()) handler.sendMessage(node, to, a.message);
        break;
      case 'SendMessage':
        handler.sendMessage(node, a.to, a.message);
        break;
      case 'InstallSnapshot':
        handler.installSnapshot(node, a.to);
        break;
    }
  }
}
