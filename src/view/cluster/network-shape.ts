/**
 * Which links the network blocks, from a view's partition groups and one-way cuts (pure).
 *
 * @module
 */
import type { ClusterView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';

export interface LinkState {
  readonly a: NodeId;
  readonly b: NodeId;
  /** a → b blocked. */
  readonly abBlocked: boolean;
  /** b → a blocked. */
  readonly baBlocked: boolean;
}

/** The group index of `id` (unlisted nodes share an implicit last group, as the network does). */
function groupOf(groups: ClusterView['partition'], id: NodeId): number {
  const g = groups.findIndex((group) => group.includes(id));
  return g < 0 ? groups.length : g;
}

/** What the network drawing reads of a view: the node ids, partition groups and one-way cuts. */
export interface NetworkShape {
  readonly nodes: readonly { readonly id: NodeId }[];
  readonly partition: ClusterView['partition'];
  readonly cuts: ClusterView['cuts'];
}

/** Every pair a < b with whether each direction is blocked. */
export function linkStates(view: NetworkShape): LinkState[] {
  const ids = view.nodes.map((n) => n.id);
  const cut = new Set(view.cuts.map(([f, t]) => `${f}>${t}`));
  const parted = (x: NodeId, y: NodeId) => view.partition.length > 0 && groupOf(view.partition, x) !== groupOf(view.partition, y);
  const out: LinkState[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as NodeId;
      const b = ids[j] as NodeId;
      out.push({ a, b, abBlocked: parted(a, b) || cut.has(`${a}>${b}`), baBlocked: parted(a, b) || cut.has(`${b}>${a}`) });
    }
  }
  return out;
}

/** The partition's groups with every node placed (unlisted nodes form the last group). */
export function fullGroups(view: Omit<NetworkShape, 'cuts'>): NodeId[][] {
  if (view.partition.length === 0) return [];
  const listed = new Set(view.partition.flat());
  const rest = view.nodes.map((n) => n.id).filter((id) => !listed.has(id));
  const groups = view.partition.map((g) => [...g]).filter((g) => g.length > 0);
  return rest.length > 0 ? [...groups, rest] : groups;
}
