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
/** How many events a forward search looks at before `historyStart`, where each costs a replay. */
export const FORGOTTEN_LIMIT = 64;

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
export type SearchResult =
  | { readonly found: true }
  | {
      readonly found: false;
      readonly searched: number;
      readonly ranOut: boolean;
      /** Set when the search stopped at `historyStart`: the detail of older events is forgotten. */
      readonly forgottenBefore?: number;
    };

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
 * run), the present goes back to where it started, and what the search simulated beyond the
 * recorded end is discarded again (in recorded history `step` replays; past the end it runs the
 * simulation, and a recorded future the user never saw would make their next action a fork).
 * Before `historyStart` an event's record is forgotten and each one's explanation is replayed
 * from a sparse checkpoint (about 20 ms an event): there the search looks at most
 * FORGOTTEN_LIMIT events (enough for the next message, not for a commit 20,000 events away).
 */
export function stepToNext(sim: Simulation, kind: StepKind, limit = SEARCH_LIMIT): SearchResult {
  const start = sim.position;
  const recordedEnd = sim.end;
  const shape = shaper(sim, kind);
  let before = shape();
  let searched = 0;
  let ranOut = false;
  let forgottenBefore: number | undefined;
  for (; searched < limit; searched++) {
    const index = sim.position;
    if (index < sim.historyStart && searched >= FORGOTTEN_LIMIT) {
      forgottenBefore = sim.historyStart;
      break;
    }
    if (!sim.step()) {
      ranOut = true;
      break;
    }
    const after = shape();
    const e = summaryOf(sim, index);
    if (e !== undefined && isOfKind(kind, e, before, after)) return { found: true };
    before = after;
  }
  if (sim.end > recordedEnd) {
    sim.seek(recordedEnd);
    sim.discardFuture();
  }
  sim.seek(start);
  return { found: false, searched, ranOut, ...(forgottenBefore === undefined ? {} : { forgottenBefore }) };
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
  // Older events' detail is forgotten (see stepToNext): the search stops at historyStart.
  const floor = Math.max(1, sim.historyStart);
  let lowest = start - 1;
  for (let to = start - 1; to > floor && start - to < limit; to -= BACK_WINDOW) {
    const from = Math.max(floor, to - BACK_WINDOW, start - 1 - limit);
    const found = lastMatchIn(sim, kind, from, to);
    if (found >= 0) {
      sim.seek(found + 1);
      return { found: true };
    }
    lowest = from;
  }
  sim.seek(start);
  const stopped = lowest <= floor;
  return { found: false, searched: Math.max(0, start - 1 - lowest), ranOut: stopped && floor === 1, ...(stopped && floor > 1 ? { forgottenBefore: floor } : {}) };
}

/** What the transport says when a search found nothing, e.g. "No commit in the next 20,000 events". */
export function notFoundMessage(kind: StepKind, direction: 'next' | 'previous', r: { readonly searched: number; readonly ranOut: boolean; readonly forgottenBefore?: number }): string {
  const label = STEP_KIND_LABEL[kind];
  const forgotten = r.forgottenBefore?.toLocaleString('en-US');
  if (forgotten !== undefined) {
    return direction === 'previous'
      ? `No earlier ${label} since event #${forgotten}: the detail of older events is forgotten (the history limit).`
      : `No ${label} in the next ${r.searched} events, whose detail is forgotten (the history limit): search from #${forgotten} on.`;
  }
  if (r.ranOut) return direction === 'previous' ? `No earlier ${label}: none since the start of the run.` : `No later ${label}: nothing more is scheduled.`;
  const events = `${r.searched.toLocaleString('en-US')} event${r.searched === 1 ? '' : 's'}`;
  return `No ${label} in the ${direction} ${events}; the present stayed where it was.`;
}
