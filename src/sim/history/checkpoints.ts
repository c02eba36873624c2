/**
 * Checkpoints (cloned worlds) and checker marks, kept densely for recent history and thinned for
 * older history: a seek or a fork replays from the latest kept one at or before its target, so the
 * spacing bounds its cost, and thinning bounds the memory. See `ThinnedSeries`.
 *
 * @module
 */
import type { TrackSnapshot } from './tracker.js';
import type { NodeTrack } from './tracker.js';
import type { World } from '../engine/world.js';

/** How a series is spaced, in events. */
export interface Spacing {
  /** Saved every `every` events. */
  readonly every: number;
  /** Older than `dense` events behind the newest, only multiples of `sparse` are kept. */
  readonly sparse: number;
  readonly dense: number;
}

/** Values saved at event indices that are multiples of `every`, thinned as they age (see {@link Spacing}). */
export class ThinnedSeries<T> {
  /** By index / every; undefined where thinned (or never saved). */
  private slots: (T | undefined)[] = [];
  /** Slots below this one were thinned to `sparse`. */
  private thinnedBelow = 0;
  private kept = 0;

  constructor(readonly spacing: Spacing) {}

  /** How many values are kept. */
  get size(): number {
    return this.kept;
  }

  /** True if `at` is where this series saves a value. */
  due(at: number): boolean {
    return at % this.spacing.every === 0;
  }

  /** Saves `value` for event `at` (a multiple of `every`), then thins what aged past `dense`. */
  put(at: number, value: T): void {
    const { every, sparse, dense } = this.spacing;
    const k = at / every;
    if (this.slots[k] === undefined) this.kept++;
    this.slots[k] = value;
    const limit = Math.floor(Math.max(0, at - dense) / every);
    for (; this.thinnedBelow < limit; this.thinnedBelow++) {
      if ((this.thinnedBelow * every) % sparse !== 0) this.drop(this.thinnedBelow);
    }
  }

  /** Keeps, before event `before`, only the values at multiples of `keepEvery` (a multiple of `sparse`). */
  thinBefore(before: number, keepEvery: number): void {
    const end = Math.min(this.slots.length, Math.ceil(before / this.spacing.every));
    for (let k = 0; k < end; k++) if ((k * this.spacing.every) % keepEvery !== 0) this.drop(k);
  }

  /** The latest value saved at or before event `at`, with its event. */
  atOrBefore(at: number): { readonly at: number; readonly value: T } | undefined {
    for (let k = Math.min(Math.floor(at / this.spacing.every), this.slots.length - 1); k >= 0; k--) {
      const value = this.slots[k];
      if (value !== undefined) return { at: k * this.spacing.every, value };
    }
    return undefined;
  }

  /** Forgets the values after event `at`. */
  truncateAfter(at: number): void {
    const length = Math.floor(at / this.spacing.every) + 1;
    for (let k = length; k < this.slots.length; k++) if (this.slots[k] !== undefined) this.kept--;
    this.slots.length = Math.min(this.slots.length, length);
    this.thinnedBelow = Math.min(this.thinnedBelow, this.slots.length);
  }

  /** Every kept value, oldest first. */
  values(): T[] {
    return this.slots.filter((v): v is T => v !== undefined);
  }

  private drop(k: number): void {
    if (this.slots[k] === undefined || k === 0) return; // event 0 is always kept
    this.slots[k] = undefined;
    this.kept--;
  }
}

/** A cloned world and what the tracker knew of its timers. */
export interface Checkpoint {
  readonly world: World;
  readonly track: TrackSnapshot;
}

/**
 * Checkpoints every `every` events for the most recent `32 × every` events, every `8 × every`
 * before (256, 8,192 and 2,048 by default): a seek replays at most `8 × every` events, and old
 * history costs one cloned world per `8 × every` events.
 */
export class Checkpoints {
  readonly series: ThinnedSeries<Checkpoint>;

  constructor(readonly every: number) {
    this.series = new ThinnedSeries({ every, sparse: every * 8, dense: every * 32 });
  }

  /** Saves a copy of `world` if it stands on a checkpoint boundary. */
  save(world: World, track: NodeTrack): void {
    if (this.series.due(world.events)) this.series.put(world.events, { world: world.clone(), track: track.snapshot() });
  }

  /** The latest checkpoint at or before event `index` (event 0's is always kept). */
  before(index: number): Checkpoint {
    return (this.series.atOrBefore(Math.max(0, index)) as { value: Checkpoint }).value;
  }

  /** Drops the checkpoints after event `at`. */
  truncate(at: number): void {
    this.series.truncateAfter(at);
  }
}
