/**
 * Randomized fault campaigns over the simulator ("fuzzing"): profiles, the run generator, the
 * runner with its liveness phase (shared/invariants.md §6), and a delta-debugging shrinker.
 *
 * A run is a pure function of (profile, seed, options):
 * 1. `fuzzParams` gives the simulation parameters (the seed is the simulator's PRNG seed too);
 * 2. `generateSchedule` draws a fault schedule — a list of {@link FuzzStep}s at simulated times —
 *    from a `Prng` seeded from the run seed (never `Math.random`);
 * 3. `runSchedule` applies the schedule during the fault phase (10 s by default), then heals,
 *    sets loss to 0, restarts every crashed node, proposes a client command on the current leader
 *    every 100 ms and asserts a leader within 5 s and a fresh commit within 10 s.
 *
 * The schedule alone plus the parameters reproduce the run exactly: a step is either a plain
 * `Intervention` or a small macro ({@link FuzzMacro}, e.g. "crash whoever leads now") that the
 * runner resolves deterministically against the simulated state at that instant. The
 * `Simulation`'s own timeline (and so `exportTrace`) records the concrete interventions.
 *
 * Pure: no Node API, no wall clock; it runs in browsers and workers.
 *
 * @module
 */
import { ClusterConfig, type CommitPromise, type Node } from '../raft/index.js';
import type { NodeId } from '../raft/types.js';
import type { Violation } from './checker-host.js';
import { InterventionError, type Intervention, type InterventionResult, type MembershipChange } from './interventions.js';
import { makeParams, MUTATIONS, type Mutation, type ParamsInput, type SimParams } from './params.js';
import { Prng } from './prng.js';
import { Simulation, type SimulationOptions } from './simulation.js';
import type { NodeSlot, World } from './world.js';

// ---- Schedules ---------------------------------------------------------------------------------

/**
 * A step resolved against the state when it runs (deterministically):
 * - `crashLeader`: crash the current leader (the running leader with the highest term), if any;
 * - `isolateLeader`: partition the current leader from every other node, if there is a leader;
 * - `restartCrashed`: restart every crashed node;
 * - `proposeLeaders`: propose `command` on every running node that believes it leads (stale
 *   leaders included, so a minority leader grows an unreplicated tail); with `stale`, only on
 *   the leaders other than the current one (a client stuck with an old leader);
 * - `reconfig`: ask the current leader for `change` on the member chosen by `pick` (modulo the
 *   eligible ids of the leader's latest config: unlisted ids ≤ 9 to add, non-voters to promote or
 *   remove, voters to remove while more than two remain). Skipped without a leader or a candidate.
 */
export type FuzzMacro =
  | { readonly kind: 'crashLeader' }
  | { readonly kind: 'isolateLeader' }
  | { readonly kind: 'restartCrashed' }
  | { readonly kind: 'proposeLeaders'; readonly command: string; readonly stale?: boolean }
  | { readonly kind: 'reconfig'; readonly change: MembershipChange; readonly pick: number };

/** What a schedule step does: a plain intervention or a macro. */
export type FuzzAction = Intervention | FuzzMacro;

/** One scheduled step, at a simulated time in ms (steps run in list order; times never decrease). */
export interface FuzzStep {
  readonly time: number;
  readonly action: FuzzAction;
}

// ---- Profiles ----------------------------------------------------------------------------------

