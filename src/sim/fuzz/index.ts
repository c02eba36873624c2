/**
 * Randomized fault campaigns over the simulator ("fuzzing"): profiles, the run generator, the
 * runner with its liveness phase (docs/invariants.md §6), and a delta-debugging shrinker.
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
import type { Violation } from '../checker/host.js';
import type { FuzzStep, Profile, ProfileName } from './profiles.js';
import { isFailure, type LivenessSkip, type RunOptions, type RunResult, runSeed, runWithSchedule } from './run.js';

export * from './profiles.js';
export * from './run.js';

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
      case 'crashAtSync':
        return `crash a node at its write deadline (pick ${a.pick}, after ${a.after} event(s) then)`;
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
