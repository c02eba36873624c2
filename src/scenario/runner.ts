/**
 * Running a validated scenario on a `Simulation`, through its public API only. The runner is a
 * generator of steps (one per statement), so the page can step from caption to caption; `run()`
 * drives it to the end. A failed `expect` is recorded and the run goes on; a failed `wait`, a
 * refused intervention or a selector that names nobody stops it. Each failure carries its line,
 * what it saw and the explained tail of the run.
 *
 * @module
 */
import { Simulation, type Intervention, type SimulationOptions } from '../sim/index.js';
import { interventionsOf } from './actions.js';
import type { Statement } from './ast.js';
import { evaluate, presentOf, type Verdict } from './conditions.js';
import { ScenarioError, type Loc } from './lexer.js';
import { traceTail } from './print.js';
import type { Program } from './validate.js';
import { Watchers } from './watchers.js';

/** A `wait until` without `within` gives up after this much simulated time. */
export const DEFAULT_WAIT_MS = 10_000;
/** Guard against a run that never lets the clock move. */
const MAX_EVENTS_PER_STEP = 2_000_000;

export interface ExpectationResult {
  readonly line: number;
  readonly column: number;
  readonly source: string;
  readonly ok: boolean;
  readonly saw: string;
  /** On failure: the located message, the state seen and the explained tail of the run. */
  readonly detail?: string;
}

export interface Mark {
  readonly name: string;
  readonly line: number;
  /** The event index (the position when the mark was set) and the time. */
  readonly position: number;
  readonly time: number;
}

export interface StepReport {
  readonly statement: Statement;
  /** Events processed by this step: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly time: number;
  /** What happened, in words. */
  readonly lines: readonly string[];
  readonly caption?: string;
  readonly mark?: Mark;
  readonly expectation?: ExpectationResult;
  /** Set when the run stops here. */
  readonly failure?: string;
}

export interface RunResult {
  readonly sim: Simulation;
  readonly steps: readonly StepReport[];
  readonly expectations: readonly ExpectationResult[];
  readonly marks: readonly Mark[];
  /** The located failure that stopped the run, if any. */
  readonly failure?: string;
  /** Message patterns that never matched. */
  readonly unmatched: readonly string[];
  /** No failure and every expectation held. */
  readonly passed: boolean;
}

class StepFailure extends Error {}

export class ScenarioRunner {
  readonly sim: Simulation;
  private readonly watchers: Watchers;
  private lines: string[] = [];

  constructor(
    readonly program: Program,
    options: SimulationOptions = {},
  ) {
    this.sim = new Simulation(program.params, options);
    this.watchers = new Watchers(this.sim, (text) => this.lines.push(text));
  }

  /** One step per statement; the return value is the whole result. */
  *steps(): Generator<StepReport, RunResult> {
    const steps: StepReport[] = [];
    let failure: string | undefined;
    for (const statement of this.program.statements) {
      const step = this.execute(statement);
      steps.push(step);
      yield step;
      if (step.failure !== undefined) {
        failure = step.failure;
        break;
      }
    }
    const expectations = steps.flatMap((s) => (s.expectation === undefined ? [] : [s.expectation]));
    const marks = steps.flatMap((s) => (s.mark === undefined ? [] : [s.mark]));
    const passed = failure === undefined && expectations.every((e) => e.ok);
    const result = { sim: this.sim, steps, expectations, marks, unmatched: this.watchers.pending(), passed };
    return failure === undefined ? result : { ...result, failure };
  }

  /** Runs every step. */
  run(): RunResult {
    const it = this.steps();
    for (let r = it.next(); ; r = it.next()) if (r.done === true) return r.value;
  }

  /** Runs one statement now (the golden tests feed statements block by block). */
  execute(s: Statement): StepReport {
    const from = this.sim.position;
    this.lines = [];
    let extra: Partial<StepReport>;
    try {
      if (s.when !== undefined) this.moveTo(s.when.kind === 'at' ? s.when.ms : this.sim.time + s.when.ms, s.when.loc);
      extra = this.act(s);
    } catch (e) {
      if (!(e instanceof ScenarioError) && !(e instanceof StepFailure)) throw e;
      const located = e instanceof ScenarioError ? e.message : `${s.loc.line}:${s.loc.column}: ${e.message}`;
      extra = { failure: `${located} (at ${this.sim.time}ms, event ${this.sim.position})\n--- trace tail ---\n${traceTail(this.sim)}` };
    }
    return { statement: s, from, to: this.sim.position, time: this.sim.time, lines: this.lines, ...extra };
  }

