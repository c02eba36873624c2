/**
 * Network controls: isolate a node, split into two sides, cut a link one way or both, heal;
 * loss and duplication dials, latency, and the AppendEntries entry cap. Every action goes through
 * the simulator's validation; its refusal shows next to the control.
 *
 * @module
 */
import { memo } from 'react';
import type { NodeId } from '../../raft/index.js';
import type { ClusterView } from '../../sim/index.js';
import { ActionButton, useControlErrors, type Check, type Intervene } from './controls.js';
import { FaultDials } from './FaultDials.js';
import { LinkCutControl } from './LinkCutControl.js';
import { PartitionControls } from './PartitionControls.js';
import { TimingControls } from './TimingControls.js';
import './panels.css';

/**
 * What the controls show: the node ids, the partition, the cuts and the parameters. Each keeps its
 * identity while unchanged (the simulator shares view parts), so the memoized controls do not
 * re-render while messages fly and timers run.
 */
export interface NetworkState {
  readonly nodes: readonly NodeId[];
  readonly partition: ClusterView['partition'];
  readonly cuts: ClusterView['cuts'];
  readonly params: ClusterView['params'];
}

/** The network state of a view (new arrays: for one-off use, e.g. tests). */
export function networkState(view: ClusterView): NetworkState {
  return { nodes: view.nodes.map((x) => x.id), partition: view.partition, cuts: view.cuts, params: view.params };
}

export interface NetworkControlsProps extends NetworkState {
  readonly onIntervene: Intervene;
  /** Optional: why an intervention would be refused now. */
  readonly check?: Check;
}

const set = (ids: readonly number[]): string => `{${ids.join(',')}}`;

/** The network's state in words: connected, or the groups and one-way cuts. */
export function networkText(view: Pick<ClusterView, 'partition' | 'cuts'>): string {
  const parts: string[] = [];
  if (view.partition.length > 0) parts.push(`partitioned ${view.partition.map(set).join(' | ')}`);
  if (view.cuts.length > 0) parts.push(`cut ${view.cuts.map(([a, b]) => `n${a} → n${b}`).join(', ')}`);
  return parts.length === 0 ? 'every link works' : parts.join('; ');
}

function Controls({ nodes, partition, cuts, params, onIntervene, check }: NetworkControlsProps) {
  const controls = useControlErrors(onIntervene);
  return (
    <div className="rl-network" data-testid="network-controls">
      <p className="rl-net-state" data-testid="network-state">
        Network: {networkText({ partition, cuts })}
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

/** Memoized: re-renders only when the network state, the intervene callback or an error changes. */
export const NetworkControls = memo(Controls);
