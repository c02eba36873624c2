/**
 * The group the messages in flight are drawn into. Its glyphs are not React elements: MessageDom
 * (driven by ClusterMotion) keeps them in step with the messages and moves them every animation
 * frame. Clicks and Enter on a glyph's button reach React through this group (events bubble).
 */
import { forwardRef, type KeyboardEvent, type MouseEvent } from 'react';
import { MessageDom } from './message-dom.js';

export interface MessageLayerProps {
  readonly count: number;
  readonly onSelect: (id: number) => void;
}

/** Above this many messages the kind labels are hidden (shapes and ✓/✗ marks stay): less to paint, less clutter. */
export const DENSE_MESSAGES = 120;

export const MessageLayer = forwardRef<SVGGElement, MessageLayerProps>(function MessageLayer({ count, onSelect }, ref) {
  const onClick = (e: MouseEvent) => {
    const id = MessageDom.idOf(e.target);
    if (id !== undefined) onSelect(id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.target instanceof Element) || e.target.getAttribute('role') !== 'button') return;
    const id = MessageDom.idOf(e.target);
    if (id === undefined) return;
    e.preventDefault();
    onSelect(id);
  };
  return <g ref={ref} className={count > DENSE_MESSAGES ? 'rl-messages rl-messages-dense' : 'rl-messages'} data-testid="messages" data-count={count} onClick={onClick} onKeyDown={onKeyDown} />;
});
