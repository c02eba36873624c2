/**
 * Resolving node selectors and evaluating conditions against the present of a simulation. Each
 * evaluation also says what it saw, for the pass/fail report.
 *
 * @module
 */
import type { ClusterView, EntryView, NodeView, Simulation, Violation } from '../sim/index.js';
import type { Comparison, Condition, Selector } from './ast.js';
import { ScenarioError } from './lexer.js';

/** What a condition needs from the present. */
export interface Present {
  readonly view: ClusterView;
  /** The view with complete logs (built on demand). */
  fullView(): ClusterView;
  violations(): readonly Violation[];
}

export function presentOf(sim: Simulation): Present {
  let full: ClusterView | undefined;
  return {
    view: sim.view(),
    fullView: () => (full ??= sim.view(Number.MAX_SAFE_INTEGER)),
    violations: () => sim.violations(),
  };
}

/** The node ids a selector names now (ascending, sets as written); throws a located error if it names none. */
export function resolve(sel: Selector, view: ClusterView): number[] {
  const fail = (why: string): never => {
    throw new ScenarioError(sel.loc.line, sel.loc.column, why);
  };
  switch (sel.kind) {
    case 'node':
      return [sel.id];
    case 'set':
      return [...sel.ids];
    case 'all':
      return view.nodes.map((n) => n.id);
    case 'leader':
      return view.leader === undefined ? fail('"leader": no node leads now') : [view.leader];
    case 'followers':
      if (view.leader === undefined) fail('"followers": no node leads now, so there are no followers');
      return view.nodes.map((n) => n.id).filter((id) => id !== view.leader);
  }
}

export interface Verdict {
  readonly ok: boolean;
  /** What the condition looked at, e.g. `n3 leads term 4`. */
  readonly saw: string;
}

function compare(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case '=': return a === b;
    case '!=': return a !== b;
    case '>=': return a >= b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '<': return a < b;
  }
}

const nodeOf = (view: ClusterView, id: number): NodeView | undefined => view.nodes.find((n) => n.id === id);
const roleOf = (n: NodeView | undefined): string => (n === undefined ? 'absent' : n.up ? String(n.role).toLowerCase() : 'down');
const leaderText = (view: ClusterView): string => {
  const leader = view.leader === undefined ? undefined : nodeOf(view, view.leader);
  return leader === undefined ? 'nobody leads' : `n${leader.id} leads term ${leader.term}`;
};
const entriesText = (log: readonly EntryView[]): string => log.map((e) => `(t${e.term}, i${e.index}) ${e.text}`).join('; ');

function each(ids: readonly number[], view: ClusterView, test: (n: NodeView | undefined) => boolean, show: (n: NodeView | undefined) => string): Verdict {
  const ok = ids.every((id) => test(nodeOf(view, id)));
  return { ok, saw: ids.map((id) => `n${id} ${show(nodeOf(view, id))}`).join(', ') };
}

/** Two logs agree if they end at the same position and hold the same entries where both still have them. */
function logsAgree(a: NodeView | undefined, b: NodeView | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.lastPosition.index !== b.lastPosition.index || a.lastPosition.term !== b.lastPosition.term) return false;
  const from = Math.max(a.snapshot.index, b.snapshot.index);
  const tail = (n: NodeView): string => entriesText(n.log.filter((e) => e.index > from));
  return tail(a) === tail(b);
}

function sameLog(p: Present, a: Selector, b: Selector): Verdict {
  const view = p.fullView();
  const left = resolve(a, view);
  const right = resolve(b, view);
  const ok = left.every((x) => right.every((y) => logsAgree(nodeOf(view, x), nodeOf(view, y))));
  const ids = [...new Set([...left, ...right])].sort((x, y) => x - y);
  const last = nodeOf(view, ids[0] as number)?.lastPosition;
  if (ok) return { ok, saw: `${ids.map((id) => `n${id}`).join(', ')} hold the same log${last === undefined ? '' : `, up to (t${last.term}, i${last.index})`}` };
  return { ok, saw: ids.map((id) => `n${id}: ${entriesText(nodeOf(view, id)?.log.slice(-6) ?? []) || 'empty'}`).join(' | ') };
}

function committed(p: Present, index: number, on: Selector | 'majority'): Verdict {
  const view = p.view;
  const show = (n: NodeView | undefined): string => (n?.up === true ? `commit ${n.commitIndex}` : 'down');
  if (on !== 'majority') return each(resolve(on, view), view, (n) => n?.up === true && n.commitIndex >= index, show);
  const count = view.nodes.filter((n) => n.up && n.commitIndex >= index).length;
  return { ok: count > view.nodes.length / 2, saw: `${count} of ${view.nodes.length} nodes committed i${index}: ${view.nodes.map((n) => `n${n.id} ${show(n)}`).join(', ')}` };
}

/** Evaluates `c` now. Throws a located `ScenarioError` if a selector names nobody. */
export function evaluate(c: Condition, p: Present): Verdict {
  const view = p.view;
  switch (c.kind) {
    case 'leader': {
      const among = c.among === undefined ? undefined : resolve(c.among, view);
      return { ok: view.leader !== undefined && (among === undefined || among.includes(view.leader)), saw: leaderText(view) };
    }
    case 'noLeader':
      return { ok: view.leader === undefined, saw: leaderText(view) };
    case 'term': {
      if (c.node !== undefined) return each(resolve(c.node, view), view, (n) => n !== undefined && compare(n.term, c.op, c.value), (n) => `term ${n?.term ?? '?'}`);
      const max = Math.max(0, ...view.nodes.map((n) => n.term));
      return { ok: compare(max, c.op, c.value), saw: `highest term ${max} (${view.nodes.map((n) => `n${n.id} t${n.term}`).join(', ')})` };
    }
    case 'commit':
      return each(resolve(c.nodes, view), view, (n) => n !== undefined && compare(n.commitIndex, c.op, c.value), (n) => `commit ${n?.commitIndex ?? '?'}`);
    case 'committed':
      return committed(p, c.index, c.on);
    case 'role':
      return each(resolve(c.node, view), view, (n) => roleOf(n) === c.role, roleOf);
    case 'log':
      return sameLog(p, c.a, c.b);
    case 'value': {
      const value = (n: NodeView | undefined): string | undefined => n?.kv.find(([k]) => k === c.key)?.[1];
      return each(resolve(c.on, view), view, (n) => n?.up === true && value(n) === c.value, (n) => `${c.key} = ${value(n) ?? 'none'}`);
    }
    case 'noViolation': {
      const v = p.violations();
      return { ok: v.length === 0, saw: v.length === 0 ? 'no violation' : v.slice(0, 3).map((x) => `#${x.eventIndex} ${x.invariant} ${x.message}`).join('; ') };
    }
    case 'violation': {
      const v = p.violations();
      return { ok: v.some((x) => x.invariant === c.invariant), saw: v.length === 0 ? 'no violation' : `violations: ${[...new Set(v.map((x) => x.invariant))].join(', ')}` };
    }
    case 'not': {
      const inner = evaluate(c.condition, p);
      return { ok: !inner.ok, saw: inner.saw };
    }
  }
}
