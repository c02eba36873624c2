/**
 * raftlab's scenario language: parse → validate → run, headless. Scripts drive a `Simulation`
 * through its public API; presets, share links, timelines saved as scenarios and compare mode
 * build on it.
 *
 * @module
 */
export type * from './ast.js';
export { ScenarioError, type Loc } from './lexer.js';
export { parseScenario, COMMANDS, type ParseResult } from './parse.js';
export { validateScenario, formatErrors, type Program, type Validation } from './validate.js';
export { ScenarioRunner, DEFAULT_WAIT_MS, type ExpectationResult, type Mark, type RunResult, type StepReport } from './runner.js';
export { describeCluster, describeNode, describeExplanation, explainEvents, traceTail } from './print.js';
export { timelineToScenario, interventionText } from './timeline.js';
export { decodeLink, encodeLink, isShareLink, LinkError, LINK_KEY, LINK_VERSION, momentOfScenario, momentOfSimulation, openLink, openLinkOrThrow, type SharedMoment, type SharedSource } from './link.js';
export { compareScenario, variantParams, type Comparison, type CompareSide, type Divergence, type Variant } from './compare.js';
export { PRESETS, findPreset, type Preset } from './presets/index.js';
export { describeOutcome, describeStep } from './report.js';
export { parseDataDriven, rewriteDataDriven, type Block } from './datadriven.js';
export { exportScenarioFile, exportTraceFile, importFile, type Imported } from './files.js';
export { ScenarioSession, type SessionState } from './session.js';
