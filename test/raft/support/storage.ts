// Durable state of one test node, updated only by executing the node's actions.
import { ClusterConfig, Log, LogEntries, LogPosition, type Action, type Node } from '../../../src/raft/index.js';
import { MutableLogEntries } from '../../../src/raft/log.js';
import type { NodeId, Term } from '../../../src/raft/types.js';
import type { SafetyChecker } from './checker.js';

export interface Storage {
  term: Term;
  votedFor: NodeId | undefined;
  snapshotConfig: ClusterConfig;
  entries: MutableLogEntries;
}

export function emptyStorage(): Storage {
  return { term: 0 as Term, votedFor: undefined, snapshotConfig: ClusterConfig.EMPTY, entries: MutableLogEntries.empty(LogPosition.ZERO) };
}

/** Executes an AppendLogEntries action: write after prev, dropping what storage held after it. */
export function applyAppend(storage: Storage, entries: LogEntries): void {
  const snapshot = storage.entries.prevPosition;
  let toWrite: LogEntries | undefined = entries;
  if (entries.prevPosition.index < snapshot.index) toWrite = LogEntries.since(entries, snapshot);
  if (toWrite === undefined) return;
  if (!LogEntries.contains(storage.entries, toWrite.prevPosition)) {
    throw new Error(`storage cannot apply an append at ${JSON.stringify(toWrite.prevPosition)}: not in the stored log`);
  }
  MutableLogEntries.appendInPlace(storage.entries, toWrite);
}

/** Records a snapshot at `position`: entries after it are kept when the stored log contains it. */
export function applySnapshot(storage: Storage, position: LogPosition, config: ClusterConfig): void {
  storage.snapshotConfig = config;
  storage.entries = MutableLogEntries.since(storage.entries, position) ?? MutableLogEntries.empty(position);
}

export function logFromStorage(storage: Storage): Log {
  return new Log(storage.snapshotConfig, storage.entries);
}

/** Copies the node's whole state, as if everything it knows had been persisted. */
export function storageFromNode(node: Node): Storage {
  const log = node.log();
  return {
    term: node.currentTerm(),
    votedFor: node.votedFor(),
    snapshotConfig: log.snapshotConfig(),
    entries: MutableLogEntries.copy(log.entries()),
  };
}

/**
 * Executes a durable action (term, vote, log write) on `store`, showing log writes to the
 * checker first; false for every other kind, which the caller's driver handles.
 */
export function persistAction(store: Storage, node: Node, action: Action, checker: SafetyChecker, commitBefore: number): boolean {
  switch (action.kind) {
    case 'SaveCurrentTerm':
      store.term = node.currentTerm();
      return true;
    case 'SaveVotedFor':
      store.votedFor = node.votedFor();
      return true;
    case 'AppendLogEntries':
      checker.written(node, action.entries, commitBefore);
      applyAppend(store, action.entries);
      return true;
    default:
      return false;
  }
}
