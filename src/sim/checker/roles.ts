/**
 * Checks on a node's role: I1 (one Leader per term), I4 (self-vote, only voters campaign), I5
 * (Leader Append-Only), I9(a) (Leader Completeness), I13's no-op rule and I11's removed-leader rule.
 *
 * @module
 */
import type { ClusterConfig, LogPosition, Node } from '../../raft/index.js';
import type { LogIndex, NodeId } from '../../raft/types.js';
import { checkRemovedLeader, isVoterOf } from './config.js';
import type { BeforeEvent, CheckContext, Incarnation } from './context.js';
import { nodeName, posName, voteName } from './format.js';
import { describeConfig } from '../describe.js';

/** Every role check for a running node after an event; keeps the I5 mark in `inc`. */
export function checkRoles(ctx: CheckContext, id: NodeId, node: Node, before: BeforeEvent | undefined, inc: Incarnation): void {
  const role = node.role();
  if (role !== 'Follower') checkSelfVote(ctx, id, node, before);
  if (role !== 'Leader') {
    inc.leaderMark = undefined;
    return;
  }
  checkElectionSafety(ctx, id, node);
  if (becameLeader(node, before)) {
    checkCompleteness(ctx, id, node);
    checkNoOp(ctx, id, node, before);
  }
  checkAppendOnly(ctx, id, node, inc);
  checkRemovedLeader(ctx, id, node);
}

/** Leader now, but not Leader of this same term when the event began. */
function becameLeader(node: Node, before: BeforeEvent | undefined): boolean {
  return !(before?.role === 'Leader' && before.term === node.currentTerm());
}

/** I1: per term, over the whole run; two Leaders of different terms are fine (§4). */
function checkElectionSafety(ctx: CheckContext, id: NodeId, node: Node): void {
  const term = node.currentTerm();
  const other = ctx.history.claimLeader(term, id);
  if (other === undefined) return;
  const [a, b] = other < id ? [other, id] : [id, other];
  ctx.report({ invariant: 'I1', nodes: [a, b], subject: `term ${term}`, detail: `${nodeName(a)} and ${nodeName(b)} both lead term ${term}` });
}

/**
 * I4: a Candidate or Leader has voted for itself, and a node campaigns only as a voter. Campaigning
 * is seen as a Candidate or Leader role whose term rose in the event. A Leader need not be a voter
 * of its *latest* config (it may have proposed its own removal), so the campaign is judged by the
 * config it campaigned with: for a Candidate its current config, for a new Leader the config in
 * force just before its Term no-op.
 *
 * The core follows Ongaro's thesis §4.2.2: while that config is uncommitted, a voter of the
 * committed config (at the commit index when the event began) may campaign too, though the
 * uncommitted config leaves it out. docs/invariants.md's I4 names the latest config only; taken
 * literally it would flag that rule.
 */
function checkSelfVote(ctx: CheckContext, id: NodeId, node: Node, before: BeforeEvent | undefined): void {
  const term = node.currentTerm();
  const vote = node.votedFor();
  if (vote !== id) {
    const detail = `${nodeName(id)} is ${node.role()} in term ${term} but its vote is ${voteName(vote)}`;
    ctx.report({ invariant: 'I4', nodes: [id], subject: `vote t${term}`, detail });
  }
  if (before !== undefined && term <= before.term) return;
  const [config, index] = campaignConfig(node);
  if (isVoterOf(config, id)) return;
  const commit = before?.commit ?? node.commitIndex();
  const committed = index > commit ? node.log().getConfig(commit) : undefined;
  if (committed !== undefined && isVoterOf(committed, id)) return;
  const detail = `${nodeName(id)} campaigned in term ${term} though it is not a voter of its config ${describeConfig(config)}`;
  ctx.report({ invariant: 'I4', nodes: [id], subject: `campaign t${term}`, detail });
}

/** The config a node campaigned with, and the index of its entry (the snapshot index if compacted). */
function campaignConfig(node: Node): [ClusterConfig, number] {
  const log = node.log();
  const latest: [ClusterConfig, number] = [node.config(), log.latestConfigIndex()];
  if (node.role() !== 'Leader') return latest;
  const marks = log.entries().terms;
  const noOp = marks[marks.length - 1];
  if (noOp === undefined || noOp[1] !== node.currentTerm()) return latest;
  let found: [ClusterConfig, number] | undefined;
  for (const [i, config] of log.entries().configs) if (i < noOp[0]) found = [config, i];
  return found ?? [log.snapshotConfig(), log.snapshotPosition().index];
}

