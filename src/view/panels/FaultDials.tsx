/**
 * Network-wide faults: the loss and duplication probabilities, as percentage dials.
 *
 * @module
 */
import { useId, useState } from 'react';
import { ControlError, type ControlErrors } from './controls.js';

export interface FaultDialsProps {
  readonly loss: number;
  readonly duplicate: number;
  readonly controls: ControlErrors;
}

function Dial({ label, percent, onChange, testId }: { label: string; percent: number; onChange: (v: number) => void; testId: string }) {
  const id = useId();
  return (
    <span className="rl-field">
      <span>
        <label htmlFor={id}>{label}</label> <output htmlFor={id}>{percent} %</output>
      </span>
      <input id={id} type="range" min={0} max={100} step={1} value={percent} aria-valuetext={`${percent} %`} data-testid={testId} onChange={(e) => onChange(Number(e.target.value))} />
    </span>
  );
}

export function FaultDials({ loss, duplicate, controls }: FaultDialsProps) {
  const [lossPct, setLoss] = useState(Math.round(loss * 100));
  const [dupPct, setDup] = useState(Math.round(duplicate * 100));
  return (
    <div className="rl-actions" role="group" aria-label="Message loss and duplication">
      <Dial label="Loss" percent={lossPct} onChange={setLoss} testId="dial-loss" />
      <Dial label="Duplication" percent={dupPct} onChange={setDup} testId="dial-duplicate" />
      <button type="button" className="rl-btn" data-testid="faults-apply" onClick={() => controls.run('faults', { kind: 'globalFault', loss: lossPct / 100, duplicate: dupPct / 100 })}>
        Set loss {lossPct} %, duplication {dupPct} %
      </button>
      <ControlError text={controls.error('faults')} />
    </div>
  );
}
