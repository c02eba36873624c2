/**
 * One log cell: the term number and colour, the entry's glyph and text, its commit state, and
 * the node's commit / applied markers and the leader's match ▲ / next ▸ marks for this index.
 *
 * @module
 */
import type { CSSProperties } from 'react';
import type { NodeView } from '../../sim/index.js';
import { termColour } from '../theme.js';
import { entryLabel, type LogSegment, type ProgressMarks } from './log-grid-model.js';

export interface LogCellProps {
  readonly node: NodeView;
  readonly segment: Extract<LogSegment, { kind: 'entry' | 'empty' }>;
  readonly index: number;
  readonly progress: ProgressMarks | undefined;
  /** The leader's term colour for progress marks. */
  readonly markColour: string | undefined;
}

function Marks({ node, index, progress, markColour }: Omit<LogCellProps, 'segment'>) {
  const style = markColour === undefined ? undefined : { color: markColour };
  return (
    <>
      {index === node.commitIndex && <span className="rl-mark-commit" title={`commit index ${index}`} />}
      {index === node.appliedIndex && <span className="rl-mark-applied" title={`applied index ${index}`} />}
      {progress?.matchIndex === index && (
        <span className="rl-mark-match" style={style} title={`leader's matchIndex for n${node.id}: ${index}`} data-testid={`log-match-${node.id}`}>
          ▲<span className="rl-sr"> match index</span>
        </span>
      )}
      {progress?.nextIndex === index && (
        <span className="rl-mark-next" style={style} title={`leader's nextIndex for n${node.id}: ${index}`} data-testid={`log-next-${node.id}`}>
          ▸<span className="rl-sr"> next index</span>
        </span>
      )}
    </>
  );
}

export function LogCell({ node, segment, index, progress, markColour }: LogCellProps) {
  const marks = <Marks node={node} index={index} progress={progress} markColour={markColour} />;
  if (segment.kind === 'empty') {
    return (
      <td className="rl-log-cell rl-log-empty" data-testid={`log-cell-${node.id}-${index}`}>
        {marks}
      </td>
    );
  }
  const { entry, committed, highlighted } = segment;
  const label = entryLabel(entry);
  const state = committed ? 'committed' : 'not committed';
  const cls = `rl-log-cell rl-log-entry ${committed ? 'rl-committed' : 'rl-uncommitted'}${highlighted ? ' rl-violation' : ''}`;
  const style = { '--rl-cell-term': termColour(entry.term) } as CSSProperties;
  return (
    <td className={cls} style={style} title={`n${node.id} i${entry.index} term ${entry.term}: ${entry.text} (${state})`} data-testid={`log-cell-${node.id}-${entry.index}`}>
      <span className="rl-cell-term">t{entry.term}</span>
      <span className="rl-cell-text">
        {label.glyph && <span className="rl-cell-glyph">{label.glyph} </span>}
        {label.text}
      </span>
      <span className="rl-sr">, {state}{highlighted ? ', involved in a violation' : ''}</span>
      {highlighted && <span className="rl-cell-warn" aria-hidden="true">⚠</span>}
      {marks}
    </td>
  );
}
