// Unit-level fixtures for the core's tests: messages built field by field, nodes rebuilt in a given
// durable state, a leader driven by hand-made replies, and a decision recorder. Nothing here runs
// a network: each test says exactly which message reaches which node.
import { expect } from 'vitest';
import { ClusterConfig, Log, LogEntries, Node, type Action, type Decision, type LogEntry, type LogPosition } from '../../../src/raft/index.js';
import type { AppendEntriesCall, AppendEntriesReply, RequestVoteCall, RequestVoteReply } from '../../../src/raft/message.js';
import { COMMAND, configEntry, id, ix, pos, seq, t, termEntry, voters, ZERO } from './values.js';

export function voteCall(from: number, term: number, seqno: number, lastPosition: LogPosition): RequestVoteCall {
  return { kind: 'RequestVoteCall', from: id(from), term: t(term), seqno: seq(seqno), lastPosition };
}
export function voteReply(from: number, term: number, seqno: number, voteGranted: boolean): RequestVoteReply {
  return { kind: 'RequestVoteReply', from: id(from), term: t(term), seqno: seq(seqno), voteGranted };
}
export function appendCall(from: number, term: number, seqno: number, commitIndex: number, entries: LogEntries): AppendEntriesCall {
  return { kind: 'AppendEntriesCall', from: id(from), term: t(term), seqno: seq(seqno), commitIndex: ix(commitIndex), entries };
}
export function appendReply(from: number, term: number, seqno: number, lastPosition: LogPosition): AppendEntriesReply {
  return { kind: 'AppendEntriesReply', from: id(from), term: t(term), seqno: seq(seqno), lastPosition };
}

/**
 * Log entries in a compact notation: `cfg` (a configuration entry of `config`), `T<t>` (the Term
 * entry opening term t), `cmd` (a command of the running term). E.g. `cfg T1 cmd`.
 */
export function entriesOf(spec: string, config: ClusterConfig = voters(0, 1, 2)): LogEntry[] {
  return spec
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token): LogEntry => {
      if (token === 'cfg') return configEntry(config);
      if (token === 'cmd') return COMMAND;
      const term = /^T(\d+)$/.exec(token)?.[1];
      if (term === undefined) throw new Error(`bad log token ${token}`);
      return termEntry(Number(term));
    });
}

/** A log without snapshot holding `spec` (see {@link entriesOf}). */
export function logOf(spec: string, config?: ClusterConfig): Log {
  return new Log(ClusterConfig.EMPTY, LogEntries.fromEntries(ZERO, entriesOf(spec, config)));
}

/** A node rebuilt from the given durable state (`Node.restart`), its restart timer request drained. */
export function nodeWith(n: number, term: number, votedFor: number | undefined, log: Log): Node {
  const node = Node.restart(id(n), t(term), votedFor === undefined ? undefined : id(votedFor), log);
  node.actionsMut().drain();
  return node;
}

/** Records every decision of `node` from now on. */
export function decisionsOf(node: Node): Decision[] {
  const seen: Decision[] = [];
  node.onDecision = (decision) => {
    seen.push(decision);
  };
  return seen;
}

/** The pending actions, drained. */
export const drain = (node: Node): Action[] => node.actionsMut().drain();

/**
 * Node 0 leading {0,1,2} in term 1 with commit index 2 (its no-op), every action drained:
 * it created the cluster, node 1 granted its vote and acknowledged the no-op.
 */
export function leaderOfThree(config: ClusterConfig = voters(0, 1, 2)): Node {
  const node = Node.start(id(0));
  node.createCluster(config.voters);
  node.handleMessage(voteReply(1, 1, node.lastSeqno(), true));
  node.handleMessage(appendReply(1, 1, node.lastSeqno(), pos(1, 2)));
  drain(node);
  expect([node.role(), node.currentTerm(), node.commitIndex()]).toEqual(['Leader', 1, 2]);
  return node;
}

/** A reply of follower `from` acknowledging `last`, echoing the leader's latest call. */
export function ack(leader: Node, from: number, last: LogPosition): void {
  leader.handleMessage(appendReply(from, leader.currentTerm(), leader.lastSeqno(), last));
}
