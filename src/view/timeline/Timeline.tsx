/** The timeline bar: transport, speed, scrubber with markers, and the present (time and event number). */
import { presentLabel } from '../../store/index.js';
import { useRaft, useRaftStore } from '../shell/store-context.js';
import { Scrubber } from './Scrubber.js';
import { SpeedSlider } from './SpeedSlider.js';
import { Transport } from './Transport.js';

/** The present's time and event number: the one part of the bar that changes every animation frame. */
function PresentLabel() {
  const frame = useRaft((s) => s.frame);
  return (
    <output className="rl-present" data-testid="present" aria-label="Present time and event number">
      {presentLabel(frame)}
    </output>
  );
}

export function Timeline() {
  const { actions } = useRaftStore();
  // Per event, not per frame: the controls re-render only when these change.
  const position = useRaft((s) => s.frame.position);
  const end = useRaft((s) => s.frame.end);
  const markers = useRaft((s) => s.frame.markers);
  const playing = useRaft((s) => s.ui.playing);
  const speed = useRaft((s) => s.ui.speed);
  const stepKind = useRaft((s) => s.ui.stepKind);
  const pauseThen = (run: () => void) => () => {
    actions.pause();
    run();
  };
  return (
    <div className="rl-timeline" data-testid="timeline">
      <Transport
        playing={playing}
        canStepBack={position > 1}
        stepKind={stepKind}
        onReset={() => actions.reset()}
        onStepBack={pauseThen(actions.stepBack)}
        onTogglePlay={actions.togglePlay}
        onStep={pauseThen(actions.step)}
        onPrevious={pauseThen(() => actions.stepToPrevious())}
        onNext={pauseThen(() => actions.stepToNext())}
        onStepKind={actions.setStepKind}
      />
      <SpeedSlider speed={speed} onSpeed={actions.setSpeed} />
      <Scrubber position={position} end={end} markers={markers} onSeek={pauseThen2(actions.pause, actions.seek)} />
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
