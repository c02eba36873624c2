/**
 * Deliberate departures from Raft, off by default, for demonstrating what goes wrong (raftlab's
 * simulator injects them to show that its safety checker catches each one). Never enable them in
 * a real system.
 *
 * Each is a single flag test at the one place the rule lives, so an unmutated node pays nothing
 * measurable.
 *
 * @module
 */

/**
 * - `indexOnlyVoteRule`: grant votes comparing last log *indices* only, ignoring last terms
 *   (raftbare ≤ noraft 0.4). Breaks Raft §5.4.1: a stale tail can win and overwrite committed
 *   entries.
 * - `commitOldTermByCounting`: let a leader commit an entry of an earlier term once a majority
 *   stores it (the hazard of Raft §5.4.2, Figure 8).
 * - `truncateOnStaleAppend`: a follower that receives a stale or reordered AppendEntriesCall drops
 *   the entries after it, though they match the leader's log (Figure 2, AppendEntries rule 3
 *   deletes only on a conflict). The leader counted those entries, so commits lose their majority.
 */
export type CoreMutation = 'indexOnlyVoteRule' | 'commitOldTermByCounting' | 'truncateOnStaleAppend';

/** Every core mutation, for menus and validation. */
export const CORE_MUTATIONS: readonly CoreMutation[] = ['indexOnlyVoteRule', 'commitOldTermByCounting', 'truncateOnStaleAppend'];

/** Options for `Node.start` and `Node.restart`. */
export interface NodeOptions {
  /** Mutations to inject (default: none). */
  readonly mutations?: readonly CoreMutation[];
}

/** @internal The flags a node tests. */
export interface Quirks {
  readonly indexOnlyVoteRule: boolean;
  readonly commitOldTermByCounting: boolean;
  readonly truncateOnStaleAppend: boolean;
}

/** @internal */
export function quirksOf(options: NodeOptions | undefined): Quirks {
  const m = options?.mutations ?? [];
  return {
    indexOnlyVoteRule: m.includes('indexOnlyVoteRule'),
    commitOldTermByCounting: m.includes('commitOldTermByCounting'),
    truncateOnStaleAppend: m.includes('truncateOnStaleAppend'),
  };
}
