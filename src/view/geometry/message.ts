/**
 * Where a message is drawn: linearly between its sender and receiver by simulated time,
 * `(now − sentAt) / (deliverAt − sentAt)`, from the sender's rim to the receiver's rim, on a lane
 * offset to the right of its direction so the two directions of a link do not overlap.
 *
 * @module
 */
import { round3, type Point } from './ring.js';

/** How far along its flight a message is at `now`, in [0, 1]. */
export function flightProgress(sentAt: number, deliverAt: number, now: number): number {
  if (deliverAt <= sentAt) return now >= deliverAt ? 1 : 0;
  return Math.min(1, Math.max(0, (now - sentAt) / (deliverAt - sentAt)));
}

/**
 * The message's point at `progress` from `a` to `b`, starting and ending `inset` from the centres
 * (the node rims), shifted `lane` units to the right of the direction of travel.
 */
export function messagePoint(a: Point, b: Point, progress: number, inset: number, lane: number): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { x: a.x, y: a.y };
  const ux = dx / len;
  const uy = dy / len;
  const travel = Math.max(0, len - 2 * inset);
  const along = inset + travel * progress;
  // Right of the direction of travel in SVG coordinates (y down) is (-uy, ux).
  return { x: round3(a.x + ux * along - uy * lane), y: round3(a.y + uy * along + ux * lane) };
}

/** Where a held message parks: the midpoint of its lane. */
export function parkedPoint(a: Point, b: Point, inset: number, lane: number): Point {
  return messagePoint(a, b, 0.5, inset, lane);
}
