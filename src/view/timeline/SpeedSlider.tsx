/** Playback speed on a log scale (simulated ms per wall second), labelled in words. */
import { memo, useId } from 'react';
import { SLIDER_STEPS, sliderOf, speedAt, speedLabel } from '../../store/index.js';

export interface SpeedSliderProps {
  readonly speed: number;
  readonly onSpeed: (speed: number) => void;
}

function Slider({ speed, onSpeed }: SpeedSliderProps) {
  const id = useId();
  return (
    <div className="rl-speed">
      <label htmlFor={id}>speed</label>
      <input
        id={id}
        type="range"
        min={0}
        max={SLIDER_STEPS}
        step={1}
        value={sliderOf(speed)}
        onChange={(e) => onSpeed(speedAt(Number(e.target.value)))}
        aria-valuetext={speedLabel(speed)}
        data-testid="speed"
      />
      <output htmlFor={id} data-testid="speed-label">
        {speedLabel(speed)}
      </output>
    </div>
  );
}

/** Memoized: the slider re-renders when the speed changes, not with the paced timeline. */
export const SpeedSlider = memo(Slider);
