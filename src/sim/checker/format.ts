/**
 * How the invariant checker names things and records what it finds: `n2`, `(t3, i7)` and sets of
 * nodes (configs print with `describeConfig`, as everywhere), and a reporter that keeps each
 * distinct problem once.
 *
 * @module
 */
import type { LogPosition } from '../../raft/index.js';
import { fmtNode, fmtPos } from '../describe.js';
import type { NodeId } from '../../raft/types.js';
import type { InvariantId, Violation } from './host.js';
import { JournaledSet, type Journal } from '../history/journal.js';

/** The property names, as docs/invariants.md §2 numbers them. */
export const TITLES: Readonly<Record<InvariantId, string>> = {
  I1: 'Election Safety',
  I2: 'Term monotonicity',
  I3: 'One vote per term',
  I4: 'Self-vote',
  I5: 'Leader Append-Only',
  I6: 'Log Matching',
  I7: 'commitIndex bounds',
  I8: 'State Machine Safety',
  I9: 'Leader Completeness',
  I10: 'Commit implies a durable quorum',
  I11: 'Config sanity',
  I12: 'Snapshot sanity',
  I13: 'raftbare commit statuses',
};

/** `n2` and `(t3, i7)`: the one printer's (`describe.ts`), as in explanations. */
export { fmtNode as nodeName, fmtPos as posName } from '../describe.js';

/** A vote: `n2` or `none`. */
export function voteName(vote: NodeId | undefined): string {
  return vote === undefined ? 'none' : fmtNode(vote);
}

/**
 * Distinct ids, ascending: iteration order must never depend on insertion. A list that already is
 * strictly ascending (the host's `ids()`) is returned as it is, without copying.
 */
export function ascending(ids: readonly NodeId[]): readonly NodeId[] {
  for (let i = 1; i < ids.length; i++) {
    if ((ids[i] as NodeId) <= (ids[i - 1] as NodeId)) return [...new Set(ids)].sort((a, b) => a - b);
  }
  return ids;
}

/** `{n1, n2}`. */
export function idsName(ids: readonly NodeId[]): string {
  return `{${ascending(ids).map(fmtNode).join(', ')}}`;
}

/** One problem, before it becomes a {@link Violation}. */
export interface Finding {
  readonly invariant: InvariantId;
  readonly nodes: readonly NodeId[];
  readonly positions?: readonly LogPosition[];
  /** The message after `I1 Election Safety: `. */
  readonly detail: string;
  /** Overrides the invariant's title (I9's commit rule, the storage protocol, port checks). */
  readonly title?: string;
  /** Distinguishes problems that share invariant, nodes and positions (e.g. a term). */
  readonly subject?: string;
}

/**
 * Turns findings into violations, once per distinct problem: the key is the invariant, the title,
 * the nodes, the positions and the subject. A persistent bad state (a term that stays below its
 * maximum, a leader that keeps leading after its removal) is therefore reported at its first event
 * only, and the list stays readable.
 */
export class Reporter {
  readonly violations: Violation[] = [];
  /** The event findings are attributed to. */
  eventIndex = 0;
  private readonly seen: Set<string>;

  /** With a journal, the simulator can roll the record back (then `truncate` the violations). */
  constructor(journal?: Journal) {
    this.seen = new JournaledSet(journal);
  }

  /** Keeps the first `count` violations (after a rollback of the journal). */
  truncate(count: number): void {
    this.violations.length = Math.min(this.violations.length, count);
  }

  report(f: Finding): void {
    const title = f.title ?? TITLES[f.invariant];
    const nodes = [...ascending(f.nodes)];
    const positions = f.positions ?? [];
    const key = [f.invariant, title, nodes.join(','), positions.map(fmtPos).join(','), f.subject ?? ''].join('|');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.violations.push({ eventIndex: this.eventIndex, invariant: f.invariant, title, nodes, positions, message: `${f.invariant} ${title}: ${f.detail}` });
  }
}
