/**
 * One line of the event log: event number, time, node, kind, the paper's sections as chips, and
 * what happened in the nodes' own words. Clicking it moves the present to just after the event.
 *
 * @module
 */
import { memo } from 'react';
import type { EventSummary, Explanation } from '../../sim/index.js';
import { explanationLine } from './event-log-model.js';

export interface EventLineProps {
  readonly index: number;
  readonly summary: EventSummary | undefined;
  readonly explanation: Explanation | undefined;
  readonly present: boolean;
  /** Where the line sits in the scrolled list (px) and its height. */
  readonly top: number;
  readonly height: number;
  readonly onSeek: (index: number) => void;
}

function Line({ index, summary: recorded, explanation, present, top, height, onSeek }: EventLineProps) {
  const line = explanation === undefined ? undefined : explanationLine(explanation);
  // Before the simulation's historyStart the per-event record is forgotten (a long run keeps a
  // bounded history); the explanation, rebuilt by replay, carries the same fields.
  const summary = recorded ?? explanation;
  return (
    <button
      type="button"
      className={`rl-event-line${present ? ' rl-present' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height, transform: `translateY(${top}px)` }}
      aria-current={present ? 'step' : undefined}
      title={line?.full}
      data-testid="event-row"
      data-index={index}
      onClick={() => onSeek(index + 1)}
    >
      <span className="rl-event-meta">
        <span className="rl-event-num">#{index}</span>
        <span className="rl-event-time">{summary?.time ?? '?'} ms</span>
        <span className="rl-event-node">{summary?.node === undefined ? '—' : `n${summary.node}`}</span>
        <span className="rl-event-kind">{summary?.kind ?? ''}</span>
        {line?.rules.map((r) => (
          <span key={r} className="rl-chip">
            {r}
          </span>
        ))}
      </span>
      <span className="rl-event-text">{line === undefined ? 'loading the explanation…' : line.text}</span>
    </button>
  );
}

/** The same summary (the simulator hands out a new object per read). */
function sameSummary(a: EventSummary | undefined, b: EventSummary | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.index === b.index && a.time === b.time && a.kind === b.kind && a.node === b.node);
}

/** Memoized: while the log re-renders (the present moved, explanations arrived), unchanged lines are skipped. */
export const EventLine = memo(Line, (p, n) =>
  p.index === n.index && p.explanation === n.explanation && p.present === n.present && p.top === n.top && p.height === n.height && p.onSeek === n.onSeek && sameSummary(p.summary, n.summary),
);
