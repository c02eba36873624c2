/**
 * One node on the ring. Role is drawn by outline shape (solid / dashed / thick with an "L"
 * badge / hatched when down) and spelled under the label; the term is a number on a term-tinted
 * disc; the timer is an arc that drains clockwise; a candidate's votes are pips around it.
 */
import { memo, type KeyboardEvent } from 'react';
import type { NodeView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { nodeLabel, roleWord } from '../../store/index.js';
import { pipPositions } from '../geometry/timer.js';
import { termColour, termStroke } from '../theme.js';

/**
 * What a node glyph shows of its node, as plain values: a node's view changes on every event
 * that touches it (a heartbeat re-arms its timer), most of which change nothing drawn here, and
 * the memo then skips the render (the timer arc is drawn by ClusterMotion).
 */
export interface GlyphNode {
  readonly id: NodeId;
  readonly up: boolean;
  readonly term: number;
  /** The accessible name (`Node 3, leader, term 4, commit 12`, learner, votedFor). */
  readonly label: string;
  readonly role: string;
}

/** The glyph's values of `node` (see GlyphNode). */
export function glyphNode(node: NodeView, learner: boolean): GlyphNode {
  const label = `${nodeLabel(node)}${learner ? ', learner' : ''}${node.votedFor !== undefined ? `, voted for n${node.votedFor}` : ''}`;
  return { id: node.id, up: node.up, term: node.term, label, role: roleWord(node) };
}

export interface NodeGlyphProps extends GlyphNode {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** The armed timer's kind (undefined = none); its arc is drawn by ClusterMotion (path `d`, `data-left`). */
  readonly timer: 'election' | 'heartbeat' | undefined;
  readonly selected: boolean;
  readonly alarmed: boolean;
  readonly learner: boolean;
  readonly onSelect: (id: NodeId) => void;
}

const OUTLINE: Readonly<Record<string, { width: number; dash: string | undefined }>> = {
  leader: { width: 5, dash: undefined },
  candidate: { width: 2.5, dash: '6 4' },
  follower: { width: 1.5, dash: undefined },
  down: { width: 1.5, dash: '2 3' },
};

function activate(e: KeyboardEvent, run: () => void): void {
  if (e.key === 'Enter') {
    e.preventDefault();
    run();
  }
}

/** Voters of a candidate's configuration with their answer (undefined = not answered yet). */
export type VoteList = readonly { readonly id: NodeId; readonly granted: boolean | undefined }[];

function Votes({ x, y, r, votes }: Pick<NodeWordsProps, 'x' | 'y' | 'r' | 'votes'>) {
  const pips = pipPositions(x, y, r + 14, votes.length);
  return (
    <g className="rl-votes" aria-hidden="true">
      {votes.map((v, i) => {
        const p = pips[i];
        if (p === undefined || v.granted === undefined) return null;
        return <circle key={v.id} cx={p.x} cy={p.y} r={4} className={v.granted ? 'rl-pip rl-pip-granted' : 'rl-pip rl-pip-refused'} />;
      })}
    </g>
  );
}

export const NodeGlyph = memo(function NodeGlyph(props: NodeGlyphProps) {
  const { id, up, term, label, role, x, y, r, timer, selected, alarmed, learner, onSelect } = props;
  const heartbeat = timer === 'heartbeat';
  const outline = learner && up ? { width: 1.5, dash: '1 3' } : (OUTLINE[role] ?? { width: 1.5, dash: undefined });
  const colour = termColour(term);
  const select = () => onSelect(id);
  // The focusable button holds shapes only; the visible words (NodeWords) are drawn above the
  // messages, hidden from assistive technology (the button's name already says them) and click-through.
  return (
    <g className={`rl-node rl-node-${role}${selected ? ' rl-selected' : ''}${alarmed ? ' rl-alarmed' : ''}`}>
      <g role="button" tabIndex={0} aria-label={label} aria-pressed={selected} data-testid={`node-${id}`} data-role={role} onClick={select} onKeyDown={(e) => activate(e, select)} className="rl-node-button">
        {selected && <circle cx={x} cy={y} r={r + 13} className="rl-selection-ring" />}
        {timer !== undefined && <path className={heartbeat ? 'rl-timer rl-timer-heartbeat' : 'rl-timer rl-timer-election'} stroke={heartbeat ? undefined : colour} data-testid={`timer-${id}`} data-timer={id} />}
        <circle cx={x} cy={y} r={r} className="rl-node-bg" />
        <circle cx={x} cy={y} r={r} fill={up ? colour : 'url(#rl-hatch)'} fillOpacity={up ? 0.22 : 1} stroke={up && role !== 'follower' ? termStroke(term) : 'var(--rl-muted)'} strokeWidth={outline.width} strokeDasharray={outline.dash} />
        <rect x={x - r} y={y + r} width={2 * r} height={36} className="rl-hit" />
        {/* The hit area covers the timer ring too, so the button keeps one size while its arc drains. */}
        <circle cx={x} cy={y} r={r + 9} className="rl-hit" />
      </g>
    </g>
  );
});

export interface NodeWordsProps extends Pick<NodeGlyphProps, 'id' | 'up' | 'term' | 'role' | 'x' | 'y' | 'r' | 'learner'> {
  readonly votes: VoteList;
}

/**
 * The words and marks drawn for a node: its term, name, role, the leader badge and a candidate's
 * vote pips. The ring draws them above the messages in flight (a glyph leaving a node crosses the
 * name under it; on top, the name stays readable), with a halo in the background colour.
 */
export const NodeWords = memo(function NodeWords({ id, up, term, role, x, y, r, votes, learner }: NodeWordsProps) {
  return (
    <g aria-hidden="true" className={`rl-node-words rl-node-words-${role}`} data-testid={`node-${id}-words`}>
      <text x={x} y={y} className="rl-node-term" dominantBaseline="central" textAnchor="middle">
        {term}
      </text>
      <text x={x} y={y + r + 16} className="rl-node-name" textAnchor="middle">
        n{id}
      </text>
      <text x={x} y={y + r + 30} className="rl-node-role" textAnchor="middle">
        {learner && up ? 'learner' : role}
      </text>
      {role === 'leader' && (
        <g className="rl-leader-badge">
          <circle cx={x + r * 0.75} cy={y - r * 0.75} r={9} />
          <text x={x + r * 0.75} y={y - r * 0.75} dominantBaseline="central" textAnchor="middle">
            L
          </text>
        </g>
      )}
      {role === 'candidate' && <Votes x={x} y={y} r={r} votes={votes} />}
    </g>
  );
});
