/**
 * One raftlab store per visualizer instance: a zustand vanilla store that owns a Simulation in its
 * closure and publishes immutable frames of it plus the UI state. No React here, no module state:
 * two stores on a page never interact.
 *
 * @module
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { makeParams, type Intervention, type ParamsInput, type SimulationOptions } from '../sim/index.js';
import { SimHost } from './sim-host.js';
import { DEFAULT_SPEED, clampSpeed } from './speed.js';
import { notFoundMessage, stepToNext, stepToPrevious, type SearchResult } from './step-kinds.js';
import type { RaftActions, RaftQueries, RaftState, Scheduler, StepKind, UiState } from './types.js';

export interface RaftStoreOptions {
  readonly sim?: SimulationOptions;
  /** Drives playback (the view injects a requestAnimationFrame loop); none = play does nothing on its own. */
  readonly scheduler?: Scheduler;
  readonly speed?: number;
  readonly notices?: readonly string[];
}

/** While playing, `paced` is republished at most this often (wall-clock ms): 10 times a second. */
export const PACED_MS = 100;

/** The `ui.errors` key of the transport: "step to next / previous" saying it found nothing. */
export const TRANSPORT_ERROR = 'transport';

export type RaftStore = StoreApi<RaftState> & { readonly actions: RaftActions; readonly queries: RaftQueries };

function initialUi(options: RaftStoreOptions): UiState {
  return {
    playing: false,
    speed: clampSpeed(options.speed ?? DEFAULT_SPEED),
    selection: undefined,
    stepKind: 'message',
    filters: { nodes: [], kinds: [] },
    theme: 'system',
    errors: {},
    forked: undefined,
    notices: options.notices ?? [],
    alarm: undefined,
    helpOpen: false,
    caption: undefined,
    tab: 'log',
  };
}

