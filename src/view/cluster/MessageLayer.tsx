/**
 * Messages in flight. React renders each glyph once (memoised, at the origin); the positions,
 * which change every animation frame, are written imperatively as `transform` attributes in a
 * layout effect, so a frame with hundreds of messages costs no React reconciliation.
 */
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { MessageView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { flightProgress, messagePoint, parkedPoint } from '../geometry/message.js';
import type { Point } from '../geometry/ring.js';
import { MessageGlyph } from './MessageGlyph.js';

export interface MessageLayerProps {
  readonly messages: readonly MessageView[];
  readonly at: ReadonlyMap<NodeId, Point>;
  /** Simulated time drawn. */
  readonly now: number;
  readonly inset: number;
  readonly selectedId: number | undefined;
  readonly onSelect: (id: number) => void;
}

/** Lane offset so the two directions of a link travel side by side. */
const LANE = 7;
/** Above this many messages the kind labels are hidden (shapes and ✓/✗ marks stay): less to paint, less clutter. */
export const DENSE_MESSAGES = 120;

/** Where `m` is drawn at `now`. */
export function messageXY(m: MessageView, at: ReadonlyMap<NodeId, Point>, now: number, inset: number): Point | undefined {
  const a = at.get(m.from);
  const b = at.get(m.to);
  if (a === undefined || b === undefined) return undefined;
  return m.held ? parkedPoint(a, b, inset, LANE) : messagePoint(a, b, flightProgress(m.sentAt, m.deliverAt, now), inset, LANE);
}

const Glyphs = memo(function Glyphs({ messages, selectedId, onSelect }: Pick<MessageLayerProps, 'messages' | 'selectedId' | 'onSelect'>) {
  return (
    <>
      {messages.map((m) => (
        <MessageGlyph key={m.id} message={m} selected={m.id === selectedId} onSelect={onSelect} />
      ))}
    </>
  );
});

export function MessageLayer({ messages, at, now, inset, selectedId, onSelect }: MessageLayerProps) {
  const layer = useRef<SVGGElement>(null);
  // Per event, not per frame: the lookup the per-frame positioning uses.
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  useLayoutEffect(() => {
    const g = layer.current;
    if (g === null) return;
    for (const child of Array.from(g.children)) {
      const m = byId.get(Number((child as SVGGElement).dataset.msg));
      const p = m === undefined ? undefined : messageXY(m, at, now, inset);
      if (p !== undefined) child.setAttribute('transform', `translate(${p.x},${p.y})`);
    }
  }, [byId, at, now, inset]);
  return (
    <g ref={layer} className={messages.length > DENSE_MESSAGES ? 'rl-messages rl-messages-dense' : 'rl-messages'} data-testid="messages" data-count={messages.length}>
      <Glyphs messages={messages} selectedId={selectedId} onSelect={onSelect} />
    </g>
  );
}
