/**
 * The network under the nodes: a faint chord per pair, blocked links dashed red with a gap mark
 * (a bar on the blocked side for a one-way cut), and soft hulls around partition groups labelled
 * with their size.
 */
import { memo } from 'react';
import type { NodeId } from '../../raft/index.js';
import { hullPath } from '../geometry/hull.js';
import { messagePoint } from '../geometry/message.js';
import type { Point } from '../geometry/ring.js';
import { fullGroups, linkStates, type LinkState, type NetworkShape } from './network-shape.js';

export interface LinksProps {
  readonly view: NetworkShape;
  readonly at: ReadonlyMap<NodeId, Point>;
  readonly r: number;
}

function GapMark({ from, to, at }: { from: Point; to: Point; at: number }) {
  const q = messagePoint(from, to, at, 0, 9);
  const s = messagePoint(from, to, at, 0, -9);
  return <line x1={q.x} y1={q.y} x2={s.x} y2={s.y} className="rl-cut-mark" />;
}

function Link({ link, at }: { link: LinkState; at: ReadonlyMap<NodeId, Point> }) {
  const a = at.get(link.a);
  const b = at.get(link.b);
  if (a === undefined || b === undefined) return null;
  const blocked = link.abBlocked || link.baBlocked;
  const both = link.abBlocked && link.baBlocked;
  const label = both ? `link n${link.a}–n${link.b} cut` : link.abBlocked ? `link n${link.a}→n${link.b} cut one way` : link.baBlocked ? `link n${link.b}→n${link.a} cut one way` : undefined;
  return (
    <g className={blocked ? 'rl-link rl-link-cut' : 'rl-link'} data-testid={blocked ? `cut-${link.a}-${link.b}` : undefined} aria-label={label} role={label === undefined ? undefined : 'img'}>
      <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
      {both && <GapMark from={a} to={b} at={0.5} />}
      {!both && link.abBlocked && <GapMark from={a} to={b} at={0.72} />}
      {!both && link.baBlocked && <GapMark from={a} to={b} at={0.28} />}
    </g>
  );
}

export const Links = memo(function Links({ view, at, r }: LinksProps) {
  const groups = fullGroups(view);
  const total = view.nodes.length;
  return (
    <g className="rl-links">
      {groups.map((g, i) => {
        const centres = g.map((id) => at.get(id)).filter((p): p is Point => p !== undefined);
        const top = centres.reduce((m, p) => (p.y < m.y ? p : m), centres[0] ?? { x: 0, y: 0 });
        const words = `${2 * g.length > total ? 'majority' : 'minority'} ${g.length}/${total}`;
        return (
          <g key={g.join('-')} className="rl-hull" data-testid={`hull-${i}`}>
            <path d={hullPath(centres, r + 16)} />
            <text x={top.x} y={top.y - r - 20} textAnchor="middle">
              {words}
            </text>
          </g>
        );
      })}
      {linkStates(view).map((l) => (
        <Link key={`${l.a}-${l.b}`} link={l} at={at} />
      ))}
    </g>
  );
});
