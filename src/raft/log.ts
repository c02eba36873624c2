/**
 * Log positions, entries and raftbare's compact entry list (Raft §5.3).
 *
 * `LogEntries` stores only the *positions where something other than a command sits*: one mark per
 * `Term` entry (a new leader's no-op, which carries the term that starts there) and one per
 * `ClusterConfig` entry. Every other index in `(prevPosition.index, lastPosition.index]` is a
 * command. Memory is therefore O(elections + config changes), whatever the number of commands,
 * and slicing ("everything since X") is cheap.
 *
 * `LogEntries` is plain data (it travels in `AppendEntriesCall` messages): the functions on the
 * `LogEntries` object never mutate their arguments. The `Log` class wraps the node's own list.
 *
 * @module
 */
import { ClusterConfig } from './config.js';
import type { LogIndex, Term } from './types.js';

/** Identifies one log entry by its term and index. */
export interface LogPosition {
  readonly term: Term;
  readonly index: LogIndex;
}

/** Functions and constants for {@link LogPosition}. */
export const LogPosition = {
  /** `(t0, i0)`: the position before the first entry of every log. */
  ZERO: { term: 0 as Term, index: 0 as LogIndex } as LogPosition,
  /**
   * The position carried by rejected proposals. Its term is larger than any real term, so it is
   * never contained in a log and compares after every real position.
   */
  INVALID: { term: Number.MAX_SAFE_INTEGER as Term, index: 0 as LogIndex } as LogPosition,

  /** Makes a position. */
  of(term: Term, index: LogIndex): LogPosition {
    return { term, index };
  },
  /** Value equality. */
  equals(a: LogPosition, b: LogPosition): boolean {
    return a.term === b.term && a.index === b.index;
  },
  /** True for {@link LogPosition.INVALID}. */
  isInvalid(p: LogPosition): boolean {
    return p.term === LogPosition.INVALID.term;
  },
  /**
   * Raft's "up-to-date" order (§5.4.1): the later last term wins; equal terms compare by index.
   * Negative if `a` is older than `b`, 0 if equal, positive if newer.
   */
  compare(a: LogPosition, b: LogPosition): number {
    return a.term !== b.term ? a.term - b.term : a.index - b.index;
  },
} as const;

/**
 * One log entry. Commands carry no payload: the user maps the position returned by
 * `Node.proposeCommand` to its command data.
 */
export type LogEntry =
  | { readonly kind: 'Term'; readonly term: Term }
  | { readonly kind: 'ClusterConfig'; readonly config: ClusterConfig }
  | { readonly kind: 'Command' };

/** A `Term` entry's mark: `[index, term]`, the term that starts at that index. */
export type TermMark = readonly [LogIndex, Term];
/** A `ClusterConfig` entry's mark: `[index, config]`. */
export type ConfigMark = readonly [LogIndex, ClusterConfig];

/**
 * A contiguous run of log entries after `prevPosition`, in raftbare's compact form.
 *
 * Invariants: marks are sorted by index, every mark index lies in
 * `(prevPosition.index, lastPosition.index]`, and `lastPosition.term` is the term of the last mark
 * (or `prevPosition.term` when there is none).
 */
export interface LogEntries {
  /** The position just before the first entry (a snapshot point or an RPC's prev). */
  readonly prevPosition: LogPosition;
  /** The position of the last entry (`prevPosition` when empty). */
  readonly lastPosition: LogPosition;
  /** One mark per `Term` entry, ascending by index. */
  readonly terms: readonly TermMark[];
  /** One mark per `ClusterConfig` entry, ascending by index. */
  readonly configs: readonly ConfigMark[];
}

/** The mutable shape the core uses for lists it owns (its log, its pending append). */
export interface MutableLogEntries {
  /** The position just before the first entry. */
  prevPosition: LogPosition;
  /** The position of the last entry (`prevPosition` when empty). */
  lastPosition: LogPosition;
  /** Term-entry marks, ascending by index. */
  terms: TermMark[];
  /** Config-entry marks, ascending by index. */
  configs: ConfigMark[];
}

