/**
 * What the frontier records for the past, and how it stays bounded: the per-event columns, the
 * space-time log, the checkpoints and the checker's marks, and the retention policy
 * (`SimulationOptions.historyLimit`): beyond the limit the oldest per-event detail is forgotten in
 * whole chunks and the checkpoints and marks there are thinned further.
 *
 * @module
 */
import type { CheckerMark } from '../checker/checker.js';
import type { CheckerObserver } from '../checker/observer.js';
import type { World } from '../engine/world.js';
import { Checkpoints, ThinnedSeries } from './checkpoints.js';
import { EventLog } from './history.js';
import { SpaceTimeLog } from './spacetime.js';
import type { Timeline } from './timeline.js';
import type { NodeTrack } from './tracker.js';

/** Events per retention step (the columns' chunk). */
const RETENTION_STEP = 4096;
/** Before `historyStart`, checkpoints and marks are kept once per this many sparse ones. */
const FAR_FACTOR = 32;
/** Checker marks are taken every this many checkpoints. */
const MARK_EVERY = 4;

/** The recorded past of one simulation. */
export class Recording {
  readonly events = new EventLog();
  readonly spaceTime = new SpaceTimeLog();
  readonly checkpoints: Checkpoints;
  /** The checker's marks, every `MARK_EVERY` checkpoints (thinned like them), to roll it back when acting in the past. */
  readonly marks: ThinnedSeries<CheckerMark>;

  constructor(
    checkpointEvery: number,
    private readonly limit: number,
  ) {
    this.checkpoints = new Checkpoints(checkpointEvery);
    const spacing = this.checkpoints.series.spacing;
    this.marks = new ThinnedSeries({ ...spacing, every: spacing.every * MARK_EVERY });
  }

  /** After every frontier event (and before the first): retention, a checkpoint and a checker mark when due. */
  afterEvent(world: World, track: NodeTrack, checker: CheckerObserver | undefined): void {
    if (world.events % RETENTION_STEP === 0) this.retain();
    this.checkpoints.save(world, track);
    if (checker !== undefined && this.marks.due(world.events)) this.marks.put(world.events, checker.checker.mark());
  }

  /** Forgets what was recorded at or after event `at` (a fork); `nextItemId` is the world's there. */
  truncate(at: number, nextItemId: number): void {
    this.events.truncate(at);
    this.spaceTime.truncate(at, nextItemId);
    this.checkpoints.truncate(at);
    this.marks.truncateAfter(at);
  }

  /**
   * Brings `checker` (which saw a discarded future) back to event `at`: rolls it back to its latest
   * mark at or before `at`, then replays the timeline from there with it attached (from the
   * checkpoint before the mark, without it, if the mark has none of its own). Returns the replayed
   * world, which then stands at `at`.
   */
  rebuildChecker(checker: CheckerObserver, at: number, timeline: Timeline): World {
    const latest = this.marks.atOrBefore(at) as { readonly at: number; readonly value: CheckerMark };
    checker.checker.rollback(latest.value);
    const world = this.checkpoints.before(latest.at).world.clone();
    while (world.events < latest.at) timeline.replayOne(world);
    checker.retarget(world);
    world.observe(checker);
    while (world.events < at) timeline.replayOne(world);
    return world;
  }

  /** Forgets the detail older than `limit` events, in whole chunks, and thins the checkpoints there. */
  private retain(): void {
    const before = this.events.length - this.limit;
    if (before - this.events.start < RETENTION_STEP) return;
    const start = this.events.dropBefore(before);
    this.spaceTime.dropBefore(start);
    const far = this.checkpoints.series.spacing.sparse * FAR_FACTOR;
    this.checkpoints.series.thinBefore(start, far);
    this.marks.thinBefore(start, far);
  }
}
