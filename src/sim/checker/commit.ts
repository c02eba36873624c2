/**
 * Checks on the commit index: I7 (bounds and per-incarnation monotonicity), I8 (one entry per
 * committed index), I9(b) (a leader commits only an entry of its own term) and I10 (every leader
 * commit is durable on a quorum).
 *
 * @module
 */
import { LogEntries, type ClusterConfig, type Log, type LogPosition, type Node } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import { isJoint } from './config.js';
import type { BeforeEvent, CheckContext } from './context.js';
import { idsName, nodeName, posName } from './format.js';
import { describeConfig } from '../describe.js';
import { describeFact, factOf, termOnly, type CommittedRecord, type EntryFact } from './history.js';
import { durablyHolds } from '../engine/storage.js';

/**
 * I7: `commit ≤ last index`, and no decrease below `baseline`, the commit index at the end of the
 * node's previous event in this incarnation. A restart sets a new baseline (its snapshot index),
 * so the fall on restart is not a violation (§4).
 */
export function checkCommitBounds(ctx: CheckContext, id: NodeId, node: Node, commit: LogIndex, baseline: LogIndex | undefined): void {
  const last = node.log().lastPosition().index;
  if (commit > last) {
    ctx.report({ invariant: 'I7', nodes: [id], subject: `beyond ${commit}`, detail: `${nodeName(id)} has commit index ${commit} beyond its last index ${last}` });
  }
  if (baseline !== undefined && commit < baseline) {
    ctx.report({
      invariant: 'I7',
      nodes: [id],
      subject: `fell ${baseline}->${commit}`,
      detail: `${nodeName(id)}'s commit index fell from ${baseline} to ${commit} within one incarnation`,
    });
  }
}

/**
 * I9(b)'s definition of a leader advance: the commit rose in an event where the node is Leader at
 * the end, or was Leader at the start with an unchanged term (a removed leader steps down in the
 * same event that commits its removal). Followers adopting `leaderCommit` are exempt.
 */
export function isLeaderAdvance(node: Node, before: BeforeEvent | undefined): boolean {
  return node.role() === 'Leader' || (before?.role === 'Leader' && before.term === node.currentTerm());
}

/** I9(b): the entry at the new commit index has the leader's term (Raft §5.4.2, Figure 8). */
export function checkCommitRule(ctx: CheckContext, id: NodeId, node: Node, commit: LogIndex): void {
  const entryTerm = node.log().getTerm(commit);
  if (entryTerm === undefined || entryTerm === node.currentTerm()) return;
  const at = { term: entryTerm, index: commit };
  ctx.report({
    invariant: 'I9',
    title: 'Leader commit rule',
    nodes: [id],
    positions: [at],
    detail: `${nodeName(id)}, Leader of term ${node.currentTerm()}, advanced its commit to ${posName(at)}, an entry of an earlier term`,
  });
}

/**
 * I10: on a leader advance to c, the real entry at c, `(tc, c)` (not `(term(n), c)`, §4), must be
 * durable on a majority of the voters the leader counted with, and of the new voters too when that
 * config is joint. Crashed voters count through their durable copy.
 *
 * Automatic finalisation: when this event committed a joint config and appended its final config,
 * the joint entry was committed under the joint config and anything after it may have been
 * committed under the final one (the leader recounts after appending it). So the joint entry is
 * counted against the joint config (both majorities: this is what catches "only one majority
 * counted"), and c against the final config. Counting c against the joint config would flag a
 * legitimate commit that the final config's majority alone carried.
 */
export function checkDurableQuorum(ctx: CheckContext, id: NodeId, node: Node, before: BeforeEvent | undefined, commit: LogIndex): void {
  const log = node.log();
  const tc = log.getTerm(commit);
  if (tc === undefined) return;
  const step = finalisation(log, before?.last.index ?? 0);
  if (step !== undefined && step.joint.index <= commit && step.joint.index > (before?.commit ?? 0)) {
    checkQuorum(ctx, id, step.joint, step.jointConfig);
  }
  checkQuorum(ctx, id, { term: tc, index: commit }, node.config());
}

/** The joint config (and its position) that this event finalised, if it did. */
function finalisation(log: Log, beforeLast: number): { joint: LogPosition; jointConfig: ClusterConfig } | undefined {
  const marks = log.entries().configs;
  const final = marks[marks.length - 1];
  const joint = marks[marks.length - 2];
  if (final === undefined || joint === undefined || final[0] <= beforeLast) return undefined;
  if (isJoint(final[1]) || !isJoint(joint[1])) return undefined;
  const term = log.getTerm(joint[0]);
  return term === undefined ? undefined : { joint: { term, index: joint[0] }, jointConfig: joint[1] };
}

/** What one quorum count needs. */
interface Count {
  readonly leader: NodeId;
  readonly at: LogPosition;
  readonly config: ClusterConfig;
  /** The ids the host knows (a voter it never created holds nothing). */
  readonly known: ReadonlySet<NodeId>;
}