  private act(s: Statement): Partial<StepReport> {
    const a = s.action;
    switch (a.kind) {
      case 'say':
        return { caption: a.text };
      case 'mark':
        return { mark: { name: a.text, line: s.loc.line, position: this.sim.position, time: this.sim.time } };
      case 'run':
        if (a.absolute && a.ms < this.sim.time) throw new StepFailure(`run until ${a.ms}ms, but the run is already at ${this.sim.time}ms`);
        this.advance(a.absolute ? a.ms : this.sim.time + a.ms);
        return {};
      case 'step':
        for (let i = 0; i < a.count && this.sim.step(); i++) this.watchers.fire();
        return {};
      case 'wait': {
        const verdict = this.waitFor(s, a.within ?? DEFAULT_WAIT_MS);
        if (!verdict.ok) throw new StepFailure(`wait until ${s.source.replace(/^.*?until\s+/, '')}: not within ${a.within ?? DEFAULT_WAIT_MS}ms${a.within === undefined ? ' (the default limit; add "within")' : ''}; saw ${verdict.saw}`);
        this.lines.push(`reached at ${this.sim.time}ms: ${verdict.saw}`);
        return {};
      }
      case 'expect':
        return { expectation: this.expect(s, a.within) };
      case 'message':
        this.watchers.add(a, s);
        return {};
      default:
        this.applyAll(this.interventions(s));
        return {};
    }
  }

  private interventions(s: Statement): Intervention[] {
    return interventionsOf(s.action, this.sim.view(0), s.loc);
  }

  /** Checks every intervention first, so a refused one applies none of them; then applies them. */
  private applyAll(list: readonly Intervention[]): void {
    for (const iv of list) {
      const refusal = this.sim.check(iv);
      if (refusal !== undefined) throw new StepFailure(`refused: ${refusal}`);
    }
    for (const iv of list) {
      const result = this.sim.apply(iv);
      for (const line of this.sim.lastExplanation()?.lines ?? []) this.lines.push(line.text);
      if (result.position !== undefined) this.lines.push(`the leader took it at (t${result.position.term}, i${result.position.index})`);
      if (result.refused !== undefined) this.lines.push(`refused: ${result.refused}`);
      this.watchers.fire();
    }
  }

  private moveTo(time: number, loc: Loc): void {
    if (time < this.sim.time) throw new ScenarioError(loc.line, loc.column, `at ${time}ms, but the run is already at ${this.sim.time}ms (time only moves forward)`);
    this.advance(time);
  }

  /** Processes every event up to `time` (watching messages), then sets the clock to it. */
  private advance(time: number, stop?: () => boolean): boolean {
    for (let n = 0; ; n++) {
      if (stop?.() === true) return true;
      const next = this.sim.nextEventTime();
      if (next === undefined || next > time) break;
      if (n > MAX_EVENTS_PER_STEP) throw new StepFailure(`more than ${MAX_EVENTS_PER_STEP} events without reaching ${time}ms`);
      this.sim.step();
      this.watchers.fire();
    }
    if (time > this.sim.time) this.sim.runUntil(time);
    return stop?.() ?? false;
  }

  private waitFor(s: Statement, within: number): Verdict {
    const a = s.action;
    if (a.kind !== 'wait' && a.kind !== 'expect') throw new Error('not a condition');
    let verdict: Verdict = evaluate(a.condition, presentOf(this.sim));
    this.advance(this.sim.time + within, () => (verdict = evaluate(a.condition, presentOf(this.sim))).ok);
    return verdict;
  }

  private expect(s: Statement, within: number | undefined): ExpectationResult {
    const a = s.action;
    if (a.kind !== 'expect') throw new Error('not an expectation');
    const verdict = within === undefined ? evaluate(a.condition, presentOf(this.sim)) : this.waitFor(s, within);
    const base = { line: s.loc.line, column: s.loc.column, source: s.source, ok: verdict.ok, saw: verdict.saw };
    this.lines.push(`${verdict.ok ? 'ok' : 'FAILED'}: ${verdict.saw}`);
    if (verdict.ok) return base;
    const detail = `${s.loc.line}:${s.loc.column}: expectation failed: ${s.source}\n  saw: ${verdict.saw} (at ${this.sim.time}ms, event ${this.sim.position})\n--- trace tail ---\n${traceTail(this.sim)}`;
    return { ...base, detail };
  }
}
