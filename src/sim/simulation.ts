/**
 * The simulator's one door: a `Simulation` with a timeline. Step one event at a time, run until a
 * time or a condition, intervene, seek to any past event exactly, and fork by acting in the past.
 *
 * **The frontier and the past.** The timeline is the initial parameters plus the interventions,
 * each at the event index where it was applied; everything else is derived by deterministic
 * replay. The *frontier* is the newest event ever computed (`end`); the *present* is where the
 * user stands (`position`, `time`). There are two clocks: the present world's clock (`time`) and
 * the frontier's (`frontier().time`, which `runUntil` may carry past the last event). At the
 * frontier the observers are attached to the live world: the invariant checker, the explanation
 * recorder, and the history tracker that records per-event flags, message spans, role changes and
 * commit ticks in flat columns (so markers and space-time slices never replay). Seeking restores
 * the nearest checkpoint (a cloned world and its timers, every `checkpointEvery` events for the
 * most recent 32 × `checkpointEvery` events, every 8 × `checkpointEvery` before: see
 * `history/checkpoints.ts`) and replays from it with only a light tracker attached. When the
 * present reaches the frontier again the observers are re-attached to the replayed world, which is
 * identical to the one they saw. Acting in the past forks: the recorded future is discarded
 * (history columns truncated), the checker — which saw that future — is rolled back through its
 * undo journal to its latest mark at or before the present (marks are taken every `MARK_EVERY`
 * checkpoints and thinned like them) and replays from there to the present, and the observers
 * re-attach there. So a seek replays at most 8 × `checkpointEvery` events and a fork as many
 * with the checker attached, wherever they happen.
 *
 * **Values.** Everything returned is a fresh or frozen value that later calls never change, and
 * `revision` increases whenever the present or the timeline changes, so a UI store can publish a
 * frame only when something moved and compare parts by identity (`view()` shares structure).
 *
 * @module
 */
import type { CommitStatus, LogPosition } from '../raft/index.js';
import { CheckerObserver } from './checker/observer.js';
import type { Violation } from './checker/host.js';
import { isInterventionKind, type EventLog, type EventSummary, type Marker } from './history/history.js';
import type { Present, SpaceTimeMessage, SpaceTimeSlice } from './history/spacetime.js';
import { Recording } from './history/recording.js';
import { Timeline, type TimelineEntry } from './history/timeline.js';
import { NodeTrack, Tracker } from './history/tracker.js';
import { applyIntervention, InterventionError, validateIntervention, type Intervention } from './engine/interventions.js';
import { makeParams, ParamsError, type ParamsInput, type SimParams } from './engine/params.js';
import { Observers, Recorder, type Explanation } from './engine/recorder.js';
import {
  commitStatusIn, currentParams, deepFreeze, frozenExplanation, frozenIntervention, frozenViolation, proposalOutcome, proposalViews,
  type ApplyResult, type ProposalRecord,
} from './simulation-values.js';
import { viewOf, type ClusterView, type MessageView } from './view.js';
import { share } from './view-share.js';
import { World, type WorldObserver } from './engine/world.js';
import type { InFlight } from './engine/world-types.js';

export type { ApplyResult } from './simulation-values.js';
export type { EventSummary, Marker } from './history/history.js';
export type { TimelineEntry } from './history/timeline.js';

/** How a simulation runs. */
export interface SimulationOptions {
  /** Run the invariant checker at the frontier (default true). */
  readonly checks?: boolean;
  /** Keep the explanation of the latest event (default true). */
  readonly explain?: boolean;
  /** Events between recent checkpoints (default 256; older history keeps one per 8 × this many events). */
  readonly checkpointEvery?: number;
  /**
   * How many of the most recent events keep their per-event detail (default 500,000; at least 1).
   * Beyond it the oldest detail is forgotten in chunks of 4,096 events (event summaries, markers,
   * message spans and commit ticks), and the checkpoints and checker marks there are thinned to
   * one per 256 × `checkpointEvery` events (65,536 by default). The timeline (the seed and every
   * intervention: the trace) stays complete, and so does what grows per intervention or per
   * election rather than per event (proposals, role changes, refused votes), so `view()` is the
   * same anywhere and `exportTrace`, exact replay and seeking anywhere still work: before
   * `historyStart`, `event()` is undefined, `markers()` and `spaceTime()` hold nothing, and a seek
   * replays from the nearest kept checkpoint (up to 65,535 events). So a run's history stays
   * bounded however long it plays (see the README).
   */
  readonly historyLimit?: number;
}

