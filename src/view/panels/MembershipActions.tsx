/**
 * Membership changes for the selected node, proposed through the leader (joint consensus for
 * voters, Raft §6): add as voter or learner, promote a learner, remove.
 *
 * @module
 */
import type { ClusterConfig, NodeId } from '../../raft/index.js';
import type { MembershipChange } from '../../sim/index.js';
import { ActionButton, type Check, type ControlErrors } from './controls.js';

export interface MembershipActionsProps {
  readonly node: NodeId;
  /** The leader's configuration (undefined without a leader). */
  readonly config: ClusterConfig | undefined;
  readonly controls: ControlErrors;
  readonly check?: Check;
}

function changesFor(id: NodeId, config: ClusterConfig | undefined): { change: MembershipChange; label: string }[] {
  const n = `n${id}`;
  if (config?.voters.includes(id) || config?.newVoters.includes(id)) return [{ change: 'removeVoter', label: `Remove voter ${n}` }];
  if (config?.nonVoters.includes(id)) {
    return [
      { change: 'promote', label: `Promote ${n} to voter` },
      { change: 'removeNonVoter', label: `Remove learner ${n}` },
    ];
  }
  return [
    { change: 'addVoter', label: `Add ${n} as voter` },
    { change: 'addNonVoter', label: `Add ${n} as learner` },
  ];
}

export function MembershipActions({ node, config, controls, check }: MembershipActionsProps) {
  return (
    <div className="rl-actions" role="group" aria-label={`Membership of n${node}`}>
      {changesFor(node, config).map(({ change, label }) => (
        <ActionButton key={change} label={label} errorKey={`membership-${change}`} iv={{ kind: 'membership', change, node }} controls={controls} check={check} testId={`membership-${change}`} />
      ))}
    </div>
  );
}
