/**
 * The space-time diagram's geometry, without React: the time scale and lanes, the path of every
 * message arrow (delivered, dropped, in flight, held), role bands, term-change and commit marks,
 * and the window a zoom or pan gesture leads to. Every function returns plain numbers and path
 * strings, rounded to 1/1000 px so tests can pin exact values.
 *
 * @module
 */
import type { NodeId, Term } from '../../raft/index.js';
import type { RoleBand, SpaceTimeMessage, SpaceTimeSlice } from '../../sim/index.js';
import { linearScale, type LinearScale } from './linear-scale.js';

export type { SpaceTimeMessage, SpaceTimeSlice };

/** The drawing area in SVG user units. */
export interface Frame {
  readonly width: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly laneHeight: number;
  readonly axisHeight: number;
}

export const FRAME: Frame = { width: 800, left: 36, right: 12, top: 8, laneHeight: 30, axisHeight: 22 };

export const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Total SVG height for `lanes` lanes. */
export function frameHeight(lanes: number, f: Frame = FRAME): number {
  return f.top + lanes * f.laneHeight + f.axisHeight;
}

/** Time → x over the plot area. */
export function timeScale(fromTime: number, toTime: number, f: Frame = FRAME): LinearScale {
  const to = toTime > fromTime ? toTime : fromTime + 1;
  return linearScale(fromTime, to, f.left, f.width - f.right);
}

/** The y of the centre of each node's lane, by id (lanes in the order given). */
export function laneCentres(nodes: readonly NodeId[], f: Frame = FRAME): ReadonlyMap<number, number> {
  return new Map(nodes.map((id, i) => [id as number, round3(f.top + (i + 0.5) * f.laneHeight)]));
}

/** Where a message's line starts and ends, and how it ends. */
export interface ArrowEnds {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** head: an arrowhead at the receiver; cross: ✕ where it was dropped; open: still travelling or held. */
  readonly end: 'head' | 'cross' | 'open';
}

/** A message's arrow with its line as a path. */
export interface Arrow extends ArrowEnds {
  readonly path: string;
}

/**
 * The arrow of one message. Delivered: to the receiver's lane at delivery. Dropped: most of the
 * way to the receiver's lane at the drop time (a quarter when dropped as it was sent). In flight: as far as `now` carries it (linear in time). Held:
 * parked halfway at `now`.
 */
export function messageArrow(m: SpaceTimeMessage, x: LinearScale, lanes: ReadonlyMap<number, number>, now: number): Arrow | undefined {
  const a = arrowEnds(m, x, lanes, now);
  return a === undefined ? undefined : { ...a, path: `M${a.x1},${a.y1}L${a.x2},${a.y2}` };
}

/** The ends of `messageArrow`, without formatting a path (the arrow layer formats its own). */
export function arrowEnds(m: SpaceTimeMessage, x: LinearScale, lanes: ReadonlyMap<number, number>, now: number): ArrowEnds | undefined {
  const y1 = lanes.get(m.from);
  const yTo = lanes.get(m.to);
  if (y1 === undefined || yTo === undefined) return undefined;
  let t2 = m.endAt;
  let frac = 1;
  // Lost on the way: near the receiver if it travelled (receiver down, link cut on arrival), near
  // the sender if the network dropped it at once. Never halfway, which would sit on another lane.
  if (m.fate === 'dropped') frac = m.endAt > m.sentAt ? 0.8 : 0.25;
  if (m.fate === 'held') {
    t2 = Math.max(now, m.sentAt);
    frac = 0.5;
  }
  if (m.fate === 'inFlight') {
    t2 = Math.min(Math.max(now, m.sentAt), m.endAt);
    frac = m.endAt > m.sentAt ? (t2 - m.sentAt) / (m.endAt - m.sentAt) : 1;
  }
  const x1 = round3(x(m.sentAt));
  const x2 = round3(x(t2));
  const y2 = round3(y1 + (yTo - y1) * frac);
  const end = m.fate === 'delivered' ? 'head' : m.fate === 'dropped' ? 'cross' : 'open';
  return { x1, y1, x2, y2, end };
}

