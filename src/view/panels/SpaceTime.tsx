/**
 * The space-time diagram: one lane per node, simulated time to the right, every message an arrow
 * from send to delivery. Hovering shows a message or a time; clicking seeks there. Wheel and drag
 * zoom and pan (zoom-gestures reads the gesture; the window itself is a prop, so the store stays the one
 * source of truth); buttons do the same from the keyboard.
 *
 * @module
 */
import { useEffect, useId, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { NodeId } from '../../raft/index.js';
import { describeArrow, HoveredArrow, SpaceTimeArrows, SpaceTimeChunks } from './SpaceTimeArrows.js';
import { SpaceTimeControls } from './SpaceTimeControls.js';
import { SpaceTimeLanes } from './SpaceTimeLanes.js';
import { FRAME, frameHeight, laneCentres, round3, timeScale, type SpaceTimeMessage, type SpaceTimeSlice } from './spacetime-geometry.js';
import { anchoredScale, arrowAt, arrowLayer, CHUNKS_PER_SPAN, SettledArrows, type ArrowLayer, type DrawnArrow } from './spacetime-layer.js';
import { useZoomGestures } from './zoom-gestures.js';
import './panels.css';

export interface SpaceTimeProps {
  readonly slice: SpaceTimeSlice;
  readonly nodes: readonly NodeId[];
  readonly now: number;
  readonly fromTime: number;
  readonly toTime: number;
  readonly onSeekTime: (time: number) => void;
  readonly onWindowChange: (from: number, to: number) => void;
}

/** More messages than this in the window: only the latest are drawn (the count says so). */
export const MAX_ARROWS = 1500;

/** The drawing coordinates of a mouse event (the viewBox scales the drawing to the box, uniformly). */
function svgPoint(e: MouseEvent<SVGSVGElement>, width: number): { x: number; y: number } {
  const box = e.currentTarget.getBoundingClientRect();
  if (!(box.width > 0)) return { x: e.clientX, y: e.clientY }; // no layout (tests): screen = drawing
  const k = width / box.width;
  return { x: (e.clientX - box.left) * k, y: (e.clientY - box.top) * k };
}

/** The drawn arrow of message `id` in `layers` (the moving ones follow the present). */
function drawnArrow(layers: readonly ArrowLayer[], id: number): DrawnArrow | undefined {
  for (const layer of layers) for (const d of layer.arrows) if (d.m.id === id) return d;
  return undefined;
}

/** The drawing is as wide as its box (text stays readable in a narrow column); at least this. */
const MIN_WIDTH = 320;

/** The content width of `ref`'s element, tracked with a ResizeObserver (`fallback` until measured). */
function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function SpaceTime({ slice, nodes, now, fromTime, toTime, onSeekTime, onWindowChange }: SpaceTimeProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const measured = useElementWidth(boxRef, FRAME.width);
  const frame = useMemo(() => ({ ...FRAME, width: Math.max(MIN_WIDTH, measured) }), [measured]);
  const hatchId = `rl-st-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [hover, setHover] = useState<SpaceTimeMessage | number | undefined>(undefined);
  useZoomGestures(svgRef, { from: fromTime, to: toTime }, frame, onWindowChange);
  const x = useMemo(() => timeScale(fromTime, toTime, frame), [fromTime, toTime, frame]);
  const lanes = useMemo(() => laneCentres(nodes, frame), [nodes, frame]);
  const height = frameHeight(nodes.length, frame);
  const all = slice.messages;
  const drawn = useMemo(() => (all.length > MAX_ARROWS ? all.slice(-MAX_ARROWS) : all), [all]);
  // Delivered and dropped arrows do not move with the present: drawn once per slice and window.
  const [settledMessages, movingMessages] = useMemo(() => [drawn.filter((m) => m.fate === 'delivered' || m.fate === 'dropped'), drawn.filter((m) => m.fate === 'inFlight' || m.fate === 'held')], [drawn]);
  // The arrows are drawn on an anchored scale and translated into place: following the present
  // moves the layer, and only new arrows are drawn (see anchoredScale, SettledArrows).
  const anchored = anchoredScale(x);
  const offset = anchored.offset;
  const layerScale = useMemo(() => anchored.scale, [anchored.key]);
  const settledCache = useRef<SettledArrows>(null);
  settledCache.current ??= new SettledArrows();
  const cache = settledCache.current;
  const chunkMs = (toTime - fromTime) / CHUNKS_PER_SPAN;
  const settled = useMemo(() => cache.chunks(settledMessages, layerScale, lanes, chunkMs), [cache, settledMessages, layerScale, lanes, chunkMs]);
  const moving = useMemo(() => arrowLayer(movingMessages, layerScale, lanes, now), [movingMessages, layerScale, lanes, now]);
  const layers = [...settled.map((c) => c.layer), moving];
  const nowX = x(now);
  const timeAt = (px: number): number => Math.round(x.invert(px));
  const hovered = hover === undefined || typeof hover === 'number' ? undefined : drawnArrow(layers, hover.id);
  const hoverText = hover === undefined ? 'hover a message or a time; click to go there' : typeof hover === 'number' ? `${hover} ms` : describeArrow(hovered?.m ?? hover);
  return (
    <div className="rl-spacetime" data-testid="spacetime" ref={boxRef}>
      <SpaceTimeControls fromTime={fromTime} toTime={toTime} now={now} onWindowChange={onWindowChange} />
      <p className="rl-st-hover" data-testid="st-hover">
        {hoverText}
        {drawn.length < slice.messages.length ? ` · drawing the latest ${drawn.length} of ${slice.messages.length} messages` : ''}
      </p>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${frame.width} ${height}`}
        className="rl-st-svg"
        data-hover={hovered === undefined ? undefined : 'message'}
        role="img"
        aria-label={`Space-time diagram: ${nodes.length} lanes, ${slice.messages.length} messages between ${round3(fromTime)} and ${round3(toTime)} ms`}
        onMouseMove={(e) => {
          const p = svgPoint(e, frame.width);
          setHover(arrowAt(layers, p.x - offset, p.y) ?? timeAt(p.x));
        }}
        onMouseLeave={() => setHover(undefined)}
        onClick={(e) => {
          const p = svgPoint(e, frame.width);
          const m = arrowAt(layers, p.x - offset, p.y);
          if (m === undefined) onSeekTime(timeAt(p.x));
          else onSeekTime(m.fate === 'delivered' ? m.endAt : m.sentAt);
        }}
      >
        <defs>
          <pattern id={hatchId} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" fill="var(--rl-panel)" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="var(--rl-fg)" strokeWidth="1.5" />
          </pattern>
        </defs>
        <rect x={0} y={0} width={frame.width} height={height} fill="transparent" />
        <SpaceTimeLanes slice={slice} nodes={nodes} x={x} lanes={lanes} hatchId={hatchId} height={height} />
        <svg x={frame.left} y={0} width={frame.width - frame.left - frame.right} height={height} overflow="hidden" className="rl-st-plot">
          <g transform={`translate(${round3(offset - frame.left)},0)`}>
            <SpaceTimeChunks chunks={settled} name="settled" />
            <SpaceTimeArrows layer={moving} name="moving" />
            {hovered !== undefined && <HoveredArrow m={hovered.m} a={hovered.a} />}
          </g>
        </svg>
        {now >= fromTime && now <= toTime && <line x1={nowX} x2={nowX} y1={0} y2={height - FRAME.axisHeight} className="rl-st-now" data-testid="st-now" />}
      </svg>
    </div>
  );
}
