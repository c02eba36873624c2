/**
 * Where recent messages were lost: an ✕ on the link, fading out over the next stretch of
 * simulated time (a few message delays), so it fades as events happen, never on the wall clock.
 */
import { memo } from 'react';
import type { SpaceTimeSlice } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { flightProgress, messagePoint } from '../geometry/message.js';
import type { Point } from '../geometry/ring.js';

export interface DropMarksProps {
  readonly drops: SpaceTimeSlice['messages'];
  readonly at: ReadonlyMap<NodeId, Point>;
  readonly now: number;
  /** Simulated ms over which a mark fades out. */
  readonly fadeMs: number;
  readonly inset: number;
}

/** How visible a drop at `endAt` is at `now`: 1 when it happens, 0 after `fadeMs`. */
export function dropOpacity(endAt: number, now: number, fadeMs: number): number {
  return 1 - flightProgress(endAt, endAt + fadeMs, now);
}

export const DropMarks = memo(function DropMarks({ drops, at, now, fadeMs, inset }: DropMarksProps) {
  return (
    <g className="rl-drops" aria-hidden="true" data-testid="drops" data-count={drops.length}>
      {drops.map((d) => {
        const a = at.get(d.from);
        const b = at.get(d.to);
        const opacity = dropOpacity(d.endAt, now, fadeMs);
        if (a === undefined || b === undefined || opacity <= 0) return null;
        // Lost at send (a cut link) shows near the sender; lost in flight, halfway.
        const p = messagePoint(a, b, d.endAt === d.sentAt ? 0.15 : 0.5, inset, 7);
        return (
          <text key={d.id} x={p.x} y={p.y} className="rl-drop" opacity={opacity} textAnchor="middle" dominantBaseline="central">
            ✕
          </text>
        );
      })}
    </g>
  );
});
