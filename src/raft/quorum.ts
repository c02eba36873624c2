/**
 * Majority arithmetic (Raft §5.3, §6).
 *
 * raftbare keeps an incremental top-k structure per voter set; clusters here have at most a
 * handful of voters, so a k-th-largest selection over a small scratch array is as fast and
 * obviously correct. Tested against a naive count in `test/raft/quorum.test.ts`.
 *
 * @module
 */
import { ClusterConfig } from './config.js';
import type { NodeId } from './types.js';

/** How many of `n` voters form a majority: ⌊n/2⌋ + 1. */
export function majorityCount(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Reused by {@link majorityValue}: its n values, sorted descending. */
const scratch: number[] = [];

/**
 * The largest value `v` such that a majority of `voters` have a value `≥ v` (for match indices:
 * the highest index stored on a majority). 0 for an empty voter set: nothing is stored on a
 * majority of nobody, so a configuration without voters never commits anything.
 */
export function majorityValue(voters: readonly NodeId[], valueOf: (id: NodeId) => number): number {
  const n = voters.length;
  if (n === 0) return 0;
  // Insertion sort, descending, into a reused scratch array: n is tiny, nothing allocates.
  for (let i = 0; i < n; i++) {
    const v = valueOf(voters[i] as NodeId);
    let j = i;
    while (j > 0 && (scratch[j - 1] as number) < v) {
      scratch[j] = scratch[j - 1] as number;
      j--;
    }
    scratch[j] = v;
  }
  return scratch[majorityCount(n) - 1] as number;
}

/**
 * {@link majorityValue} over a configuration: during joint consensus, the smaller of the values
 * of `voters` and `newVoters`, since both majorities must agree (Raft §6).
 */
export function jointMajorityValue(config: ClusterConfig, valueOf: (id: NodeId) => number): number {
  const old = majorityValue(config.voters, valueOf);
  if (!ClusterConfig.isJointConsensus(config)) return old;
  return Math.min(old, majorityValue(config.newVoters, valueOf));
}

/** True if `granted` holds a majority of `voters` and, when joint, of `newVoters` too. */
export function hasJointMajority(config: ClusterConfig, granted: ReadonlySet<NodeId>): boolean {
  const count = (ids: readonly NodeId[]): number => ids.reduce((sum, id) => sum + (granted.has(id) ? 1 : 0), 0);
  if (count(config.voters) < majorityCount(config.voters.length)) return false;
  if (!ClusterConfig.isJointConsensus(config)) return true;
  return count(config.newVoters) >= majorityCount(config.newVoters.length);
}
