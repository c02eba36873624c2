/**
 * The scrubber over the whole recorded history: a range input (keyboard and screen readers) with
 * the timeline markers drawn under it, binned so a long history draws at most one symbol per bin.
 */
import { memo, useId } from 'react';
import { markerSymbol, markerWords, type Marker } from '../../store/index.js';

export interface ScrubberProps {
  readonly position: number;
  readonly end: number;
  readonly markers: readonly Marker[];
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

export function Scrubber({ position, end, markers, onSeek }: ScrubberProps) {
  const id = useId();
  return (
    <div className="rl-scrubber">
      <label htmlFor={id} className="rl-sr">
        Event in the history
      </label>
      <Markers markers={markers} end={end} />
      <input id={id} type="range" min={1} max={Math.max(1, end)} step={1} value={position} onChange={(e) => onSeek(Number(e.target.value))} aria-valuetext={`event ${position} of ${end}`} data-testid="scrubber" />
    </div>
  );
}
