/**
 * "Step to the next / previous event of a kind": which events count as a message, a timeout, a
 * state change or a commit, decided from the event's record and the cluster before and after it.
 *
 * @module
 */
import type { ClusterView, EventSummary, Simulation } from '../sim/index.js';
import type { StepKind } from './types.js';

/** How many events a search looks through before it gives up. */
export const SEARCH_LIMIT = 20_000;
const BACK_WINDOW = 256;

/** The parts of the cluster the kinds compare. */
interface Shape {
  readonly roles: string;
  readonly commits: number;
  readonly leaderless: ReadonlyMap<number, boolean>;
}

function shapeOf(view: ClusterView): Shape {
  let roles = '';
  let commits = 0;
  const leaderless = new Map<number, boolean>();
  for (const n of view.nodes) {
    roles += `${n.id}:${n.up ? (n.role ?? '?') : 'down'}:${n.term};`;
    commits += n.commitIndex;
    leaderless.set(n.id, n.up && n.role !== 'Leader');
  }
  return { roles, commits, leaderless };
}

/** Whether event `e`, which turned `before` into `after`, is of `kind`. */
export function isOfKind(kind: StepKind, e: EventSummary, before: Shape, after: Shape): boolean {
  switch (kind) {
    case 'message':
      return e.kind === 'deliver';
    case 'timeout':
      return e.kind === 'timeout' || (e.kind === 'timer' && e.node !== undefined && before.leaderless.get(e.node) === true);
    case 'stateChange':
      return before.roles !== after.roles;
    case 'commit':
      return after.commits > before.commits;
  }
}

/** What the transport calls each kind, in its menu and in "none found" messages. */
export const STEP_KIND_LABEL: Readonly<Record<StepKind, string>> = { message: 'message', timeout: 'timeout', stateChange: 'state change', commit: 'commit' };

/**
 * A search's outcome: found, or how many events it looked through and whether it ran out of events
 * before its limit (back: it reached the start of the run; forward: nothing more was scheduled).
 */
export type SearchResult = { readonly found: true } | { readonly found: false; readonly searched: number; readonly ranOut: boolean };

/**
 * The record of event `index`, just run. Before `sim.historyStart` the record is forgotten (a long
 * run keeps a bounded history); the explanation of the event just run carries the same fields.
 * [NOTE] The explanation is asked for only then: in recorded history it is rebuilt by replaying
 * from a checkpoint, which made a 20,000-event search in the past take seconds per thousand.
 */
function summaryOf(sim: Simulation, index: number): EventSummary | undefined {
  const kept = sim.event(index);
  if (kept !== undefined) return kept;
  const last = sim.lastExplanation();
  return last?.index === index ? last : undefined;
}

const NO_SHAPE: Shape = { roles: '', commits: 0, leaderless: new Map() };

/** Reads the present's shape; 'message' is decided by the event's record alone, so it skips building views. */
function shaper(sim: Simulation, kind: StepKind): () => Shape {
  return kind === 'message' ? () => NO_SHAPE : () => shapeOf(sim.view(0));
}

/**
 * Steps until an event of `kind` ran. If none did within `limit` events (or nothing was left to
 * run), seeks back to where it started: the present is kept, and the history is never forked (in
 * recorded history `step` replays; at the frontier the run ahead stays recorded).
 */
export function stepToNext(sim: Simulation, kind: StepKind, limit = SEARCH_LIMIT): SearchResult {
  const start = sim.position;
  const shape = shaper(sim, kind);
  let before = shape();
  let searched = 0;
  let ranOut = false;
  for (; searched < limit; searched++) {
    const index = sim.position;
    if (!sim.step()) {
      ranOut = true;
      break;
    }
    const after = shape();
    const e = summaryOf(sim, index);
    if (e !== undefined && isOfKind(kind, e, before, after)) return { found: true };
    before = after;
  }
  sim.seek(start);
  return { found: false, searched, ranOut };
}

/** The latest event of `kind` with index in [from, to), replaying from `from`; -1 if none. */
function lastMatchIn(sim: Simulation, kind: StepKind, from: number, to: number): number {
  sim.seek(from);
  const shape = shaper(sim, kind);
  let before = shape();
  let found = -1;
  while (sim.position < to) {
    const index = sim.position;
    sim.step();
    const after = shape();
    const e = summaryOf(sim, index);
    if (e !== undefined && isOfKind(kind, e, before, after)) found = index;
    before = after;
  }
  return found;
}

/**
 * Seeks to just after the latest event of `kind` before the present's last event. If there is
 * none within the limit, seeks back to where it started.
 */
export function stepToPrevious(sim: Simulation, kind: StepKind, limit = SEARCH_LIMIT): SearchResult {
  const start = sim.position;
  let lowest = start - 1;
  for (let to = start - 1; to > 1 && start - to < limit; to -= BACK_WINDOW) {
    const from = Math.max(1, to - BACK_WINDOW, start - 1 - limit);
    const found = lastMatchIn(sim, kind, from, to);
    if (found >= 0) {
      sim.seek(found + 1);
      return { found: true };
    }
    lowest = from;
  }
  sim.seek(start);
  return { found: false, searched: Math.max(0, start - 1 - lowest), ranOut: lowest <= 1 };
}

/** What the transport says when a search found nothing, e.g. "No commit in the next 20,000 events". */
export function notFoundMessage(kind: StepKind, direction: 'next' | 'previous', r: { readonly searched: number; readonly ranOut: boolean }): string {
  const label = STEP_KIND_LABEL[kind];
  if (r.ranOut) return direction === 'previous' ? `No earlier ${label}: none since the start of the run.` : `No later ${label}: nothing more is scheduled.`;
  const events = `${r.searched.toLocaleString('en-US')} event${r.searched === 1 ? '' : 's'}`;
  return `No ${label} in the ${direction} ${events}; the present stayed where it was.`;
}
