/**
 * A bounded cache of event explanations for the event log.
 *
 * The simulator keeps only a compact record per event; an explanation is rebuilt by replaying
 * from a checkpoint. Replaying one event at a time for every visible line would replay the same
 * prefix over and over, so the cache loads whole chunks of {@link CHUNK} events with one
 * `explainRange` call each (one replay per chunk), keeps at most `maxChunks` of them (least
 * recently used goes first, so memory stays bounded however long the history grows), and drops
 * the chunks a fork rewrote.
 *
 * No React here: the store owns one cache per instance and republishes on `onLoaded`.
 *
 * @module
 */
import type { Explanation, TimelineEntry } from '../sim/index.js';

/** Events per chunk: one replay loads this many explanations. */
export const CHUNK = 256;

/** Chunks kept by default (see `ExplanationCacheOptions.maxChunks`). */
export const DEFAULT_MAX_CHUNKS = 4;

/** The part of `Simulation` the cache reads. */
export interface ExplanationSource {
  /** Events recorded so far. */
  readonly end: number;
  /** The interventions in the timeline, in order (a fork rewrites its tail). */
  interventions(): readonly TimelineEntry[];
  /** Calls `visit` for every event in [from, to), replaying once. */
  explainRange(from: number, to: number, visit: (e: Explanation) => void): void;
}

export interface ExplanationCacheOptions {
  /**
   * Most chunks kept at once (default 4, i.e. 1,024 explanations: dozens of screens of the event
   * log, whose visible lines span at most two chunks). Each explanation holds its lines and their
   * texts, ≈ 350 B; while playing, the log follows the present and loads a new chunk every few
   * hundred events, so the cap is what the cache grows to (32 chunks measured ≈ 3 MB of heap
   * after a minute at the fastest speed).
   */
  readonly maxChunks?: number;
  /** Runs the pending loads later (default `queueMicrotask`), so a burst of requests replays once per chunk. */
  readonly schedule?: (run: () => void) => void;
  /** Most chunks loaded per scheduled run (default 8); the rest wait for the next run. */
  readonly chunksPerRun?: number;
}

export interface ExplanationCache {
  /** The explanation of event `index` if loaded (undefined = not loaded yet, or not in the history). */
  get(index: number): Explanation | undefined;
  /** Asks for the explanations of [from, to); `onLoaded` is called once they are in. */
  request(from: number, to: number): void;
  /** Notices forks and growth of the history; the store calls it after every change of the simulation. */
  sync(): void;
  /** Forgets every chunk that holds an event at `index` or later. */
  invalidateFrom(index: number): void;
  /** How many chunks are held (for tests and the memory benchmark). */
  readonly size: number;
}

interface Chunk {
  readonly explanations: Explanation[];
  /** Exclusive end of what was loaded: a chunk loaded at the frontier may be partial. */
  readonly loadedTo: number;
}

/** A timeline entry's identity for fork detection (entries are plain data; copies compare equal). */
function sameEntry(a: TimelineEntry | undefined, b: TimelineEntry | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.at === b.at && a.time === b.time && JSON.stringify(a.intervention) === JSON.stringify(b.intervention);
}

/** The first event index whose history differs between two timelines, or undefined if none. */
function firstRewritten(before: readonly TimelineEntry[], after: readonly TimelineEntry[]): number | undefined {
  const n = Math.max(before.length, after.length);
  for (let k = 0; k < n; k++) {
    const a = before[k];
    const b = after[k];
    if (!sameEntry(a, b)) return Math.min(a?.at ?? Infinity, b?.at ?? Infinity);
  }
  return undefined;
}

/**
 * Makes the cache for `sim`. `onLoaded(from, to)` says which event range just became available.
 *
 * @example
 * const cache = createExplanationCache(sim, () => store.setState({ explanationsVersion: v + 1 }));
 * cache.request(0, 50); // later: cache.get(12)
 */
export function createExplanationCache(
  sim: ExplanationSource,
  onLoaded: (from: number, to: number) => void,
  options: ExplanationCacheOptions = {},
): ExplanationCache {
  const maxChunks = Math.max(1, options.maxChunks ?? DEFAULT_MAX_CHUNKS);
  const schedule = options.schedule ?? queueMicrotask;
  const perRun = Math.max(1, options.chunksPerRun ?? 8);
  const chunks = new Map<number, Chunk>();
  const pending = new Set<number>();
  let scheduled = false;
  // The simulator hands out a frozen timeline that keeps its identity until it changes; a mutable
  // one is copied so later changes are seen.
  const snapshot = (t: readonly TimelineEntry[]): readonly TimelineEntry[] => (Object.isFrozen(t) ? t : [...t]);
  let knownTimeline = snapshot(sim.interventions());
  let knownEnd = sim.end;

  function invalidateFrom(index: number): void {
    const first = Math.floor(Math.max(0, index) / CHUNK);
    for (const c of [...chunks.keys()]) if (c >= first) chunks.delete(c);
  }

  function sync(): void {
    const timeline = sim.interventions();
    if (timeline !== knownTimeline) {
      const rewritten = firstRewritten(knownTimeline, timeline);
      if (rewritten !== undefined && rewritten < knownEnd) invalidateFrom(rewritten);
      knownTimeline = snapshot(timeline);
    }
    if (sim.end < knownEnd) invalidateFrom(sim.end);
    knownEnd = sim.end;
  }

  function load(c: number): void {
    const from = c * CHUNK;
    const to = Math.min(from + CHUNK, sim.end);
    if (to <= from) return;
    const explanations: Explanation[] = [];
    sim.explainRange(from, to, (e) => {
      explanations[e.index - from] = e;
    });
    chunks.delete(c);
    chunks.set(c, { explanations, loadedTo: to });
    while (chunks.size > maxChunks) chunks.delete(chunks.keys().next().value as number);
    onLoaded(from, to);
  }

  function run(): void {
    scheduled = false;
    sync();
    const batch = [...pending].slice(0, perRun);
    for (const c of batch) {
      pending.delete(c);
      load(c);
    }
    if (pending.size > 0) kick();
  }

  function kick(): void {
    if (scheduled) return;
    scheduled = true;
    schedule(run);
  }

  function missing(c: number): boolean {
    const chunk = chunks.get(c);
    return chunk === undefined || chunk.loadedTo < Math.min((c + 1) * CHUNK, sim.end);
  }

  return {
    get(index) {
      if (index < 0 || index >= sim.end) return undefined;
      const c = Math.floor(index / CHUNK);
      const chunk = chunks.get(c);
      if (chunk === undefined || index >= chunk.loadedTo) return undefined;
      chunks.delete(c); // touch: most recently used goes last
      chunks.set(c, chunk);
      return chunk.explanations[index - c * CHUNK];
    },
    request(from, to) {
      sync();
      const lo = Math.max(0, Math.floor(from));
      const hi = Math.min(Math.ceil(to), sim.end);
      if (hi <= lo) return;
      for (let c = Math.floor(lo / CHUNK); c <= Math.floor((hi - 1) / CHUNK); c++) if (missing(c)) pending.add(c);
      if (pending.size > 0) kick();
    },
    sync,
    invalidateFrom,
    get size() {
      return chunks.size;
    },
  };
}