const NOTHING: ApplyResult = Object.freeze({});

/** What the space-time history needs to know of the present. */
function presentOf(w: World): Present {
  return { position: w.events, time: w.now, nextItemId: w.nextItemId, inFlight: w.inFlight };
}

/** The frontier: how far the run was computed, its clock, and every violation found. */
export interface FrontierSummary {
  readonly events: number;
  readonly time: number;
  readonly violations: readonly Violation[];
}

/**
 * A deterministic simulated Raft cluster with a timeline: the only object a UI needs. Mutating
 * calls (`step`, `run*`, `seek`, `apply`, `advanceClock`) validate first and change nothing when
 * they refuse; reading calls return fresh or frozen values.
 */
/** The key of `Simulation`'s internal accessor to its present world (not exported by the index). */
export const PRESENT_WORLD = Symbol('raftlab.presentWorld');

export class Simulation {
  private readonly initial: SimParams;
  private world: World;
  private readonly options: Required<SimulationOptions>;
  private readonly timeline = new Timeline();
  /** Per-event columns, space-time log, checkpoints, checker marks (see `Recording`). */
  private readonly history: Recording;
  private readonly events: EventLog;
  private readonly proposalLog: ProposalRecord[] = [];
  private checker: CheckerObserver | undefined;
  private readonly recorder: Recorder;
  private tracker: Tracker;
  /** The track of the present world (the tracker's own at the frontier). */
  private present: NodeTrack;
  /** The simulated time at the frontier (may pass the last event's time by `runUntil`). */
  private endTime = 0;
  private explained: Explanation | undefined;
  private rev = 0;
  private readonly cache: {
    params?: { readonly source: World['params']; readonly loss: number; readonly duplicate: number; readonly value: SimParams };
    violations: Violation[];
    visible?: { readonly count: number; readonly position: number; readonly value: readonly Violation[] };
    explanation?: Explanation;
    view?: { readonly revision: number; readonly tail: number; readonly value: ClusterView };
  } = { violations: [] };
  /** The message views last published, by in-flight item (see ViewContext.messageViews). */
  private readonly messageViews = new WeakMap<InFlight, MessageView>();