/** The corners of a filled arrowhead at (x2, y2) pointing along the arrow, `size` long: tip, left, right. */
export function arrowHeadPoints(a: Pick<ArrowEnds, 'x1' | 'y1' | 'x2' | 'y2'>, size = 6): readonly [number, number, number, number, number, number] {
  const dx = a.x2 - a.x1;
  const dy = a.y2 - a.y1;
  const len = Math.sqrt(dx * dx + dy * dy) || 1; // (Math.hypot is several times slower)
  const ux = dx / len;
  const uy = dy / len;
  const bx = a.x2 - ux * size;
  const by = a.y2 - uy * size;
  const half = size / 2;
  return [a.x2, a.y2, bx - uy * half, by + ux * half, bx + uy * half, by - ux * half];
}

/** A filled arrowhead at (x2, y2) pointing along the arrow, `size` long. */
export function arrowHeadPath(a: Pick<ArrowEnds, 'x1' | 'y1' | 'x2' | 'y2'>, size = 6): string {
  const [tx, ty, lx, ly, rx, ry] = arrowHeadPoints(a, size).map(round3) as [number, number, number, number, number, number];
  return `M${tx},${ty}L${lx},${ly}L${rx},${ry}Z`;
}

/** A ✕ centred on (x, y). */
export function crossPath(x: number, y: number, size = 4): string {
  const a = (v: number): number => round3(v);
  return `M${a(x - size)},${a(y - size)}L${a(x + size)},${a(y + size)}M${a(x - size)},${a(y + size)}L${a(x + size)},${a(y - size)}`;
}

/** A role band's rectangle on its lane, clipped to the window (undefined if outside it or a follower). */
export function roleBand(
  band: RoleBand,
  x: LinearScale,
  lanes: ReadonlyMap<number, number>,
  f: Frame = FRAME,
): { x: number; y: number; width: number; height: number } | undefined {
  const cy = lanes.get(band.node);
  if (cy === undefined || band.role === 'Follower') return undefined;
  const [d0, d1] = x.domain() as [number, number];
  const from = Math.max(band.from, d0);
  const to = Math.min(band.to, d1);
  if (to <= from) return undefined;
  const height = f.laneHeight * 0.6;
  return { x: round3(x(from)), y: round3(cy - height / 2), width: round3(x(to) - x(from)), height: round3(height) };
}

/** Where a lane's term changes: one mark per band whose term differs from the previous band's. */
export function termChanges(roles: readonly RoleBand[]): { node: NodeId; time: number; term: Term }[] {
  const last = new Map<number, number>();
  const out: { node: NodeId; time: number; term: Term }[] = [];
  for (const band of [...roles].sort((a, b) => a.node - b.node || a.from - b.from)) {
    const prev = last.get(band.node);
    if (prev !== undefined && prev !== band.term) out.push({ node: band.node, time: band.from, term: band.term });
    last.set(band.node, band.term);
  }
  return out;
}

/** The relative part of a d3-zoom transform since the gesture started. */
export interface RelativeZoom {
  readonly k: number;
  readonly x: number;
}

/**
 * The time window shown after a zoom/pan gesture: the gesture maps a plot x to `r.x + r.k * x`
 * relative to the window `[from, to]` it started from.
 */
export function windowAfter(from: number, to: number, r: RelativeZoom, f: Frame = FRAME): [number, number] {
  const scale = timeScale(from, to, f);
  const t = (screenX: number): number => scale.invert((screenX - r.x) / r.k);
  return [round3(t(f.left)), round3(t(f.width - f.right))];
}

/** Zooms the window by `factor` (> 1 zooms in) about `anchor` (a time that stays put). */
export function zoomWindow(from: number, to: number, factor: number, anchor: number): [number, number] {
  return [round3(anchor - (anchor - from) / factor), round3(anchor + (to - anchor) / factor)];
}

/** Tick times for the axis and how to print them (ms below 10 s, seconds above). */
export function axisTicks(x: LinearScale, count = 6): { time: number; x: number; label: string }[] {
  const seconds = (x.domain()[1] as number) >= 10_000;
  return x.ticks(count).map((t) => ({ time: t, x: round3(x(t)), label: seconds ? `${round3(t / 1000)} s` : `${t} ms` }));
}
