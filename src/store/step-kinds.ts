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

/**
 * The record of event `index`, just run. Before `sim.historyStart` the record is forgotten (a long
 * run keeps a bounded history); the explanation of the event just run carries the same fields.
 */
function summaryOf(sim: Simulation, index: number): EventSummary | undefined {
  const last = sim.lastExplanation();
  return sim.event(index) ?? (last?.index === index ? last : undefined);
}

/** Steps until an event of `kind` ran; false (having stepped up to the limit) if none did. */
export function stepToNext(sim: Simulation, kind: StepKind, limit = SEARCH_LIMIT): boolean {
  let before = shapeOf(sim.view(0));
  for (let i = 0; i < limit; i++) {
    const index = sim.position;
    if (!sim.step()) return false;
    const after = shapeOf(sim.view(0));
    const e = summaryOf(sim, index);
    if (e !== undefined && isOfKind(kind, e, before, after)) return true;
    before = after;
  }
  return false;
}

/** The latest event of `kind` with index in [from, to), replaying from `from`; -1 if none. */
function lastMatchIn(sim: Simulation, kind: StepKind, from: number, to: number): number {
  sim.seek(from);
  let before = shapeOf(sim.view(0));
  let found = -1;
  while (sim.position < to) {
    const index = sim.position;
    sim.step();
    const after = shapeOf(sim.view(0));
    const e = summaryOf(sim, index);
    if (e !== undefined && isOfKind(kind, e, before, after)) found = index;
    before = after;
  }
  return found;
}

/**
 * Seeks to just after the latest event of `kind` before the present's last event; false (back
 * where it started) if there is none within the limit.
 */
export function stepToPrevious(sim: Simulation, kind: StepKind, limit = SEARCH_LIMIT): boolean {
  const start = sim.position;
  for (let to = start - 1; to > 1 && start - to < limit; to -= BACK_WINDOW) {
    const from = Math.max(1, to - BACK_WINDOW);
    const found = lastMatchIn(sim, kind, from, to);
    if (found >= 0) {
      sim.seek(found + 1);
      return true;
    }
  }
  sim.seek(start);
  return false;
}