  constructor(params: ParamsInput = {}, options: SimulationOptions = {}) {
    this.initial = deepFreeze(makeParams(params));
    this.options = { checks: options.checks ?? true, explain: options.explain ?? true, checkpointEvery: options.checkpointEvery ?? 256, historyLimit: options.historyLimit ?? 500_000 };
    for (const key of ['checkpointEvery', 'historyLimit'] as const) {
      const value = this.options[key];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${key}: expected a whole number of events ≥ 1, got ${String(value)}`);
    }
    this.recorder = new Recorder(() => this.world.now);
    this.world = World.create(this.initial);
    this.present = new NodeTrack();
    this.history = new Recording(this.options.checkpointEvery, this.options.historyLimit);
    this.events = this.history.events;
    this.checker = this.options.checks ? new CheckerObserver(this.world, true) : undefined;
    this.history.afterEvent(this.world, this.present, this.checker);
    this.tracker = this.frontierTracker();
    this.attachFrontier();
    this.world.bootstrap();
    this.afterFrontierEvent();
  }

  // ---- Reading the present -------------------------------------------------------------------

  /** Increases on every change of the present or of the timeline. */
  get revision(): number {
    return this.rev;
  }
  /** Events processed up to the present (the index of the next event). */
  get position(): number {
    return this.world.events;
  }
  /** Events recorded so far (the frontier). */
  get end(): number {
    return this.events.length;
  }
  /**
   * The first event whose detail is kept (0 until the run passes `historyLimit` events): `event()`,
   * `markers()` and `spaceTime()` know nothing before it; seeking and acting there still work.
   */
  get historyStart(): number {
    return this.events.start;
  }
  /** The present simulated time in milliseconds. */
  get time(): number {
    return this.world.now;
  }
  /** The parameters in force at the present: timing, cap and fault interventions included. Frozen. */
  get params(): SimParams {
    const w = this.world;
    const c = this.cache.params;
    if (c?.source === w.params && c.loss === w.net.loss && c.duplicate === w.net.duplicate) return c.value;
    const value = currentParams(w);
    this.cache.params = { source: w.params, loss: w.net.loss, duplicate: w.net.duplicate, value };
    return value;
  }
  /** The parameters the run started with (what a trace records). Frozen. */
  get initialParams(): SimParams {
    return this.initial;
  }
  /** The interventions so far, in order (a frozen array of frozen entries). */
  interventions(): readonly TimelineEntry[] {
    return this.timeline.list();
  }
  /** Violations detected up to the present (frozen). */
  violations(): readonly Violation[] {
    const all = this.frozenViolations();
    const c = this.cache.visible;
    if (c?.count === all.length && c.position === this.position) return c.value;
    const value = Object.freeze(this.position === this.end ? [...all] : all.filter((v) => v.eventIndex < this.position));
    this.cache.visible = { count: all.length, position: this.position, value };
    return value;
  }
  /** How many violations were detected up to the present. */
  violationCount(): number {
    return this.violations().length;
  }
  /** The frontier's event count, clock and violations, without moving the present. */
  frontier(): FrontierSummary {
    return Object.freeze({ events: this.end, time: this.endTime, violations: Object.freeze([...this.frozenViolations()]) });
  }
  /** The time of the next event, if any is scheduled (or recorded, when in the past). */
  nextEventTime(): number | undefined {
    return this.nextTime();
  }
  /** What the last processed event did (frozen). */
  lastExplanation(): Explanation | undefined {
    if (this.position === 0) return undefined;
    const index = this.position - 1;
    if (this.cache.explanation?.index === index) return this.cache.explanation;
    const raw = this.explained?.index === index && this.position === this.end ? this.explained : this.explain(index);
    this.cache.explanation = frozenExplanation(raw);
    return this.cache.explanation;
  }
  /** The compact record of event `index` (frozen). */
  event(index: number): EventSummary | undefined {
    return this.events.summary(index, (i) => this.timeline.at(i)?.intervention.kind);
  }
  /** Events in [from, to) that carry a marker flag (see `MARKER`), from the frontier's record: no replay. */
  markers(from = 0, to = this.end): readonly Marker[] {
    return Object.freeze(this.events.markers(from, to));
  }
  /**
   * Message arrows, role bands and commit ticks between two simulated times, up to the present.
   * Arrows are in the order the messages were sent: those put on the wire by in-flight id, and
   * among them those the network lost as they were sent (no in-flight id; see `SpaceTimeMessage.id`).
   */
  spaceTime(fromTime: number, toTime: number): SpaceTimeSlice {
    return this.history.spaceTime.slice(this.events, presentOf(this.world), fromTime, toTime);
  }
  /**
   * The messages of `spaceTime(fromTime, toTime)` whose fate is `dropped`, in its order, without
   * building the rest of the slice (for drop marks, asked for often; drops are rare).
   */
  dropped(fromTime: number, toTime: number): readonly SpaceTimeMessage[] {
    return this.history.spaceTime.dropped(this.events, presentOf(this.world), fromTime, toTime);
  }
  /**
   * The status of the entry proposed at `position`, at the present: what the best-informed running
   * node knows (see `commitStatusIn`); `Unknown` when no node is up.
   */
  commitStatus(position: LogPosition): CommitStatus {
    return commitStatusIn(this.world, position);
  }
  /** The cluster at the present; unchanged parts keep their identity between calls. */
  view(logTail = 64): ClusterView {
    const c = this.cache.view;
    if (c?.revision === this.rev && c.tail === logTail) return c.value;
    const proposals = proposalViews(this.proposalLog, this.position, this.world);
    const messageViews = this.messageViews;
    const raw = viewOf(this.world, { track: this.present, spaceTime: this.history.spaceTime, params: this.params, proposals, messageViews }, logTail);
    const value = share(c?.value, raw);
    for (const m of value.inFlight) {
      const item = this.world.inFlight.get(m.id);
      if (item !== undefined) messageViews.set(item, m);
    }
    this.cache.view = { revision: this.rev, tail: logTail, value };
    return value;
  }
  /**
   * The present world, for the fuzzer and white-box tests only (read-only use). Keyed by a symbol
   * that `src/sim/index.ts` does not export, so nothing outside the simulator is handed a `World`.
   */
  [PRESENT_WORLD](): World {
    return this.world;
  }

  // ---- Moving forward ------------------------------------------------------------------------

  /** Processes one event; false if nothing is scheduled. */
  step(): boolean {
    if (this.position < this.end) {
      this.timeline.replayOne(this.world);
      this.rev++;
      if (this.position === this.end) this.arriveAtFrontier();
      return true;
    }
    if (!this.world.step()) return false;
    this.rev++;
    this.afterFrontierEvent();
    return true;
  }

  /**
   * Runs every event up to and including `time`, then sets the clock to `time`. Simulated time is
   * whole milliseconds (timers and delays are integers), so a fractional `time` (a playback loop's
   * wall-dt × speed) is floored: interventions made afterwards land on a whole millisecond and the
   * trace stays readable and identical however the frames fell.
   */
  runUntil(until: number): this {
    const time = Math.floor(until);
    for (let next = this.nextTime(); next !== undefined && next <= time; next = this.nextTime()) this.step();
    if (this.position === this.end && time > this.world.now) {
      this.world.now = time;
      this.endTime = time;
      this.rev++;
    }
    return this;
  }

  /** Runs for `ms` of simulated time. */
  runFor(ms: number): this {
    return this.runUntil(this.time + ms);
  }

  /** Steps until `condition` holds (checked after each event); false if `maxEvents` ran out first. */
  runUntilCondition(condition: (sim: this) => boolean, maxEvents = 1_000_000): boolean {
    for (let i = 0; i < maxEvents; i++) {
      if (condition(this)) return true;
      if (!this.step()) return condition(this);
    }
    return condition(this);
  }

  /**
   * Moves the clock of the frontier forward to `time` without processing events (as `runUntil`
   * does when nothing is scheduled before `time`). False, changing nothing, if an event is due
   * before `time` or the present is not the frontier. A fractional `time` is floored (see `runUntil`).
   */
  advanceClock(to: number): boolean {
    const time = Math.floor(to);
    const next = this.nextTime();
    if (this.position < this.end || time < this.world.now || (next !== undefined && next < time)) return false;
    if (time !== this.world.now) this.rev++;
    this.world.now = time;
    this.endTime = time;
    return true;
  }

  /** Calls `visit` with the explanation of every event in [from, to), replaying once on a copy. */
  explainRange(from: number, to: number, visit: (e: Explanation) => void): void {
    const world = this.history.checkpoints.before(from).world.clone();
    while (world.events < from) this.timeline.replayOne(world);
    const recorder = new Recorder(() => world.now, visit);
    world.observe(recorder, recorder);
    while (world.events < Math.min(to, this.end)) this.timeline.replayOne(world);
  }

  private nextTime(): number | undefined {
    if (this.position >= this.end) return this.world.nextEventTime();
    if (this.position >= this.events.start) return this.events.time(this.position);
    // Detail forgotten: the replayed world (or the timeline) knows what comes next.
    if (this.position === 0) return this.world.now;
    return this.timeline.at(this.position)?.time ?? this.world.nextEventTime();
  }

  // ---- Interventions -------------------------------------------------------------------------

  /** The refusal message `apply(iv)` would throw, or undefined if it would apply. No side effect. */
  check(iv: Intervention): string | undefined {
    if (typeof iv !== 'object' || iv === null || typeof iv.kind !== 'string' || !isInterventionKind(iv.kind)) {
      return `not an intervention: ${JSON.stringify(iv)?.slice(0, 80) ?? String(iv)}`;
    }
    try {
      // The copy `apply` records (undefined fields dropped), so both judge the same intervention.
      validateIntervention(this.world, frozenIntervention(iv));
      return undefined;
    } catch (e) {
      if (e instanceof InterventionError || e instanceof ParamsError) return e.message;
      return `malformed ${iv.kind} intervention: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /**
   * Applies an intervention now, as one event. Validates first: on refusal it throws
   * `InterventionError` and changes nothing, in the past as at the frontier. Acting in the past
   * forks: the recorded future is discarded. A proposal returns its log position or why it was refused.
   */
  apply(intervention: Intervention): ApplyResult {
    // In the past, validate before forking; at the frontier `applyIntervention` validates before it changes anything.
    const inPast = this.position < this.end;
    const refusal = inPast || !isInterventionKind(intervention?.kind) ? this.check(intervention) : undefined;
    if (refusal !== undefined) throw new InterventionError(refusal);
    const iv = frozenIntervention(intervention);
    if (inPast) this.fork();
    const entry: TimelineEntry = Object.freeze({ at: this.position, time: this.world.now, intervention: iv });
    const result = this.applyNow(iv);
    this.timeline.push(entry);
    this.rev++;
    this.afterFrontierEvent();
    if (iv.kind !== 'propose' && iv.kind !== 'membership') return NOTHING;
    const node = this.events.node(entry.at);
    const outcome = proposalOutcome(result.promise, node);
    if (iv.kind === 'propose') this.proposalLog.push({ at: entry.at, time: entry.time, command: iv.command, node, position: outcome.position });
    return outcome;
  }

  /** Applies a valid-looking intervention at the frontier; a refusal is an `InterventionError`, with nothing changed. */
  private applyNow(iv: Intervention): ReturnType<typeof applyIntervention> {
    try {
      return applyIntervention(this.world, iv);
    } catch (e) {
      if (e instanceof InterventionError) throw e;
      // A malformed intervention fails inside validation, before anything changed: say so.
      const refusal = this.check(iv);
      throw refusal === undefined ? e : new InterventionError(refusal);
    }
  }

  /**
   * Discards the recorded events after the present, as acting in the past does, without acting:
   * for a look ahead that found nothing (the store's "step to next of a kind"), so the run it
   * simulated to look does not stay behind as a recorded future the user never saw.
   */
  discardFuture(): void {
    if (this.position < this.end) this.fork();
  }

  /** Discards the future after the present, truncates the history and rebuilds the checker up to it. */
  private fork(): void {
    const at = this.position;
    this.history.truncate(at, this.world.nextItemId);
    this.timeline.truncate(at);
    while (this.proposalLog.length > 0 && (this.proposalLog.at(-1) as ProposalRecord).at >= at) this.proposalLog.pop();
    this.cache.visible = undefined;
    this.cache.explanation = undefined;
    this.endTime = this.world.now;
    if (this.checker !== undefined) {
      this.world = this.history.rebuildChecker(this.checker, at, this.timeline);
      this.world.now = this.endTime;
    }
    this.cache.violations = [];
    this.tracker = this.frontierTracker();
    this.attachFrontier();
  }

  // ---- Seeking -------------------------------------------------------------------------------

  /** Moves the present to just after event `index - 1` (so `position === index`), exactly. */
  seek(index: number): void {
    const target = Math.max(0, Math.min(Math.floor(index), this.end));
    if (target === this.position || Number.isNaN(target)) return;
    const checkpoint = this.history.checkpoints.before(target);
    const useCurrent = this.position < this.end && this.position <= target && checkpoint.world.events <= this.position;
    const world = useCurrent ? this.world : checkpoint.world.clone();
    const track = useCurrent ? this.present : NodeTrack.restore(world, checkpoint.track);
    world.observe(new Tracker(track, world));
    while (world.events < target) this.timeline.replayOne(world);
    this.world = world;
    this.present = track;
    this.rev++;
    if (target === this.end) this.arriveAtFrontier();
  }

  /** The full explanation of event `index`, by replaying it with a recorder attached (frozen). */
  explain(index: number): Explanation {
    if (!(index >= 0 && index < this.end)) throw new RangeError(`event ${index} is not in the history (0..${this.end - 1})`);
    const world = this.history.checkpoints.before(index).world.clone();
    while (world.events < index) this.timeline.replayOne(world);
    const recorder = new Recorder(() => world.now);
    world.observe(recorder, recorder);
    this.timeline.replayOne(world);
    return frozenExplanation(recorder.last as Explanation);
  }

  // ---- Frontier bookkeeping ------------------------------------------------------------------

  private frontierTracker(): Tracker {
    const history = { events: this.events, spaceTime: this.history.spaceTime, violations: this.checker?.checker.violations };
    return new Tracker(this.present, this.world, history);
  }

  private attachFrontier(): void {
    const observers: WorldObserver[] = [];
    if (this.checker !== undefined) observers.push(this.checker);
    if (this.options.explain) observers.push(this.recorder);
    observers.push(this.tracker);
    this.world.observe(observers.length === 1 ? observers[0] : new Observers(observers), this.options.explain ? this.recorder : undefined);
  }

  private arriveAtFrontier(): void {
    this.checker?.retarget(this.world);
    this.tracker.retarget(this.world);
    this.world.now = Math.max(this.world.now, this.endTime);
    this.present = this.tracker.track;
    this.attachFrontier();
  }

  private afterFrontierEvent(): void {
    this.endTime = this.world.now;
    if (this.options.explain) this.explained = this.recorder.last;
    this.history.afterEvent(this.world, this.present, this.checker);
  }

  /** Frozen copies of the checker's violations, extended as it finds more. */
  private frozenViolations(): readonly Violation[] {
    const all = this.checker?.checker.violations ?? [];
    const out = this.cache.violations;
    for (let i = out.length; i < all.length; i++) out.push(frozenViolation(all[i] as Violation));
    return out;
  }
}
