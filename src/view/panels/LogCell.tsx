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

/** The marks on a cell. A down node's commit and applied indexes are lost, so it has none of them. */
function Marks({ node, index, progress, markColour }: Omit<LogCellProps, 'segment'>) {
  const style = markColour === undefined ? undefined : { color: markColour };
  return (
    <>
      {node.up && index === node.commitIndex && <span className="rl-mark-commit" title={`commit index ${index}`} />}
      {node.up && index === node.appliedIndex && <span className="rl-mark-applied" title={`applied index ${index}`} />}
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

/**
 * The label on up to two lines, allowed to break after a joint configuration's arrow (the old and
 * the new set each on a line) as well as at spaces.
 */
function LabelText({ text }: { text: string }) {
  const [before, ...after] = text.split('→');
  if (after.length === 0) return <>{text}</>;
  return (
    <>
      {before}→<wbr />
      {after.join('→')}
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
  // The visible label is short; screen readers get the entry's full text instead (as the title has it).
  return (
    <td className={cls} style={style} title={`n${node.id} i${entry.index} term ${entry.term}: ${entry.text} (${state})`} data-testid={`log-cell-${node.id}-${entry.index}`}>
      <span className="rl-cell-term" aria-hidden="true">
        t{entry.term}
        {label.glyph && <span className="rl-cell-glyph"> {label.glyph}</span>}
        {highlighted && <span className="rl-cell-warn"> ⚠</span>}
      </span>
      <span className="rl-cell-text" aria-hidden="true">
        <LabelText text={label.text} />
      </span>
      <span className="rl-sr">
        term {entry.term}: {entry.text}, {state}
        {highlighted ? ', involved in a violation' : ''}
      </span>
      {marks}
    </td>
  );
}
