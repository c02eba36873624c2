/**
 * A scenario being played in the page: validated once, then advanced caption by caption (the
 * page pauses at each `say`) or run to the end. Headless and synchronous; the store owns one and
 * publishes its state.
 *
 * @module
 */
import type { Simulation } from '../sim/index.js';
import type { ScenarioError } from './lexer.js';
import { ScenarioRunner, type ExpectationResult, type Mark, type RunResult, type StepReport } from './runner.js';
import { validateScenario } from './validate.js';

export interface SessionState {
  /** Validation errors: when present, nothing ran. */
  readonly errors: readonly ScenarioError[];
  readonly steps: readonly StepReport[];
  /** The caption of the last `say` reached, if any. */
  readonly caption: string | undefined;
  readonly expectations: readonly ExpectationResult[];
  readonly marks: readonly Mark[];
  readonly failure: string | undefined;
  readonly done: boolean;
  /** The line of the next statement to run (for highlighting), if any. */
  readonly nextLine: number | undefined;
}

export class ScenarioSession {
  readonly sim: Simulation | undefined;
  private readonly iterator: Generator<StepReport, RunResult> | undefined;
  private readonly lines: readonly number[];
  private steps: StepReport[] = [];
  private result: RunResult | undefined;
  private readonly errors: readonly ScenarioError[];

  constructor(readonly text: string) {
    const v = validateScenario(text);
    if (!v.ok) {
      this.errors = v.errors;
      this.lines = [];
      return;
    }
    this.errors = [];
    const runner = new ScenarioRunner(v.program);
    this.sim = runner.sim;
    this.iterator = runner.steps();
    this.lines = v.program.statements.map((s) => s.loc.line);
  }

  /** Runs one statement; false when the scenario has ended. */
  step(): boolean {
    if (this.iterator === undefined || this.result !== undefined) return false;
    const r = this.iterator.next();
    if (r.done === true) {
      this.result = r.value;
      return false;
    }
    this.steps.push(r.value);
    return true;
  }

  /** Runs up to and including the next caption (or to the end). */
  nextCaption(): void {
    while (this.step()) if (this.steps.at(-1)?.caption !== undefined) return;
  }

  runToEnd(): void {
    while (this.step());
  }

  state(): SessionState {
    const expectations = this.steps.flatMap((s) => (s.expectation === undefined ? [] : [s.expectation]));
    const marks = this.steps.flatMap((s) => (s.mark === undefined ? [] : [s.mark]));
    const caption = [...this.steps].reverse().find((s) => s.caption !== undefined)?.caption;
    const failure = this.steps.find((s) => s.failure !== undefined)?.failure;
    const done = this.iterator === undefined || this.result !== undefined || failure !== undefined || this.steps.length >= this.lines.length;
    return { errors: this.errors, steps: this.steps, caption, expectations, marks, failure, done, nextLine: done ? undefined : this.lines[this.steps.length] };
  }
}
