/**
 * A node's state as the inspector words it: the configuration (joint drawn as C_old,new), the
 * timer, and what survives a crash (durable) versus what is rebuilt (volatile).
 *
 * @module
 */
import type { ClusterConfig, LogPosition } from '../../raft/index.js';
import type { ClusterView, NodeView } from '../../sim/index.js';

const set = (ids: readonly number[]): string => `{${ids.join(',')}}`;
const pos = (p: LogPosition): string => `(t${p.term}, i${p.index})`;

/** `{1,2,3}`, or while joint `C_old,new = {1,2,3} + {3,4,5}`, plus learners. */
export function configText(c: ClusterConfig): string {
  const voters = c.newVoters.length > 0 ? `C_old,new = ${set(c.voters)} + ${set(c.newVoters)}` : set(c.voters);
  return c.nonVoters.length > 0 ? `${voters}, learners ${set(c.nonVoters)}` : voters;
}

/** Whole milliseconds from `now` (the present may fall between milliseconds while playing) to `t`. */
export function msLeft(t: number, now: number): number {
  return Math.max(0, Math.ceil(t - now));
}

/** The timer in words, relative to the present. */
export function timerText(node: NodeView, now: number): string {
  const timer = node.timer;
  if (!node.up || timer === undefined) return 'none';
  return `${timer.kind} at ${timer.deadline} ms (in ${msLeft(timer.deadline, now)} ms, armed at ${timer.armedAt} ms)`;
}

const MEMBERSHIP = { voter: 'voter', newVoter: 'voter in the new configuration only', nonVoter: 'learner (non-voter)', none: 'not a member' } as const;

export type FieldRow = readonly [label: string, value: string];

/** What a crash keeps: term, vote, log and snapshot as storage holds them. */
export function durableRows(node: NodeView): FieldRow[] {
  const d = node.durable;
  const rows: FieldRow[] = [
    ['current term', String(d.term)],
    ['voted for', d.votedFor === undefined ? 'nobody' : `n${d.votedFor}`],
    ['log ends at', pos(d.lastPosition)],
    ['snapshot', d.snapshot.index === 0 ? 'none' : `up to ${pos(d.snapshot)}`],
  ];
  if (node.pendingWrites.length > 0) rows.push(['not yet durable', node.pendingWrites.join('; ')]);
  return rows;
}

/** Term and vote in memory, listed only while storage has not caught up with them. */
function memoryAhead(node: NodeView): FieldRow[] {
  const rows: FieldRow[] = [];
  if (node.term !== node.durable.term) rows.push(['term in memory', String(node.term)]);
  if (node.votedFor !== node.durable.votedFor) rows.push(['vote in memory', node.votedFor === undefined ? 'nobody' : `n${node.votedFor}`]);
  return rows;
}

/**
 * How a down node gets its state machine back: a restart loads the durable snapshot's state (if
 * any), then re-applies entries as it learns they are committed. The view still carries the values
 * from before the crash (the simulator keeps them until the restart); they are not the node's.
 */
export function rebuiltText(node: NodeView): string {
  const s = node.durable.snapshot.index;
  return `lost in the crash; rebuilt on restart ${s > 0 ? `from the snapshot (up to i${s}), then ` : ''}by re-applying committed entries`;
}

/** A down node's volatile state: gone. A restart starts the commit index at the snapshot; a leader tells it the rest. */
function lostRows(node: NodeView): FieldRow[] {
  const s = node.durable.snapshot.index;
  return [
    ['state', 'down: only the durable state above remains'],
    ['commit index', `lost in the crash; restarts at i${s}${s > 0 ? ' (the snapshot)' : ''}, then learnt from a leader`],
    ['applied index', 'lost in the crash; rebuilt with the key-value state'],
  ];
}

/** What a crash loses (rebuilt after a restart). */
export function volatileRows(node: NodeView, view: ClusterView): FieldRow[] {
  if (!node.up) return lostRows(node);
  const rows: FieldRow[] = [
    ['role', (node.role ?? '').toLowerCase()],
    ...memoryAhead(node),
    ['membership', MEMBERSHIP[node.membership]],
    ['leader', node.leaderId === undefined ? 'unknown' : `n${node.leaderId}`],
    ['commit index', String(node.commitIndex)],
    ['applied index', String(node.appliedIndex)],
    ['timer', timerText(node, view.time)],
  ];
  if (node.role === 'Candidate') {
    rows.push(['votes granted', set(node.votesGranted)]);
    rows.push(['votes refused', set(node.votesRefused)]);
  }
  return rows;
}
