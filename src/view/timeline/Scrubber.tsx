/**
 * The scrubber over the whole recorded history: a range input (keyboard and screen readers) with
 * the timeline markers drawn under it, binned so a long history draws at most one symbol per bin.
 * Once a long run passes its history limit, the events before `historyStart` keep no detail (no
 * markers, explanations or arrows): that stretch is shaded and named, so an empty stretch of the
 * scrubber is not read as "nothing happened".
 */
import { memo, useId } from 'react';
import { markerSymbol, markerWords, type Marker } from '../../store/index.js';

export interface ScrubberProps {
  readonly position: number;
  readonly end: number;
  readonly markers: readonly Marker[];
  /** The first event whose detail is kept (0 until the history limit is passed). */
  readonly historyStart: number;
  readonly onSeek: (index: number) => void;
}

const BINS = 160;

/** The most important marker of each bin (violations first), in index order. */
export function binMarkers(markers: readonly Marker[], end: number, bins = BINS): Marker[] {
  const best = new Map<number, Marker>();
  const rank = (m: Marker) => (markerSymbol(m).danger ? 0 : 1) * 1000 + ['⚠', '★', '☆', '✕', '↻', '⟂', '∞', '◆', '·', '○'].indexOf(markerSymbol(m).symbol);
  for (const m of markers) {
    const bin = Math.floor((m.index / Math.max(1, end)) * bins);
    const cur = best.get(bin);
    if (cur === undefined || rank(m) < rank(cur)) best.set(bin, m);
  }
  return [...best.values()].sort((a, b) => a.index - b.index);
}

const Markers = memo(function Markers({ markers, end }: { markers: readonly Marker[]; end: number }) {
  const shown = binMarkers(markers, end);
  return (
    <div className="rl-markers" aria-hidden="true" data-testid="markers" data-count={shown.length}>
      {shown.map((m) => {
        const s = markerSymbol(m);
        return (
          <span key={m.index} className={s.danger ? 'rl-marker rl-marker-danger' : 'rl-marker'} style={{ left: `${(m.index / Math.max(1, end)) * 100}%` }} title={`#${m.index} at ${m.time} ms: ${markerWords(m)}`}>
            {s.symbol}
          </span>
        );
      })}
    </div>
  );
});

/**
 * The scrubber's spoken value: the event, and whether its detail is forgotten. At `position` the
 * latest event is `position - 1`, forgotten while it is before `historyStart`.
 */
export function scrubberText(position: number, end: number, historyStart: number): string {
  return position <= historyStart && historyStart > 0 ? `event ${position} of ${end}, before event ${historyStart}: its detail is forgotten` : `event ${position} of ${end}`;
}

/** The shaded stretch of events whose detail is forgotten (nothing while the whole history is kept). */
function Forgotten({ historyStart, end }: { historyStart: number; end: number }) {
  if (historyStart <= 1) return null;
  // Inside the markers' inset (8px each side), as the markers are placed.
  const width = `calc((100% - 16px) * ${Math.min(historyStart, end) / Math.max(1, end)})`;
  return <div className="rl-forgotten" style={{ width }} title={`Events before #${historyStart}: detail forgotten (history limit); seeking there still works`} data-testid="forgotten" />;
}

export function Scrubber({ position, end, markers, historyStart, onSeek }: ScrubberProps) {
  const id = useId();
  return (
    <div className="rl-scrubber">
      <label htmlFor={id} className="rl-sr">
        Event in the history
      </label>
      <Forgotten historyStart={historyStart} end={end} />
      <Markers markers={markers} end={end} />
      <input id={id} type="range" min={1} max={Math.max(1, end)} step={1} value={position} onChange={(e) => onSeek(Number(e.target.value))} aria-valuetext={scrubberText(position, end, historyStart)} data-testid="scrubber" />
    </div>
  );
}
