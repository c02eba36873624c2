/**
 * Owns one Simulation for a store: the playhead between events, the timeline markers, and the
 * frames built from the present. Nothing here is shared between stores.
 *
 * @module
 */
import { Simulation, type ClusterView, type ParamsInput, type SimulationOptions } from '../sim/index.js';
import { MARKER, markersOf, simRevision, viewOfSim, type Marker } from './door.js';
import type { Frame } from './types.js';

/** Events one playback tick may run before it yields (keeps a frame short at high speed). */
export const MAX_EVENTS_PER_TICK = 400;

export class SimHost {
  readonly sim: Simulation;
  /** The playhead: simulated time drawn, at or after the present event's time. */
  private playhead: number;
  private markers: Marker[] = [];
  private markedUpTo = 1;
  private violationsMarked = 0;
  private serial = 0;
  private lastKey = '';
  private frame: Frame | undefined;

  constructor(
    params: ParamsInput,
    options: SimulationOptions | undefined,
    readonly generation: number,
  ) {
    this.sim = new Simulation(params, options);
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

  /** The present as a frame; the same object while nothing moved. */
  current(): Frame {
    const sim = this.sim;
    const key = `${simRevision(sim) ?? ''}|${sim.position}|${sim.end}|${sim.time}|${this.playhead}`;
    if (this.frame !== undefined && key === this.lastKey) return this.frame;
    const sameSim = this.frame !== undefined && this.frame.position === sim.position && this.frame.end === sim.end && this.frame.time === sim.time && simRevision(sim) === undefined;
    const view: ClusterView = sameSim ? (this.frame as Frame).view : viewOfSim(sim);
    this.lastKey = key;
    this.frame = {
      serial: ++this.serial,
      generation: this.generation,
      view,
      position: sim.position,
      end: sim.end,
      time: sim.time,
      now: this.playhead,
      explanation: sameSim ? this.frame?.explanation : sim.lastExplanation(),
      violations: sameSim ? (this.frame as Frame).violations : [...sim.violations()],
      markers: this.updateMarkers(),
      params: sim.params,
    };
    return this.frame;
  }

  /** Markers for the whole recorded history, extended incrementally, cut back after a fork. */
  private updateMarkers(): readonly Marker[] {
    const sim = this.sim;
    const end = sim.end;
    if (end < this.markedUpTo) {
      this.markers = this.markers.filter((m) => m.index < end);
      this.markedUpTo = end;
      this.violationsMarked = this.markers.filter((m) => (m.flags & MARKER.violation) !== 0).length;
    }
    let next = this.markers;
    if (end > this.markedUpTo) {
      const fresh = markersOf(sim, this.markedUpTo, end);
      this.markedUpTo = end;
      if (fresh.length > 0) next = [...next, ...fresh];
    }
    if (sim.position === end && simRevision(sim) === undefined) {
      // Without the door, violations are not flagged per event: add them as they are detected.
      const all = sim.violations();
      if (all.length > this.violationsMarked) {
        const extra = all.slice(this.violationsMarked).map((v) => ({ index: v.eventIndex, time: sim.event(v.eventIndex)?.time ?? 0, flags: MARKER.violation, node: v.nodes[0] }));
        this.violationsMarked = all.length;
        next = [...next, ...extra].sort((a, b) => a.index - b.index);
      }
    }
    this.markers = next;
    return next;
  }
}
