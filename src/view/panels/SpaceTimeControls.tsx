/**
 * Keyboard-reachable zoom and pan for the space-time diagram (the wheel and drag do the same).
 *
 * @module
 */
import { zoomWindow } from './spacetime-geometry.js';

export interface SpaceTimeControlsProps {
  readonly fromTime: number;
  readonly toTime: number;
  readonly now: number;
  readonly onWindowChange: (from: number, to: number) => void;
}

export function SpaceTimeControls({ fromTime, toTime, now, onWindowChange }: SpaceTimeControlsProps) {
  const span = toTime - fromTime;
  const anchor = now >= fromTime && now <= toTime ? now : (fromTime + toTime) / 2;
  const go = ([a, b]: [number, number]): void => onWindowChange(a, b);
  return (
    <div className="rl-st-controls" role="group" aria-label="Space-time window">
      <button type="button" className="rl-btn" onClick={() => go(zoomWindow(fromTime, toTime, 2, anchor))}>
        Zoom in
      </button>
      <button type="button" className="rl-btn" onClick={() => go(zoomWindow(fromTime, toTime, 0.5, anchor))}>
        Zoom out
      </button>
      <button type="button" className="rl-btn" aria-label="Pan earlier" onClick={() => go([fromTime - span / 4, toTime - span / 4])}>
        ◀ earlier
      </button>
      <button type="button" className="rl-btn" aria-label="Pan later" onClick={() => go([fromTime + span / 4, toTime + span / 4])}>
        later ▶
      </button>
      <button type="button" className="rl-btn" aria-label="Show up to now" onClick={() => go([now - span, now])}>
        to now
      </button>
    </div>
  );
}
