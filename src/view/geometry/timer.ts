/**
 * A node's timer as an arc around it that drains clockwise from 12 o'clock: full when armed,
 * empty at the deadline. Pure path strings, tested exactly.
 *
 * @module
 */
import { polar, round3 } from './ring.js';

/** The fraction of the timer still to run at `now`, in [0, 1]. */
export function timerRemaining(armedAt: number, deadline: number, now: number): number {
  if (deadline <= armedAt) return now >= deadline ? 0 : 1;
  return Math.min(1, Math.max(0, (deadline - now) / (deadline - armedAt)));
}

/**
 * The arc for `remaining` of a full turn on a circle of radius `r` around (cx, cy): it ends at
 * 12 o'clock and starts `remaining` of a turn before it, so as time passes its start moves
 * clockwise from 12 o'clock towards its end. Empty string when nothing remains.
 */
export function timerArcPath(cx: number, cy: number, r: number, remaining: number): string {
  const f = Math.min(1, Math.max(0, remaining));
  if (f <= 0) return '';
  if (f >= 1) {
    // A full circle cannot be one arc command: two half arcs.
    const top = polar(cx, cy, r, 0);
    const bottom = polar(cx, cy, r, Math.PI);
    return `M${top.x} ${top.y}A${r} ${r} 0 1 1 ${bottom.x} ${bottom.y}A${r} ${r} 0 1 1 ${top.x} ${top.y}`;
  }
  const start = polar(cx, cy, r, 2 * Math.PI * (1 - f));
  const end = polar(cx, cy, r, 0);
  const large = f > 0.5 ? 1 : 0;
  return `M${start.x} ${start.y}A${r} ${r} 0 ${large} 1 ${end.x} ${end.y}`;
}

/** Points where a candidate's vote pips sit: `count` evenly around a circle, first at 12 o'clock. */
export function pipPositions(cx: number, cy: number, r: number, count: number): { x: number; y: number }[] {
  return Array.from({ length: count }, (_, i) => polar(cx, cy, r, (2 * Math.PI * i) / Math.max(1, count)));
}

export { round3 };
