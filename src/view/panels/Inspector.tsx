/**
 * The inspector: every field of the selected node or message, and the actions that apply to it.
 * Each action goes through the simulator's validation; a refusal shows next to its control.
 *
 * @module
 */
import { memo, useMemo } from 'react';
import type { NodeId } from '../../raft/index.js';
import type { ClusterView } from '../../sim/index.js';
import { AddMember } from './AddMember.js';
import { CommandForm } from './CommandForm.js';
import { useControlErrors, type Check, type Intervene } from './controls.js';
import { MessageInspector } from './MessageInspector.js';
import { NodeInspector } from './NodeInspector.js';
import './panels.css';

export type Selection = { readonly kind: 'node'; readonly id: NodeId } | { readonly kind: 'message'; readonly id: number };

export interface InspectorProps {
  readonly view: ClusterView;
  readonly selection: Selection | undefined;
  /** Applies an intervention; returns the refusal text, or undefined when applied. */
  readonly onIntervene: Intervene;
  /** Optional: why an intervention would be refused now (disables its control with the reason). */
  readonly check?: Check;
}

export interface InspectorEmptyProps {
  /** The leader a client command goes to (a node that is up as leader), if any. */
  readonly leader: NodeId | undefined;
  /** The ids of the cluster's nodes (a new member takes another). */
  readonly nodes: readonly NodeId[];
  readonly onIntervene: Intervene;
  readonly check?: Check;
}

function NothingSelected({ leader, nodes, onIntervene, check }: InspectorEmptyProps) {
  const controls = useControlErrors(onIntervene);
  return (
    <div className="rl-inspector" data-testid="inspector-empty">
      <p className="rl-muted">Select a node (keys 1–9, or click it) or a message to inspect it.</p>
      <CommandForm leader={leader} controls={controls} />
      <AddMember nodes={nodes} controls={controls} check={check} />
    </div>
  );
}

/**
 * The inspector with nothing selected: the client command form and "add a member". Memoized, and
 * its props are ids, so it does not re-render while the cluster runs unless the leader or the
 * membership changes.
 */
export const InspectorEmpty = memo(NothingSelected);

/** The node a client command goes to: the known leader, if it is up as leader. */
export function commandLeader(view: ClusterView): NodeId | undefined {
  return view.nodes.find((x) => x.id === view.leader && x.role === 'Leader')?.id;
}

/** `view`'s node ids, the same array while they are the same. */
function useIds(view: ClusterView): readonly NodeId[] {
  const key = view.nodes.map((x) => x.id).join(',');
  return useMemo(() => (key === '' ? [] : key.split(',').map((id) => Number(id) as NodeId)), [key]);
}

export function Inspector({ view, selection, onIntervene, check }: InspectorProps) {
  const ids = useIds(view);
  if (selection?.kind === 'node') {
    const node = view.nodes.find((x) => x.id === selection.id);
    if (node === undefined) return <p className="rl-muted">There is no node n{selection.id}.</p>;
    return <NodeInspector key={`n${node.id}`} view={view} node={node} onIntervene={onIntervene} check={check} />;
  }
  if (selection?.kind === 'message') {
    const message = view.inFlight.find((m) => m.id === selection.id);
    if (message === undefined) {
      return (
        <p className="rl-muted" data-testid="inspector-gone">
          Message #{selection.id} is no longer in flight (delivered or dropped).
        </p>
      );
    }
    return <MessageInspector key={`m${message.id}`} view={view} message={message} onIntervene={onIntervene} check={check} />;
  }
  return <InspectorEmpty leader={commandLeader(view)} nodes={ids} onIntervene={onIntervene} check={check} />;
}
