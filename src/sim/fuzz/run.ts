/**
 * Running one fuzz schedule: the fault phase, then the liveness phase (see `fuzz.ts`).
 *
 * @module
 */
import { ClusterConfig, type CommitPromise, type Node } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';
import type { Violation } from '../checker/host.js';
import { InterventionError, type Intervention, type InterventionResult, type MembershipChange } from '../engine/interventions.js';
import { makeParams, MAX_NODES, type Mutation, type ParamsInput, type SimParams } from '../engine/params.js';
import { Prng } from '../engine/prng.js';
import { PRESENT_WORLD, Simulation, type SimulationOptions } from '../simulation.js';
import type { NodeSlot, World } from '../engine/world.js';
import { type FuzzAction, type FuzzStep, type Profile, type ProfileName, type ScheduleContext } from './profiles.js';

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
  /** Why liveness was not asserted (docs/invariants.md §6), if it was not. */
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
    return this.sim[PRESENT_WORLD]();
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
      if (!this.stepOne()) return false;
      afterEvent?.();
    }
    this.sim.runUntil(time);
    return true;
  }

  /** Processes the next event; false once stopped. */
  private stepOne(): boolean {
    if (!this.guard(() => this.sim.step())) return false;
    this.observe();
    return !this.stopped();
  }

  /** The running nodes with a storage write pending, ascending. */
  private pendingWriters(): NodeSlot[] {
    return this.world.slots.filter((s) => s.node !== undefined && s.syncsQueued > s.syncsDone);
  }

  /** The `crashAtSync` macro (see `FuzzMacro`). */
  private crashAtSync(pick: number, after: number): void {
    const limit = this.sim.time + 1_000;
    let writers = this.pendingWriters();
    while (writers.length === 0) {
      const next = this.sim.nextEventTime();
      if (next === undefined || next > limit) {
        this.skipped++;
        return;
      }
      if (!this.stepOne()) return;
      writers = this.pendingWriters();
    }
    const slot = writers[pick % writers.length] as NodeSlot;
    const due = slot.syncedUntil;
    if (!this.advance(due - 1) || !this.sim.advanceClock(due)) return;
    for (let k = 0; k < after && this.sim.nextEventTime() === due; k++) if (!this.stepOne()) return;
    this.apply({ kind: 'crash', node: slot.id });
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
      case 'crashAtSync':
        return this.crashAtSync(action.pick, action.after);
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

  /** docs/invariants.md §6: heal, loss 0, restart everyone, a client every 100 ms, then the bounds. */
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
      candidates = Array.from({ length: MAX_NODES }, (_, i) => (i + 1) as NodeId).filter((id) => !members.has(id));
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
