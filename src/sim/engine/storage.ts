/**
 * A node's simulated durable storage: term, vote, snapshot (position, configuration, state
 * machine) and the log entries after the snapshot. Only executed actions change it; a crash keeps
 * it and loses everything else.
 *
 * @module
 */
import { ClusterConfig, LogEntries, LogPosition, type Log } from '../../raft/index.js';
import { MutableLogEntries } from '../../raft/log.js';
import type { NodeId, Term } from '../../raft/types.js';
import type { KvState } from './kv.js';

/** The state machine snapshot stored with a log snapshot. */
export interface StoredSnapshot {
  readonly position: LogPosition;
  readonly config: ClusterConfig;
  /** The key-value state after applying every entry up to `position`. */
  readonly kv: KvState;
}

/** What survives a crash. */
export interface DurableState {
  term: Term;
  votedFor: NodeId | undefined;
  snapshot: StoredSnapshot;
  /** Entries after `snapshot.position`. */
  entries: MutableLogEntries;
}

/** Empty storage, as a fresh node has. */
export function emptyDurable(): DurableState {
  return {
    term: 0 as Term,
    votedFor: undefined,
    snapshot: { position: LogPosition.ZERO, config: ClusterConfig.EMPTY, kv: [] },
    entries: MutableLogEntries.empty(LogPosition.ZERO),
  };
}

/** An independent copy (the snapshot is immutable and shared). */
export function cloneDurable(d: DurableState): DurableState {
  return { term: d.term, votedFor: d.votedFor, snapshot: d.snapshot, entries: MutableLogEntries.copy(d.entries) };
}

/**
 * Executes an `AppendLogEntries` action: writes after `entries.prevPosition`, discarding what was
 * stored after it. Returns false (writing nothing) if storage does not hold that prev position,
 * which a correct node never asks for.
 */
export function writeEntries(d: DurableState, entries: LogEntries): boolean {
  const snapshot = d.entries.prevPosition;
  const toWrite = entries.prevPosition.index < snapshot.index ? LogEntries.since(entries, snapshot) : entries;
  if (toWrite === undefined) return entries.lastPosition.index <= snapshot.index;
  if (!LogEntries.contains(d.entries, toWrite.prevPosition)) return false;
  MutableLogEntries.appendInPlace(d.entries, toWrite);
  return true;
}

/** Records a snapshot: entries after its position are kept when storage holds that position. */
export function writeSnapshot(d: DurableState, snapshot: StoredSnapshot): void {
  d.snapshot = snapshot;
  d.entries = MutableLogEntries.since(d.entries, snapshot.position) ?? MutableLogEntries.empty(snapshot.position);
}

/** True if storage holds the entry at `p` or a snapshot at or beyond `p.index`. */
export function durablyHolds(d: DurableState, p: LogPosition): boolean {
  return d.snapshot.position.index >= p.index || LogEntries.contains(d.entries, p);
}

/** The log a restarted node is rebuilt from. */
export function logOf(d: DurableState, make: (config: ClusterConfig, entries: LogEntries) => Log): Log {
  return make(d.snapshot.config, d.entries);
}