export const PROFILE_NAMES = ['reliable-3', 'lossy-5', 'crash-5', 'snap-3', 'figure8-5', 'reconfig-5'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The context a generator draws a schedule for. */
export interface ScheduleContext {
  readonly nodes: number;
  readonly faultMs: number;
}

export interface Profile {
  readonly name: ProfileName;
  /** One line for help texts and reports. */
  readonly description: string;
  /** Node count unless overridden. */
  readonly nodes: number;
  /** Parameters (nodes, seed and mutations are filled in per run). */
  readonly params: ParamsInput;
  /** Draws the fault phase's schedule (faults and client workload). */
  generate(prng: Prng, ctx: ScheduleContext): FuzzStep[];
}

const MAX_NODE_ID = 9;

/** Collects steps, dropping any at or after the end of the fault phase. */
class Plan {
  private readonly steps: { time: number; order: number; action: FuzzAction }[] = [];
  constructor(
    readonly prng: Prng,
    readonly ctx: ScheduleContext,
  ) {}

  get end(): number {
    return this.ctx.faultMs;
  }

  ids(): NodeId[] {
    return Array.from({ length: this.ctx.nodes }, (_, i) => (i + 1) as NodeId);
  }

  node(): NodeId {
    return this.prng.int(1, this.ctx.nodes) as NodeId;
  }

  at(time: number, action: FuzzAction): void {
    const t = Math.max(0, Math.round(time));
    if (t < this.end) this.steps.push({ time: t, order: this.steps.length, action });
  }

  /** A random split into two non-empty groups (needs at least two nodes). */
  split(): NodeId[][] {
    const ids = this.shuffled(this.ids());
    const k = this.prng.int(1, ids.length - 1);
    return [ids.slice(0, k), ids.slice(k)];
  }

  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.prng.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  command(): string {
    const key = this.prng.pick(['x', 'y', 'z', 'w']);
    const op = this.prng.int(0, 9);
    if (op < 6) return `set ${key} ${this.prng.int(0, 999)}`;
    if (op < 9) return `incr ${key}`;
    return `del ${key}`;
  }

  /**
   * Client proposals every [minGap, maxGap] ms: a `leadersShare` of them go to every leader, a
   * `staleShare` only to stale leaders, the rest to the current leader.
   */
  workload(minGap: number, maxGap: number, leadersShare: number, staleShare = 0): void {
    for (let t = this.prng.int(minGap, maxGap); t < this.end; t += this.prng.int(minGap, maxGap)) {
      const command = this.command();
      const roll = this.prng.next();
      if (roll < leadersShare) this.at(t, { kind: 'proposeLeaders', command });
      else if (roll < leadersShare + staleShare) this.at(t, { kind: 'proposeLeaders', command, stale: true });
      else this.at(t, { kind: 'propose', command });
    }
  }

  /** The steps in time order (ties keep generation order). */
  done(): FuzzStep[] {
    return this.steps.sort((a, b) => a.time - b.time || a.order - b.order).map(({ time, action }) => ({ time, action }));
  }
}

function reliable(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(50, 200, 0);
  for (let t = prng.int(1000, 3000); t < ctx.faultMs; t += prng.int(2000, 5000)) {
    if (!prng.chance(0.5)) continue;
    plan.at(t, { kind: 'crashLeader' });
    plan.at(t + prng.int(300, 2500), { kind: 'restartCrashed' });
  }
  return plan.done();
}

function lossy(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(30, 150, 0.25, 0.25);
  for (let t = prng.int(200, 1500); t < ctx.faultMs; ) {
    const kind = prng.int(0, 99);
    if (kind < 45 && ctx.nodes > 1) plan.at(t, { kind: 'partition', groups: plan.split() });
    else if (kind < 70) plan.at(t, { kind: 'isolateLeader' });
    else if (kind < 80 && ctx.nodes > 1) {
      for (let c = prng.int(1, 3); c > 0; c--) {
        const [from, to] = plan.shuffled(plan.ids());
        plan.at(t, { kind: 'cut', from: from as NodeId, to: to as NodeId });
      }
    } else if (kind < 90 && ctx.nodes > 1) {
      for (let c = prng.int(1, 4); c > 0; c--) {
        const [from, to] = plan.shuffled(plan.ids());
        plan.at(t, { kind: 'linkFault', from: from as NodeId, to: to as NodeId, fault: { loss: prng.int(3, 9) / 10, delayMinMs: 10, delayMaxMs: prng.int(20, 120) } });
      }
    } else plan.at(t, { kind: 'globalFault', loss: prng.int(0, 30) / 100, duplicate: prng.int(0, 5) / 100 });
    const end = t + prng.int(300, 3000);
    // Often the next partition replaces this one without a heal in between: a stale leader with a
    // long tail then meets voters that never heard of it, which is what index-only voting needs.
    if (kind < 70 && prng.chance(0.5)) t = end;
    else {
      plan.at(end, { kind: 'heal' });
      t = end + prng.int(0, 1500);
    }
  }
  return plan.done();
}

function crashy(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(30, 150, 0.3);
  for (let t = prng.int(200, 1500); t < ctx.faultMs; t += prng.int(200, 1500)) {
    const kind = prng.int(0, 99);
    if (kind < 55) {
      const node = plan.node();
      plan.at(t, { kind: 'crash', node });
      plan.at(t + prng.int(100, 3000), { kind: 'restart', node });
    } else if (kind < 90) {
      plan.at(t, { kind: 'crashLeader' });
      plan.at(t + prng.int(100, 3000), { kind: 'restartCrashed' });
    } else plan.at(t, { kind: 'timeout', node: plan.node() });
  }
  return plan.done();
}

function snap(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(20, 80, 0.2);
  for (let t = prng.int(300, 1500); t < ctx.faultMs; t += prng.int(300, 1500)) {
    const kind = prng.int(0, 99);
    if (kind < 45) {
      const node = plan.node();
      plan.at(t, { kind: 'crash', node });
      plan.at(t + prng.int(500, 4000), { kind: 'restart', node });
    } else if (kind < 70 && ctx.nodes > 1) {
      const node = plan.node();
      plan.at(t, { kind: 'partition', groups: [[node], plan.ids().filter((id) => id !== node)] });
      plan.at(t + prng.int(500, 3000), { kind: 'heal' });
    } else if (kind < 85) plan.at(t, { kind: 'crashLeader' });
    else plan.at(t, { kind: 'restartCrashed' });
  }
  for (let t = prng.int(100, 1000); t < ctx.faultMs; t += prng.int(200, 1000)) plan.at(t, { kind: 'snapshot', node: plan.node() });
  return plan.done();
}

function figure8(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.at(0, { kind: 'maxEntriesPerAppend', value: prng.int(1, 2) });
  plan.workload(20, 100, 0.6);
  for (let t = prng.int(300, 1000); t < ctx.faultMs; ) {
    plan.at(t, prng.chance(0.7) ? { kind: 'crashLeader' } : { kind: 'isolateLeader' });
    const back = t + prng.int(50, 600);
    plan.at(back, { kind: 'restartCrashed' });
    plan.at(back, { kind: 'heal' });
    t = back + prng.int(100, 900);
  }
  return plan.done();
}

const RECONFIG_CHANGES: readonly (readonly [MembershipChange, number])[] = [
  ['addNonVoter', 22],
  ['promote', 22],
  ['addVoter', 13],
  ['removeVoter', 28],
  ['removeNonVoter', 15],
];

function reconfig(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(40, 160, 0.2);
  for (let t = prng.int(300, 1200); t < ctx.faultMs; t += prng.int(300, 1500)) {
    let roll = prng.int(0, 99);
    const change = RECONFIG_CHANGES.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'removeVoter';
    plan.at(t, { kind: 'reconfig', change, pick: prng.nextU32() });
    const fault = prng.int(0, 99);
    const faultAt = t + prng.int(0, 400);
    if (fault < 12) {
      plan.at(faultAt, { kind: 'crashLeader' });
      plan.at(faultAt + prng.int(100, 2000), { kind: 'restartCrashed' });
    } else if (fault < 20 && ctx.nodes > 1) {
      plan.at(faultAt, { kind: 'partition', groups: plan.split() });
      plan.at(faultAt + prng.int(200, 2000), { kind: 'heal' });
    }
  }
  return plan.done();
}

const PROFILE_LIST: readonly Profile[] = [
  {
    name: 'reliable-3',
    description: '3 nodes, reliable network; the leader crashes now and then and restarts',
    nodes: 3,
    params: {},
    generate: reliable,
  },
  {
    name: 'lossy-5',
    description: '5 nodes, 10% loss; partitions, isolated leaders, one-way cuts, lossy links',
    nodes: 5,
    params: { loss: 0.1 },
    generate: lossy,
  },
  {
    name: 'crash-5',
    description: '5 nodes, 2 ms storage latency; crashes of random nodes and of leaders, restarts',
    nodes: 5,
    params: { timing: { storageLatencyMs: 2 } },
    generate: crashy,
  },
  {
    name: 'snap-3',
    description: '3 nodes, compaction after 6 entries and on demand; long crashes so followers need InstallSnapshot',
    nodes: 3,
    params: { compactAfter: 6 },
    generate: snap,
  },
  {
    name: 'figure8-5',
    description: '5 nodes, AppendEntries truncated to 1–2 entries; leader crash/isolation loop',
    nodes: 5,
    params: {},
    generate: figure8,
  },
  {
    name: 'reconfig-5',
    description: '5 nodes; joint add/remove of voters, non-voters added and promoted, some faults',
    nodes: 5,
    params: {},
    generate: reconfig,
  },
];

/** Every profile, by name. */
export const PROFILES: ReadonlyMap<ProfileName, Profile> = new Map(PROFILE_LIST.map((p) => [p.name, p]));

/** Resolves a profile name; the part before the dash is enough (`lossy` → `lossy-5`). */
export function findProfile(name: string): Profile | undefined {
  const exact = PROFILES.get(name as ProfileName);
  if (exact !== undefined) return exact;
  const matches = PROFILE_LIST.filter((p) => p.name.split('-')[0] === name);
  return matches.length === 1 ? matches[0] : undefined;
}

/** True if `name` is a known mutation. */
export function isMutation(name: string): name is Mutation {
  return (MUTATIONS as readonly string[]).includes(name);
}

// ---- Runs --------------------------------------------------------------------------------------

export const DEFAULT_FAULT_MS = 10_000;
/** §6 bounds, from the moment the network heals with every node up. */
export const LEADER_WITHIN_MS = 5_000;
export const COMMIT_WITHIN_MS = 10_000;
/** The client's period during the liveness phase. */
export const HEAL_PROPOSE_EVERY_MS = 100;

export interface RunOptions {
  /** Node count (default: the profile's). */
  readonly nodes?: number;
  /** Injected bugs (default none). */
  readonly mutations?: readonly Mutation[];
  /**
   * Length of the fault phase in simulated ms (default 10 s). Generated schedules end before it;
   * a hand-made schedule with later steps runs them all, and the heal follows the last one.
   */
  readonly faultMs?: number;
  /** Run the liveness phase after the fault phase (default true). */
  readonly liveness?: boolean;
  /** Record terms, leaders per term and client proposals (default false; costs a little). */
  readonly stats?: boolean;
  /** Stop at the first violation (default true). */
  readonly stopAtViolation?: boolean;
  /** Simulation options (default: checks on, no explanations, rare checkpoints). */
  readonly simulation?: SimulationOptions;
}

export type LivenessSkip = 'noWorkingMajority' | 'stickyVoteStall';

export interface LivenessResult {
  /** Simulated time of the heal. */
  readonly healAt: number;
  /** Ms from the heal to the first moment an established leader existed (see `establishedLeader`). */
  readonly leaderAfterMs: number | undefined;
  /** Ms from the heal to the first post-heal proposal committing on the leader that took it. */
  readonly commitAfterMs: number | undefined;
  /** Why liveness was not asserted (invariants.md §6), if it was not. */
  readonly skipped: LivenessSkip | undefined;
  /** Missed bounds (empty when skipped or met). */
  readonly failures: readonly string[];
}

export interface RunStats {
  /** Highest term any node reached. */
  readonly maxTerm: number;
  /** Who led each term, ascending by term. */
  readonly leaders: readonly (readonly [number, NodeId])[];
  /**
   * Client proposals that a leader took, and what became of them at the end, polled on the
   * running node with the highest commit index (`unknown`: compacted before it could tell).
   */
  readonly proposals: { readonly taken: number; readonly committed: number; readonly rejected: number; readonly unknown: number; readonly pending: number };
}

export interface RunOutcome {
  /** Violations present when the run stopped (with `stopAtViolation`, the first event's). */
  readonly violations: readonly Violation[];
  /** An exception thrown by the core or the simulator (a bug in itself). */
  readonly error: string | undefined;
  /** Undefined if the run stopped before the liveness phase or ran without it. */
  readonly liveness: LivenessResult | undefined;
  readonly events: number;
  readonly time: number;
  /** Steps that did not fit the state when they ran (e.g. crash a node that is down). */
  readonly skippedSteps: number;
  readonly stats: RunStats | undefined;
}

export interface RunResult extends RunOutcome {
  readonly profile: ProfileName;
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly schedule: readonly FuzzStep[];
  /** The first violation, if any. */
  readonly violation: Violation | undefined;
  /** The event after which the first violation was detected. */
  readonly eventIndex: number | undefined;
}

/** A failing run: a violation, an exception, or a liveness failure. */
export function isFailure(r: RunOutcome): boolean {
  return r.violations.length > 0 || r.error !== undefined || (r.liveness?.failures.length ?? 0) > 0;
}

/** The schedule generator's seed: the run seed mixed with the profile (independent of the simulator's stream). */
export function scheduleSeed(profile: Profile, seed: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  for (const ch of profile.name) h = Math.imul(h ^ ch.charCodeAt(0), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The simulation parameters of a run. */
export function fuzzParams(profile: Profile, seed: number, options: RunOptions = {}): SimParams {
  return makeParams({ ...profile.params, nodes: options.nodes ?? profile.nodes, seed: seed >>> 0, mutations: [...(options.mutations ?? [])] });
}

/** The fault phase's schedule of a run. */
export function generateSchedule(profile: Profile, seed: number, options: RunOptions = {}): FuzzStep[] {
  const ctx: ScheduleContext = { nodes: options.nodes ?? profile.nodes, faultMs: options.faultMs ?? DEFAULT_FAULT_MS };
  return profile.generate(new Prng(scheduleSeed(profile, seed)), ctx);
}

const FUZZ_SIM_OPTIONS: SimulationOptions = { checks: true, explain: false, checkpointEvery: 1 << 30 };

/** Drives one simulation through a schedule and the liveness phase. */
class Runner {
  readonly sim: Simulation;
  private skipped = 0;
  private error: string | undefined;
  private readonly leaders = new Map<number, NodeId>();
  private maxTerm = 0;
  private readonly taken: CommitPromise[] = [];

  constructor(
    params: SimParams,
    private readonly options: RunOptions,
  ) {
    this.sim = new Simulation(params, options.simulation ?? FUZZ_SIM_OPTIONS);
    this.observe();
  }

  private get world(): World {
    return this.sim.currentWorld();
  }

  private stopped(): boolean {
    return this.error !== undefined || ((this.options.stopAtViolation ?? true) && this.sim.violationCount() > 0);
  }

  private observe(): void {
    if (this.options.stats !== true) return;
    for (const slot of this.world.slots) {
      const n = slot.node;
      if (n === undefined) continue;
      const term = n.currentTerm();
      if (term > this.maxTerm) this.maxTerm = term;
      if (n.role() === 'Leader' && !this.leaders.has(term)) this.leaders.set(term, slot.id);
    }
  }

  /** Processes every event up to `time` (then sets the clock there); false once stopped. */
  private advance(time: number, afterEvent?: () => void): boolean {
    for (;;) {
      const next = this.sim.nextEventTime();
      if (next === undefined || next > time) break;
      if (!this.guard(() => this.sim.step())) return false;
      this.observe();
      if (this.stopped()) return false;
      afterEvent?.();
    }
    this.sim.runUntil(time);
    return true;
  }

  private guard(body: () => unknown): boolean {
    try {
      body();
      return true;
    } catch (e) {
      this.error = describeError(e);
      return false;
    }
  }

  /** Applies an intervention if it fits (else counts it as skipped); returns its promise. */
  private apply(iv: Intervention): CommitPromise | undefined {
    let result: InterventionResult;
    try {
      result = this.sim.apply(iv);
    } catch (e) {
      if (e instanceof InterventionError) this.skipped++;
      else this.error = describeError(e);
      return undefined;
    }
    if (this.options.stats === true && iv.kind === 'propose' && result.promise?.isPending() === true) this.taken.push(result.promise);
    this.observe();
    return result.promise;
  }

  private runningLeaders(): NodeSlot[] {
    return this.world.slots.filter((s) => s.node?.role() === 'Leader');
  }

  private resolve(action: FuzzAction): void {
    const world = this.world;
    switch (action.kind) {
      case 'crashLeader': {
        const leader = world.leader();
        if (leader === undefined) this.skipped++;
        else this.apply({ kind: 'crash', node: leader.id });
        return;
      }
      case 'isolateLeader': {
        const leader = world.leader();
        if (leader === undefined || world.slots.length < 2) this.skipped++;
        else this.apply({ kind: 'partition', groups: [[leader.id], world.slots.map((s) => s.id).filter((id) => id !== leader.id)] });
        return;
      }
      case 'restartCrashed': {
        const down = world.slots.filter((s) => s.node === undefined).map((s) => s.id);
        if (down.length === 0) this.skipped++;
        for (const id of down) if (!this.stopped()) this.apply({ kind: 'restart', node: id });
        return;
      }
      case 'proposeLeaders': {
        const current = world.leader()?.id;
        const leaders = this.runningLeaders()
          .map((s) => s.id)
          .filter((id) => action.stale !== true || id !== current);
        if (leaders.length === 0) this.skipped++;
        for (const id of leaders) if (!this.stopped()) this.apply({ kind: 'propose', command: action.command, node: id });
        return;
      }
      case 'reconfig': {
        const target = reconfigTarget(world, action.change, action.pick);
        if (target === undefined) this.skipped++;
        else this.apply({ kind: 'membership', change: action.change, node: target });
        return;
      }
      default:
        this.apply(action);
    }
  }

  run(schedule: readonly FuzzStep[]): RunOutcome {
    const faultMs = this.options.faultMs ?? DEFAULT_FAULT_MS;
    let live = true;
    for (const step of schedule) {
      if (!this.advance(Math.max(step.time, this.sim.time))) {
        live = false;
        break;
      }
      this.resolve(step.action);
      if (this.stopped()) {
        live = false;
        break;
      }
    }
    let liveness: LivenessResult | undefined;
    if (live && this.advance(Math.max(faultMs, this.sim.time)) && (this.options.liveness ?? true)) liveness = this.livenessPhase();
    const stats: RunStats | undefined = this.options.stats === true ? { maxTerm: this.maxTerm, leaders: [...this.leaders].sort((a, b) => a[0] - b[0]), proposals: this.proposalFates() } : undefined;
    return { violations: [...this.sim.violations()], error: this.error, liveness, events: this.sim.position, time: this.sim.time, skippedSteps: this.skipped, stats };
  }

  private proposalFates(): RunStats['proposals'] {
    let judge: Node | undefined;
    for (const slot of this.world.slots) if (slot.node !== undefined && (judge === undefined || slot.node.commitIndex() > judge.commitIndex())) judge = slot.node;
    const fates = { taken: this.taken.length, committed: 0, rejected: 0, unknown: 0, pending: 0 };
    for (const promise of this.taken) {
      if (judge !== undefined) promise.poll(judge);
      if (promise.isAccepted()) fates.committed++;
      else if (promise.isRejected()) fates.rejected++;
      else if (promise.isUnknown()) fates.unknown++;
      else fates.pending++;
    }
    return fates;
  }

  /** invariants.md §6: heal, loss 0, restart everyone, a client every 100 ms, then the bounds. */
  private livenessPhase(): LivenessResult | undefined {
    this.apply({ kind: 'heal' });
    this.apply({ kind: 'globalFault', loss: 0 });
    for (const slot of this.world.slots) if (slot.node === undefined && !this.stopped()) this.apply({ kind: 'restart', node: slot.id });
    if (this.stopped()) return undefined;
    const healAt = this.sim.time;
    const pending: { node: NodeId; promise: CommitPromise }[] = [];
    let leaderAt: number | undefined;
    let commitAt: number | undefined;
    const check = (): void => {
      const now = this.sim.time;
      if (leaderAt === undefined && establishedLeader(this.world) !== undefined) leaderAt = now;
      if (commitAt !== undefined) return;
      for (const p of pending) {
        const node = this.world.slot(p.node)?.node;
        if (node !== undefined && p.promise.poll(node).isAccepted()) {
          commitAt = now;
          return;
        }
      }
    };
    const skipped = workingMajority(this.world) ? undefined : 'noWorkingMajority';
    const deadline = healAt + COMMIT_WITHIN_MS;
    for (let tick = healAt; tick <= deadline; tick += HEAL_PROPOSE_EVERY_MS) {
      if (!this.advance(tick, check)) return undefined;
      check();
      if (leaderAt !== undefined && commitAt !== undefined) break;
      const leader = establishedLeader(this.world) ?? this.world.leader();
      if (leader !== undefined) {
        const promise = this.apply({ kind: 'propose', command: `set heal ${(tick - healAt) / HEAL_PROPOSE_EVERY_MS}`, node: leader.id });
        if (this.stopped()) return undefined;
        if (promise?.isPending() === true) pending.push({ node: leader.id, promise });
        check();
      }
      if (tick >= healAt + LEADER_WITHIN_MS && leaderAt === undefined) {
        // No leader within the bound: skip if this is the documented sticky-vote stall.
        if (skipped === undefined && stickyVoteStall(this.world)) return { healAt, leaderAfterMs: undefined, commitAfterMs: undefined, skipped: 'stickyVoteStall', failures: [] };
      }
    }
    const leaderAfterMs = leaderAt === undefined ? undefined : leaderAt - healAt;
    const commitAfterMs = commitAt === undefined ? undefined : commitAt - healAt;
    const failures: string[] = [];
    if (skipped === undefined) {
      if (leaderAfterMs === undefined || leaderAfterMs > LEADER_WITHIN_MS) failures.push(`no leader within ${LEADER_WITHIN_MS / 1000} s of the heal`);
      if (commitAfterMs === undefined || commitAfterMs > COMMIT_WITHIN_MS) failures.push(`no fresh proposal committed within ${COMMIT_WITHIN_MS / 1000} s of the heal`);
    }
    return { healAt, leaderAfterMs, commitAfterMs, skipped, failures };
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The id a `reconfig` macro targets now, or undefined if it cannot apply. */
export function reconfigTarget(world: World, change: MembershipChange, pick: number): NodeId | undefined {
  const leader = world.leader()?.node;
  if (leader === undefined) return undefined;
  const config = leader.config();
  let candidates: readonly NodeId[];
  switch (change) {
    case 'addVoter':
    case 'addNonVoter': {
      const members = new Set(ClusterConfig.uniqueNodes(config));
      candidates = Array.from({ length: MAX_NODE_ID }, (_, i) => (i + 1) as NodeId).filter((id) => !members.has(id));
      break;
    }
    case 'promote':
    case 'removeNonVoter':
      candidates = config.nonVoters;
      break;
    case 'removeVoter':
      candidates = config.voters.length > 2 ? config.voters : [];
      break;
  }
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/**
 * The leader the liveness phase counts: a running Leader whose term no running voter of its latest
 * config exceeds (a stale leader that has not yet heard of a newer term does not count; a removed
 * node campaigning with ever higher terms, which §6 says not to judge by, does not prevent it).
 */
export function establishedLeader(world: World): NodeSlot | undefined {
  const slot = world.leader();
  const node = slot?.node;
  if (slot === undefined || node === undefined) return undefined;
  const term = node.currentTerm();
  for (const id of ClusterConfig.uniqueVoters(node.config())) {
    const other = world.slot(id)?.node;
    if (other !== undefined && other.currentTerm() > term) return undefined;
  }
  return slot;
}

/** The latest config of the most advanced running node (by last log position), if any. */
function latestConfig(world: World): ClusterConfig | undefined {
  let best: { term: number; index: number; config: ClusterConfig } | undefined;
  for (const slot of world.slots) {
    const n = slot.node;
    if (n === undefined) continue;
    const last = n.log().lastPosition();
    if (best === undefined || last.term > best.term || (last.term === best.term && last.index > best.index)) best = { term: last.term, index: last.index, config: n.config() };
  }
  return best?.config;
}

function majorityUp(world: World, voters: readonly NodeId[]): boolean {
  if (voters.length === 0) return true;
  const up = voters.filter((id) => world.slot(id)?.node !== undefined).length;
  return up >= Math.floor(voters.length / 2) + 1;
}

/**
 * §6 "no working majority in the latest config": after the heal every link works, so this only
 * asks whether a majority of `voters` (and of `newVoters` when joint) exists and runs.
 */
export function workingMajority(world: World): boolean {
  const config = latestConfig(world);
  if (config === undefined) return false;
  return majorityUp(world, config.voters) && (!ClusterConfig.isJointConsensus(config) || majorityUp(world, config.newVoters));
}

/**
 * §6's sticky-vote stall signature (checked only once no leader appeared for 5 s): some voter of
 * the latest committed config has no local config listing it as a voter, and its `votedFor`
 * names a node that cannot collect a (joint) majority — approximated as a node that is not a
 * voter of its own latest config, or that is down, or the voter itself.
 */
export function stickyVoteStall(world: World): boolean {
  let committed: ClusterConfig | undefined;
  let best = -1;
  for (const slot of world.slots) {
    const n = slot.node;
    if (n === undefined || n.commitIndex() <= best) continue;
    const at = n.log().getPositionAndConfig(n.commitIndex());
    if (at === undefined) continue;
    best = n.commitIndex();
    committed = at[1];
  }
  if (committed === undefined) return false;
  for (const id of ClusterConfig.uniqueVoters(committed)) {
    const n = world.slot(id)?.node;
    if (n === undefined || ClusterConfig.isVoter(n.config(), id)) continue;
    const vote = n.votedFor();
    if (vote === undefined) continue;
    const target = world.slot(vote)?.node;
    if (vote === id || target === undefined || !ClusterConfig.isVoter(target.config(), vote)) return true;
  }
  return false;
}

/** Runs `schedule` on a fresh simulation of `params`; returns the outcome and the simulation. */
export function runSchedule(params: ParamsInput, schedule: readonly FuzzStep[], options: RunOptions = {}): { outcome: RunOutcome; sim: Simulation } {
  const runner = new Runner(makeParams(params), options);
  const outcome = runner.run(schedule);
  return { outcome, sim: runner.sim };
}

/** Runs a profile's `schedule` for `seed` (the schedule need not be the generated one). */
export function runWithSchedule(profile: Profile, seed: number, schedule: readonly FuzzStep[], options: RunOptions = {}): RunResult {
  const params = fuzzParams(profile, seed, options);
  const { outcome } = runSchedule(params, schedule, options);
  const violation = outcome.violations[0];
  return { ...outcome, profile: profile.name, seed, mutations: params.mutations, schedule, violation, eventIndex: violation?.eventIndex };
}

/** One randomized run: generate the schedule for `seed`, then run it. */
export function runSeed(profile: Profile, seed: number, options: RunOptions = {}): RunResult {
  return runWithSchedule(profile, seed, generateSchedule(profile, seed, options), options);
}

/** Replays a run exactly and returns its simulation (e.g. for `exportTrace`). */
export function replay(profile: Profile, seed: number, schedule: readonly FuzzStep[], options: RunOptions = {}): Simulation {
  return runSchedule(fuzzParams(profile, seed, options), schedule, options).sim;
}

// ---- Shrinking ---------------------------------------------------------------------------------

export interface ShrinkOptions extends RunOptions {
  /** Stop after this many trial runs (default 1500); the best schedule so far is returned. */
  readonly maxRuns?: number;
}

export interface ShrinkResult {
  readonly schedule: readonly FuzzStep[];
  /** The result of running the minimal schedule (it satisfies the predicate). */
  readonly result: RunResult;
  /** Trial runs made. */
  readonly runs: number;
  /** True if `maxRuns` cut the search short. */
  readonly exhausted: boolean;
}

/**
 * Delta debugging over the schedule: drops chunks (halves, then quarters, …) and then single steps
 * while `failing` still holds for the run of the smaller schedule; repeats single removals until
 * none helps. Steps after the first violation never matter, so they go first. Throws if the full
 * schedule does not fail.
 */
export function shrink(profile: Profile, seed: number, schedule: readonly FuzzStep[], failing: (result: RunResult) => boolean, options: ShrinkOptions = {}): ShrinkResult {
  const maxRuns = options.maxRuns ?? 1500;
  let runs = 0;
  let exhausted = false;
  const trial = (candidate: readonly FuzzStep[]): RunResult | undefined => {
    if (runs >= maxRuns) {
      exhausted = true;
      return undefined;
    }
    runs++;
    const result = runWithSchedule(profile, seed, candidate, options);
    return failing(result) ? result : undefined;
  };
  let best = trial(schedule);
  if (best === undefined) throw new Error(`shrink: the run of ${profile.name} seed ${seed} does not fail to begin with`);
  let current: readonly FuzzStep[] = schedule;

  const accept = (candidate: readonly FuzzStep[]): boolean => {
    const r = trial(candidate);
    if (r === undefined) return false;
    best = r;
    current = candidate;
    return true;
  };

  // Steps after the first violation's time cannot have caused it.
  const cutoff = best.violation === undefined ? undefined : best.time;
  if (cutoff !== undefined && current.some((s) => s.time > cutoff)) accept(current.filter((s) => s.time <= cutoff));

  // Chunks: complements of 1/n of the schedule, n = 2, 4, 8, ...
  for (let n = 2; current.length >= 2 && !exhausted; ) {
    const size = Math.ceil(current.length / n);
    let removed = false;
    for (let start = 0; start < current.length && !exhausted; start += size) {
      const candidate = [...current.slice(0, start), ...current.slice(start + size)];
      if (candidate.length < current.length && accept(candidate)) {
        removed = true;
        n = Math.max(n - 1, 2);
        break;
      }
    }
    if (!removed) {
      if (size <= 1) break;
      n = Math.min(n * 2, current.length);
    }
  }

  // Single removals until a fixpoint.
  for (let changed = true; changed && !exhausted; ) {
    changed = false;
    for (let i = current.length - 1; i >= 0 && !exhausted; i--) {
      if (accept([...current.slice(0, i), ...current.slice(i + 1)])) changed = true;
    }
  }
  return { schedule: current, result: best, runs, exhausted };
}

/** A predicate for `shrink` that keeps the same kind of failure as `original`. */
export function sameFailure(original: RunResult): (r: RunResult) => boolean {
  if (original.violation !== undefined) {
    const invariant = original.violation.invariant;
    return (r) => r.violations.some((v) => v.invariant === invariant);
  }
  if (original.error !== undefined) return (r) => r.error !== undefined;
  return (r) => (r.liveness?.failures.length ?? 0) > 0;
}

// ---- Campaigns ---------------------------------------------------------------------------------

/** Running totals for one profile. */
export interface CampaignTally {
  readonly profile: ProfileName;
  runs: number;
  violations: number;
  errors: number;
  livenessFailures: number;
  livenessSkips: number;
  events: number;
  /** The failing runs (violation, error or liveness), by ascending seed as added. */
  readonly failures: RunResult[];
  /** Counts per skip reason. */
  readonly skips: Map<LivenessSkip, number>;
  /** Worst observed heal-to-leader and heal-to-commit times (ms). */
  maxLeaderAfterMs: number;
  maxCommitAfterMs: number;
}

export function newTally(profile: ProfileName): CampaignTally {
  return { profile, runs: 0, violations: 0, errors: 0, livenessFailures: 0, livenessSkips: 0, events: 0, failures: [], skips: new Map(), maxLeaderAfterMs: 0, maxCommitAfterMs: 0 };
}

/** Adds one run to a tally. */
export function tallyRun(tally: CampaignTally, r: RunResult): void {
  tally.runs++;
  tally.events += r.events;
  if (r.violations.length > 0) tally.violations++;
  if (r.error !== undefined) tally.errors++;
  const live = r.liveness;
  if (live !== undefined) {
    if (live.failures.length > 0) tally.livenessFailures++;
    if (live.skipped !== undefined) {
      tally.livenessSkips++;
      tally.skips.set(live.skipped, (tally.skips.get(live.skipped) ?? 0) + 1);
    }
    tally.maxLeaderAfterMs = Math.max(tally.maxLeaderAfterMs, live.leaderAfterMs ?? 0);
    tally.maxCommitAfterMs = Math.max(tally.maxCommitAfterMs, live.commitAfterMs ?? 0);
  }
  if (isFailure(r)) tally.failures.push(r);
}

/** Runs seeds `firstSeed .. firstSeed + seeds - 1` of a profile. */
export function runCampaign(profile: Profile, firstSeed: number, seeds: number, options: RunOptions = {}): CampaignTally {
  const tally = newTally(profile.name);
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) tallyRun(tally, runSeed(profile, seed, options));
  return tally;
}

/** `I9 Leader Completeness: …` (the checker's message, prefixed with the id and title unless it has them). */
export function describeViolationText(v: Violation): string {
  return v.message.startsWith(v.invariant) ? v.message : `${v.invariant} ${v.title}: ${v.message}`;
}

/** A one-line account of a run's failure. */
export function describeFailure(r: RunResult): string {
  const head = `${r.profile} seed ${r.seed}${r.mutations.length > 0 ? ` (mutation ${r.mutations.join('+')})` : ''}`;
  if (r.violation !== undefined) return `${head}: event #${r.violation.eventIndex}: ${describeViolationText(r.violation)}`;
  if (r.error !== undefined) return `${head}: exception at event #${r.events}: ${r.error}`;
  return `${head}: liveness: ${(r.liveness?.failures ?? []).join('; ')}`;
}

/** Human-readable schedule lines, e.g. `1234ms crash n3`. */
export function formatStep(step: FuzzStep): string {
  const a = step.action;
  const body = (() => {
    switch (a.kind) {
      case 'crash':
      case 'restart':
      case 'timeout':
      case 'snapshot':
        return `${a.kind} n${a.node}`;
      case 'propose':
        return `propose "${a.command}"${a.node === undefined ? '' : ` on n${a.node}`}`;
      case 'proposeLeaders':
        return `propose "${a.command}" on every ${a.stale === true ? 'stale ' : ''}leader`;
      case 'partition':
        return `partition ${a.groups.map((g) => `{${g.map((id) => `n${id}`).join(',')}}`).join(' | ')}`;
      case 'cut':
        return `cut n${a.from} → n${a.to}`;
      case 'linkFault':
        return `link n${a.from} → n${a.to} ${a.fault === null ? 'cleared' : JSON.stringify(a.fault)}`;
      case 'reconfig':
        return `reconfig ${a.change} (pick ${a.pick})`;
      case 'membership':
        return `membership ${a.change} n${a.node}`;
      case 'heal':
        return 'heal the network';
      case 'crashLeader':
        return 'crash the leader';
      case 'isolateLeader':
        return 'isolate the leader';
      case 'restartCrashed':
        return 'restart every crashed node';
      case 'maxEntriesPerAppend':
        return `cap AppendEntries at ${a.value} entries`;
      case 'globalFault':
        return `network loss ${a.loss ?? '-'}, duplication ${a.duplicate ?? '-'}`;
      default:
        return JSON.stringify(a);
    }
  })();
  return `${step.time}ms ${body}`;
}