/** Index of the last mark with index `≤ i`, or -1 (binary search; marks are sorted). */
function floorMark(marks: readonly (readonly [LogIndex, unknown])[], i: number): number {
  let lo = 0;
  let hi = marks.length - 1;
  if (hi < 0 || (marks[hi] as readonly [LogIndex, unknown])[0] <= i) return hi;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((marks[mid] as readonly [LogIndex, unknown])[0] <= i) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi;
}

/** The marks with index `> i`. */
function marksAfter<M extends readonly [LogIndex, unknown]>(marks: readonly M[], i: number): M[] {
  return marks.slice(floorMark(marks, i) + 1);
}

function getTerm(e: LogEntries, i: number): Term | undefined {
  if (i < e.prevPosition.index || i > e.lastPosition.index) return undefined;
  const m = floorMark(e.terms, i);
  return m < 0 ? e.prevPosition.term : (e.terms[m] as TermMark)[1];
}

function contains(e: LogEntries, p: LogPosition): boolean {
  return getTerm(e, p.index) === p.term;
}

function positionAt(e: LogEntries, i: number): LogPosition | undefined {
  const term = getTerm(e, i);
  return term === undefined ? undefined : { term, index: i as LogIndex };
}

function copy(e: LogEntries): MutableLogEntries {
  return { prevPosition: e.prevPosition, lastPosition: e.lastPosition, terms: [...e.terms], configs: [...e.configs] };
}

function empty(prev: LogPosition): MutableLogEntries {
  return { prevPosition: prev, lastPosition: prev, terms: [], configs: [] };
}

function since(e: LogEntries, p: LogPosition): MutableLogEntries | undefined {
  if (!contains(e, p)) return undefined;
  return { prevPosition: p, lastPosition: e.lastPosition, terms: marksAfter(e.terms, p.index), configs: marksAfter(e.configs, p.index) };
}

/** Mutating: appends one entry at `lastPosition.index + 1`. */
function pushInPlace(e: MutableLogEntries, entry: LogEntry): void {
  const index = (e.lastPosition.index + 1) as LogIndex;
  if (entry.kind === 'Term') {
    e.terms.push([index, entry.term]);
    e.lastPosition = { term: entry.term, index };
  } else {
    if (entry.kind === 'ClusterConfig') e.configs.push([index, entry.config]);
    e.lastPosition = { term: e.lastPosition.term, index };
  }
}

/** Mutating: keeps the entries up to index `i` (`prev.index ≤ i`). */
function truncateInPlace(e: MutableLogEntries, i: number): void {
  if (i >= e.lastPosition.index) return;
  const term = getTerm(e, i) as Term;
  e.terms.length = floorMark(e.terms, i) + 1;
  e.configs.length = floorMark(e.configs, i) + 1;
  e.lastPosition = { term, index: i as LogIndex };
}

/**
 * Mutating: writes `other` after its `prevPosition`, overwriting whatever `e` held after that
 * point (the storage contract of `AppendLogEntries`). If `e` does not contain `other.prevPosition`
 * (it starts before `e` or diverges from it), `e` becomes a copy of `other`: the caller's storage
 * holds the prefix. raftbare 0.1.4 corrupted the list in that case.
 */
function appendInPlace(e: MutableLogEntries, other: LogEntries): void {
  if (!contains(e, other.prevPosition)) {
    Object.assign(e, copy(other));
    return;
  }
  truncateInPlace(e, other.prevPosition.index);
  for (const mark of other.terms) e.terms.push(mark);
  for (const mark of other.configs) e.configs.push(mark);
  e.lastPosition = other.lastPosition;
}

/**
 * The first index in `(received.prev, received.last]` at which `local` differs from `received`
 * (by term; by Log Matching equal terms mean equal entries), or `received.last.index + 1`.
 * Terms are constant between marks, so only mark indices (of either list), the first index and
 * the index just past `local`'s end can start a difference.
 */
