/** The timeline bar: transport, speed, scrubber with markers, and the present (time and event number). */
import { useMemo } from 'react';
import { presentLabel, TRANSPORT_ERROR } from '../../store/index.js';
import { usePaced, useRaft, useRaftStore } from '../shell/store-context.js';
import { Scrubber } from './Scrubber.js';
import { SpeedSlider } from './SpeedSlider.js';
import { Transport } from './Transport.js';

/** The present's time and event number (paced: at most ten times a second while playing). */
function PresentLabel() {
  const frame = usePaced((f) => f);
  return (
    <output className="rl-present" data-testid="present" aria-label="Present time and event number">
      {presentLabel(frame)}
    </output>
  );
}

export function Timeline() {
  const { actions } = useRaftStore();
  // The paced present: while playing, the controls re-render at most ten times a second.
  const position = usePaced((f) => f.position);
  const end = usePaced((f) => f.end);
  const markers = usePaced((f) => f.markers);
  const historyStart = usePaced((f) => f.historyStart);
  const playing = useRaft((s) => s.ui.playing);
  const speed = useRaft((s) => s.ui.speed);
  const stepKind = useRaft((s) => s.ui.stepKind);
  // "No commit in the next 20,000 events": shown by the buttons that searched, until the present moves.
  const searchError = useRaft((s) => s.ui.errors[TRANSPORT_ERROR]);
  // Stable handlers, so the memoized transport and slider skip the paced re-renders.
  const on = useMemo(() => {
    const pauseThen = (run: () => void) => () => {
      actions.pause();
      run();
    };
    return {
      reset: () => actions.reset(),
      stepBack: pauseThen(actions.stepBack),
      step: pauseThen(actions.step),
      previous: pauseThen(() => actions.stepToPrevious()),
      next: pauseThen(() => actions.stepToNext()),
      seek: pauseThen2(actions.pause, actions.seek),
      dismissSearchError: () => actions.setError(TRANSPORT_ERROR, undefined),
    };
  }, [actions]);
  return (
    <div className="rl-timeline" data-testid="timeline">
      <Transport
        playing={playing}
        canStepBack={position > 1}
        stepKind={stepKind}
        onReset={on.reset}
        onStepBack={on.stepBack}
        onTogglePlay={actions.togglePlay}
        onStep={on.step}
        onPrevious={on.previous}
        onNext={on.next}
        onStepKind={actions.setStepKind}
      />
      {searchError !== undefined && (
        <span className="rl-transport-error" role="status" data-testid="transport-error">
          {searchError}{' '}
          <button type="button" onClick={on.dismissSearchError} aria-label="Dismiss this message">
            OK
          </button>
        </span>
      )}
      <SpeedSlider speed={speed} onSpeed={actions.setSpeed} />
      <Scrubber position={position} end={end} markers={markers} historyStart={historyStart} onSeek={on.seek} />
      <PresentLabel />
    </div>
  );
}

function pauseThen2(pause: () => void, seek: (i: number) => void): (i: number) => void {
  return (i) => {
    pause();
    seek(i);
  };
}
