/**
 * A simulation with a timeline: step one event at a time, run until a time or a condition,
 * intervene, seek to any past event exactly, and fork by acting in the past.
 *
 * The timeline is the parameters plus the interventions, each at the event index where it was
 * applied. Everything else is derived by deterministic replay, so the history keeps only a compact
 * record per event and a checkpoint (a cloned world) every `checkpointEvery` events; seeking
 * restores the nearest checkpoint and replays at most that many events.
 *
 * @module
 */
import type { NodeId } from '../raft/types.js';
import { CheckerObserver } from './checker-observer.js';
import type { Violation } from './checker-host.js';
import { applyIntervention, type Intervention, type InterventionResult } from './interventions.js';
import { makeParams, type ParamsInput, type SimParams } from './params.js';
import { Observers, Recorder, type Explanation } from './recorder.js';
import { viewOf, type ClusterView } from './view.js';
import { World, type EventKind, type WorldObserver } from './world.js';

/** One intervention in the timeline. */
export interface TimelineEntry {
  /** The event index it occupies. */
  readonly at: number;
  /** The simulated time it was applied at. */
  readonly time: number;
  readonly intervention: Intervention;
}

/** The compact per-event record kept in history. */
export interface EventSummary {
  readonly index: number;
  readonly time: number;
  readonly kind: EventKind;
  readonly node: NodeId | undefined;
}

export interface SimulationOptions {
  /** Run the invariant checker at the frontier (default true). */
  readonly checks?: boolean;
  /** Keep the explanation of the latest event (default true). */
  readonly explain?: boolean;
  /** Events between checkpoints (default 256). */
  readonly checkpointEvery?: number;
}

const KINDS: readonly EventKind[] = [
  'bootstrap', 'deliver', 'timer', 'sync', 'propose', 'crash', 'restart', 'timeout', 'partition', 'cut', 'heal',
  'linkFault', 'globalFault', 'hold', 'release', 'drop', 'duplicate', 'snapshot', 'membership', 'timing', 'maxEntriesPerAppend',
];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));

/** Records each event's time, kind and node in two flat number arrays (about 16 bytes an event). */
class HistoryRecorder {
  readonly times: number[] = [];
  readonly tags: number[] = [];
  private kind: EventKind = 'bootstrap';
  private node: NodeId | undefined;

  begin(kind: EventKind, node: NodeId | undefined): void {
    this.kind = kind;
    this.node = node;
  }
  end(time: number): void {
    this.times.push(time);
    this.tags.push(((KIND_CODE.get(this.kind) ?? 0) << 4) | (this.node ?? 0));
  }
  truncate(length: number): void {
    this.times.length = length;
    this.tags.length = length;
  }
  summary(index: number): EventSummary | undefined {
    const time = this.times[index];
    const tag = this.tags[index];
    if (time === undefined || tag === undefined) return undefined;
    const node = tag & 15;
    return { index, time, kind: KINDS[tag >> 4] as EventKind, node: node === 0 ? undefined : (node as NodeId) };
  }
}

export class Simulation {
  readonly params: SimParams;
  private world: World;
  private readonly options: Required<SimulationOptions>;
  private readonly timeline: TimelineEntry[] = [];
  private readonly history = new HistoryRecorder();
  private checkpoints: World[] = [];
  private checker: CheckerObserver | undefined;
  private readonly recorder: Recorder;
  /** The simulated time at the frontier (may pass the last event's time by `runUntil`). */
  private endTime = 0;
  private explained: Explanation | undefined;

  constructor(params: ParamsInput = {}, options: SimulationOptions = {}) {
    this.params = makeParams(params);
    this.options = { checks: options.checks ?? true, explain: options.explain ?? true, checkpointEvery: options.checkpointEvery ?? 256 };
    this.recorder = new Recorder(() => this.world.now);
    this.world = World.create(this.params);
    this.checkpoints = [this.world.clone()];
    this.checker = this.options.checks ? new CheckerObserver(this.world) : undefined;
    this.attachFrontier();
    bootstrap(this.world);
    this.afterFrontierEvent();
  }

