/**
 * The values `Simulation` hands out, made safe to keep: frozen copies that later calls never
 * change, and the answers computed from the present (commit status, proposals, parameters).
 *
 * @module
 */
import { LogPosition, type CommitPromise, type CommitStatus } from '../raft/index.js';
import type { NodeId } from '../raft/types.js';
import type { Violation } from './checker/host.js';
import { fmtNode } from './describe.js';
import type { Intervention } from './engine/interventions.js';
import type { SimParams } from './engine/params.js';
import type { Explanation, ExplanationLine } from './engine/recorder.js';
import type { ProposalView } from './view.js';
import type { World } from './engine/world.js';

/** What `Simulation.apply` returns. */
export interface ApplyResult {
  /** For `propose` (and `membership`): the log position the leader assigned, when it took it. */
  readonly position?: LogPosition;
  /** For `propose` (and `membership`) refused by the core: why (no leader, target not leader). */
  readonly refused?: string;
  /**
   * @internal The core's live promise, for the fuzzer's statistics only (`fuzz/run.ts`). It does
   * not survive a Worker boundary; everyone else uses `position` and `Simulation.commitStatus`.
   */
  readonly promise?: CommitPromise;
}

/** One proposal as the simulation remembers it (`at` is its event index). */
export interface ProposalRecord {
  readonly at: number;
  readonly time: number;
  readonly command: string;
  readonly node: NodeId | undefined;
  readonly position: LogPosition | undefined;
}

/** Recursively freezes plain data (interventions, parameters), returning it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** An independent frozen copy of plain data (`undefined` fields dropped, as JSON would). */
function frozenCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  const out: { [key: string]: unknown } = {};
  const source = value as { readonly [key: string]: unknown };
  for (const key of Object.keys(source)) {
    const v = source[key];
    if (v !== undefined) out[key] = frozenCopy(v);
  }
  return Object.freeze(out);
}

/** An independent frozen copy of an intervention (the caller may reuse its object). */
export function frozenIntervention(iv: Intervention): Intervention {
  return frozenCopy(iv) as Intervention;
}

/** The parameters in force in `world`: its params with the network's current fault rates. */
export function currentParams(world: World): SimParams {
  const p = world.params;
  return deepFreeze({ ...p, timing: { ...p.timing }, mutations: [...p.mutations], loss: world.net.loss, duplicate: world.net.duplicate });
}

/** A frozen copy of a violation. */
export function frozenViolation(v: Violation): Violation {
  return Object.freeze({ ...v, nodes: Object.freeze([...v.nodes]), positions: Object.freeze(v.positions.map((p) => Object.freeze({ ...p }))) });
}

/** A frozen copy of an explanation that shares nothing mutable with the world (in-flight items are copied). */
export function frozenExplanation(e: Explanation): Explanation {
  return Object.freeze({ ...e, lines: Object.freeze(e.lines.map(frozenLine)) });
}

function frozenLine(line: ExplanationLine): ExplanationLine {
  if (line.kind === 'decision') return Object.freeze({ ...line, decision: Object.freeze({ ...line.decision }) });
  const n = line.note;
  const note = n.kind === 'sent' || n.kind === 'duplicated' ? { ...n, item: Object.freeze({ ...n.item }) } : { ...n };
  return Object.freeze({ ...line, note: Object.freeze(note) });
}

/**
 * The status of the entry proposed at `position`, as the best-informed running node knows it.
 * A `Committed` or `Rejected` verdict is a fact of the cluster (Raft's Log Matching and Leader
 * Completeness), so the first node that has one decides, asked in order of highest commit index
 * (then lowest id); otherwise `InProgress` if some node still expects it, else `Unknown` (no node
 * is up, or every node compacted past it without knowing).
 */
export function commitStatusIn(world: World, position: LogPosition): CommitStatus {
  const up = world.slots.filter((s) => s.node !== undefined);
  up.sort((a, b) => world.commitIndexOf(b) - world.commitIndexOf(a) || a.id - b.id);
  let open = false;
  for (const slot of up) {
    const status = world.commitStatusOf(slot, position);
    if (status === 'Committed' || status === 'Rejected') return status;
    if (status === 'InProgress') open = true;
  }
  return open ? 'InProgress' : 'Unknown';
}

/** What `apply` reports for a proposal (or membership change) given the core's promise. */
export function proposalOutcome(promise: CommitPromise | undefined, target: NodeId | undefined): ApplyResult {
  if (promise === undefined) return Object.freeze({ refused: 'there is no leader to take it' });
  if (LogPosition.isInvalid(promise.logPosition())) {
    return Object.freeze({ refused: `${target === undefined ? 'the node' : fmtNode(target)} is not the leader`, promise });
  }
  return Object.freeze({ position: Object.freeze({ ...promise.logPosition() }), promise });
}

/** The recent proposals made before event `position` (at most `limit`), with their status now. */
export function proposalViews(log: readonly ProposalRecord[], position: number, world: World, limit = 32): ProposalView[] {
  let end = log.length;
  while (end > 0 && (log[end - 1] as ProposalRecord).at >= position) end--;
  return log.slice(Math.max(0, end - limit), end).map((p) => ({
    command: p.command,
    node: p.node,
    time: p.time,
    position: p.position,
    status: p.position === undefined ? 'Refused' : commitStatusIn(world, p.position),
  }));
}
