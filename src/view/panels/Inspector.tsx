/**
 * The inspector: every field of the selected node or message, and the actions that apply to it.
 * Each action goes through the simulator's validation; a refusal shows next to its control.
 *
 * @module
 */
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

function NothingSelected({ view, onIntervene, check }: Pick<InspectorProps, 'view' | 'onIntervene' | 'check'>) {
  const controls = useControlErrors(onIntervene);
  return (
    <div className="rl-inspector" data-testid="inspector-empty">
      <p className="rl-muted">Select a node (keys 1–9, or click it) or a message to inspect it.</p>
      <CommandForm leader={view.nodes.find((x) => x.id === view.leader && x.role === 'Leader')?.id} controls={controls} />
      <AddMember view={view} controls={controls} check={check} />
    </div>
  );
}

export function Inspector({ view, selection, onIntervene, check }: InspectorProps) {
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
  return <NothingSelected view={view} onIntervene={onIntervene} check={check} />;
}
