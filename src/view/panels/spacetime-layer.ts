/**
 * The space-time diagram's arrows as a few grouped SVG paths, without React: one stroked path per
 * drawing style (term colour × call/reply width × held dash), one filled path of arrowheads per
 * colour, one path of ✕ for the dropped, one path of open rings per colour for those still on the
 * way. The DOM then grows with the number of styles in the window, not with the number of
 * messages: a seek across a long history used to rebuild five elements per arrow (≈ 1,200 for a
 * 1.5 s window at 5 nodes), and their style recalculation and layout were most of its cost.
 * Hover and click find the arrow under the pointer geometrically ({@link arrowAt}).
 *
 * @module
 */
import { termColour } from '../theme.js';
import type { LinearScale } from './linear-scale.js';
import { arrowHeadPath, crossPath, messageArrow, round3, type Arrow, type SpaceTimeMessage } from './spacetime-geometry.js';

/** An arrow as drawn, with its message (for hit-testing and describing). */
export interface DrawnArrow {
  readonly m: SpaceTimeMessage;
  readonly a: Arrow;
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

/** Appends `d` to the path collected under `key`. */
function add(paths: Map<string, string[]>, key: string, d: string): void {
  const list = paths.get(key);
  if (list === undefined) paths.set(key, [d]);
  else list.push(d);
}

/** Draws `messages` at `now` (which moves in-flight and held arrows) as grouped paths. */
export function arrowLayer(messages: readonly SpaceTimeMessage[], x: LinearScale, lanes: ReadonlyMap<number, number>, now: number): ArrowLayer {
  if (messages.length === 0) return EMPTY_LAYER;
  const arrows: DrawnArrow[] = [];
  const lines = new Map<string, string[]>();
  const heads = new Map<string, string[]>();
  const rings = new Map<string, string[]>();
  const crosses: string[] = [];
  for (const m of messages) {
    const a = messageArrow(m, x, lanes, now);
    if (a === undefined) continue;
    arrows.push({ m, a });
    const colour = termColour(m.term);
    add(lines, `${colour}|${strokeWidth(m)}|${m.fate === 'held' ? 'dash' : 'solid'}`, a.path);
    if (a.end === 'head') add(heads, colour, arrowHeadPath(a));
    else if (a.end === 'cross') crosses.push(crossPath(a.x2, a.y2));
    else add(rings, colour, ringPath(a.x2, a.y2));
  }
  const strokes = [...lines].map(([key, ds]): StrokeGroup => {
    const [colour, width, dash] = key.split('|') as [string, string, string];
    return { key, colour, width: Number(width), dashed: dash === 'dash', d: ds.join('') };
  });
  const shapes = (groups: Map<string, string[]>): ShapeGroup[] => [...groups].map(([colour, ds]) => ({ colour, d: ds.join('') }));
  return { arrows, strokes, heads: shapes(heads), crosses: crosses.join(''), rings: shapes(rings) };
}

/** The distance from (px, py) to the segment from (x1, y1) to (x2, y2). */
export function segmentDistance(px: number, py: number, a: Pick<Arrow, 'x1' | 'y1' | 'x2' | 'y2'>): number {
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