function firstDivergence(received: LogEntries, local: LogEntries): number {
  const start = received.prevPosition.index + 1;
  const end = received.lastPosition.index;
  const candidates = [start, local.lastPosition.index + 1];
  for (const [i] of received.terms) candidates.push(i);
  for (const [i] of marksAfter(local.terms, start - 1)) if (i <= end) candidates.push(i);
  let first = end + 1;
  for (const i of candidates) {
    if (i >= start && i < first && getTerm(local, i) !== getTerm(received, i)) first = i;
  }
  return first;
}

/** Functions over {@link LogEntries} values. None mutates its arguments. */
export const LogEntries = {
  /** An empty list positioned after `prev`. */
  empty(prev: LogPosition): LogEntries {
    return empty(prev);
  },
  /** A list holding `entries` after `prev`. */
  fromEntries(prev: LogPosition, entries: Iterable<LogEntry>): LogEntries {
    const e = empty(prev);
    for (const entry of entries) pushInPlace(e, entry);
    return e;
  },
  /** Number of entries. */
  len(e: LogEntries): number {
    return e.lastPosition.index - e.prevPosition.index;
  },
  /** True if there are no entries. */
  isEmpty(e: LogEntries): boolean {
    return e.lastPosition.index === e.prevPosition.index;
  },
  /** `prev.index ≤ i ≤ last.index`. Note: the prev position counts as contained. */
  containsIndex(e: LogEntries, i: number): boolean {
    return e.prevPosition.index <= i && i <= e.lastPosition.index;
  },
  /** True if the term at `p.index` is `p.term`; always true for `prevPosition`. */
  contains,
  /** The term at index `i` (prev included), or `undefined` outside the list. */
  getTerm,
  /** The position at index `i` (prev included), or `undefined` outside the list. */
  positionAt,
  /** The entry at index `i`, or `undefined` outside `(prev.index, last.index]`. */
  getEntry(e: LogEntries, i: number): LogEntry | undefined {
    if (i <= e.prevPosition.index || i > e.lastPosition.index) return undefined;
    const t = floorMark(e.terms, i);
    if (t >= 0 && (e.terms[t] as TermMark)[0] === i) return { kind: 'Term', term: (e.terms[t] as TermMark)[1] };
    const c = floorMark(e.configs, i);
    if (c >= 0 && (e.configs[c] as ConfigMark)[0] === i) return { kind: 'ClusterConfig', config: (e.configs[c] as ConfigMark)[1] };
    return { kind: 'Command' };
  },
  /** Every entry with its position, in index order. */
  *iterWithPositions(e: LogEntries): IterableIterator<{ position: LogPosition; entry: LogEntry }> {
    for (let i = e.prevPosition.index + 1; i <= e.lastPosition.index; i++) {
      yield { position: positionAt(e, i) as LogPosition, entry: LogEntries.getEntry(e, i) as LogEntry };
    }
  },
  /** The entries after `p`, positioned at `p`; `undefined` unless the list contains `p`. */
  since(e: LogEntries, p: LogPosition): LogEntries | undefined {
    return since(e, p);
  },
  /** `e` followed by `other`, written after `other.prevPosition` (see the `AppendLogEntries` action). */
  append(e: LogEntries, other: LogEntries): LogEntries {
    const result = copy(e);
    appendInPlace(result, other);
    return result;
  },
  /**
   * The first `len` entries (all of them if there are fewer). Drivers may use it to cap the size
   * of an outgoing `AppendEntriesCall`; followers handle the shorter message correctly.
   */
  truncate(e: LogEntries, len: number): LogEntries {
    const result = copy(e);
    truncateInPlace(result, e.prevPosition.index + Math.max(0, Math.floor(len)));
    return result;
  },
  /**
   * The part of `received` (from a leader) that `local` lacks: the entries from the first index at
   * which the two differ. Empty if `local` already holds them all. Never throws (raftbare 0.1.4
   * panicked on a truncated message without a diverging `Term` entry).
   *
   * Preconditions: `local` contains `received.prevPosition`.
   */
  stripCommonPrefix(received: LogEntries, local: LogEntries): LogEntries {
    const first = firstDivergence(received, local);
    return since(received, positionAt(received, first - 1) as LogPosition) as LogEntries;
  },
} as const;

