/** The timeline bar: transport, speed, scrubber with markers, and the present (time and event number). */
import { presentLabel } from '../../store/index.js';
import { useRaft, useRaftStore } from '../shell/store-context.js';
import { Scrubber } from './Scrubber.js';
import { SpeedSlider } from './SpeedSlider.js';
import { Transport } from './Transport.js';

export function Timeline() {
  const { actions } = useRaftStore();
  const frame = useRaft((s) => s.frame);
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
        canStepBack={frame.position > 1}
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
      <Scrubber position={frame.position} end={frame.end} markers={frame.markers} onSeek={pauseThen2(actions.pause, actions.seek)} />
      <output className="rl-present" data-testid="present" aria-label="Present time and event number">
        {presentLabel(frame)}
      </output>
    </div>
  );
}

function pauseThen2(pause: () => void, seek: (i: number) => void): (i: number) => void {
  return (i) => {
    pause();
    seek(i);
  };
}
