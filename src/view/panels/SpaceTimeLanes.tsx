/**
 * The lanes of the space-time diagram: a label and line per node, role bands (none for a
 * follower, hatched for a candidate, solid for a leader, grey for down), term changes, commits,
 * and the time axis.
 *
 * @module
 */
import type { LinearScale } from './linear-scale.js';
import { memo } from 'react';
import type { NodeId } from '../../raft/index.js';
import { termColour } from '../theme.js';
import { axisTicks, FRAME, roleBand, termChanges, type SpaceTimeSlice } from './spacetime-geometry.js';

export interface SpaceTimeLanesProps {
  readonly slice: SpaceTimeSlice;
  readonly nodes: readonly NodeId[];
  readonly x: LinearScale;
  readonly lanes: ReadonlyMap<number, number>;
  /** The id of the candidate hatch pattern (unique per instance). */
  readonly hatchId: string;
  readonly height: number;
}

function Bands({ slice, x, lanes, hatchId }: Omit<SpaceTimeLanesProps, 'nodes' | 'height'>) {
  return (
    <g className="rl-st-bands">
      {slice.roles.map((band) => {
        const r = roleBand(band, x, lanes);
        if (r === undefined) return null;
        const fill = band.role === 'Down' ? 'var(--rl-down)' : band.role === 'Candidate' ? `url(#${hatchId})` : termColour(band.term);
        return (
          <rect key={`${band.node}-${band.from}`} {...r} fill={fill} className={`rl-st-band rl-st-${band.role.toLowerCase()}`} data-testid="st-band" data-role={band.role}>
            <title>{`n${band.node} ${band.role.toLowerCase()} in term ${band.term}, ${band.from}–${band.to} ms`}</title>
          </rect>
        );
      })}
    </g>
  );
}

function Marks({ slice, x, lanes }: Pick<SpaceTimeLanesProps, 'slice' | 'x' | 'lanes'>) {
  const [d0, d1] = x.domain() as [number, number];
  const inside = (t: number): boolean => t >= d0 && t <= d1;
  return (
    <g className="rl-st-marks">
      {termChanges(slice.roles).filter((c) => inside(c.time)).map((c) => {
        const y = (lanes.get(c.node) ?? 0) - FRAME.laneHeight / 2 + 1;
        return (
          <text key={`t${c.node}-${c.time}`} x={x(c.time)} y={y + 8} className="rl-st-term" data-testid="st-term" fill="var(--rl-fg)">
            {`t${c.term}`}
          </text>
        );
      })}
      {slice.commits.filter((c) => inside(c.time)).map((c) => {
        const cx = x(c.time);
        const cy = (lanes.get(c.node) ?? 0) + FRAME.laneHeight / 2 - 6;
        return (
          <path key={`c${c.node}-${c.index}-${c.time}`} d={`M${cx},${cy - 3}L${cx + 3},${cy}L${cx},${cy + 3}L${cx - 3},${cy}Z`} className="rl-st-commit" data-testid="st-commit">
            <title>{`n${c.node} committed up to i${c.index} at ${c.time} ms`}</title>
          </path>
        );
      })}
    </g>
  );
}

function Lanes({ slice, nodes, x, lanes, hatchId, height }: SpaceTimeLanesProps) {
  const [r0, r1] = x.range() as [number, number];
  const axisY = height - FRAME.axisHeight;
  return (
    <g>
      {nodes.map((id) => (
        <g key={id} className="rl-st-lane">
          <text x={4} y={(lanes.get(id) ?? 0) + 4} className="rl-st-label">{`n${id}`}</text>
          <line x1={r0} x2={r1} y1={lanes.get(id)} y2={lanes.get(id)} className="rl-st-laneline" />
        </g>
      ))}
      <Bands slice={slice} x={x} lanes={lanes} hatchId={hatchId} />
      <Marks slice={slice} x={x} lanes={lanes} />
      <g className="rl-st-axis">
        <line x1={r0} x2={r1} y1={axisY} y2={axisY} />
        {axisTicks(x, Math.max(2, Math.floor((r1 - r0) / 90))).map((t) => (
          <text key={t.time} x={t.x} y={axisY + 14} textAnchor="middle">
            {t.label}
          </text>
        ))}
      </g>
    </g>
  );
}

/** Memoized: the lanes do not move with the present (only the slice, the window and the lanes matter). */
export const SpaceTimeLanes = memo(Lanes);
