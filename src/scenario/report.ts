/**
 * The printed account of a run, shared by the command line and the golden tests: each step with
 * what it did (optionally every explained event), the expectations' results, marks and failures.
 *
 * @module
 */
import type { RunResult, StepReport } from './runner.js';
import { describeCluster, explainEvents } from './print.js';
import type { Simulation } from '../sim/index.js';

export interface ReportOptions {
  /** Print every event's explanation under the step that processed it. */
  readonly events?: boolean;
}

/** The lines of one step. */
export function describeStep(step: StepReport, sim: Simulation, options: ReportOptions = {}): string[] {
  const s = step.statement;
  const out = [`${s.loc.line}: ${s.source}  [@${step.time}ms, events ${step.from}..${step.to}]`];
  if (options.events === true) for (const e of explainEvents(sim, step.from, step.to)) out.push(e.replace(/^/gm, '  | '));
  else for (const line of step.lines) out.push(`  ${line}`);
  if (step.caption !== undefined) out.push(`  » ${step.caption}`);
  if (step.mark !== undefined) out.push(`  mark "${step.mark.name}" at event ${step.mark.position}`);
  if (options.events === true && step.expectation !== undefined) out.push(`  ${step.expectation.ok ? 'ok' : 'FAILED'}: ${step.expectation.saw}`);
  if (step.failure !== undefined) out.push(`  STOPPED: ${step.failure.split('\n')[0] ?? ''}`);
  return out;
}

/** The summary after the steps: expectations, unmatched patterns, failure, final state. */
export function describeOutcome(result: RunResult, options: { readonly details?: boolean } = {}): string[] {
  const out: string[] = [];
  const failed = result.expectations.filter((e) => !e.ok).length;
  out.push(`expectations: ${result.expectations.length - failed} passed, ${failed} failed`);
  for (const e of result.expectations) out.push(`  ${e.ok ? 'ok    ' : 'FAILED'} ${e.line}:${e.column} ${e.source} — ${e.saw}`);
  for (const u of result.unmatched) out.push(`warning: ${u}`);
  if (options.details === true) for (const e of result.expectations) if (e.detail !== undefined) out.push(e.detail);
  if (result.failure !== undefined) out.push(`the run stopped: ${options.details === true ? result.failure : (result.failure.split('\n')[0] ?? '')}`);
  out.push(describeCluster(result.sim.view()));
  return out;
}
