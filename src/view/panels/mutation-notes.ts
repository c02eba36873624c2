/**
 * One sentence per injectable bug: what rule it breaks and what goes wrong. A `Record` over
 * `Mutation`, so a new mutation in the simulator fails to compile here until it is described.
 *
 * @module
 */
import type { Mutation } from '../../sim/index.js';

export const MUTATION_NOTES: Readonly<Record<Mutation, { readonly title: string; readonly breaks: string }>> = {
  indexOnlyVoteRule: {
    title: 'Vote on log length only',
    breaks: 'Voters compare last log indexes and ignore last terms (breaks §5.4.1): a long stale log can win an election and overwrite committed entries.',
  },
  commitOldTermByCounting: {
    title: 'Commit old-term entries by counting',
    breaks: 'A leader commits an entry of an earlier term once a majority stores it (the Figure 8 hazard, §5.4.2): a committed entry can later be overwritten.',
  },
  truncateOnStaleAppend: {
    title: 'Truncate on a stale AppendEntries',
    breaks: 'A follower drops matching entries after a late or reordered AppendEntries (Figure 2 deletes only on a conflict): entries the leader counted as stored vanish.',
  },
  votedForNotPersisted: {
    title: 'Forget the vote in a crash',
    breaks: 'votedFor is not written to storage (Figure 2, persistent state): a node that crashes and restarts can vote twice in one term, electing two leaders.',
  },
  currentTermNotPersisted: {
    title: 'Forget the term in a crash',
    breaks: 'currentTerm is not written to storage (Figure 2, persistent state): after a restart the term goes backwards and a node votes again in a term it already voted in.',
  },
};
