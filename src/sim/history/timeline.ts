/**
 * The timeline: the interventions at their event indices, from which (with the checkpoints of
 * `checkpoints.ts`) any past event is rebuilt by deterministic replay.
 *
 * @module
 */
import { applyIntervention, type Intervention } from '../engine/interventions.js';
import type { World } from '../engine/world.js';

/** One intervention in the timeline (frozen). */
export interface TimelineEntry {
  /** The event index it occupies. */
  readonly at: number;
  /** The simulated time it was applied at. */
  readonly time: number;
  readonly intervention: Intervention;
}

/** The interventions in event order; replays one recorded event at a time. */
export class Timeline {
  private readonly entries: TimelineEntry[] = [];
  private frozen: readonly TimelineEntry[] | undefined;

  /** Every entry, as a frozen array (the same one until the timeline changes). */
  list(): readonly TimelineEntry[] {
    this.frozen ??= Object.freeze([...this.entries]);
    return this.frozen;
  }

  push(entry: TimelineEntry): void {
    this.entries.push(entry);
    this.frozen = undefined;
  }

  /** Forgets the entries at or after event `at`. */
  truncate(at: number): void {
    while (this.entries.length > 0 && (this.entries.at(-1) as TimelineEntry).at >= at) this.entries.pop();
    this.frozen = undefined;
  }

  /** The entry at event `index`, if that event is an intervention. */
  at(index: number): TimelineEntry | undefined {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = (this.entries[mid] as TimelineEntry).at;
      if (at === index) return this.entries[mid];
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** One recorded event on `world`: the boot, the intervention at its position, or the next scheduled event. */
  replayOne(world: World): void {
    if (world.events === 0) return world.bootstrap();
    const entry = this.at(world.events);
    if (entry === undefined) {
      world.step();
      return;
    }
    world.now = entry.time;
    applyIntervention(world, entry.intervention);
  }
}
