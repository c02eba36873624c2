/**
 * Cuts one link, one way (a message from → to is lost) or both ways.
 *
 * @module
 */
import { useState } from 'react';
import type { NodeId } from '../../raft/index.js';
import { ControlError, type ControlErrors } from './controls.js';

export interface LinkCutControlProps {
  readonly nodes: readonly NodeId[];
  readonly controls: ControlErrors;
}

function NodeSelect({ label, value, nodes, onChange, testId }: { label: string; value: number; nodes: readonly NodeId[]; onChange: (v: number) => void; testId: string }) {
  return (
    <label className="rl-field rl-inline">
      {label}
      <select value={value} data-testid={testId} onChange={(e) => onChange(Number(e.target.value))}>
        {nodes.map((x) => (
          <option key={x} value={x}>
            n{x}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LinkCutControl({ nodes, controls }: LinkCutControlProps) {
  const [from, setFrom] = useState<number>(nodes[0] ?? 1);
  const [to, setTo] = useState<number>(nodes[1] ?? nodes[0] ?? 1);
  const [both, setBoth] = useState(false);
  const f = from as NodeId;
  const t = to as NodeId;
  const cut = (): void => {
    if (!controls.run('cut', { kind: 'cut', from: f, to: t })) return;
    if (both) controls.run('cut', { kind: 'cut', from: t, to: f });
  };
  return (
    <div className="rl-actions" role="group" aria-label="Cut a link">
      <NodeSelect label="from" value={from} nodes={nodes} onChange={setFrom} testId="cut-from" />
      <NodeSelect label="to" value={to} nodes={nodes} onChange={setTo} testId="cut-to" />
      <label className="rl-field rl-inline">
        <input type="checkbox" checked={both} onChange={(e) => setBoth(e.target.checked)} data-testid="cut-both" />
        both ways
      </label>
      <button type="button" className="rl-btn" onClick={cut} data-testid="cut-apply">
        Cut n{from} {both ? '↔' : '→'} n{to}
      </button>
      <ControlError text={controls.error('cut')} />
    </div>
  );
}