/** Internal helpers for lists the core owns; not part of the public API. */
export const MutableLogEntries = { empty, copy, since, pushInPlace, truncateInPlace, appendInPlace } as const;

/**
 * A node's log: the snapshot point (position and configuration) followed by the entries after it.
 *
 * `new Log(config, entries)` is also how a driver rebuilds a log from storage for `Node.restart`:
 * `entries.prevPosition` is the snapshot position and `config` the configuration in force there.
 */
export class Log {
  private readonly list: MutableLogEntries;
  private snapConfig: ClusterConfig;

  /** Copies `entries`; later changes to either side do not leak into the other. */
  constructor(snapshotConfig: ClusterConfig, entries: LogEntries) {
    this.snapConfig = snapshotConfig;
    this.list = copy(entries);
  }

  /** An empty log with the empty configuration, as held by `Node.start`. */
  static empty(): Log {
    return new Log(ClusterConfig.EMPTY, LogEntries.empty(LogPosition.ZERO));
  }

  /** The entries after the snapshot point. Treat as read-only: the node keeps changing it. */
  entries(): LogEntries {
    return this.list;
  }
  /** The position of the last entry (the snapshot position if there are none). */
  lastPosition(): LogPosition {
    return this.list.lastPosition;
  }
  /** The position up to which the log has been compacted into a snapshot. */
  snapshotPosition(): LogPosition {
    return this.list.prevPosition;
  }
  /** The configuration in force at the snapshot position. */
  snapshotConfig(): ClusterConfig {
    return this.snapConfig;
  }
  /** The term at `i`, or `undefined` outside `[snapshot index, last index]`. */
  getTerm(i: number): Term | undefined {
    return getTerm(this.list, i);
  }
  /** True if the entry at `p.index` has term `p.term` (the snapshot position counts). */
  contains(p: LogPosition): boolean {
    return getTerm(this.list, p.index) === p.term;
  }
  /**
   * The latest configuration, uncommitted entries included: Raft §6 has a server use the newest
   * configuration in its log as soon as it is appended.
   */
  latestConfig(): ClusterConfig {
    const last = this.list.configs[this.list.configs.length - 1];
    return last === undefined ? this.snapConfig : last[1];
  }
  /** The index of the latest configuration entry, or the snapshot index if there is none. */
  latestConfigIndex(): LogIndex {
    const last = this.list.configs[this.list.configs.length - 1];
    return last === undefined ? this.list.prevPosition.index : last[0];
  }
  /** The configuration in force at index `i`, or `undefined` outside the log. */
  getConfig(i: number): ClusterConfig | undefined {
    if (!LogEntries.containsIndex(this.list, i)) return undefined;
    const m = floorMark(this.list.configs, i);
    return m < 0 ? this.snapConfig : (this.list.configs[m] as ConfigMark)[1];
  }
  /**
   * The position at `i` and the configuration in force there: what a local snapshot at `i` needs.
   * Example (compacting at the commit index):
   * `const [p, c] = node.log().getPositionAndConfig(node.commitIndex())!; node.handleSnapshotInstalled(p, c);`
   */
  getPositionAndConfig(i: number): [LogPosition, ClusterConfig] | undefined {
    const position = positionAt(this.list, i);
    const config = this.getConfig(i);
    return position === undefined || config === undefined ? undefined : [position, config];
  }

  /** @internal Appends one entry. */
  push(entry: LogEntry): void {
    pushInPlace(this.list, entry);
  }
  /** @internal Writes `entries` after their prev position, overwriting the suffix. */
  append(entries: LogEntries): void {
    appendInPlace(this.list, entries);
  }
  /** An independent copy. */
  clone(): Log {
    return new Log(this.snapConfig, this.list);
  }
  /** @internal Replaces the whole log (a snapshot was installed). */
  replace(snapshotConfig: ClusterConfig, entries: LogEntries): void {
    this.snapConfig = snapshotConfig;
    Object.assign(this.list, copy(entries));
  }
  /** @internal Keeps the entries up to index `i`. */
  truncate(i: number): void {
    truncateInPlace(this.list, i);
  }
}
