/**
 * Partitions: isolate one node, or pick nodes into two sides and split.
 *
 * @module
 */
import { useId, useState } from 'react';
import type { NodeId } from '../../raft/index.js';
import { ActionButton, ControlError, type Check, type ControlErrors } from './controls.js';

export interface PartitionControlsProps {
  readonly nodes: readonly NodeId[];
  readonly controls: ControlErrors;
  readonly check?: Check;
}

const set = (ids: readonly number[]): string => `{${ids.join(',')}}`;

function IsolateControl({ nodes, controls, check }: PartitionControlsProps) {
  const [picked, setPicked] = useState<number>(nodes[0] ?? 1);
  const selectId = useId();
  const id = (nodes.includes(picked as NodeId) ? picked : (nodes[0] ?? 1)) as NodeId;
  const rest = nodes.filter((x) => x !== id);
  return (
    <div className="rl-actions" role="group" aria-label="Isolate a node">
      <label htmlFor={selectId} className="rl-field-label">
        Isolate
      </label>
      <select id={selectId} value={id} data-testid="isolate-node" onChange={(e) => setPicked(Number(e.target.value))}>
        {nodes.map((x) => (
          <option key={x} value={x}>
            n{x}
          </option>
        ))}
      </select>
      <ActionButton label={`Isolate n${id}`} errorKey="isolate" iv={{ kind: 'partition', groups: [[id], rest] }} controls={controls} check={check} testId="isolate" />
    </div>
  );
}

function SplitControl({ nodes, controls, check }: PartitionControlsProps) {
  const [sideB, setSideB] = useState<ReadonlySet<number>>(new Set());
  const a = nodes.filter((x) => !sideB.has(x));
  const b = nodes.filter((x) => sideB.has(x));
  const reason = a.length > 0 && b.length > 0 ? check?.({ kind: 'partition', groups: [a, b] }) : undefined;
  const flip = (id: number): void => setSideB((prev) => (prev.has(id) ? new Set([...prev].filter((x) => x !== id)) : new Set([...prev, id])));
  return (
    <fieldset className="rl-split" data-testid="split">
      <legend>Split into two sides (pick side B)</legend>
      {nodes.map((id) => (
        <label key={id} className="rl-check">
          <input type="checkbox" checked={sideB.has(id)} onChange={() => flip(id)} data-testid={`split-b-${id}`} />n{id}
        </label>
      ))}
      <button
        type="button"
        className="rl-btn"
        data-testid="split-apply"
        disabled={reason !== undefined}
        title={reason}
        onClick={() => {
          if (a.length === 0 || b.length === 0) return controls.set('split', 'pick at least one node for each side');
          controls.run('split', { kind: 'partition', groups: [a, b] });
        }}
      >
        Split {set(a)} | {set(b)}
      </button>
      <ControlError text={reason ?? controls.error('split')} />
    </fieldset>
  );
}

export function PartitionControls(props: PartitionControlsProps) {
  return (
    <>
      <IsolateControl {...props} />
      <SplitControl {...props} />
    </>
  );
}
