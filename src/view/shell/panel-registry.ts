/**
 * The panels team's components, found by file name so the shell builds while they are being
 * written: `src/view/panels/LogGrid.tsx` exporting `LogGrid`, and so on (see /work/plan/ui-props.md).
 *
 * @module
 */
import type { ComponentType } from 'react';
import type { ClusterView, EventSummary, Explanation, Intervention, ParamsInput, SimParams } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import type { Selection, SpaceTimeSlice } from '../../store/index.js';

export interface LogGridProps {
  view: ClusterView;
  selectedNode?: NodeId;
  highlight?: readonly { node: NodeId; index: number }[];
  onSelectNode(id: NodeId): void;
}
export interface EventLogProps {
  total: number;
  present: number;
  summaryAt(i: number): EventSummary | undefined;
  explanationAt(i: number): Explanation | undefined;
  requestExplanations(from: number, to: number): void;
  nodes: readonly NodeId[];
  onSeek(index: number): void;
  jumpTo?: number;
}
export interface SpaceTimeProps {
  slice: SpaceTimeSlice;
  nodes: readonly NodeId[];
  now: number;
  fromTime: number;
  toTime: number;
  onSeekTime(time: number): void;
  onWindowChange(from: number, to: number): void;
}
export interface InspectorProps {
  view: ClusterView;
  selection: Selection | undefined;
  onIntervene(iv: Intervention): string | undefined;
}
export interface NetworkControlsProps {
  view: ClusterView;
  onIntervene(iv: Intervention): string | undefined;
}
export interface SettingsProps {
  params: SimParams;
  onApply(params: ParamsInput): string | undefined;
}

export interface PanelProps {
  LogGrid: LogGridProps;
  EventLog: EventLogProps;
  SpaceTime: SpaceTimeProps;
  Inspector: InspectorProps;
  NetworkControls: NetworkControlsProps;
  Settings: SettingsProps;
}

const modules = import.meta.glob<Record<string, unknown>>('../panels/*.tsx', { eager: true });

/** The panel component `name`, or undefined while its file does not exist yet. */
export function panel<K extends keyof PanelProps>(name: K): ComponentType<PanelProps[K]> | undefined {
  const found = modules[`../panels/${name}.tsx`]?.[name];
  return typeof found === 'function' || (typeof found === 'object' && found !== null) ? (found as ComponentType<PanelProps[K]>) : undefined;
}
