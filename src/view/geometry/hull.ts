/**
 * Soft hulls around partition groups: the convex hull of circles of radius `pad` around each
 * node, as a closed SVG path (monotone-chain hull over sampled circle points).
 *
 * @module
 */
import { round3, type Point } from './ring.js';

const SAMPLES = 16;

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** The convex hull of `points`, counter-clockwise in maths coordinates, no repeated end point. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of sorted.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** A closed path around every centre, keeping `pad` clear of each. */
export function hullPath(centres: readonly Point[], pad: number): string {
  const samples: Point[] = [];
  for (const c of centres) {
    for (let i = 0; i < SAMPLES; i++) {
      const a = (2 * Math.PI * i) / SAMPLES;
      samples.push({ x: round3(c.x + pad * Math.cos(a)), y: round3(c.y + pad * Math.sin(a)) });
    }
  }
  const hull = convexHull(samples);
  if (hull.length === 0) return '';
  return `M${hull.map((p) => `${p.x} ${p.y}`).join('L')}Z`;
}
