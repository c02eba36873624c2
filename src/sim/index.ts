/**
 * raftlab's deterministic discrete-event simulator: several core `Node`s behind a fake network,
 * with a seeded PRNG, a virtual clock, an event queue ordered by (time, seq), simulated storage,
 * a live invariant checker, explanations of every event, traces, and time travel.
 *
 * It runs unchanged in Node, on a browser's main thread and in a Web Worker: no wall clock, no
 * Node-only API, no global state (several simulations can share a page).
 *
 * @module
 */
export type { CheckerHost, InvariantId, Violation } from './checker/host.js';
export { TITLES as INVARIANT_TITLES } from './checker/format.js';
export { describeConfig, describeDecision, describeEntry, describeMessage, describeNote, describePayload, fmtNode, fmtPos } from './describe.js';
export { applyIntervention, InterventionError, interventionRefusal, validateIntervention, type Intervention, type InterventionKind, type MembershipChange } from './engine/interventions.js';
export { applyKv, formatKv, isKvError, parseKv, type KvCommand, type KvError, type KvState } from './engine/kv.js';
export type { LinkFault } from './engine/network.js';
export { DEFAULT_PARAMS, DEFAULT_TIMING, makeParams, MAX_NODES, MUTATIONS, STORAGE_MUTATIONS, TIMING_FIELDS, ParamsError, type Mutation, type ParamsInput, type SimParams, type StorageMutation, type Timing } from './engine/params.js';
export { Prng } from './engine/prng.js';
export type { Explanation, ExplanationLine } from './engine/recorder.js';
export { MARKER, type EventSummary, type Marker, type MarkerName } from './history/history.js';
export type { BandRole, CommitTick, MessageKind, RoleBand, SpaceTimeMessage, SpaceTimeSlice } from './history/spacetime.js';
export type { ApplyResult } from './simulation-values.js';
export { Simulation, type FrontierSummary, type SimulationOptions, type TimelineEntry } from './simulation.js';
export { describeViolation, ExpectationError, TestSim } from './testing/test-sim.js';
export { canonicalJson, exportTrace, fnv1a64, traceToJson, TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceEvent } from './trace/trace.js';
export { importTrace, TraceError } from './trace/import.js';
export type { ClusterView, DurableView, EntryView, MessageView, NodeView, ProgressView, ProposalView, TimerView } from './view.js';
export type { EventKind, InFlight, Note, Payload } from './engine/world.js';
export { EVENT_KINDS, INTERVENTION_KINDS, MEMBERSHIP_CHANGES } from './engine/world-types.js';
