/**
 * The groups the messages in flight are drawn into. Their contents are not React elements:
 * MessageDom (driven by ClusterMotion) keeps the glyphs in step with the messages and moves them
 * every animation frame; with hundreds in flight it draws them in the batch group instead
 * (MessageBatch) and keeps only the focusable buttons. Clicks, Enter and focus reach React
 * through the outer group (events bubble); a click on the batch drawing selects the nearest glyph.
 */
import type { FocusEvent, KeyboardEvent, MouseEvent, RefObject } from 'react';
import { DENSE_MESSAGES, MessageDom } from './message-dom.js';

export { DENSE_MESSAGES };

export interface MessageLayerProps {
  readonly count: number;
  readonly layer: RefObject<SVGGElement | null>;
  readonly batch: RefObject<SVGGElement | null>;
  readonly onSelect: (id: number) => void;
  /** The message drawn nearest to a point in ring coordinates (the crowded drawing), if any. */
  readonly hit: (x: number, y: number) => number | undefined;
  /** Keyboard focus entered, moved within or left the layer. */
  readonly onFocusMove: () => void;
}

/** The ring coordinates of a click, or undefined outside a browser layout (no screen matrix). */
function ringPoint(e: MouseEvent): { x: number; y: number } | undefined {
  const svg = e.target instanceof SVGElement ? e.target.ownerSVGElement : null;
  const matrix = svg !== null && typeof svg.getScreenCTM === 'function' ? svg.getScreenCTM() : null;
  if (matrix === null || typeof DOMPoint !== 'function') return undefined;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
  return { x: p.x, y: p.y };
}

export function MessageLayer({ count, layer, batch, onSelect, hit, onFocusMove }: MessageLayerProps) {
  const onClick = (e: MouseEvent) => {
    const p = MessageDom.idOf(e.target) === undefined ? ringPoint(e) : undefined;
    const id = MessageDom.idOf(e.target) ?? (p === undefined ? undefined : hit(p.x, p.y));
    if (id !== undefined) onSelect(id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.target instanceof Element) || e.target.getAttribute('role') !== 'button') return;
    const id = MessageDom.idOf(e.target);
    if (id === undefined) return;
    e.preventDefault();
    onSelect(id);
  };
  const onFocus = (_: FocusEvent) => onFocusMove();
  return (
    <g onClick={onClick} onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onFocus}>
      <g ref={batch} className="rl-msg-batch" aria-hidden="true" data-testid="messages-batch" />
      <g ref={layer} className={count > DENSE_MESSAGES ? 'rl-messages rl-messages-dense' : 'rl-messages'} data-testid="messages" data-count={count} />
    </g>
  );
}
