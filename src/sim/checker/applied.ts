/**
 * I8 at the application level: nodes that applied the log up to the same index hold the same
 * state machine. The log-level checks vouch for the entries; this catches a driver that applies
 * them wrongly (a snapshot's state not taken, a command applied twice or skipped).
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';
import type { CheckContext } from './context.js';
import { nodeName } from './format.js';
import { JournaledMap, type Journal } from '../history/journal.js';

/** The first state seen at each applied index, with the node that held it (whole-run history). */
export class AppliedStates {
  private readonly first: Map<number, { readonly id: NodeId; readonly state: string }>;

  /**
   * Per node, the applied index and state of its last check that found them consistent: the same
   * pair again (the usual case: most events apply nothing) has nothing new to compare.
   */
  private readonly lastSeen = new Map<NodeId, { readonly index: number; readonly state: string }>();

  /** With a journal, the simulator can roll the record back (see `History`), then calls `forgetLastSeen`. */
  constructor(journal?: Journal) {
    this.first = new JournaledMap(journal);
  }

  /** After a rollback: records may have been undone, so every pair is compared (and recorded) again. */
  forgetLastSeen(): void {
    this.lastSeen.clear();
  }

  /** Compares `id`'s applied state with the first one recorded at the same index. */
  check(ctx: CheckContext, id: NodeId): void {
    const applied = ctx.host.appliedState?.(id);
    if (applied === undefined || applied.index === 0) return;
    const last = this.lastSeen.get(id);
    if (last?.index === applied.index && last.state === applied.state) return;
    this.lastSeen.set(id, applied);
    const seen = this.first.get(applied.index);
    if (seen === undefined) {
      this.first.set(applied.index, { id, state: applied.state });
      return;
    }
    if (seen.state === applied.state) return;
    ctx.report({
      invariant: 'I8',
      title: 'State Machine Safety (applied state)',
      nodes: [id, seen.id],
      subject: `applied ${applied.index}`,
      detail: `${nodeName(id)} applied the log up to i${applied.index} and holds ${applied.state}, but ${nodeName(seen.id)} held ${seen.state} there`,
    });
  }
}
