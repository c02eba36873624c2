/**
 * The event log's filters: by node and by kind of event.
 *
 * @module
 */
import { memo } from 'react';
import type { NodeId } from '../../raft/index.js';
import { KIND_GROUPS, type EventFilter, type KindGroup } from './event-log-model.js';

export interface EventFiltersProps {
  readonly filter: EventFilter;
  readonly nodes: readonly NodeId[];
  readonly follow: boolean;
  readonly onChange: (filter: EventFilter) => void;
  readonly onFollow: (follow: boolean) => void;
}

function Filters({ filter, nodes, follow, onChange, onFollow }: EventFiltersProps) {
  return (
    <div className="rl-event-filters">
      <label className="rl-field rl-inline">
        node
        <select aria-label="Filter events by node" data-testid="event-filter-node" value={filter.node} onChange={(e) => onChange({ ...filter, node: Number(e.target.value) })}>
          <option value={0}>all nodes</option>
          {nodes.map((id) => (
            <option key={id} value={id}>
              n{id}
            </option>
          ))}
        </select>
      </label>
      <label className="rl-field rl-inline">
        kind
        <select aria-label="Filter events by kind" data-testid="event-filter-kind" value={filter.group} onChange={(e) => onChange({ ...filter, group: e.target.value as KindGroup })}>
          {KIND_GROUPS.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
      </label>
      <label className="rl-field rl-inline rl-check">
        <input type="checkbox" checked={follow} data-testid="event-follow" onChange={(e) => onFollow(e.target.checked)} />
        follow the present
      </label>
    </div>
  );
}

/** Memoized: the filters re-render when they change, not when the log's lines do. */
export const EventFilters = memo(Filters);