  // ---- Position ------------------------------------------------------------------------------

  /** Events processed up to the present (the index of the next event). */
  get position(): number {
    return this.world.events;
  }
  /** Events recorded so far (the frontier). */
  get end(): number {
    return this.history.times.length;
  }
  /** The present simulated time in milliseconds. */
  get time(): number {
    return this.world.now;
  }
  /** The interventions so far, in order. */
  interventions(): readonly TimelineEntry[] {
    return this.timeline;
  }
  /** Violations detected up to the present. */
  violations(): readonly Violation[] {
    const all = this.checker?.checker.violations ?? [];
    return this.position === this.end ? all : all.filter((v) => v.eventIndex < this.position);
  }
  /** How many violations were detected up to the present (cheap at the frontier). */
  violationCount(): number {
    return this.violations().length;
  }
  /** The time of the next event, if any is scheduled (or recorded, when in the past). */
  nextEventTime(): number | undefined {
    return this.nextTime();
  }
  /** What the last processed event did. */
  lastExplanation(): Explanation | undefined {
    if (this.position === 0) return undefined;
    if (this.explained?.index !== this.position - 1) this.explained = this.explain(this.position - 1);
    return this.explained;
  }
  /** The compact record of event `index`. */
  event(index: number): EventSummary | undefined {
    return this.history.summary(index);
  }
  /** A snapshot of the present for views and assertions. */
  view(logTail?: number): ClusterView {
    return viewOf(this.world, logTail);
  }
  /** @internal The present world (read-only use). */
  currentWorld(): World {
    return this.world;
  }

  // ---- Moving forward -----------------------------------------------------------------------

  /** Processes one event; false if nothing is scheduled. */
  step(): boolean {
    if (this.position < this.end) {
      this.replayOne(this.world);
      if (this.position === this.end) this.arriveAtFrontier();
      return true;
    }
    if (!this.world.step()) return false;
    this.afterFrontierEvent();
    return true;
  }

