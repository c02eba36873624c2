/**
 * Import and export for the page's buttons and drag and drop: scenario files (`.raft` text) and
 * traces (the simulator's JSON). A dropped file is recognised by its content, not its name, and
 * either loads completely or is refused with a located error.
 *
 * @module
 */
import { exportTrace, importTrace, TraceError, traceToJson, type Simulation } from '../sim/index.js';
import { timelineToScenario } from './timeline.js';
import { formatErrors, validateScenario, type Program } from './validate.js';

export type Imported =
  | { readonly kind: 'scenario'; readonly text: string; readonly program: Program }
  | { readonly kind: 'trace'; readonly sim: Simulation }
  | { readonly kind: 'error'; readonly file: string; readonly message: string };

/** Reads a dropped or chosen file: a trace if it is a JSON object, otherwise a scenario. */
export function importFile(name: string, text: string): Imported {
  if (text.trimStart().startsWith('{')) {
    try {
      return { kind: 'trace', sim: importTrace(text) };
    } catch (e) {
      if (e instanceof TraceError) return { kind: 'error', file: name, message: `${name}: ${e.message}` };
      throw e;
    }
  }
  const v = validateScenario(text);
  if (!v.ok) return { kind: 'error', file: name, message: formatErrors(v.errors).replace(/^/gm, `${name}:`) };
  return { kind: 'scenario', text, program: v.program };
}

/** The timeline as a `.raft` scenario file. */
export function exportScenarioFile(sim: Simulation): { readonly name: string; readonly text: string } {
  return { name: `raftlab-seed${sim.initialParams.seed}.raft`, text: timelineToScenario(sim) };
}

/** The run as a trace JSON file. */
export function exportTraceFile(sim: Simulation): { readonly name: string; readonly text: string } {
  return { name: `raftlab-seed${sim.initialParams.seed}.trace.json`, text: traceToJson(exportTrace(sim)) };
}
