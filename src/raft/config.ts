/**
 * Cluster membership (Raft §6, joint consensus).
 *
 * A `ClusterConfig` is plain data (it travels inside log entries and messages and must survive
 * `structuredClone` and JSON): three sorted, duplicate-free arrays of node ids. The functions on
 * the `ClusterConfig` object operate on such values and never mutate them.
 *
 * @module
 */
import type { NodeId } from './types.js';

/**
 * A cluster configuration.
 *
 * - `voters`: the voters of the current (or, when joint, the old) configuration.
 * - `newVoters`: non-empty only during joint consensus (C_old,new): the voters of the new
 *   configuration. Every election and every commit then needs a majority of *both* sets.
 * - `nonVoters`: nodes that receive the log but never vote or campaign (learners).
 *
 * Every array is sorted ascending without duplicates; use {@link ClusterConfig.of} to build one
 * from arbitrary lists.
 */
export interface ClusterConfig {
  readonly voters: readonly NodeId[];
  readonly newVoters: readonly NodeId[];
  readonly nonVoters: readonly NodeId[];
}

function normalize(ids: readonly NodeId[]): NodeId[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function sameIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function union(a: readonly NodeId[], b: readonly NodeId[]): NodeId[] {
  return normalize([...a, ...b]);
}

function intersects(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.some((id) => b.includes(id));
}

/** Functions over {@link ClusterConfig} values. */
export const ClusterConfig = {
  /** The empty configuration: a fresh node (`Node.start`) knows no members. */
  EMPTY: { voters: [], newVoters: [], nonVoters: [] } as ClusterConfig,

  /**
   * Builds a normalized configuration (sorted, duplicates removed).
   *
   * Notes: it does not check that `nonVoters` is disjoint from the voters; `Node.proposeConfig`
   * rejects such a configuration.
   * @example ClusterConfig.of({ voters: [NodeId(2), NodeId(0), NodeId(1)] })
   */
  of(parts: {
    voters?: readonly NodeId[];
    newVoters?: readonly NodeId[];
    nonVoters?: readonly NodeId[];
  }): ClusterConfig {
    return {
      voters: normalize(parts.voters ?? []),
      newVoters: normalize(parts.newVoters ?? []),
      nonVoters: normalize(parts.nonVoters ?? []),
    };
  },

  /** True while the configuration is joint (C_old,new): `newVoters` is not empty. */
  isJointConsensus(config: ClusterConfig): boolean {
    return config.newVoters.length > 0;
  },

  /** True if `id` is a voter, a new voter or a non-voter. */
  contains(config: ClusterConfig, id: NodeId): boolean {
    return config.voters.includes(id) || config.newVoters.includes(id) || config.nonVoters.includes(id);
  },

  /** True if `id` votes in this configuration (in `voters` or `newVoters`). */
  isVoter(config: ClusterConfig, id: NodeId): boolean {
    return config.voters.includes(id) || config.newVoters.includes(id);
  },

  /** Every member (voters, new voters, non-voters), ascending, without duplicates. */
  uniqueNodes(config: ClusterConfig): NodeId[] {
    return union(union(config.voters, config.newVoters), config.nonVoters);
  },

  /** Every voter of either voter set, ascending, without duplicates. */
  uniqueVoters(config: ClusterConfig): NodeId[] {
    return union(config.voters, config.newVoters);
  },

  /**
   * The joint configuration that moves from `config.voters` to
   * `config.voters + adding − removing`; `nonVoters` is kept.
   *
   * Notes: to promote a non-voter, also remove it from `nonVoters` (else `proposeConfig` rejects
   * the result because the sets overlap). If the lists cancel out the result is still joint, which
   * is harmless.
   * @example
   * const joint = ClusterConfig.toJointConsensus(node.config(), [NodeId(3)], [NodeId(0)]);
   * node.proposeConfig(joint);
   */
  toJointConsensus(config: ClusterConfig, adding: readonly NodeId[], removing: readonly NodeId[]): ClusterConfig {
    const newVoters = union(config.voters, adding).filter((id) => !removing.includes(id));
    return { voters: config.voters, newVoters, nonVoters: config.nonVoters };
  },

  /** The final configuration that follows a joint one: `newVoters` become the voters. */
  toFinal(config: ClusterConfig): ClusterConfig {
    return { voters: config.newVoters, newVoters: [], nonVoters: config.nonVoters };
  },

  /** Value equality. */
  equals(a: ClusterConfig, b: ClusterConfig): boolean {
    return sameIds(a.voters, b.voters) && sameIds(a.newVoters, b.newVoters) && sameIds(a.nonVoters, b.nonVoters);
  },

  /** True if both configurations have the same `voters`. */
  sameVoters(a: ClusterConfig, b: ClusterConfig): boolean {
    return sameIds(a.voters, b.voters);
  },

  /** True if a non-voter is also listed as a voter or new voter (an invalid configuration). */
  hasOverlappingNonVoters(config: ClusterConfig): boolean {
    return intersects(config.voters, config.nonVoters) || intersects(config.newVoters, config.nonVoters);
  },
} as const;
