/** The timeline bar: transport, speed, scrubber with markers, and the present (time and event number). */
import { presentLabel } from '../../store/index.js';
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
