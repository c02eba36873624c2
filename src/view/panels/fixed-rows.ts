/**
 * Virtual scrolling for rows of one fixed height: which rows to render for the scroll box's
 * position, and scrolling a row into view. The scroll position comes from `scroll` events and the
 * box height from a ResizeObserver, so rendering and following the present never read layout
 * (the general-purpose virtualizer measured the box and forced a layout on every scroll-to-row).
 * Rows are keyed by slot (see `slotOf`), so jumping far reuses the rendered lines.
 *
 * @module
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RowWindow {
  /** First and one-past-last row to render (overscan included). */
  readonly first: number;
  readonly end: number;
}

/** The rows of `count` that meet the viewport [top, top + height), widened by `overscan` each side. */
export function visibleRows(count: number, rowPx: number, top: number, height: number, overscan: number): RowWindow {
  const first = Math.max(0, Math.floor(top / rowPx) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / rowPx) + overscan);
  return { first: Math.min(first, end), end };
}

/**
 * The scrollTop that brings `row` into view: unchanged if it already is, else the nearest edge
 * ('auto') or the middle ('center'); clamped to the scrollable range.
 */
export function scrollTopFor(row: number, count: number, rowPx: number, top: number, height: number, align: 'auto' | 'center'): number {
  const rowTop = row * rowPx;
  const max = Math.max(0, count * rowPx - height);
  let next = top;
  if (align === 'center') next = rowTop - (height - rowPx) / 2;
  else if (rowTop < top) next = rowTop;
  else if (rowTop + rowPx > top + height) next = rowTop + rowPx - height;
  return Math.round(Math.min(max, Math.max(0, next)));
}

export interface FixedRows extends RowWindow {
  /** True once the box's height is known (before that, no row is "in view"). */
  readonly measured: boolean;
  /**
   * Scrolls `row` into view: the rows for the new position render in this same pass (call it while
   * rendering, or from an event) and the box's scrollTop is written once React has committed them.
   * A no-op when the row already is in view.
   */
  scrollToRow(row: number, align: 'auto' | 'center'): void;
  /**
   * A key for `row` that stays the same while the row is in view and is reused by another row
   * once it leaves: a jump across the list updates the rendered lines in place instead of
   * replacing every one (unique within any window the hook returns).
   */
  slotOf(row: number): number;
}

/**
 * Tracks `box`'s scroll position and height and returns the rows to render. The position React
 * renders for is state: a scroll event sets it from the DOM, scrollToRow sets it and the layout
 * effect writes it to the DOM (one write, after the commit, with the new rows already in place; a
 * write waiting for the next frame rendered the old rows first and then the new ones a frame later).
 */
export function useFixedRows(box: RefObject<HTMLElement | null>, count: number, rowPx: number, overscan = 3): FixedRows {
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(0);
  // The scrollTop the DOM has, as far as we know (scroll events and our writes), so it is never read
  // while rendering (reading it forces a layout).
  const domTop = useRef(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight); // once, on mount; then the observer reports changes
    const onScroll = (): void => {
      const now = el.scrollTop;
      // The echo of our own write changes nothing (a state update here would only queue a render
      // that a later follow could be rebased under).
      if (Math.abs(now - domTop.current) < 1) return;
      domTop.current = now;
      setTop(now);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver((entries) => {
      const h = entries[0]?.contentRect.height ?? 0;
      if (h > 0) setHeight(h);
    });
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [box]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null || top === domTop.current) return;
    domTop.current = top;
    el.scrollTop = top;
  }, [box, top]);
  const scrollToRow = (row: number, align: 'auto' | 'center'): void => {
    if (row < 0 || height <= 0) return;
    const next = scrollTopFor(row, count, rowPx, top, height, align);
    if (next !== top) setTop(next);
  };
  const slots = Math.ceil(height / rowPx) + 2 + 2 * overscan;
  return { ...visibleRows(count, rowPx, top, height, overscan), measured: height > 0, scrollToRow, slotOf: (row) => row % slots };
}