/** Creates a store over a new Simulation of `params` (throws ParamsError on bad params). */
export function createRaftStore(params: ParamsInput = {}, options: RaftStoreOptions = {}): RaftStore {
  let generation = 1;
  let host = new SimHost(makeParams(params), options.sim, generation);
  const first = host.current();
  const store = createStore<RaftState>(() => ({ frame: first, paced: first, ui: initialUi(options) }));
  const scheduler = options.scheduler;
  /** Wall-clock ms of playback since `paced` was last republished. */
  let sincePaced = 0;

  const ui = (patch: Partial<UiState>): void => store.setState((s) => ({ ui: { ...s.ui, ...patch } }));
  /**
   * Publishes the present if it moved (the frame keeps its identity otherwise); `paced` follows
   * unless a playback tick published it less than PACED_MS ago.
   */
  const publish = (patch?: Partial<UiState>, fromTick = false): void => {
    const frame = host.current();
    const s = store.getState();
    const pace = !fromTick || sincePaced >= PACED_MS;
    if (frame === s.frame && patch === undefined && (!pace || s.paced === frame)) return;
    if (pace) sincePaced = 0;
    const later = fromTick && pace && scheduler?.afterFrame !== undefined;
    store.setState({ frame, paced: pace && !later ? frame : s.paced, ui: patch === undefined ? s.ui : { ...s.ui, ...patch } });
    if (later) scheduler?.afterFrame?.(catchUpPaced);
  };
  /** A deferred refresh of `paced`: to the frame of its moment (a step or seek may have come first). */
  const catchUpPaced = (): void => {
    const s = store.getState();
    if (s.paced !== s.frame) store.setState({ paced: s.frame });
  };
  /**
   * `patch` for a move of the present: a transport search's "found nothing" was about the present
   * it started from, so it goes (unless `patch` sets the errors itself).
   */
  const movePatch = (patch?: Partial<UiState>): Partial<UiState> | undefined => {
    const errors = store.getState().ui.errors;
    const stale = patch?.errors === undefined && TRANSPORT_ERROR in errors;
    return stale ? { ...patch, errors: withoutKey(errors, TRANSPORT_ERROR) } : patch;
  };
  /** After an exact move (step, seek): the playhead is the present. */
  const moved = (patch?: Partial<UiState>): void => {
    host.syncPlayhead();
    publish(movePatch(patch));
  };
  /**
   * Pauses on violation number `first` of those up to the present (the first one the move crossed)
   * and raises the banner, which names it; the view outlines its nodes and entries and the event
   * log jumps to its event.
   */
  const raiseAlarm = (first: number, patch?: Partial<UiState>): void => {
    const violations = host.sim.violations();
    scheduler?.stop();
    moved({ ...patch, playing: false, alarm: violations[first] ?? violations.at(-1) });
  };
  /**
   * After a move of the present that started with `before` violations up to it: the alarm if the
   * move crossed the event of one, new at the frontier or recorded in the history being replayed
   * (an adopted scenario run, a seek forward), as a live run pauses there. Going back crosses none.
   */
  const landed = (before: number, patch?: Partial<UiState>): void => {
    if (host.sim.violationCount() > before) raiseAlarm(before, patch);
    else moved(patch);
  };
  /** Runs a move of the present, then lands (see `landed`). */
  const stepGuarded = (run: () => unknown): void => {
    const before = host.sim.violationCount();
    run();
    landed(before);
  };
  /** A transport search: the present moved to the match, or stayed, with the reason next to the control. */
  const search = (direction: 'next' | 'previous', kind: StepKind): boolean => {
    const before = host.sim.violationCount();
    const r: SearchResult = direction === 'next' ? stepToNext(host.sim, kind) : stepToPrevious(host.sim, kind);
    if (r.found) landed(before);
    else moved({ errors: { ...store.getState().ui.errors, [TRANSPORT_ERROR]: notFoundMessage(kind, direction, r) } });
    return r.found;
  };

  const tick = (wallDtMs: number): void => {
    const s = store.getState().ui;
    if (!s.playing) return;
    // A long gap (tab hidden, debugger) must not run minutes of simulation at once.
    const dt = Math.min(wallDtMs, 250);
    sincePaced += wallDtMs;
    const before = host.sim.violationCount();
    if (host.advance((dt * s.speed) / 1000)) raiseAlarm(before);
    else publish(undefined, true);
  };

  const actions: RaftActions = {
    play() {
      if (store.getState().ui.playing) return;
      ui({ playing: true, errors: withoutKey(store.getState().ui.errors, TRANSPORT_ERROR) });
      scheduler?.start(tick);
    },
    pause() {
      scheduler?.stop();
      if (store.getState().ui.playing) publish({ playing: false });
    },
    togglePlay() {
      if (store.getState().ui.playing) actions.pause();
      else actions.play();
    },
    step() {
      stepGuarded(() => host.sim.step());
    },
    stepBack() {
      host.sim.seek(Math.max(1, host.sim.position - 1));
      moved();
    },
    stepToNext(kind?: StepKind) {
      return search('next', kind ?? store.getState().ui.stepKind);
    },
    stepToPrevious(kind?: StepKind) {
      return search('previous', kind ?? store.getState().ui.stepKind);
    },
    seek(index: number) {
      stepGuarded(() => host.sim.seek(Math.max(1, index)));
    },
    seekTime(time: number) {
      const before = host.sim.violationCount();
      host.sim.seek(Math.max(1, firstEventAfter(host, time)));
      host.syncPlayhead();
      if (time > host.sim.time && host.sim.position === host.sim.end) host.advance(time - host.sim.time);
      if (host.sim.violationCount() > before) raiseAlarm(before);
      else publish(movePatch());
    },
    advance(simMs: number) {
      const before = host.sim.violationCount();
      if (host.advance(simMs)) raiseAlarm(before);
      else publish(movePatch());
    },
    setSpeed(speed: number) {
      ui({ speed: clampSpeed(speed) });
    },
    setStepKind(stepKind: StepKind) {
      ui({ stepKind });
    },
    select(selection) {
      ui({ selection });
    },
    intervene(iv: Intervention, control = 'inspector') {
      return intervene(iv, control);
    },
    reset(next?: ParamsInput) {
      try {
        const merged = makeParams(next ?? host.sim.params);
        scheduler?.stop();
        host = new SimHost(merged, options.sim, ++generation);
        const s = store.getState().ui;
        const frame = host.current();
        store.setState({ frame, paced: frame, ui: { ...s, playing: false, selection: undefined, alarm: undefined, forked: undefined, errors: withoutKey(withoutKey(s.errors, 'settings'), TRANSPORT_ERROR) } });
        return undefined;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        actions.setError('settings', message);
        return message;
      }
    },
    adopt(sim, note) {
      scheduler?.stop();
      host = new SimHost(sim, options.sim, ++generation);
      const s = store.getState().ui;
      const notices = note === undefined ? s.notices : [...s.notices.filter((n) => n !== note), note];
      const frame = host.current();
      // A run handed over already past a violation (a scenario run, a trace, a link) alarms as a
      // live run would have; the present stays where the caller put it (a link's moment, say).
      const alarm = host.sim.violations()[0];
      store.setState({ frame, paced: frame, ui: { ...s, playing: false, selection: undefined, alarm, forked: undefined, errors: {}, notices } });
    },
    notify(message) {
      const notices = store.getState().ui.notices;
      if (!notices.includes(message)) ui({ notices: [...notices, message] });
    },
    setTheme: (theme) => ui({ theme }),
    setFilters: (filters) => ui({ filters }),
    setHelp: (helpOpen) => ui({ helpOpen }),
    setCaption: (caption) => ui({ caption }),
    setTab: (tab) => ui({ tab }),
    dismissAlarm: () => ui({ alarm: undefined }),
    clearForked: () => ui({ forked: undefined }),
    setError(control, message) {
      const errors = store.getState().ui.errors;
      if (message === undefined) {
        if (control in errors) ui({ errors: withoutKey(errors, control) });
      } else ui({ errors: { ...errors, [control]: message } });
    },
  };

  function intervene(iv: Intervention, control: string): string | undefined {
    const sim = host.sim;
    const refusal = sim.check(iv);
    if (refusal !== undefined) {
      actions.setError(control, refusal);
      return refusal;
    }
    const at = sim.position;
    const discarded = sim.end - sim.position;
    const before = sim.violationCount();
    const result = sim.apply(iv);
    // A proposal the core refused is recorded (it happened) but the user should see why.
    const refused = result.refused === undefined ? undefined : `Recorded, but refused: ${result.refused}`;
    const kept = withoutKey(store.getState().ui.errors, TRANSPORT_ERROR);
    const errors = refused === undefined ? withoutKey(kept, control) : { ...kept, [control]: refused };
    const forked = discarded > 0 ? `You acted at event #${at}, in the past: the timeline forked and the ${discarded} recorded events after it were discarded.` : store.getState().ui.forked;
    if (sim.violationCount() > before) raiseAlarm(before, { errors, forked });
    else moved({ errors, forked });
    return refused;
  }

  const queries: RaftQueries = {
    history: {
      get end() {
        return host.sim.end;
      },
      interventions: () => host.sim.interventions(),
      explainRange: (from, to, visit) => host.sim.explainRange(from, to, visit),
    },
    summaryAt: (index) => host.sim.event(index),
    explainRange: (from, to, visit) => host.sim.explainRange(from, to, visit),
    spaceTime: (fromTime, toTime) => host.sim.spaceTime(fromTime, toTime),
    dropped: (fromTime, toTime) => host.sim.dropped(fromTime, toTime),
    check: (iv) => host.sim.check(iv),
  };

  return Object.assign(store, { actions, queries });
}

function withoutKey(errors: Readonly<Record<string, string>>, key: string): Readonly<Record<string, string>> {
  if (!(key in errors)) return errors;
  const copy = { ...errors };
  delete copy[key];
  return copy;
}

/**
 * The number of recorded events with time <= `time` (binary search; times never decrease). The
 * search starts at the simulation's historyStart: the times of older events are forgotten, so a
 * time before it lands there.
 */
function firstEventAfter(host: SimHost, time: number): number {
  let lo = host.sim.historyStart;
  let hi = host.sim.end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((host.sim.event(mid)?.time ?? Infinity) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
