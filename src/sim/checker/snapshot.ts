/**
 * I12 (snapshot sanity) and I13's commit-status rule.
 *
 * @module
 */
import type { ClusterConfig, CommitStatus, LogPosition, Node } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';
import { sameConfig } from './config.js';
import type { CheckContext } from './context.js';
import { nodeName, posName } from './format.js';
import { describeConfig } from '../describe.js';

/**
 * I12 right after `handleSnapshotInstalled(p, config)` returned true, except `p.index ≤
 * maxCommitted`, which the caller settles (see {@link reportSnapshotBeyondCommit}):
 * - if `committed[p.index]` is recorded, its term is `p.term`;
 * - `config` equals the producer's config at p (`expected`);
 * - port check: the port raises commitIndex to p.index on install, so `commit ≥ p.index` now.
 *   This is not a general Raft invariant (§4: upstream leaves commit below the snapshot).
 */
export function checkSnapshotInstall(ctx: CheckContext, id: NodeId, p: LogPosition, config: ClusterConfig, expected: ClusterConfig): void {
  const who = nodeName(id);
  const known = ctx.history.committed(p.index);
  if (known !== undefined && known.fact.term !== p.term) {
    const committed = { term: known.fact.term, index: p.index };
    const detail = `${who} installed a snapshot at ${posName(p)}, but ${nodeName(known.by)} committed ${posName(committed)}`;
    ctx.report({ invariant: 'I12', nodes: [id, known.by], positions: [p, committed], subject: 'term', detail });
  }
  if (!sameConfig(config, expected)) {
    const detail = `${who} installed a snapshot at ${posName(p)} with config ${describeConfig(config)}, but the config in force there is ${describeConfig(expected)}`;
    ctx.report({ invariant: 'I12', nodes: [id], positions: [p], subject: 'config', detail });
  }
  const commit = ctx.host.node(id)?.commitIndex();
  if (commit !== undefined && commit < p.index) {
    const detail = `${who}'s commit index ${commit} stayed below the snapshot index ${p.index} after the install`;
    ctx.report({ invariant: 'I12', title: 'Snapshot sanity (port check)', nodes: [id], positions: [p], subject: 'commit', detail });
  }
}

/** I12's first rule failed: the snapshot lies beyond every index recorded as committed. */
export function reportSnapshotBeyondCommit(ctx: CheckContext, id: NodeId, p: LogPosition, maxCommitted: number): void {
  ctx.report({
    invariant: 'I12',
    nodes: [id],
    positions: [p],
    subject: 'beyond',
    detail: `${nodeName(id)} installed a snapshot at ${posName(p)}, beyond the highest committed index ${maxCommitted}`,
  });
}

/** How many positions each incarnation watches for I13 (the most recent ones). */
const WATCH_LIMIT = 16;

interface Watched {
  readonly position: LogPosition;
  status: CommitStatus | undefined;
}

/**
 * I13 within one incarnation: a position's `getCommitStatus` never goes from Committed back to
 * InProgress or Rejected, and Rejected never becomes Committed; Committed or Rejected may become
 * Unknown once compaction passes the position (then it is no longer watched).
 *
 * Polling every position ever proposed would cost O(log) per event, so each incarnation watches a
 * bounded window of recent positions: the node's last position at the start of each event (its
 * newest proposals or appends) and the position at its commit index after it. A new incarnation
 * starts with an empty window, since a restarted node may read InProgress again (§4).
 */
export class StatusWatch {
  /** Oldest first, at most `WATCH_LIMIT` (a short list: a scan beats hashing a key per event). */
  private watched: Watched[] = [];

  /** An independent copy (for the simulator's checker checkpoints). */
  clone(): StatusWatch {
    const copy = new StatusWatch();
    copy.watched = this.watched.map((w) => ({ ...w }));
    return copy;
  }

  check(ctx: CheckContext, id: NodeId, node: Node, candidates: readonly LogPosition[]): void {
    for (const p of candidates) this.add(p);
    let kept = 0;
    for (const w of this.watched) {
      const status = node.getCommitStatus(w.position);
      if (regressed(w.status, status)) reportRegression(ctx, id, w.position, w.status as CommitStatus, status);
      if (status === 'Unknown') continue;
      w.status = status;
      this.watched[kept++] = w;
    }
    this.watched.length = kept;
  }

  private add(p: LogPosition): void {
    if (p.index === 0) return;
    for (const w of this.watched) if (w.position.index === p.index && w.position.term === p.term) return;
    this.watched.push({ position: p, status: undefined });
    if (this.watched.length > WATCH_LIMIT) this.watched.shift();
  }
}

function regressed(before: CommitStatus | undefined, now: CommitStatus): boolean {
  return (before === 'Committed' && (now === 'InProgress' || now === 'Rejected')) || (before === 'Rejected' && now === 'Committed');
}

function reportRegression(ctx: CheckContext, id: NodeId, p: LogPosition, before: CommitStatus, now: CommitStatus): void {
  ctx.report({
    invariant: 'I13',
    nodes: [id],
    positions: [p],
    subject: `${before}->${now}`,
    detail: `${nodeName(id)} reported ${posName(p)} as ${before} and then as ${now} within one incarnation`,
  });
}
