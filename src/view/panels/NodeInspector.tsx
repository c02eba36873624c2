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
import { configText, durableRows, volatileRows } from './node-fields.js';

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
  return (
    <FieldList testId="inspector-kv" rows={node.kv.length === 0 ? [['(empty)', `applied up to i${node.appliedIndex}`]] : node.kv.map(([k, v]) => [k, v] as const)} />
  );
}

export function NodeInspector({ view, node, onIntervene, check }: NodeInspectorProps) {
  const controls = useControlErrors(onIntervene);
  const id = node.id;
  const n = `n${id}`;
  const role = node.up ? (node.role ?? '').toLowerCase() : 'down';
  const leader = view.nodes.find((x) => x.id === view.leader && x.role === 'Leader');
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
          <ActionButton label={`Crash ${n}`} errorKey="crash" iv={{ kind: 'crash', node: id }} controls={controls} check={check} testId="action-crash" />
        ) : (
          <ActionButton label={`Restart ${n}`} errorKey="restart" iv={{ kind: 'restart', node: id }} controls={controls} check={check} testId="action-restart" />
        )}
        <ActionButton label={`Time out ${n} now`} errorKey="timeout" iv={{ kind: 'timeout', node: id }} controls={controls} check={check} testId="action-timeout" />
        <ActionButton label={`Snapshot ${n} now`} errorKey="snapshot" iv={{ kind: 'snapshot', node: id }} controls={controls} check={check} testId="action-snapshot" />
      </div>
      <MembershipActions node={id} config={leader?.config ?? node.config} controls={controls} check={check} />
      <CommandForm leader={leader?.id} controls={controls} />
    </div>
  );
}
