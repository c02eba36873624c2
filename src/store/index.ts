/**
 * The store layer: one zustand vanilla store per visualizer instance, its frames, selectors and
 * the door to the simulator.
 *
 * @module
 */
export { createRaftStore, PACED_MS, TRANSPORT_ERROR, type RaftStore, type RaftStoreOptions } from './raft-store.js';
export { FORGOTTEN_LIMIT, SEARCH_LIMIT, STEP_KIND_LABEL } from './step-kinds.js';
export * from './types.js';
export * from './selectors.js';
export * from './speed.js';
export { readStartParams, type StartParams } from './query.js';
export { MARKER, messageFields, timerOf, votesOf, type Marker, type MessageFields, type MessageKind, type SpaceTimeSlice, type TimerView } from './door.js';
export { MAX_EVENTS_PER_TICK } from './sim-host.js';