  /** Runs every event up to and including `time`, then sets the clock to `time`. */
  runUntil(time: number): this {
    for (let next = this.nextTime(); next !== undefined && next <= time; next = this.nextTime()) this.step();
    if (this.position === this.end && time > this.world.now) {
      this.world.now = time;
      this.endTime = time;
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
   * before `time` or the present is not the frontier.
   */
  advanceClock(time: number): boolean {
    const next = this.nextTime();
    if (this.position < this.end || time < this.world.now || (next !== undefined && next < time)) return false;
    this.world.now = time;
    this.endTime = time;
    return true;
  }

  /** Calls `visit` with the explanation of every event in [from, to), replaying once. */
  explainRange(from: number, to: number, visit: (e: Explanation) => void): void {
    const k = this.options.checkpointEvery;
    const start = this.checkpoints[Math.floor(from / k)] ?? this.checkpoints[0];
    if (start === undefined) return;
    const world = start.clone();
    while (world.events < from) this.replayOne(world);
    const recorder = new Recorder(() => world.now, visit);
    world.observe(recorder, recorder);
    while (world.events < Math.min(to, this.end)) this.replayOne(world);
  }

  private nextTime(): number | undefined {
    if (this.position < this.end) return this.history.times[this.position];
    return this.world.nextEventTime();
  }

  // ---- Interventions ------------------------------------------------------------------------

  /**
   * Applies an intervention now, as one event. Acting in the past forks: the recorded future is
   * discarded. Throws `InterventionError` (changing nothing) if it does not fit the world.
   */
  apply(intervention: Intervention): InterventionResult {
    if (this.position < this.end) this.fork();
    const entry: TimelineEntry = { at: this.position, time: this.world.now, intervention };
    const result = applyIntervention(this.world, intervention);
    this.timeline.push(entry);
    this.afterFrontierEvent();
    return result;
  }

  /** Discards the future after the present and rebuilds the checker's history up to it. */
  private fork(): void {
    const at = this.position;
    this.history.truncate(at);
    while (this.timeline.length > 0 && (this.timeline.at(-1) as TimelineEntry).at >= at) this.timeline.pop();
    this.checkpoints = this.checkpoints.filter((c) => c.events <= at);
    this.endTime = this.world.now;
    const rebuilt = this.replayFromStart(at);
    this.world = rebuilt;
    this.attachFrontier();
  }

  /** Replays from scratch to event `target` with a fresh checker, which then is current. */
  private replayFromStart(target: number): World {
    const world = World.create(this.params);
    this.checker = this.options.checks ? new CheckerObserver(world) : undefined;
    world.observe(this.checker);
    while (world.events < target) this.replayOne(world);
    world.now = this.endTime;
    return world;
  }

  // ---- Seeking -------------------------------------------------------------------------------

  /** Moves the present to just after event `index - 1` (so `position === index`), exactly. */
  seek(index: number): void {
    const target = Math.max(0, Math.min(Math.floor(index), this.end));
    if (target === this.position) return;
    const k = this.options.checkpointEvery;
    const checkpoint = this.checkpoints[Math.floor(target / k)] ?? this.checkpoints[0];
    const useCurrent = this.position <= target && (checkpoint === undefined || checkpoint.events <= this.position);
    const world = useCurrent ? this.world : (checkpoint as World).clone();
    world.observe(undefined);
    while (world.events < target) this.replayOne(world);
    this.world = world;
    if (target === this.end) this.arriveAtFrontier();
  }

  /** The full explanation of event `index`, by replaying it with a recorder attached. */
  explain(index: number): Explanation {
    const k = this.options.checkpointEvery;
    const start = this.checkpoints[Math.floor(index / k)];
    if (start === undefined || index >= this.end) throw new RangeError(`event ${index} is not in the history (0..${this.end - 1})`);
    const world = start.clone();
    while (world.events < index) this.replayOne(world);
    const recorder = new Recorder(() => world.now);
    world.observe(recorder, recorder);
    this.replayOne(world);
    return recorder.last as Explanation;
  }

  /** One recorded event on `world`: the intervention at its position, or the next scheduled event. */
  private replayOne(world: World): void {
    if (world.events === 0) return bootstrap(world);
    const entry = this.timelineAt(world.events);
    if (entry === undefined) {
      world.step();
      return;
    }
    world.now = entry.time;
    applyIntervention(world, entry.intervention);
  }

  private timelineAt(index: number): TimelineEntry | undefined {
    let lo = 0;
    let hi = this.timeline.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = (this.timeline[mid] as TimelineEntry).at;
      if (at === index) return this.timeline[mid];
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  // ---- Frontier bookkeeping ----------------------------------------------------------------

  private attachFrontier(): void {
    const observers: WorldObserver[] = [];
    if (this.checker !== undefined) observers.push(this.checker);
    if (this.options.explain) observers.push(this.recorder);
    const history = this.history;
    observers.push({
      beginEvent: (_i, node, kind) => history.begin(kind, node),
      endEvent: () => history.end(this.world.now),
      append: () => undefined,
      voteSaved: () => undefined,
      snapshotInstalled: () => undefined,
      restarted: () => undefined,
      crashed: () => undefined,
    });
    this.world.observe(new Observers(observers), this.options.explain ? this.recorder : undefined);
  }

  private arriveAtFrontier(): void {
    this.checker?.retarget(this.world);
    this.world.now = Math.max(this.world.now, this.endTime);
    this.attachFrontier();
  }

  private afterFrontierEvent(): void {
    this.endTime = this.world.now;
    if (this.options.explain) this.explained = this.recorder.last;
    const k = this.options.checkpointEvery;
    if (this.world.events % k === 0) {
      const clone = this.world.clone();
      this.checkpoints[Math.floor(this.world.events / k)] = clone;
    }
  }
}

/** Event 0: the initial nodes boot with the initial configuration. */
function bootstrap(world: World): void {
  world.bootstrap();
}
