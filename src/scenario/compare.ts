/**
 * Compare mode: one scenario run twice in lockstep, as written and with a mutation toggled (or
 * other parameters), event by event, to find where the two runs part: the first event whose
 * kind, time, node or explanation differs, with both clusters as they are just after it.
 *
 * @module
 */
import { makeParams, type ClusterView, type Explanation, type Mutation, type ParamsInput, type SimParams, type Simulation } from '../sim/index.js';
import { ScenarioRunner, type RunResult, type StepReport } from './runner.js';
import type { Program } from './validate.js';

export type Variant = { readonly mutation: Mutation } | { readonly params: ParamsInput; readonly label: string };

export interface CompareSide {
  readonly label: string;
  readonly params: SimParams;
  readonly result: RunResult;
}

export interface EventAtDivergence {
  /** `#12 @230ms deliver n2`, or undefined if this run had already ended. */
  readonly head: string | undefined;
  readonly lines: readonly string[];
  /** The cluster just after the event. */
  readonly view: ClusterView;
}

export interface Divergence {
  readonly index: number;
  readonly a: EventAtDivergence;
  readonly b: EventAtDivergence;
}

export interface Comparison {
  readonly a: CompareSide;
  readonly b: CompareSide;
  /** Undefined when both runs are identical event for event. */
  readonly divergence?: Divergence;
}

/** The parameters and label of the second run. */
export function variantParams(params: SimParams, variant: Variant): { params: SimParams; label: string } {
  if ('mutation' in variant) {
    const has = params.mutations.includes(variant.mutation);
    const mutations = has ? params.mutations.filter((m) => m !== variant.mutation) : [...params.mutations, variant.mutation];
    return { params: makeParams({ ...params, mutations }), label: `${has ? 'without' : 'with'} ${variant.mutation}` };
  }
  return { params: makeParams({ ...params, ...variant.params, timing: { ...params.timing, ...variant.params.timing } }), label: variant.label };
}

const headOf = (e: Explanation): string => `#${e.index} @${e.time}ms ${e.kind}${e.node === undefined ? '' : ` n${e.node}`}`;

function explained(sim: Simulation, from: number, to: number): Explanation[] {
  const out: Explanation[] = [];
  sim.explainRange(from, to, (e) => out.push(e));
  return out;
}

const same = (x: Explanation, y: Explanation): boolean => headOf(x) === headOf(y) && x.lines.map((l) => l.text).join('\n') === y.lines.map((l) => l.text).join('\n');

function sideAt(sim: Simulation, e: Explanation | undefined, index: number): EventAtDivergence {
  const back = sim.position;
  sim.seek(Math.min(index + 1, sim.frontier().events));
  const view = sim.view();
  sim.seek(back);
  return { head: e === undefined ? undefined : headOf(e), lines: e?.lines.map((l) => l.text) ?? [], view };
}

/** Compares the events both runs have recorded since `from`; the index of the first difference. */
function firstDifference(a: Simulation, b: Simulation, from: number, to: number): { index: number; x?: Explanation; y?: Explanation } | undefined {
  if (to <= from) return undefined;
  const xs = explained(a, from, to);
  const ys = explained(b, from, to);
  for (let i = 0; i < to - from; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined || y === undefined || !same(x, y)) return { index: from + i, ...(x === undefined ? {} : { x }), ...(y === undefined ? {} : { y }) };
  }
  return undefined;
}

/** Runs `program` as written (a) and with `variant` (b), statement by statement in lockstep. */
export function compareScenario(program: Program, variant: Variant): Comparison {
  const other = variantParams(program.params, variant);
  const runA = new ScenarioRunner(program);
  const runB = new ScenarioRunner({ ...program, params: other.params });
  const ia = runA.steps();
  const ib = runB.steps();
  let ra: IteratorResult<StepReport, RunResult> = ia.next();
  let rb: IteratorResult<StepReport, RunResult> = ib.next();
  let compared = 0;
  let found: { index: number; x?: Explanation; y?: Explanation } | undefined;
  for (;;) {
    if (found === undefined) {
      const upTo = Math.min(runA.sim.position, runB.sim.position);
      found = firstDifference(runA.sim, runB.sim, compared, upTo);
      compared = upTo;
    }
    if (ra.done === true && rb.done === true) break;
    if (ra.done !== true) ra = ia.next();
    if (rb.done !== true) rb = ib.next();
  }
  const endA = runA.sim.frontier().events;
  const endB = runB.sim.frontier().events;
  // One run may have ended earlier: the first event only the longer one has is where they part.
  if (found === undefined && endA !== endB) found = firstDifference(runA.sim, runB.sim, compared, Math.max(endA, endB));
  const a = { label: 'as written', params: program.params, result: ra.value as RunResult };
  const b = { label: other.label, params: other.params, result: rb.value as RunResult };
  if (found === undefined) return { a, b };
  return { a, b, divergence: { index: found.index, a: sideAt(runA.sim, found.x, found.index), b: sideAt(runB.sim, found.y, found.index) } };
}
