/**
 * Virtual scrolling for rows of one fixed height: which rows to render for the scroll box's
 * position, and scrolling a row into view. The scroll position comes from `scroll` events and the
 * box height from a ResizeObserver, so rendering and following the present never read layout
 * (the general-purpose virtualizer measured the box and forced a layout on every scroll-to-row).
 *
 * @module
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

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
  return Math.min(max, Math.max(0, Math.round(next)));
}

/**
 * Sets `el.scrollTop` once the current frame has painted. Writing it forces a synchronous layout
 * when the page has pending changes, which while playing it always has (profiled: ~60 ms a write
 * with 400 messages in flight); after paint the layout is clean and the write is cheap.
 * Without requestAnimationFrame (tests), writes at once.
 */
function writeScrollTopAfterPaint(el: HTMLElement, top: number): void {
  if (typeof requestAnimationFrame !== 'function') {
    el.scrollTop = top;
    return;
  }
  requestAnimationFrame(() => setTimeout(() => (el.scrollTop = top), 0));
}

export interface FixedRows extends RowWindow {
  /** Scrolls `row` into view (a no-op, without touching the DOM, when it already is). */
  scrollToRow(row: number, align: 'auto' | 'center'): void;
}

/** Tracks `box`'s scroll position and height and returns the rows to render. */
export function useFixedRows(box: RefObject<HTMLElement | null>, count: number, rowPx: number, overscan = 6): FixedRows {
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight); // once, on mount; then the observer reports changes
    const onScroll = (): void => setTop(el.scrollTop);
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
  const scrollToRow = useCallback(
    (row: number, align: 'auto' | 'center') => {
      const el = box.current;
      if (el === null || row < 0) return;
      const next = scrollTopFor(row, count, rowPx, top, height, align);
      if (next === top) return;
      writeScrollTopAfterPaint(el, next); // the scroll event that follows renders the rows there
    },
    [box, count, rowPx, top, height],
  );
  return { ...visibleRows(count, rowPx, top, height, overscan), scrollToRow };
}
