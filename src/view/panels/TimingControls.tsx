/**
 * Message latency (the uniform delay range) and the cap on entries per AppendEntries.
 *
 * @module
 */
import { useState } from 'react';
import { ControlError, type ControlErrors } from './controls.js';
import { NumberField, parseNumber } from './NumberField.js';

export interface TimingControlsProps {
  readonly delayMinMs: number;
  readonly delayMaxMs: number;
  readonly maxEntriesPerAppend: number;
  readonly controls: ControlErrors;
}

export function TimingControls({ delayMinMs, delayMaxMs, maxEntriesPerAppend, controls }: TimingControlsProps) {
  const [min, setMin] = useState(String(delayMinMs));
  const [max, setMax] = useState(String(delayMaxMs));
  const [cap, setCap] = useState(String(maxEntriesPerAppend));
  const applyLatency = (): void => {
    const lo = parseNumber(min);
    const hi = parseNumber(max);
    if (lo === undefined || hi === undefined) return controls.set('latency', 'latency: enter two numbers of milliseconds');
    controls.run('latency', { kind: 'timing', timing: { delayMinMs: lo, delayMaxMs: hi } });
  };
  const applyCap = (): void => {
    const value = parseNumber(cap);
    if (value === undefined) return controls.set('cap', 'the cap is a whole number (0 = no cap)');
    controls.run('cap', { kind: 'maxEntriesPerAppend', value });
  };
  return (
    <>
      <div className="rl-actions" role="group" aria-label="Message latency">
        <NumberField label="Latency min (ms)" value={min} onChange={setMin} min={0} testId="latency-min" invalid={controls.error('latency') !== undefined} />
        <NumberField label="Latency max (ms)" value={max} onChange={setMax} min={0} testId="latency-max" invalid={controls.error('latency') !== undefined} />
        <button type="button" className="rl-btn" data-testid="latency-apply" onClick={applyLatency}>
          Set latency {min}–{max} ms
        </button>
        <ControlError text={controls.error('latency')} />
      </div>
      <div className="rl-actions" role="group" aria-label="AppendEntries entry cap">
        <NumberField label="Entries per AppendEntries (0 = no cap)" value={cap} onChange={setCap} min={0} step={1} testId="ae-cap" invalid={controls.error('cap') !== undefined} />
        <button type="button" className="rl-btn" data-testid="ae-cap-apply" onClick={applyCap}>
          {cap === '0' ? 'Remove the entry cap' : `Cap AppendEntries at ${cap}`}
        </button>
        <ControlError text={controls.error('cap')} />
      </div>
    </>
  );
}
