/**
 * The space-time diagram's arrows as a few grouped SVG paths, without React: one stroked path per
 * drawing style (term colour × call/reply width × held dash), one filled path of arrowheads per
 * colour, one path of ✕ for the dropped, one path of open rings per colour for those still on the
 * way. The DOM then grows with the number of styles in the window, not with the number of
 * messages: a seek across a long history used to rebuild five elements per arrow (≈ 1,200 for a
 * 1.5 s window at 5 nodes), and their style recalculation and layout were most of its cost.
 * Hover and click find the arrow under the pointer geometrically ({@link arrowAt}).
 *
 * Paths are written in whole tenths of a drawing unit (the layer is drawn at scale 1/10, strokes
 * kept at their width by `vector-effect: non-scaling-stroke`): formatting integers is several
 * times cheaper than formatting fractions, and with 1,500 arrows the formatting was most of the
 * layer's cost.
 *
 * @module
 */
import { termColour } from '../theme.js';
import { linearScale, type LinearScale } from './linear-scale.js';
import { arrowEnds, arrowHeadPoints, round3, type ArrowEnds, type SpaceTimeMessage } from './spacetime-geometry.js';

/** Path units per drawing unit: the layer's paths are integers in tenths. */
export const LAYER_UNITS = 10;

/** A drawing coordinate in the layer's integer units. */
const u = (v: number): number => Math.round(v * LAYER_UNITS);

/** An arrow as drawn, with its message (for hit-testing and describing); ends in drawing units. */
export interface DrawnArrow {
  readonly m: SpaceTimeMessage;
  readonly a: ArrowEnds;
}

/** One stroked path: every arrow line of one style. */
export interface StrokeGroup {
  readonly key: string;
  readonly colour: string;
  readonly width: number;
  readonly dashed: boolean;
  readonly d: string;
}

/** One path of shapes that share a colour (arrowheads, open rings). */
export interface ShapeGroup {
  readonly colour: string;
  readonly d: string;
}

export interface ArrowLayer {
  /** In drawing order (later ones on top). */
  readonly arrows: readonly DrawnArrow[];
  readonly strokes: readonly StrokeGroup[];
  readonly heads: readonly ShapeGroup[];
  /** Every ✕ in one path ('' if none). */
  readonly crosses: string;
  readonly rings: readonly ShapeGroup[];
}

export const EMPTY_LAYER: ArrowLayer = { arrows: [], strokes: [], heads: [], crosses: '', rings: [] };

/** Replies are drawn thinner than calls. */
export function strokeWidth(m: SpaceTimeMessage): number {
  return m.kind === 'RequestVoteReply' || m.kind === 'AppendEntriesReply' ? 1 : 1.6;
}

/** The radius of the ring that ends an in-flight or held arrow. */
export const RING_RADIUS = 2.5;

