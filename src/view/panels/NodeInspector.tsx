/**
 * The inspector for one node: every field, durable vs volatile state, the key-value state, a
 * leader's view of each follower, and the actions that apply to it.
 *
 * @module
 */
import type { ClusterView, NodeView } from '../../sim/index.js';
import { termColour } from '../theme.js';
import { CommandForm } from './CommandForm.js';
import { ActionButton, useControlErrors, type Check, type Intervene } from './controls.js';
import { FieldList } from './FieldList.js';
import { MembershipActions } from './MembershipActions.js';
import { configText, durableRows, rebuiltText, volatileRows } from './node-fields.js';

export interface NodeInspectorProps {
  readonly view: ClusterView;
  readonly node: NodeView;
  readonly onIntervene: Intervene;
  readonly check?: Check;
}

function Progress({ node }: { node: NodeView }) {
  if (node.role !== 'Leader') return null;
  return (
    <table className="rl-progress" data-testid="inspector-progress">
      <caption>Each follower as n{node.id} sees it</caption>
      <thead>
        <tr>
          <th scope="col">follower</th>
          <th scope="col">match ▲</th>
          <th scope="col">next ▸</th>
        </tr>
      </thead>
      <tbody>
        {node.progress.map((p) => (
          <tr key={p.id}>
            <th scope="row">n{p.id}</th>
            <td>{p.matchIndex}</td>
            <td>{p.nextIndex}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KvState({ node }: { node: NodeView }) {
  // The view still holds the pre-crash state machine; a down node has none (Raft keeps it in memory).
  if (!node.up) return <FieldList testId="inspector-kv" rows={[['state', rebuiltText(node)]]} />;
  return (
    <FieldList testId="inspector-kv" rows={node.kv.length === 0 ? [['(empty)', `applied up to i${node.appliedIndex}`]] : node.kv.map(([k, v]) => [k, v] as const)} />
  );
}

/**
 * Where the inspector's client command goes: the node itself when it is a leader (of any term: in
 * a partition the old leader still takes commands it cannot commit), else the cluster's leader.
 * The term is named when the target is not the cluster's newest leader, to tell the two apart.
 */
function commandTarget(view: ClusterView, node: NodeView, leader: NodeView | undefined): { id: NodeView['id'] | undefined; term: NodeView['term'] | undefined } {
  const target = node.up && node.role === 'Leader' ? node : leader;
  return { id: target?.id, term: target !== undefined && target.id !== view.leader ? target.term : undefined };
}

/** Without a `check` (a store's), every control is offered and a refusal shows after the click. */
const ALWAYS: Check = () => undefined;

export function NodeInspector({ view, node, onIntervene, check }: NodeInspectorProps) {
  const controls = useControlErrors(onIntervene);
  const id = node.id;
  const n = `n${id}`;
  const role = node.up ? (node.role ?? '').toLowerCase() : 'down';
  const leader = view.nodes.find((x) => x.id === view.leader && x.role === 'Leader');
  const can: Check = check ?? ALWAYS;
  const target = commandTarget(view, node, leader);
  return (
    <div className="rl-inspector" data-testid="inspector-node">
      <h3 className="rl-insp-title">
        {n} · {role} ·{' '}
        <span className="rl-term-badge" style={{ borderColor: termColour(node.term) }}>
          term {node.term}
        </span>
      </h3>
      <FieldList rows={[['configuration', configText(node.config)]]} testId="inspector-config" />
      <h4>Durable (survives a crash)</h4>
      <FieldList rows={durableRows(node)} testId="inspector-durable" />
      <h4>Volatile (lost in a crash)</h4>
      <FieldList rows={volatileRows(node, view)} testId="inspector-volatile" />
      <h4>Key-value state</h4>
      <KvState node={node} />
      <Progress node={node} />
      <h4>Act on {n}</h4>
      <div className="rl-actions" role="group" aria-label={`Actions on ${n}`}>
        {node.up ? (
          <ActionButton label={`Crash ${n}`} errorKey="crash" iv={{ kind: 'crash', node: id }} controls={controls} check={can} testId="action-crash" />
        ) : (
          <ActionButton label={`Restart ${n}`} errorKey="restart" iv={{ kind: 'restart', node: id }} controls={controls} check={can} testId="action-restart" />
        )}
        <ActionButton label={`Time out ${n} now`} errorKey="timeout" iv={{ kind: 'timeout', node: id }} controls={controls} check={can} testId="action-timeout" />
        <ActionButton label={`Snapshot ${n} now`} errorKey="snapshot" iv={{ kind: 'snapshot', node: id }} controls={controls} check={can} testId="action-snapshot" />
      </div>
      <MembershipActions node={id} config={leader?.config ?? node.config} controls={controls} check={can} />
      <CommandForm leader={target.id} term={target.term} controls={controls} />
    </div>
  );
}
