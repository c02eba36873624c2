/**
 * One node's row in the log grid: a header button (selects the node), the compacted prefix as
 * one block, then one cell per index.
 *
 * @module
 */
import { memo } from 'react';
import type { NodeId, Term } from '../../raft/index.js';
import type { NodeView } from '../../sim/index.js';
import { termColour } from '../theme.js';
import type { LogRowModel, LogSegment } from './log-grid-model.js';
import { LogCell } from './LogCell.js';

export interface LogRowProps {
  readonly row: LogRowModel;
  readonly selected: boolean;
  /** The leader's term (its colour marks progress), if the cluster has a leader. */
  readonly leaderTerm: Term | undefined;
  readonly onSelect: (id: NodeId) => void;
}

function roleText(row: LogRowModel): string {
  return row.node.up ? (row.node.role ?? '').toLowerCase() : 'down';
}

/** Commit and applied indexes are volatile (Raft fig. 2): a down node has none, they are rebuilt on restart. */
const LOST = 'commit and applied indexes lost in the crash, rebuilt on restart';

function RowHeader({ row, selected, onSelect }: Omit<LogRowProps, 'leaderTerm'>) {
  const n = row.node;
  const indexes = n.up ? `commit ${n.commitIndex}, applied ${n.appliedIndex}` : LOST;
  return (
    <th scope="row" className="rl-log-head">
      <button
        type="button"
        className="rl-log-node"
        aria-pressed={selected}
        aria-label={`Select n${n.id}: ${roleText(row)}, ${indexes}`}
        data-testid={`log-row-select-${n.id}`}
        onClick={() => onSelect(n.id)}
      >
        n{n.id}
      </button>
      {n.up ? (
        <span className="rl-log-meta">
          {roleText(row)} · c{n.commitIndex} a{n.appliedIndex}
        </span>
      ) : (
        <span className="rl-log-meta" title={LOST}>
          down · c– a–
        </span>
      )}
    </th>
  );
}

function Segment({ row, seg, leaderTerm }: { row: LogRowModel; seg: LogSegment; leaderTerm: Term | undefined }) {
  const n = row.node;
  if (seg.kind === 'snapshot') {
    const text = `≤ i${n.snapshot.index} snapshot t${n.snapshot.term}`;
    return (
      <td colSpan={seg.to - seg.from + 1} className="rl-log-snapshot" title={`n${n.id} compacted entries up to i${n.snapshot.index} (term ${n.snapshot.term}) into a snapshot`} data-testid={`log-snapshot-${n.id}`}>
        {text}
      </td>
    );
  }
  if (seg.kind === 'elided') {
    return (
      <td colSpan={seg.to - seg.from + 1} className="rl-log-elided" title={`i${seg.from}–i${seg.to} not shown`}>
        …
      </td>
    );
  }
  const index = seg.kind === 'entry' ? seg.entry.index : seg.index;
  return <LogCell node={n} segment={seg} progress={row.progress} index={index} markColour={leaderTerm === undefined ? undefined : termColour(leaderTerm)} />;
}

function LogRowView({ row, selected, leaderTerm, onSelect }: LogRowProps) {
  const cls = `rl-log-row${selected ? ' rl-selected' : ''}${row.node.up ? '' : ' rl-down'}`;
  return (
    <tr className={cls} data-testid={`log-row-${row.node.id}`}>
      <RowHeader row={row} selected={selected} onSelect={onSelect} />
      {row.segments.map((seg) => (
        <Segment key={seg.kind === 'entry' ? seg.entry.index : seg.kind === 'empty' ? seg.index : `${seg.kind}${seg.from}`} row={row} seg={seg} leaderTerm={leaderTerm} />
      ))}
    </tr>
  );
}

function sameSegment(a: LogSegment, b: LogSegment): boolean {
  switch (a.kind) {
    case 'entry':
      return b.kind === 'entry' && a.entry === b.entry && a.committed === b.committed && a.highlighted === b.highlighted;
    case 'empty':
      return b.kind === 'empty' && a.index === b.index;
    default:
      return b.kind === a.kind && 'from' in b && a.from === b.from && a.to === b.to;
  }
}

/**
 * The node fields a row shows (header, snapshot block, commit and applied marks). A node view is
 * new whenever anything in the node changed, e.g. its election timer with every heartbeat; the
 * row need not follow that.
 */
export function sameNodeShown(a: NodeView, b: NodeView): boolean {
  return (
    a === b ||
    (a.id === b.id && a.up === b.up && a.role === b.role && a.commitIndex === b.commitIndex && a.appliedIndex === b.appliedIndex && a.snapshot.index === b.snapshot.index && a.snapshot.term === b.snapshot.term)
  );
}

/** Re-renders only when what the row shows changed: while playing, the view changes every frame but the rows mostly do not. */
function sameRow(a: LogRowProps, b: LogRowProps): boolean {
  if (!sameNodeShown(a.row.node, b.row.node) || a.selected !== b.selected || a.leaderTerm !== b.leaderTerm || a.onSelect !== b.onSelect) return false;
  if (a.row.progress?.matchIndex !== b.row.progress?.matchIndex || a.row.progress?.nextIndex !== b.row.progress?.nextIndex) return false;
  const sa = a.row.segments;
  const sb = b.row.segments;
  return sa.length === sb.length && sa.every((seg, i) => sameSegment(seg, sb[i] as LogSegment));
}

export const LogRow = memo(LogRowView, sameRow);
