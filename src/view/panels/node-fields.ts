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

/** Fields the new simulator door adds to NodeView (read when present). */
interface DoorNodeFields {
  readonly timer?: { readonly kind: 'election' | 'heartbeat'; readonly armedAt: number; readonly deadline: number };
  readonly durable?: { readonly term: number; readonly votedFor: number | undefined; readonly lastPosition: LogPosition; readonly snapshot: LogPosition };
  readonly pendingWrites?: readonly string[];
  readonly votesGranted?: readonly number[];
}

function extras(node: NodeView): DoorNodeFields {
  return node as NodeView & DoorNodeFields;
}

/** The timer in words, relative to the present. */
export function timerText(node: NodeView, now: number): string {
  const timer = extras(node).timer;
  const deadline = timer?.deadline ?? node.timerDeadline;
  if (!node.up || deadline === undefined) return 'none';
  const kind = timer?.kind ?? (node.role === 'Leader' ? 'heartbeat' : 'election');
  return `${kind} at ${deadline} ms (in ${Math.max(0, deadline - now)} ms)`;
}

export type FieldRow = readonly [label: string, value: string];

/** What a crash keeps: term, vote, log and snapshot as storage holds them. */
export function durableRows(node: NodeView): FieldRow[] {
  const d = extras(node).durable ?? { term: node.term, votedFor: node.votedFor, lastPosition: node.lastPosition, snapshot: node.snapshot };
  const rows: FieldRow[] = [
    ['current term', String(d.term)],
    ['voted for', d.votedFor === undefined ? 'nobody' : `n${d.votedFor}`],
    ['log ends at', pos(d.lastPosition)],
    ['snapshot', d.snapshot.index === 0 ? 'none' : `up to ${pos(d.snapshot)}`],
  ];
  const pending = extras(node).pendingWrites ?? [];
  if (pending.length > 0) rows.push(['not yet durable', pending.join('; ')]);
  return rows;
}

/** What a crash loses (rebuilt after a restart). */
export function volatileRows(node: NodeView, view: ClusterView): FieldRow[] {
  if (!node.up) return [['state', 'down: only the durable state above remains']];
  const rows: FieldRow[] = [
    ['role', (node.role ?? '').toLowerCase()],
    ['leader', node.leaderId === undefined ? 'unknown' : `n${node.leaderId}`],
    ['commit index', String(node.commitIndex)],
    ['applied index', String(node.appliedIndex)],
    ['timer', timerText(node, view.time)],
  ];
  const votes = extras(node).votesGranted ?? [];
  if (node.role === 'Candidate' && votes.length > 0) rows.push(['votes granted', set(votes)]);
  return rows;
}
