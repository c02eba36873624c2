/**
 * The shapes a raftlab store publishes: an immutable frame of the simulation's present and the UI
 * state around it. Both are replaced, never mutated, so subscribers notice changes by identity.
 *
 * @module
 */
import type { ClusterView, Explanation, ParamsInput, SimParams, Simulation, Violation, Intervention, EventSummary, TimelineEntry } from '../sim/index.js';
import type { NodeId } from '../raft/index.js';
import type { Marker, SpaceTimeSlice } from './door.js';

/** What the present looks like; a new object whenever the simulation moved. */
export interface Frame {
  /** Increases by one on every published frame of this store. */
  readonly serial: number;
  /** Which simulation of this store (a reset starts a new one). */
  readonly generation: number;
  /**
   * The cluster; the same object until something in it changes (an event), so panels re-render
   * per event, not per animation frame. Its `time` is that of the last change; see `time`/`now`.
   */
  readonly view: ClusterView;
  /** Events processed up to the present (the index of the next event). */
  readonly position: number;
  /** Events recorded (the frontier). */
  readonly end: number;
  /**
   * The first event whose detail (summary, markers, message arrows) the simulation still keeps: 0
   * until a long run passes its historyLimit. Seeking and acting before it still work (by replay).
   */
  readonly historyStart: number;
  /** Simulated time of the present (ms). */
  readonly time: number;
  /** The playhead for drawing (ms, >= time while playing between events). */
  readonly now: number;
  readonly explanation: Explanation | undefined;
  readonly violations: readonly Violation[];
  readonly markers: readonly Marker[];
  readonly params: SimParams;
}

/** What the inspector shows. */
export type Selection = { readonly kind: 'node'; readonly id: NodeId } | { readonly kind: 'message'; readonly id: number };

/** The kinds "step to next/previous" can look for. */
export type StepKind = 'message' | 'timeout' | 'stateChange' | 'commit';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** The phone layout's tabs. */
export type PhoneTab = 'log' | 'events' | 'spacetime' | 'inspector';

export interface UiState {
  readonly playing: boolean;
  /** Simulated milliseconds per wall-clock second. */
  readonly speed: number;
  readonly selection: Selection | undefined;
  readonly stepKind: StepKind;
  readonly filters: { readonly nodes: readonly NodeId[]; readonly kinds: readonly string[] };
  readonly theme: ThemeChoice;
  /**
   * The last error per control (e.g. 'inspector', 'network', 'settings', 'keyboard'; 'transport':
   * a step to the next / previous event of a kind that found none, until the present next moves).
   */
  readonly errors: Readonly<Record<string, string>>;
  /** Set when acting in the past discarded the recorded future. */
  readonly forked: string | undefined;
  /** Messages about the start (bad query parameters) and similar. */
  readonly notices: readonly string[];
  /**
   * The violation that paused the run, until dismissed: raised when the present moves forward
   * across a violation's event (live, or replaying recorded history) or is handed over past one.
   */
  readonly alarm: Violation | undefined;
  readonly helpOpen: boolean;
  /** A scenario's caption (`say "…"`) shown over the cluster while stepping through it. */
  readonly caption: string | undefined;
  readonly tab: PhoneTab;
}

export interface RaftState {
  /** The present, republished on every animation frame that moved it (the cluster ring follows this). */
  readonly frame: Frame;
  /**
   * The present for panels that need not follow every animation frame (log grid, inspector,
   * network, event log, space-time, timeline): the same object as `frame`, except while playing,
   * when it is refreshed at most every PACED_MS of wall-clock time (in a task after the frame when
   * the scheduler has `afterFrame`). Paused, every step, seek,
   * intervention, reset and the pause itself publish it at once, so it is exact whenever the user
   * looks closely. Subscribing to `paced.view` instead of `frame.view` keeps a panel from
   * re-rendering on every event while hundreds of messages fly.
   */
  readonly paced: Frame;
  readonly ui: UiState;
}

/** Drives playback: calls `tick` with the wall-clock milliseconds since the previous call. */
export interface Scheduler {
  start(tick: (wallDtMs: number) => void): void;
  stop(): void;
  /**
   * Runs `task` soon, in a task of its own after the current frame (optional). With it, a
   * playback tick's refresh of `paced` (which re-renders the panels) runs there instead of inside
   * the animation frame that moves the ring, so the two do not add up to a missed frame.
   */
  afterFrame?(task: () => void): void;
}

export interface RaftActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Runs exactly one event. */
  step(): void;
  /** Goes back exactly one event. */
  stepBack(): void;
  /**
   * Runs until an event of `kind` happened (at most SEARCH_LIMIT events; replaying recorded
   * history, running on at the frontier). False if none came: the present stays where it was and
   * ui.errors.transport says so.
   */
  stepToNext(kind?: StepKind): boolean;
  /** Goes back to just after the previous event of `kind`; false if none (as stepToNext). */
  stepToPrevious(kind?: StepKind): boolean;
  seek(index: number): void;
  seekTime(time: number): void;
  /** Advances simulated time by `simMs` (what one playback tick does). */
  advance(simMs: number): void;
  setSpeed(speed: number): void;
  setStepKind(kind: StepKind): void;
  select(selection: Selection | undefined): void;
  /** Applies an intervention; returns the refusal (stored under `control`), undefined if applied. */
  intervene(iv: Intervention, control?: string): string | undefined;
  /** A new simulation from `params`; returns the error (stored under 'settings'), undefined if done. */
  reset(params?: ParamsInput): string | undefined;
  /**
   * Replaces the instance's simulation with one built elsewhere (a scenario run, a share link):
   * pauses, clears selection, alarm, fork notice and errors, starts a new generation and publishes
   * its present. If violations were recorded up to that present, the alarm names the first (the
   * present stays). `note`, if given, is shown as a notice (e.g. "Opened a shared link").
   */
  adopt(sim: Simulation, note?: string): void;
  /** Shows `message` as a page notice (once). */
  notify(message: string): void;
  setTheme(theme: ThemeChoice): void;
  setFilters(filters: UiState['filters']): void;
  setHelp(open: boolean): void;
  /** Shows a scenario caption over the cluster (undefined hides it). */
  setCaption(caption: string | undefined): void;
  setTab(tab: PhoneTab): void;
  dismissAlarm(): void;
  clearForked(): void;
  setError(control: string, message: string | undefined): void;
}

/** Reads from the simulation that are not part of a frame (too large to publish). */
export interface RaftQueries {
  /** The current simulation's history, for the event log's explanation cache. */
  readonly history: {
    readonly end: number;
    interventions(): readonly TimelineEntry[];
    explainRange(from: number, to: number, visit: (e: Explanation) => void): void;
  };
  summaryAt(index: number): EventSummary | undefined;
  explainRange(from: number, to: number, visit: (e: Explanation) => void): void;
  spaceTime(fromTime: number, toTime: number): SpaceTimeSlice;
  /** The messages of `spaceTime(fromTime, toTime)` lost on the wire (fate `dropped`), alone and cheaply. */
  dropped(fromTime: number, toTime: number): SpaceTimeSlice['messages'];
  /** Why `iv` would be refused now (the simulator's own words), or undefined: controls that cannot apply are disabled with it. */
  check(iv: Intervention): string | undefined;
}
