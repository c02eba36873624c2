/**
 * Adds a node that is not in the cluster yet (ids up to 9) as a voter or a learner, through the
 * leader; the simulator starts it fresh and empty.
 *
 * @module
 */
import { useId, useState } from 'react';
import type { NodeId } from '../../raft/index.js';
import { ActionButton, type Check, type ControlErrors } from './controls.js';

/** The ids a new member may take: 1..9 minus the nodes that exist (`nodes`). */
export function freeIds(nodes: readonly NodeId[]): NodeId[] {
  const used = new Set<number>(nodes);
  return [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((id) => !used.has(id)) as NodeId[];
}

export function AddMember({ nodes, controls, check }: { nodes: readonly NodeId[]; controls: ControlErrors; check?: Check }) {
  const free = freeIds(nodes);
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const selectId = useId();
  const id = (free.find((f) => f === picked) ?? free[0]) as NodeId | undefined;
  if (id === undefined) return <p className="rl-muted">The cluster has the most nodes (9).</p>;
  return (
    <div className="rl-actions" role="group" aria-label="Add a new member">
      <label htmlFor={selectId} className="rl-field-label">
        New member
      </label>
      <select id={selectId} value={id} data-testid="add-member-id" onChange={(e) => setPicked(Number(e.target.value))}>
        {free.map((f) => (
          <option key={f} value={f}>
            n{f}
          </option>
        ))}
      </select>
      <ActionButton label={`Add n${id} as voter`} errorKey="add-voter" iv={{ kind: 'membership', change: 'addVoter', node: id }} controls={controls} check={check} testId="add-member-voter" />
      <ActionButton label={`Add n${id} as learner`} errorKey="add-learner" iv={{ kind: 'membership', change: 'addNonVoter', node: id }} controls={controls} check={check} testId="add-member-learner" />
    </div>
  );
}
