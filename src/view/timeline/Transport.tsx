/** Transport buttons: reset, step back, play/pause, step, previous / next event of a kind. */
import { memo } from 'react';
import { STEP_KIND_LABEL, type StepKind } from '../../store/index.js';

export interface TransportProps {
  readonly playing: boolean;
  readonly canStepBack: boolean;
  readonly stepKind: StepKind;
  readonly onReset: () => void;
  readonly onStepBack: () => void;
  readonly onTogglePlay: () => void;
  readonly onStep: () => void;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
  readonly onStepKind: (kind: StepKind) => void;
}

export const STEP_KINDS: readonly { readonly kind: StepKind; readonly label: string }[] = (['message', 'timeout', 'stateChange', 'commit'] as const).map((kind) => ({ kind, label: STEP_KIND_LABEL[kind] }));

function TransportButtons(p: TransportProps) {
  const kindLabel = STEP_KINDS.find((k) => k.kind === p.stepKind)?.label ?? p.stepKind;
  return (
    <div className="rl-transport" role="group" aria-label="Transport">
      <button type="button" onClick={p.onReset} aria-label="Reset the simulation" title="Reset: start again with the same settings" data-testid="reset">
        ↺<span className="rl-wide"> reset</span>
      </button>
      <button type="button" onClick={p.onStepBack} disabled={!p.canStepBack} aria-label="Step back one event" title="Step back one event (←)" data-testid="step-back">
        ◀
      </button>
      <button type="button" onClick={p.onTogglePlay} aria-label={p.playing ? 'Pause' : 'Play'} aria-pressed={p.playing} title={p.playing ? 'Pause (Space)' : 'Play (Space)'} data-testid="play" className="rl-play">
        {p.playing ? <PauseBars /> : '▶'}
      </button>
      <button type="button" onClick={p.onStep} aria-label="Step one event" title="Step one event (→)" data-testid="step">
        ▶|
      </button>
      <span className="rl-kind-step">
        <button type="button" onClick={p.onPrevious} aria-label={`Previous ${kindLabel}`} title={`Previous ${kindLabel} (,)`} data-testid="prev-kind">
          ⇤
        </button>
        <label>
          <span className="rl-sr">Step to events of kind</span>
          <select value={p.stepKind} onChange={(e) => p.onStepKind(e.target.value as StepKind)} data-testid="step-kind" aria-label="Kind of event to step to">
            {STEP_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={p.onNext} aria-label={`Next ${kindLabel}`} title={`Next ${kindLabel} (.)`} data-testid="next-kind">
          ⇥
        </button>
      </span>
    </div>
  );
}

/** Memoized: the buttons re-render when playing, stepping back or the kind changes, not with the paced timeline. */
export const Transport = memo(TransportButtons);

/** Two bars drawn, not the ⏸ character: many system fonts have no glyph for it (an empty box). */
function PauseBars() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <rect x="2" y="1" width="3" height="10" fill="currentColor" />
      <rect x="7" y="1" width="3" height="10" fill="currentColor" />
    </svg>
  );
}
