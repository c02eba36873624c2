/**
 * The space-time diagram: one lane per node, simulated time to the right, every message an arrow
 * from send to delivery. Hovering shows a message or a time; clicking seeks there. Wheel and drag
 * zoom and pan (zoom-gestures reads the gesture; the window itself is a prop, so the store stays the one
 * source of truth); buttons do the same from the keyboard.
 *
 * @module
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { NodeId } from '../../raft/index.js';
import { describeArrow, SpaceTimeArrows } from './SpaceTimeArrows.js';
import { SpaceTimeControls } from './SpaceTimeControls.js';
import { SpaceTimeLanes } from './SpaceTimeLanes.js';
import { FRAME, frameHeight, laneCentres, round3, timeScale, type SpaceTimeMessage, type SpaceTimeSlice } from './spacetime-geometry.js';
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

/** The SVG x of a mouse event (the viewBox scales the drawing to the box). */
function svgX(e: MouseEvent<SVGSVGElement>, width: number): number {
  const box = e.currentTarget.getBoundingClientRect();
  return box.width > 0 ? ((e.clientX - box.left) * width) / box.width : e.clientX;
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
  const drawn = slice.messages.length > MAX_ARROWS ? slice.messages.slice(-MAX_ARROWS) : slice.messages;
  // Delivered and dropped arrows do not move with the present: drawn once per slice and window.
  const [settled, moving] = useMemo(() => [drawn.filter((m) => m.fate === 'delivered' || m.fate === 'dropped'), drawn.filter((m) => m.fate === 'inFlight' || m.fate === 'held')], [drawn]);
  const seekRef = useRef(onSeekTime);
  seekRef.current = onSeekTime;
  const pick = useCallback((m: SpaceTimeMessage) => seekRef.current(m.fate === 'delivered' ? m.endAt : m.sentAt), []);
  const nowX = x(now);
  const timeAt = (e: MouseEvent<SVGSVGElement>): number => Math.round(x.invert(svgX(e, frame.width)));
  const hoverText = hover === undefined ? 'hover a message or a time; click to go there' : typeof hover === 'number' ? `${hover} ms` : describeArrow(hover);
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
        role="img"
        aria-label={`Space-time diagram: ${nodes.length} lanes, ${slice.messages.length} messages between ${round3(fromTime)} and ${round3(toTime)} ms`}
        onMouseMove={(e) => {
          if (e.target === e.currentTarget || (e.target as Element).closest('.rl-st-msg') === null) setHover(timeAt(e));
        }}
        onClick={(e) => onSeekTime(timeAt(e))}
      >
        <defs>
          <pattern id={hatchId} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" fill="var(--rl-panel)" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="var(--rl-fg)" strokeWidth="1.5" />
          </pattern>
        </defs>
        <rect x={0} y={0} width={frame.width} height={height} fill="transparent" />
        <SpaceTimeLanes slice={slice} nodes={nodes} x={x} lanes={lanes} hatchId={hatchId} height={height} />
        <SpaceTimeArrows messages={settled} x={x} lanes={lanes} now={0} onHover={setHover} onPick={pick} />
        <SpaceTimeArrows messages={moving} x={x} lanes={lanes} now={now} onHover={setHover} onPick={pick} />
        {now >= fromTime && now <= toTime && <line x1={nowX} x2={nowX} y1={0} y2={height - FRAME.axisHeight} className="rl-st-now" data-testid="st-now" />}
      </svg>
    </div>
  );
}
