/**
 * Wheel zoom and mouse-drag pan for the space-time diagram, as a React hook over native listeners.
 * Replaces d3-zoom (which pulled d3-selection, d3-transition, d3-drag, d3-interpolate, d3-color,
 * d3-timer, d3-ease and d3-dispatch into the page) with the two gestures the panel uses. Each
 * gesture reports a new time window through `onWindowChange`; the window stays a prop.
 *
 * @module
 */
import { useEffect, useRef, type RefObject } from 'react';
import { timeScale, windowAfter, zoomWindow, type Frame } from './spacetime-geometry.js';

export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** A drag shorter than this (screen px) is a click, not a pan. */
const CLICK_SLOP_PX = 3;

/** The zoom factor of one wheel event: d3-zoom's default rate (2^(−deltaY × 0.002) for pixel deltas). */
export function wheelFactor(e: Pick<WheelEvent, 'deltaY' | 'deltaMode' | 'ctrlKey'>): number {
  const perUnit = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
  return 2 ** (-e.deltaY * perUnit * (e.ctrlKey ? 10 : 1));
}

/** Screen px → drawing units: the viewBox scales the drawing to its box (read once per gesture). */
function unitsPerPx(el: SVGSVGElement, frame: Frame): { left: number; k: number } {
  const box = el.getBoundingClientRect();
  return box.width > 0 ? { left: box.left, k: frame.width / box.width } : { left: 0, k: 1 };
}

interface Latest {
  win: TimeWindow;
  frame: Frame;
  onWindowChange: (from: number, to: number) => void;
}

function onWheel(el: SVGSVGElement, latest: Latest, e: WheelEvent): void {
  e.preventDefault();
  const { win, frame } = latest;
  const u = unitsPerPx(el, frame);
  const anchor = timeScale(win.from, win.to, frame).invert((e.clientX - u.left) * u.k);
  const [from, to] = zoomWindow(win.from, win.to, wheelFactor(e), anchor);
  latest.onWindowChange(from, to);
}

/** Hooks wheel zoom and mouse-drag pan on `svg` to `onWindowChange`; a drag swallows its click. */
export function useZoomGestures(svg: RefObject<SVGSVGElement | null>, win: TimeWindow, frame: Frame, onWindowChange: Latest['onWindowChange']): void {
  const latest = useRef<Latest>({ win, frame, onWindowChange });
  latest.current = { win, frame, onWindowChange };
  useEffect(() => {
    const el = svg.current;
    if (el === null) return;
    let drag: { x: number; win: TimeWindow; k: number; moved: boolean } | undefined;
    let swallowClick = false;
    const wheel = (e: WheelEvent): void => onWheel(el, latest.current, e);
    const down = (e: PointerEvent): void => {
      if (e.pointerType === 'touch' || e.button !== 0) return; // touch keeps scrolling the page
      drag = { x: e.clientX, win: latest.current.win, k: unitsPerPx(el, latest.current.frame).k, moved: false };
      el.setPointerCapture?.(e.pointerId);
    };
    const move = (e: PointerEvent): void => {
      if (drag === undefined) return;
      const dx = e.clientX - drag.x;
      if (!drag.moved && Math.abs(dx) < CLICK_SLOP_PX) return;
      drag.moved = true;
      const [from, to] = windowAfter(drag.win.from, drag.win.to, { k: 1, x: dx * drag.k }, latest.current.frame);
      latest.current.onWindowChange(from, to);
    };
    const up = (): void => {
      swallowClick = drag?.moved === true;
      drag = undefined;
    };
    const click = (e: MouseEvent): void => {
      if (swallowClick) e.stopPropagation();
      swallowClick = false;
    };
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('click', click, true);
    return () => {
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('click', click, true);
    };
  }, [svg]);
}
