/**
 * Network controls: isolate a node, split into two sides, cut a link one way or both, heal;
 * loss and duplication dials, latency, and the AppendEntries entry cap. Every action goes through
 * the simulator's validation; its refusal shows next to the control.
 *
 * @module
 */
import type { ClusterView } from '../../sim/index.js';
import { ActionButton, useControlErrors, type Check, type Intervene } from './controls.js';
import { FaultDials } from './FaultDials.js';
import { LinkCutControl } from './LinkCutControl.js';
import { PartitionControls } from './PartitionControls.js';
import { TimingControls } from './TimingControls.js';
import './panels.css';

export interface NetworkControlsProps {
  readonly view: ClusterView;
  readonly onIntervene: Intervene;
  /** Optional: why an intervention would be refused now. */
  readonly check?: Check;
}

const set = (ids: readonly number[]): string => `{${ids.join(',')}}`;

/** The network's state in words: connected, or the groups and one-way cuts. */
export function networkText(view: ClusterView): string {
  const parts: string[] = [];
  if (view.partition.length > 0) parts.push(`partitioned ${view.partition.map(set).join(' | ')}`);
  if (view.cuts.length > 0) parts.push(`cut ${view.cuts.map(([a, b]) => `n${a} → n${b}`).join(', ')}`);
  return parts.length === 0 ? 'every link works' : parts.join('; ');
}

export function NetworkControls({ view, onIntervene, check }: NetworkControlsProps) {
  const controls = useControlErrors(onIntervene);
  const nodes = view.nodes.map((x) => x.id);
  const params = view.params;
  return (
    <div className="rl-network" data-testid="network-controls">
      <p className="rl-net-state" data-testid="network-state">
        Network: {networkText(view)}
      </p>
      <PartitionControls nodes={nodes} controls={controls} check={check} />
      <LinkCutControl nodes={nodes} controls={controls} />
      <div className="rl-actions">
        <ActionButton label="Heal all links" errorKey="heal" iv={{ kind: 'heal' }} controls={controls} check={check} testId="heal" />
      </div>
      {/* Keyed by the current values: a change from elsewhere (a scenario, settings) resets the dials. */}
      <FaultDials key={`${params.loss}/${params.duplicate}`} loss={params.loss} duplicate={params.duplicate} controls={controls} />
      <TimingControls
        key={`${params.timing.delayMinMs}/${params.timing.delayMaxMs}/${params.maxEntriesPerAppend}`}
        delayMinMs={params.timing.delayMinMs} delayMaxMs={params.timing.delayMaxMs} maxEntriesPerAppend={params.maxEntriesPerAppend} controls={controls} />
    </div>
  );
}
