/**
 * One line of the event log: event number, time, node, kind, the paper's sections as chips, and
 * what happened in the nodes' own words. Clicking it moves the present to just after the event.
 *
 * @module
 */
import type { CSSProperties } from 'react';
import type { EventSummary, Explanation } from '../../sim/index.js';
import { explanationLine } from './event-log-model.js';

export interface EventLineProps {
  readonly index: number;
  readonly summary: EventSummary | undefined;
  readonly explanation: Explanation | undefined;
  readonly present: boolean;
  readonly style: CSSProperties;
  readonly onSeek: (index: number) => void;
}

export function EventLine({ index, summary, explanation, present, style, onSeek }: EventLineProps) {
  const line = explanation === undefined ? undefined : explanationLine(explanation);
  return (
    <button
      type="button"
      className={`rl-event-line${present ? ' rl-present' : ''}`}
      style={style}
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