function checkQuorum(ctx: CheckContext, leader: NodeId, at: LogPosition, config: ClusterConfig): void {
  const count: Count = { leader, at, config, known: new Set(ctx.host.ids()) };
  checkVoterSet(ctx, count, config.voters);
  if (isJoint(config)) checkVoterSet(ctx, count, config.newVoters);
}

function checkVoterSet(ctx: CheckContext, count: Count, voters: readonly NodeId[]): void {
  const { leader, at, config } = count;
  const sorted = [...voters].sort((a, b) => a - b);
  const holders = sorted.filter((v) => holds(ctx, count, v));
  const needed = Math.floor(sorted.length / 2) + 1;
  if (holders.length >= needed) return;
  ctx.report({
    invariant: 'I10',
    nodes: [leader],
    positions: [at],
    subject: idsName(sorted),
    detail: `${nodeName(leader)} committed ${posName(at)}, but only ${idsName(holders)} of ${idsName(sorted)} (config ${describeConfig(config)}) hold it durably; ${needed} needed`,
  });
}

/**
 * Whether voter `v` durably holds `at` (or a snapshot at or past it). The leader counts like
 * everyone else, through its stable log (Raft §5.3, Figure 2): raftbare counts its in-memory log,
 * which is why, with storage latency, the commit judged here is the simulator's (capped at the
 * node's stable log, `CheckerHost.commitIndex`), not the core's.
 */
function holds(ctx: CheckContext, count: Count, v: NodeId): boolean {
  return count.known.has(v) && durablyHolds(ctx.host.durable(v), count.at);
}

/**
 * I8: records every newly committed index in `(c0, c1]` (c1 the node's commit index now) in the
 * global history, comparing with what was recorded before. Above the snapshot the entries are read
 * from the node's log. Indices that a snapshot installed in this very event swallowed (the
 * simulator compacts right after applying) are read back from the write history: the chain of
 * `prevOf` records from the snapshot position downwards (see {@link recordCompacted}).
 *
 * `withCompacted` is false when the snapshot is not vouched for (I12 fired): its history is then
 * not evidence of anything committed.
 */
export function recordCommits(ctx: CheckContext, id: NodeId, node: Node, c0: number, c1: LogIndex, withCompacted: boolean): void {
  if (c1 <= c0) return;
  const snap = node.log().snapshotPosition();
  if (withCompacted && snap.index > c0) recordCompacted(ctx, id, snap, c0);
  recordVisible(ctx, id, node, Math.max(c0, snap.index), c1);
}

function recordVisible(ctx: CheckContext, id: NodeId, node: Node, from: number, to: number): void {
  const entries = node.log().entries();
  for (let i = from + 1; i <= to; i++) {
    const entry = LogEntries.getEntry(entries, i);
    const term = LogEntries.getTerm(entries, i);
    if (entry === undefined || term === undefined) {
      const detail = `${nodeName(id)}'s commit index covers index ${i}, which its log does not hold`;
      ctx.report({ invariant: 'I8', nodes: [id], subject: `absent ${i}`, detail });
      return;
    }
    const command = entry.kind === 'Command' ? ctx.host.commandAt(term, i as LogIndex) : undefined;
    if (!record(ctx, id, i as LogIndex, factOf(entry, term, command))) return;
  }
}

/**
 * The compacted part of a commit rise: walk down from the snapshot position through `prevOf`
 * (each record names the term of the entry before it, and by I6 that chain is the log's). Stops at
 * c0, at an index already recorded with the same term (everything below agrees by Log Matching), or
 * where the write history has no record (only the position is then known). Cost: one step per
 * newly committed index, like the visible range.
 */
function recordCompacted(ctx: CheckContext, id: NodeId, snap: LogPosition, c0: number): void {
  let term: Term = snap.term;
  for (let i = snap.index; i > c0; i--) {
    const seen = ctx.history.committed(i);
    if (seen !== undefined && seen.fact.term === term) return;
    const write = ctx.history.writeAt(i, term);
    if (!record(ctx, id, i as LogIndex, write?.fact ?? termOnly(term)) || write === undefined) return;
    term = write.prevTerm;
  }
}

/** Records one committed entry; reports and returns false on a conflict. */
function record(ctx: CheckContext, id: NodeId, index: LogIndex, fact: EntryFact): boolean {
  const seen = ctx.history.recordCommitted(index, fact, id);
  if (seen === undefined) return true;
  reportConflict(ctx, id, index, fact, seen);
  return false;
}

function reportConflict(ctx: CheckContext, id: NodeId, index: LogIndex, fact: EntryFact, seen: CommittedRecord): void {
  const now = { term: fact.term, index };
  const then = { term: seen.fact.term, index };
  ctx.report({
    invariant: 'I8',
    nodes: [id, seen.by],
    positions: now.term === then.term ? [now] : [now, then],
    subject: 'conflict',
    detail: `${nodeName(id)} committed ${describeFact(fact)} at ${posName(now)}, but ${nodeName(seen.by)} committed ${describeFact(seen.fact)} at ${posName(then)}`,
  });
}
