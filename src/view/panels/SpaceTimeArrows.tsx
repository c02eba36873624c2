/**
 * The messages of the space-time diagram: an arrow per message from send to delivery in the
 * term's colour; dropped ones end in ✕, held and in-flight ones stay open (a ring). Drawn as a
 * few grouped paths (see spacetime-layer); the hovered arrow is drawn again, thicker, on top.
 *
 * @module
 */
import { memo } from 'react';
import { termColour } from '../theme.js';
import { arrowHeadPath, crossPath, type ArrowEnds, type SpaceTimeMessage } from './spacetime-geometry.js';
import { LAYER_UNITS, ringPath, strokeWidth, type ArrowChunk, type ArrowLayer } from './spacetime-layer.js';

const FATE_WORD = { delivered: 'delivered', dropped: 'dropped', inFlight: 'in flight', held: 'held' } as const;

/** A message in words: `n2 → n3 RV t2, sent 155 ms, delivered 166 ms`. */
export function describeArrow(m: SpaceTimeMessage): string {
  const end = m.fate === 'inFlight' ? `due ${m.endAt} ms` : m.fate === 'held' ? 'held' : `${FATE_WORD[m.fate]} ${m.endAt} ms`;
  return `n${m.from} → n${m.to} ${m.label}, sent ${m.sentAt} ms, ${end}`;
}

export interface SpaceTimeArrowsProps {
  readonly layer: ArrowLayer;
  /** Names the group for tests and styles: 'settled' (delivered, dropped) or 'moving' (in flight, held). */
  readonly name: string;
}

/** The layers' paths are in tenths: drawn at 1/10 (strokes keep their width: non-scaling-stroke). */
const LAYER_SCALE = `scale(${1 / LAYER_UNITS})`;

/** A layer's paths (no group of its own). */
function LayerPaths({ layer }: { readonly layer: ArrowLayer }) {
  return (
    <>
      {layer.strokes.map((s) => (
        <path key={s.key} d={s.d} stroke={s.colour} strokeWidth={s.width} strokeDasharray={s.dashed ? '4 3' : undefined} fill="none" className="rl-st-line" vectorEffect="non-scaling-stroke" />
      ))}
      {layer.heads.map((h) => (
        <path key={h.colour} d={h.d} fill={h.colour} className="rl-st-head" />
      ))}
      {layer.crosses !== '' && <path d={layer.crosses} className="rl-st-cross" vectorEffect="non-scaling-stroke" />}
      {layer.rings.map((r) => (
        <path key={r.colour} d={r.d} fill="var(--rl-bg)" stroke={r.colour} className="rl-st-ring" vectorEffect="non-scaling-stroke" />
      ))}
    </>
  );
}

/** Memoized: an unchanged chunk (the same layer object) is left alone, paths and all. */
const ChunkPaths = memo(LayerPaths);

function Arrows({ layer, name }: SpaceTimeArrowsProps) {
  return (
    <g className="rl-st-messages" transform={LAYER_SCALE} data-testid={`st-arrows-${name}`} data-count={layer.arrows.length} aria-hidden="true">
      <LayerPaths layer={layer} />
    </g>
  );
}

/** Memoized: a layer is rebuilt only when its messages, the window, the lanes or (moving ones) the present change. */
export const SpaceTimeArrows = memo(Arrows);

export interface SpaceTimeChunksProps {
  readonly chunks: readonly ArrowChunk[];
  readonly name: string;
}

/** A layer drawn in chunks (see SettledArrows.chunks): one group, the chunks' paths in order. */
export function SpaceTimeChunks({ chunks, name }: SpaceTimeChunksProps) {
  const count = chunks.reduce((n, c) => n + c.layer.arrows.length, 0);
  return (
    <g className="rl-st-messages" transform={LAYER_SCALE} data-testid={`st-arrows-${name}`} data-count={count} aria-hidden="true">
      {chunks.map((c) => (
        <ChunkPaths key={c.key} layer={c.layer} />
      ))}
    </g>
  );
}

/** The hovered message, drawn thicker over the others. */
export function HoveredArrow({ m, a }: { m: SpaceTimeMessage; a: ArrowEnds }) {
  const colour = termColour(m.term);
  return (
    <g className="rl-st-msg rl-st-hovered" data-testid="st-message" data-fate={m.fate} data-kind={m.kind} data-id={m.id} pointerEvents="none">
      <path d={`M${a.x1},${a.y1}L${a.x2},${a.y2}`} stroke={colour} strokeWidth={strokeWidth(m) + 1} strokeDasharray={m.fate === 'held' ? '4 3' : undefined} fill="none" />
      {a.end === 'head' && <path d={arrowHeadPath(a, 8)} fill={colour} />}
      {a.end === 'cross' && <path d={crossPath(a.x2, a.y2, 5)} className="rl-st-cross" />}
      {a.end === 'open' && <path d={ringPath(a.x2, a.y2, 3.5)} fill="var(--rl-bg)" stroke={colour} strokeWidth={1.5} />}
    </g>
  );
}
