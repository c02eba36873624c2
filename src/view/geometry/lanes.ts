/**
 * Lanes: one horizontal band per node (space-time diagram, log rows) and a linear time axis.
 *
 * @module
 */
import { round3 } from './ring.js';

/** The centre y of lane `i` of `count` lanes filling [top, top + height]. */
export function laneY(i: number, count: number, top: number, height: number): number {
  if (count <= 0) return top;
  return round3(top + (height * (i + 0.5)) / count);
}

/** The x of `time` on an axis mapping [from, to] onto [left, left + width]. */
export function timeX(time: number, from: number, to: number, left: number, width: number): number {
  if (to <= from) return left;
  return round3(left + ((time - from) / (to - from)) * width);
}

/** The time at `x` on the same axis (inverse of timeX), clamped to [from, to]. */
export function xTime(x: number, from: number, to: number, left: number, width: number): number {
  if (width <= 0) return from;
  const t = from + ((x - left) / width) * (to - from);
  return Math.min(to, Math.max(from, t));
}

/** The x of event `index` on a scrubber of `end` events over [left, left + width]. */
export function eventX(index: number, end: number, left: number, width: number): number {
  if (end <= 1) return left;
  return round3(left + (Math.min(index, end - 1) / (end - 1)) * width);
}