/**
 * I9(a) when a node becomes Leader. By I6 one lookup suffices: the highest committed index, if it
 * lies above the snapshot, must hold the committed term; at the snapshot index itself the snapshot
 * term must match what was committed there.
 */
function checkCompleteness(ctx: CheckContext, id: NodeId, node: Node): void {
  const log = node.log();
  const snap = log.snapshotPosition();
  const top = ctx.history.maxCommitted;
  const topRecord = ctx.history.committed(top);
  if (top > snap.index && topRecord !== undefined && log.getTerm(top) !== topRecord.fact.term) {
    reportIncomplete(ctx, id, node, { term: topRecord.fact.term, index: top as LogIndex }, topRecord.by, 'top');
  }
  const atSnap = ctx.history.committed(snap.index);
  if (snap.index > 0 && atSnap !== undefined && atSnap.fact.term !== snap.term) {
    reportIncomplete(ctx, id, node, { term: atSnap.fact.term, index: snap.index }, atSnap.by, 'snapshot');
  }
}

function reportIncomplete(ctx: CheckContext, id: NodeId, node: Node, missing: LogPosition, by: NodeId, subject: string): void {
  const held = node.log().getTerm(missing.index);
  const has = held === undefined ? `its log does not reach index ${missing.index}` : `it holds term ${held} there`;
  ctx.report({
    invariant: 'I9',
    nodes: [id],
    positions: [missing],
    subject,
    detail: `${nodeName(id)} became Leader of term ${node.currentTerm()} without the entry ${posName(missing)} that ${nodeName(by)} committed: ${has}`,
  });
}

/**
 * I13: right after becoming Leader of term t, the log ends with the `Term(t)` no-op, appended in
 * this event. Config entries may follow it (a solo leader finalising a joint config at once), and
 * a compaction in the same event may have swallowed it (then the snapshot has term t).
 */
function checkNoOp(ctx: CheckContext, id: NodeId, node: Node, before: BeforeEvent | undefined): void {
  const entries = node.log().entries();
  const term = node.currentTerm();
  const beforeLast = before?.last.index ?? 0;
  const mark = entries.terms[entries.terms.length - 1];
  const snap = entries.prevPosition;
  const at = mark !== undefined ? mark[0] : snap.term === term ? snap.index : undefined;
  const termThere = mark !== undefined ? mark[1] : snap.term;
  const configsAfter = (i: number): number => entries.configs.filter(([k]) => k > i).length;
  if (at !== undefined && termThere === term && at > beforeLast && configsAfter(at) === entries.lastPosition.index - at) return;
  ctx.report({
    invariant: 'I13',
    title: 'raftbare no-op',
    nodes: [id],
    positions: [entries.lastPosition],
    subject: `noop t${term}`,
    detail: `${nodeName(id)} became Leader of term ${term} without appending Term(${term}) as its last entry (last ${posName(entries.lastPosition)})`,
  });
}

/**
 * I5 with a mark M = last(n) taken at the end of each event as Leader: while still Leader of the
 * same term in the same incarnation, the log keeps M (or compacted it) and never ends before it.
 * With I6, keeping M keeps the whole prefix, so no scan is needed.
 */
function checkAppendOnly(ctx: CheckContext, id: NodeId, node: Node, inc: Incarnation): void {
  const term = node.currentTerm();
  const log = node.log();
  const last = log.lastPosition();
  const m = inc.leaderMark?.term === term ? inc.leaderMark.last : undefined;
  inc.leaderMark = { term, last };
  if (m === undefined) return;
  const who = `${nodeName(id)}, still Leader of term ${term},`;
  if (last.index < m.index) {
    ctx.report({ invariant: 'I5', nodes: [id], positions: [m], subject: 'shrank', detail: `${who} cut its log from ${posName(m)} back to ${posName(last)}` });
  } else if (m.index > log.snapshotPosition().index && log.getTerm(m.index) !== m.term) {
    const now = { term: log.getTerm(m.index) ?? m.term, index: m.index };
    ctx.report({ invariant: 'I5', nodes: [id], positions: [m], subject: 'overwrote', detail: `${who} overwrote ${posName(m)} with ${posName(now)}` });
  }
}
