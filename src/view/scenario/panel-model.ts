/**
 * What the scenario panel does, without React: load a script (validate, run it headless to the
 * end), hand the run to the visualizer's store, and find the events where captions and
 * expectations happen, so "next caption" is a seek.
 *
 * @module
 */
import type { Simulation } from '../../sim/index.js';
import type { ExpectationResult, StepReport } from '../../scenario/runner.js';
import { ScenarioSession } from '../../scenario/session.js';
import type { RaftStore } from '../../store/index.js';
import type { EditorError } from './ScenarioEditor.js';

export interface LoadedScenario {
  readonly text: string;
  readonly sim: Simulation;
  readonly steps: readonly StepReport[];
  readonly failure: string | undefined;
}

export type LoadResult = { readonly ok: true; readonly loaded: LoadedScenario } | { readonly ok: false; readonly errors: readonly EditorError[] };

/** Validates and runs `text` to its end (or its failure). Nothing runs if it does not validate. */
export function loadScenario(text: string): LoadResult {
  const session = new ScenarioSession(text);
  const first = session.state();
  if (first.errors.length > 0 || session.sim === undefined) return { ok: false, errors: first.errors.map((e) => ({ line: e.line, column: e.column, message: e.message })) };
  session.runToEnd();
  const s = session.state();
  return { ok: true, loaded: { text, sim: session.sim, steps: s.steps, failure: s.failure } };
}

/** The steps that show a caption, in order: "next caption" seeks to each one's end. */
export function captionSteps(steps: readonly StepReport[]): StepReport[] {
  return steps.filter((s) => s.caption !== undefined);
}

/** The expectations already checked at `position`. */
export function expectationsAt(steps: readonly StepReport[], position: number): ExpectationResult[] {
  return steps.flatMap((s) => (s.expectation !== undefined && s.to <= position ? [s.expectation] : []));
}

type Adopt = (sim: Simulation, note?: string) => void;

/**
 * Makes the store show `sim`: through `actions.adopt` when the store has it; otherwise by
 * rebuilding the same run in the store's own simulation (same parameters, each intervention at
 * its event), which gives the same events.
 */
export function showInStore(store: RaftStore, sim: Simulation, note?: string): void {
  const adopt = (store.actions as unknown as { adopt?: Adopt }).adopt;
  if (adopt !== undefined) return adopt(sim, note);
  store.actions.reset(sim.initialParams);
  const position = (): number => store.getState().frame.position;
  for (const entry of sim.interventions()) {
    while (position() < entry.at) store.actions.step();
    store.actions.intervene(entry.intervention);
  }
  while (position() < sim.frontier().events) store.actions.step();
}
