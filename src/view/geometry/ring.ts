/**
 * Where nodes sit on the cluster ring: n1 at 12 o'clock, the rest clockwise, evenly spaced.
 * Pure numbers (SVG coordinates, y grows downwards), tested with exact values.
 *
 * @module
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Rounds to 1/1000 of a unit so layouts compare exactly and print short. */
export function round3(v: number): number {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? 0 : r;
}

/** The angle (radians, clockwise from 12 o'clock) of slot `i` of `count`. */
export function slotAngle(i: number, count: number): number {
  return (2 * Math.PI * i) / count;
}

/** The point at `angle` (clockwise from 12 o'clock) on a circle of radius `r` around (cx, cy). */
export function polar(cx: number, cy: number, r: number, angle: number): Point {
  return { x: round3(cx + r * Math.sin(angle)), y: round3(cy - r * Math.cos(angle)) };
}

/** Centres of `count` nodes (1–9) on a ring; a single node sits in the middle. */
export function ringLayout(count: number, cx: number, cy: number, r: number): Point[] {
  if (count <= 1) return count === 1 ? [{ x: cx, y: cy }] : [];
  return Array.from({ length: count }, (_, i) => polar(cx, cy, r, slotAngle(i, count)));
}

/** The node radius that keeps `count` nodes on a ring of radius `r` apart (capped at `max`). */
export function nodeRadius(count: number, r: number, max: number): number {
  if (count <= 1) return max;
  const gap = 2 * r * Math.sin(Math.PI / count); // distance between neighbours
  return round3(Math.min(max, gap * 0.34));
}
