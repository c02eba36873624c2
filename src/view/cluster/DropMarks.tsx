/**
 * Where recent messages were lost: an ✕ on the link, fading out over the next stretch of
 * simulated time (a few message delays), so it fades as events happen, never on the wall clock.
 * React places the marks when the set of drops changes; their opacity follows the playhead in
 * ClusterMotion (each mark carries its `data-end-at`).
 */
import { memo } from 'react';
import type { SpaceTimeSlice } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { messagePoint } from '../geometry/message.js';
import type { Point } from '../geometry/ring.js';

export { dropOpacity } from './cluster-motion.js';

export interface DropMarksProps {
  readonly drops: SpaceTimeSlice['messages'];
  readonly at: ReadonlyMap<NodeId, Point>;
  readonly inset: number;
}

export const DropMarks = memo(function DropMarks({ drops, at, inset }: DropMarksProps) {
  return (
    <g className="rl-drops" aria-hidden="true" data-testid="drops" data-count={drops.length}>
      {drops.map((d) => {
        const a = at.get(d.from);
        const b = at.get(d.to);
        if (a === undefined || b === undefined) return null;
        // Lost at send (a cut link) shows near the sender; lost in flight, halfway.
        const p = messagePoint(a, b, d.endAt === d.sentAt ? 0.15 : 0.5, inset, 7);
        return (
          <text key={d.id} x={p.x} y={p.y} className="rl-drop" data-end-at={d.endAt} textAnchor="middle" dominantBaseline="central">
            ✕
          </text>
        );
      })}
    </g>
  );
});
