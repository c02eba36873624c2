/**
 * Checks at write time, for each AppendLogEntries action: I6 (Log Matching), I8's second clause
 * (a node never rewrites its own committed prefix) and the storage protocol.
 *
 * @module
 */
import { LogEntries, type LogPosition } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import { checkConfigWrites } from './config.js';
import type { CheckContext } from './context.js';
import { nodeName, posName } from './format.js';
import { describeFact, factOf, type EntryFact, type WriteRecord } from './history.js';
import type { DurableState } from '../engine/storage.js';

/**
 * Every write-time check for one action on `id`. `commitAtStart` is `id`'s commit index when the
 * event began (undefined if the event did not touch `id`).
 */
export function checkWrite(ctx: CheckContext, id: NodeId, entries: LogEntries, commitAtStart: LogIndex | undefined): void {
  checkOwnCommittedPrefix(ctx, id, entries, commitAtStart);
  if (ctx.strictDurability) checkStorageProtocol(ctx, id, entries);
  checkLogMatching(ctx, id, entries);
  checkConfigWrites(ctx, id, entries);
}

/**
 * I8, second clause. An action replaces everything stored after its prev position, so it writes
 * "at" index `prev + 1` even when it is empty (a truncation). Compared with the commit index from
 * *before* the event: a follower appends and then adopts `leaderCommit` in one call, and a solo
 * leader commits inside `propose`. Writes at indices other nodes committed are fine (§4).
 */
function checkOwnCommittedPrefix(ctx: CheckContext, id: NodeId, entries: LogEntries, commitAtStart: LogIndex | undefined): void {
  const prev = entries.prevPosition;
  if (commitAtStart === undefined || prev.index >= commitAtStart) return;
  ctx.report({
    invariant: 'I8',
    nodes: [id],
    positions: [prev],
    subject: 'rewrite',
    detail: `${nodeName(id)} wrote after ${posName(prev)}, replacing entries at or below its commit index ${commitAtStart}`,
  });
}

/**
 * Whether `d` can apply the action, exactly as `writeEntries` decides: entries below the stored
 * snapshot are clipped; what remains must start at a position storage holds.
 */
function storageAccepts(d: DurableState, entries: LogEntries): boolean {
  const snapshot = d.entries.prevPosition;
  if (entries.prevPosition.index >= snapshot.index) return LogEntries.contains(d.entries, entries.prevPosition);
  return LogEntries.since(entries, snapshot) !== undefined || entries.lastPosition.index <= snapshot.index;
}

/**
 * I6's storage-protocol clause: the durable copy must contain the prev position (or have it as its
 * snapshot position). Skipped without strict durability: earlier writes may still be unsynced.
 */
function checkStorageProtocol(ctx: CheckContext, id: NodeId, entries: LogEntries): void {
  if (storageAccepts(ctx.host.durable(id), entries)) return;
  const prev = entries.prevPosition;
  ctx.report({
    invariant: 'I6',
    title: 'Log Matching (storage protocol)',
    nodes: [id],
    positions: [prev],
    subject: 'storage',
    detail: `${nodeName(id)} asked storage to write after ${posName(prev)}, which its durable log does not hold`,
  });
}

/**
 * I6 by induction over writes: an entry's (index, term) always comes with the same previous term,
 * kind and payload, and terms never decrease along a log. The previous term of the first entry is
 * the prev position's; of each later one, the term of the entry before it in the action.
 */
function checkLogMatching(ctx: CheckContext, id: NodeId, entries: LogEntries): void {
  let prevTerm = entries.prevPosition.term;
  for (const { position, entry } of LogEntries.iterWithPositions(entries)) {
    const command = entry.kind === 'Command' ? ctx.host.commandAt(position.term, position.index) : undefined;
    const fact = factOf(entry, position.term, command);
    if (position.term < prevTerm) {
      ctx.report({
        invariant: 'I6',
        nodes: [id],
        positions: [position],
        subject: 'decreasing',
        detail: `${nodeName(id)} wrote ${posName(position)} after an entry of term ${prevTerm}: terms decrease along its log`,
      });
    }
    const earlier = ctx.history.recordWrite(position.index, prevTerm, fact, id);
    if (earlier !== undefined) reportMismatch(ctx, id, position, prevTerm, fact, earlier);
    prevTerm = position.term;
  }
}

function reportMismatch(ctx: CheckContext, id: NodeId, position: LogPosition, prevTerm: Term, fact: EntryFact, earlier: WriteRecord): void {
  const now = `${describeFact(fact)} after term ${prevTerm}`;
  const then = `${describeFact(earlier.fact)} after term ${earlier.prevTerm}`;
  ctx.report({
    invariant: 'I6',
    nodes: [id, earlier.by],
    positions: [position],
    subject: 'mismatch',
    detail: `${nodeName(id)} wrote ${posName(position)} as ${now}, but ${nodeName(earlier.by)} wrote it as ${then}`,
  });
}
