/**
 * The event log: one line per recorded event with its explanation, filterable by node and kind,
 * virtualized (only the visible lines exist in the DOM, so 100,000 events scroll smoothly).
 * Explanations load lazily: the visible range is requested, lines show a placeholder until then.
 * The present (the last processed event, `present - 1`) is highlighted and, while "follow" is on,
 * kept in view.
 *
 * @module
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { EventSummary, Explanation } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import type { Marker } from '../../store/index.js';
import { FilteredEvents, NO_FILTER, type EventFilter } from './event-log-model.js';
import { EventFilters } from './EventFilters.js';
import { EventLine } from './EventLine.js';
import { useFixedRows } from './fixed-rows.js';
import './panels.css';

export interface EventLogProps {
  /** Events recorded (the history's length). */
  readonly total: number;
  /** The simulation's position: events before it have happened; event `present - 1` is the latest. */
  readonly present: number;
  readonly summaryAt: (i: number) => EventSummary | undefined;
  /** undefined = not loaded yet. */
  readonly explanationAt: (i: number) => Explanation | undefined;
  readonly requestExplanations: (from: number, to: number) => void;
  readonly nodes: readonly NodeId[];
  /** Called with the position just after the clicked event (`index + 1`). */
  readonly onSeek: (position: number) => void;
  /** An event to scroll to (e.g. a violation's). */
  readonly jumpTo?: number;
  /** The timeline's markers: the outcome filters (commits, elections, faults, violations) list their events. */
  readonly markers?: readonly Marker[];
}

/** Height of one line in px (fixed: rows are placed without measuring). */
export const EVENT_ROW_PX = 44;

/** Runs `run` once the next frame has been painted; returns a cancel function. */
function afterPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(run, 0)));
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** The first row whose event is ≥ `event` (rows are ascending event indexes). */
function rowOf(list: readonly number[] | undefined, event: number): number {
  if (list === undefined) return event;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < event) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function Log(props: EventLogProps) {
  const { total, present, summaryAt, explanationAt, requestExplanations, nodes, onSeek, jumpTo, markers } = props;
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const [follow, setFollow] = useState(true);
  const filtered = useRef(new FilteredEvents());
  const scrollRef = useRef<HTMLDivElement>(null);
  const list = filter === NO_FILTER ? undefined : filtered.current.update(total, filter, summaryAt, markers);
  const count = list?.length ?? total;
  const eventAt = (row: number): number => (list === undefined ? row : (list[row] as number));
  const rows = useFixedRows(scrollRef, count, EVENT_ROW_PX);
  const firstEvent = rows.end > rows.first ? eventAt(rows.first) : -1;
  const lastEvent = rows.end > rows.first ? eventAt(rows.end - 1) : -1;

  // Explanations are replayed from a checkpoint (a chunk at a time): asked for once the lines are on
  // screen, so a seek paints first and a scrub passing over rows never replays them.
  useEffect(() => {
    if (firstEvent >= 0) return afterPaint(() => requestExplanations(firstEvent, lastEvent + 1));
  }, [firstEvent, lastEvent, requestExplanations]);

  const presentRow = Math.min(rowOf(list, present - 1), count - 1);
  // Following: when the present (or following itself) changes, the rows for the new position
  // render in this same pass. The user's own scrolling changes neither, so it is left alone.
  const followRow = follow && rows.measured ? presentRow : -1;
  const [followed, setFollowed] = useState(-1);
  if (followed !== followRow) {
    setFollowed(followRow);
    rows.scrollToRow(followRow, 'auto');
  }
  // Only a new target scrolls; the list growing must not pull the view back to it.
  const jumpKey = rows.measured ? jumpTo : undefined;
  const [jumped, setJumped] = useState<number | undefined>(undefined);
  if (jumped !== jumpKey) {
    setJumped(jumpKey);
    if (jumpKey !== undefined) rows.scrollToRow(Math.min(rowOf(list, jumpKey), count - 1), 'center');
  }

  return (
    <div className="rl-events" data-testid="event-log">
      <EventFilters filter={filter} nodes={nodes} follow={follow} onChange={setFilter} onFollow={setFollow} />
      <p className="rl-event-count" aria-live="off">
        {list === undefined ? `${total} events` : `${count} of ${total} events`}
      </p>
      <div ref={scrollRef} className="rl-event-scroll" tabIndex={-1} data-testid="event-scroll">
        <div style={{ height: count * EVENT_ROW_PX, position: 'relative' }}>
          {Array.from({ length: rows.end - rows.first }, (_, i) => {
            const row = rows.first + i;
            const index = eventAt(row);
            return (
              <EventLine
                key={rows.slotOf(row)}
                index={index}
                summary={summaryAt(index)}
                explanation={explanationAt(index)}
                present={index === present - 1}
                top={row * EVENT_ROW_PX}
                height={EVENT_ROW_PX}
                onSeek={onSeek}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * Memoized: while playing, the events panel re-renders at the paced rate but passes the same
 * (throttled) props most of the time; the log then skips its render and its filters' inputs.
 */
export const EventLog = memo(Log);