/** A closed circle as path commands (two half arcs). */
export function ringPath(cx: number, cy: number, r = RING_RADIUS): string {
  return `M${round3(cx - r)},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
}

/** The line of an arrow, in layer units. */
export function linePath(a: ArrowEnds): string {
  return `M${u(a.x1)},${u(a.y1)}L${u(a.x2)},${u(a.y2)}`;
}

/** The tip of an arrow in layer units: a filled head, a ✕ (4 units) or a ring (RING_RADIUS). */
export function tipPath(a: ArrowEnds): string {
  const x = u(a.x2);
  const y = u(a.y2);
  if (a.end === 'head') {
    const [, , lx, ly, rx, ry] = arrowHeadPoints(a);
    return `M${x},${y}L${u(lx)},${u(ly)}L${u(rx)},${u(ry)}Z`;
  }
  if (a.end === 'cross') {
    const c = 4 * LAYER_UNITS;
    return `M${x - c},${y - c}L${x + c},${y + c}M${x - c},${y + c}L${x + c},${y - c}`;
  }
  const r = RING_RADIUS * LAYER_UNITS;
  return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
}

/** Appends `d` to the path collected under `key`. */
function add(paths: Map<string, string[]>, key: string, d: string): void {
  const list = paths.get(key);
  if (list === undefined) paths.set(key, [d]);
  else list.push(d);
}

/** One arrow's drawing: its line's style and path, and how it ends. */
interface ArrowDrawing {
  readonly m: SpaceTimeMessage;
  readonly a: ArrowEnds;
  readonly colour: string;
  readonly style: string;
  /** The line, and the head, cross or ring path (layer units). */
  readonly line: string;
  readonly tip: string;
}

function drawArrow(m: SpaceTimeMessage, x: LinearScale, lanes: ReadonlyMap<number, number>, now: number): ArrowDrawing | undefined {
  const a = arrowEnds(m, x, lanes, now);
  if (a === undefined) return undefined;
  const colour = termColour(m.term);
  const style = `${colour}|${strokeWidth(m)}|${m.fate === 'held' ? 'dash' : 'solid'}`;
  return { m, a, colour, style, line: linePath(a), tip: tipPath(a) };
}

/** Groups drawn arrows into the layer's paths. */
function groupDrawings(drawings: readonly ArrowDrawing[]): ArrowLayer {
  if (drawings.length === 0) return EMPTY_LAYER;
  const lines = new Map<string, string[]>();
  const heads = new Map<string, string[]>();
  const rings = new Map<string, string[]>();
  const crosses: string[] = [];
  for (const d of drawings) {
    add(lines, d.style, d.line);
    if (d.a.end === 'head') add(heads, d.colour, d.tip);
    else if (d.a.end === 'cross') crosses.push(d.tip);
    else add(rings, d.colour, d.tip);
  }
  const strokes = [...lines].map(([key, ds]): StrokeGroup => {
    const [colour, width, dash] = key.split('|') as [string, string, string];
    return { key, colour, width: Number(width), dashed: dash === 'dash', d: ds.join('') };
  });
  const shapes = (groups: Map<string, string[]>): ShapeGroup[] => [...groups].map(([colour, ds]) => ({ colour, d: ds.join('') }));
  return { arrows: drawings, strokes, heads: shapes(heads), crosses: crosses.join(''), rings: shapes(rings) };
}

/** Draws `messages` at `now` (which moves in-flight and held arrows) as grouped paths. */
export function arrowLayer(messages: readonly SpaceTimeMessage[], x: LinearScale, lanes: ReadonlyMap<number, number>, now: number): ArrowLayer {
  const drawings: ArrowDrawing[] = [];
  for (const m of messages) {
    const d = drawArrow(m, x, lanes, now);
    if (d !== undefined) drawings.push(d);
  }
  return groupDrawings(drawings);
}

/** The same message, drawn the same way (a rebuilt slice has new objects; a fork reuses ids). */
function sameMessage(a: SpaceTimeMessage, b: SpaceTimeMessage): boolean {
  return a === b || (a.id === b.id && a.fate === b.fate && a.sentAt === b.sentAt && a.endAt === b.endAt && a.from === b.from && a.to === b.to && a.term === b.term && a.kind === b.kind);
}

/** A part of the settled layer: the arrows sent within one span of time (`key` numbers it). */
export interface ArrowChunk {
  readonly key: number;
  readonly layer: ArrowLayer;
}

/** Settled arrows per chunk of send time: this many chunks across the window's span. */
export const CHUNKS_PER_SPAN = 32;

/**
 * Remembers the drawing of each settled (delivered or dropped) arrow for one scale and set of
 * lanes, so a slice rebuilt as the window follows the present draws only the new arrows. With
 * the scale anchored (see anchoredScale), following moves the layer, not its arrows.
 *
 * {@link chunks} also groups them by send time: a chunk whose arrows are all the same as last time
 * is the same object, so React and the browser leave its paths alone. While following, only the
 * newest chunks (messages still settling) and the oldest (the arrow cap trims it) change; one
 * layer of every settled arrow rebuilt, re-sent to the DOM and re-parsed ten times a second was
 * the space-time diagram's largest cost at 9 nodes.
 */
export class SettledArrows {
  private scale: LinearScale | undefined;
  private lanes: ReadonlyMap<number, number> | undefined;
  private drawn = new Map<number, ArrowDrawing>();
  private chunked = new Map<number, { readonly drawings: readonly ArrowDrawing[]; readonly chunk: ArrowChunk }>();

  /** Every settled arrow as one layer. */
  layer(messages: readonly SpaceTimeMessage[], x: LinearScale, lanes: ReadonlyMap<number, number>): ArrowLayer {
    return groupDrawings(this.draw(messages, x, lanes));
  }

  /** The settled arrows in chunks of `chunkMs` of send time, in drawing order. */
  chunks(messages: readonly SpaceTimeMessage[], x: LinearScale, lanes: ReadonlyMap<number, number>, chunkMs: number): readonly ArrowChunk[] {
    const fresh = x !== this.scale || lanes !== this.lanes;
    const drawings = this.draw(messages, x, lanes);
    const known = fresh ? new Map<number, { readonly drawings: readonly ArrowDrawing[]; readonly chunk: ArrowChunk }>() : this.chunked;
    const groups = new Map<number, ArrowDrawing[]>();
    for (const d of drawings) {
      const key = chunkMs > 0 ? Math.floor(d.m.sentAt / chunkMs) : 0;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [d]);
      else group.push(d);
    }
    this.chunked = new Map();
    const out: ArrowChunk[] = [];
    for (const [key, group] of groups) {
      const before = known.get(key);
      const same = before !== undefined && before.drawings.length === group.length && group.every((d, i) => d === before.drawings[i]);
      const chunk = same ? before.chunk : { key, layer: groupDrawings(group) };
      this.chunked.set(key, { drawings: same ? before.drawings : group, chunk });
      out.push(chunk);
    }
    return out;
  }

  /** The drawings of `messages`, reusing those of unchanged messages drawn on the same scale and lanes. */
  private draw(messages: readonly SpaceTimeMessage[], x: LinearScale, lanes: ReadonlyMap<number, number>): ArrowDrawing[] {
    const known = x === this.scale && lanes === this.lanes ? this.drawn : new Map<number, ArrowDrawing>();
    const next = new Map<number, ArrowDrawing>();
    const drawings: ArrowDrawing[] = [];
    for (const m of messages) {
      const cached = known.get(m.id);
      const d = cached !== undefined && sameMessage(cached.m, m) ? cached : drawArrow(m, x, lanes, 0);
      if (d === undefined) continue;
      next.set(m.id, d);
      drawings.push(d);
    }
    this.scale = x;
    this.lanes = lanes;
    this.drawn = next;
    return drawings;
  }
}

/**
 * The drawing's time scale re-anchored for the arrow layers: x = (t − origin) × k, with `origin`
 * a multiple of 64 window spans at or before the window's start, and the layers translated by
 * `offset` = the plot x of `origin`. While the window follows the present (same span, moving
 * start), origin and k stay put: the arrows already drawn keep their coordinates and only the
 * translation changes. Coordinates stay within 64 plot widths, well inside float precision.
 */
export function anchoredScale(x: LinearScale): { readonly scale: LinearScale; readonly offset: number; readonly key: string } {
  const [d0, d1] = x.domain();
  const [r0, r1] = x.range();
  const span = d1 - d0;
  const k = span > 0 ? (r1 - r0) / span : 0;
  const step = 64 * span;
  const origin = step > 0 ? Math.floor(d0 / step) * step : d0;
  return { scale: linearScale(origin, origin + 1, 0, k), offset: round3(x(origin)), key: `${origin}|${k}` };
}

/** The distance from (px, py) to the segment from (x1, y1) to (x2, y2). */
export function segmentDistance(px: number, py: number, a: Pick<ArrowEnds, 'x1' | 'y1' | 'x2' | 'y2'>): number {
  const dx = a.x2 - a.x1;
  const dy = a.y2 - a.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - a.x1) * dx + (py - a.y1) * dy) / len2));
  return Math.hypot(px - (a.x1 + t * dx), py - (a.y1 + t * dy));
}

/** How near (drawing units) the pointer must be to an arrow to hit it: the old 8-unit-wide hit stroke. */
export const HIT_TOLERANCE = 4;

/** The arrow nearest to (px, py) within `tolerance`, the latest drawn on a tie; undefined if none. */
export function arrowAt(layers: readonly ArrowLayer[], px: number, py: number, tolerance = HIT_TOLERANCE): SpaceTimeMessage | undefined {
  let best: SpaceTimeMessage | undefined;
  let bestDistance = tolerance;
  for (const layer of layers) {
    for (const { m, a } of layer.arrows) {
      const d = segmentDistance(px, py, a);
      if (d <= bestDistance) {
        best = m;
        bestDistance = d;
      }
    }
  }
  return best;
}
