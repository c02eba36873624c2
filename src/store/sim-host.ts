/**
 * Owns one Simulation for a store: the playhead between events, the timeline markers, and the
 * frames built from the present. Nothing here is shared between stores.
 *
 * @module
 */
import { Simulation, type ClusterView, type ParamsInput, type SimulationOptions } from '../sim/index.js';
import type { Marker } from './door.js';
import type { Frame } from './types.js';

/** Events one playback tick may run before it yields (keeps a frame short at high speed). */
export const MAX_EVENTS_PER_TICK = 400;

/**
 * The view, or the previous one when only the clock moved: the simulator shares every unchanged
 * part, so if nodes, messages, network and proposals are the same objects nothing a panel draws
 * changed, and keeping the old view lets panels skip re-rendering between events. (Its `time` is
 * then the time of the last change; the frame's `time` / `now` are the present.)
 */
function stableView(prev: ClusterView | undefined, next: ClusterView): ClusterView {
  if (prev === undefined) return next;
  const same =
    prev.nodes === next.nodes &&
    prev.inFlight === next.inFlight &&
    prev.partition === next.partition &&
    prev.cuts === next.cuts &&
    prev.leader === next.leader &&
    prev.params === next.params &&
    prev.proposals === next.proposals &&
    prev.events === next.events;
  return same ? prev : next;
}

export class SimHost {
  readonly sim: Simulation;
  /** The playhead: simulated time drawn, at or after the present event's time. */
  private playhead: number;
  private markers: Marker[] = [];
  private markedUpTo = 0;
  private revision = -1;
  private serial = 0;
  private frame: Frame | undefined;

  constructor(
    source: ParamsInput | Simulation,
    options: SimulationOptions | undefined,
    readonly generation: number,
  ) {
    this.sim = source instanceof Simulation ? source : new Simulation(source, options);
    this.playhead = this.sim.time;
  }

  /** Moves the playhead to the present (after a step or seek). */
  syncPlayhead(): void {
    this.playhead = this.sim.time;
  }

  /**
   * Runs the events due in the next `simMs` of simulated time (at most MAX_EVENTS_PER_TICK) and
   * moves the playhead. Returns true if a new violation appeared (the caller pauses).
   */
  advance(simMs: number): boolean {
    const sim = this.sim;
    const target = this.playhead + Math.max(0, simMs);
    const before = sim.violationCount();
    let ran = 0;
    for (let t = sim.nextEventTime(); t !== undefined && t <= target; t = sim.nextEventTime()) {
      sim.step();
      ran++;
      if (sim.violationCount() > before) {
        this.syncPlayhead();
        return true;
      }
      if (ran >= MAX_EVENTS_PER_TICK) {
        this.syncPlayhead();
        return false;
      }
    }
    this.playhead = Math.max(sim.time, target);
    if (sim.position === sim.end) sim.advanceClock(this.playhead);
    return false;
  }

  /** The present as a frame; the same object while nothing moved (same revision, same playhead). */
  current(): Frame {
    const sim = this.sim;
    const prev = this.frame;
    if (prev !== undefined && this.revision === sim.revision && prev.now === this.playhead) return prev;
    const moved = prev === undefined || this.revision !== sim.revision;
    this.revision = sim.revision;
    this.frame = {
      serial: ++this.serial,
      generation: this.generation,
      view: moved ? stableView(prev?.view, sim.view()) : prev.view,
      position: sim.position,
      end: sim.end,
      historyStart: sim.historyStart,
      time: sim.time,
      now: this.playhead,
      explanation: moved ? sim.lastExplanation() : prev.explanation,
      violations: sim.violations(),
      markers: moved ? this.updateMarkers() : prev.markers,
      params: sim.params,
    };
    return this.frame;
  }

  /**
   * Markers for the recorded history the simulation keeps (from its historyStart), extended
   * incrementally, cut back after a fork. Markers are in index order, so the checks look at the
   * ends only; the array is replaced, never changed, when it changes (frames are immutable).
   */
  private updateMarkers(): readonly Marker[] {
    const { end, historyStart } = this.sim;
    if (end < this.markedUpTo || (this.markers.at(-1)?.index ?? -1) >= end) {
      this.markers = this.markers.slice(0, firstAtOrAfter(this.markers, end));
      this.markedUpTo = Math.min(this.markedUpTo, end);
    }
    if ((this.markers[0]?.index ?? Infinity) < historyStart) {
      this.markers = this.markers.slice(firstAtOrAfter(this.markers, historyStart));
    }
    if (end > this.markedUpTo) {
      const fresh = this.sim.markers(Math.max(this.markedUpTo, historyStart), end);
      this.markedUpTo = end;
      if (fresh.length > 0) this.markers = this.markers.concat(fresh);
    }
    return this.markers;
  }
}

/** The position of the first marker with index >= `index` (markers are in index order). */
function firstAtOrAfter(markers: readonly Marker[], index: number): number {
  let lo = 0;
  let hi = markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((markers[mid] as Marker).index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
