// The fuzz campaign in miniature: every profile × a few fixed seeds must keep every safety
// invariant and meet the liveness bounds of docs/invariants.md §6; the shrinker must reduce schedules;
// and injected mutations must be found within seed ranges verified to find them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportTrace, importTrace, traceToJson } from '../../src/sim/index.js';
import {
  describeFailure,
  findProfile,
  generateSchedule,
  PROFILE_NAMES,
  PROFILES,
  replay,
  runSeed,
  runWithSchedule,
  sameFailure,
  shrink,
  type FuzzStep,
  type Profile,
  type RunResult,
} from '../../src/sim/fuzz/index.js';
import type { Mutation } from '../../src/sim/engine/params.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

function profile(name: string): Profile {
  const p = findProfile(name);
  if (p === undefined) throw new Error(`no profile ${name}`);
  return p;
}

/** The first seed in [from, to] whose run has a violation, with its result. */
function firstViolation(p: Profile, mutation: Mutation, from: number, to: number): RunResult | undefined {
  for (let seed = from; seed <= to; seed++) {
    const r = runSeed(p, seed, { mutations: [mutation] });
    if (r.violation !== undefined) return r;
  }
  return undefined;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fuzz campaign, fixed seeds, no mutation', () => {
  it('has the seven profiles the campaign documents', () => {
    expect([...PROFILES.keys()]).toEqual([...PROFILE_NAMES]);
    expect(PROFILE_NAMES).toEqual(['reliable-3', 'lossy-5', 'crash-5', 'snap-3', 'figure8-5', 'reconfig-5', 'sync-3']);
    expect(findProfile('lossy')?.name).toBe('lossy-5');
    expect(findProfile('nope')).toBeUndefined();
  });

  describe.each([...PROFILE_NAMES])('%s', (name) => {
    it.each(SEEDS)(`seed %i: no violation, a leader within 5 s and a fresh commit within 10 s of the heal`, (seed) => {
      const r = runSeed(profile(name), seed);
      expect(r.violations, describeFailure(r)).toEqual([]);
      expect(r.error, describeFailure(r)).toBeUndefined();
      expect(r.liveness, 'the liveness phase ran').toBeDefined();
      expect(r.liveness?.skipped).toBeUndefined();
      expect(r.liveness?.failures, describeFailure(r)).toEqual([]);
      expect(r.liveness?.leaderAfterMs).toBeLessThanOrEqual(5_000);
      expect(r.liveness?.commitAfterMs).toBeLessThanOrEqual(10_000);
      expect(r.time).toBeGreaterThanOrEqual(10_000);
    });
  });
});

describe('runs are reproducible from the seed, and from the schedule alone', () => {
  it('draws schedules and runs without Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const r = runSeed(profile('lossy-5'), 5);
    expect(r.schedule.length).toBeGreaterThan(20);
    expect(r.events).toBeGreaterThan(500);
  });

  it('the same seed gives the same schedule and the same run; another seed differs', () => {
    const p = profile('reconfig-5');
    const a = runSeed(p, 9, { stats: true });
    const b = runSeed(p, 9, { stats: true });
    expect(b).toEqual(a);
    expect(generateSchedule(p, 10)).not.toEqual(a.schedule);
  });

  it('replaying a schedule gives a byte-identical trace, which importTrace accepts', () => {
    const p = profile('snap-3');
    const schedule = generateSchedule(p, 2, { faultMs: 3_000 });
    const options = { faultMs: 3_000 };
    const one = traceToJson(exportTrace(replay(p, 2, schedule, options)));
    const two = traceToJson(exportTrace(replay(p, 2, schedule, options)));
    expect(two).toBe(one);
    const imported = importTrace(one);
    expect(traceToJson(exportTrace(imported))).toBe(one);
  });

  it('the schedule JSON round-trips: a schedule read back from text reproduces the run', () => {
    const p = profile('figure8-5');
    const r = runSeed(p, 3);
    const schedule = JSON.parse(JSON.stringify(r.schedule)) as FuzzStep[];
    const again = runWithSchedule(p, 3, schedule);
    expect(again.events).toBe(r.events);
    expect(again.time).toBe(r.time);
    expect(again.liveness).toEqual(r.liveness);
  });
});

describe('shrink', () => {
  it('reduces a schedule to the steps a synthetic predicate needs (schedule-only predicate)', () => {
    const p = profile('reliable-3');
    const schedule = generateSchedule(p, 4);
    const proposals = (s: readonly FuzzStep[]): number => s.filter((x) => x.action.kind === 'propose').length;
    const crashes = (s: readonly FuzzStep[]): number => s.filter((x) => x.action.kind === 'crashLeader').length;
    expect(crashes(schedule)).toBeGreaterThanOrEqual(2);
    const predicate = (r: RunResult): boolean => crashes(r.schedule) >= 2 && proposals(r.schedule) >= 3;
    const out = shrink(p, 4, schedule, predicate, { faultMs: 2_000, liveness: false });
    expect(out.schedule).toHaveLength(5);
    expect(crashes(out.schedule)).toBe(2);
    expect(proposals(out.schedule)).toBe(3);
    expect(out.exhausted).toBe(false);
    // The survivors keep their original order and times.
    const kept = out.schedule.map((s) => schedule.indexOf(s));
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('reduces a schedule on a predicate over the run itself, to a 1-minimal schedule', () => {
    const p = profile('reliable-3');
    const schedule = generateSchedule(p, 4);
    const predicate = (r: RunResult): boolean => (r.stats?.maxTerm ?? 0) >= 3;
    const options = { stats: true, liveness: false };
    expect(predicate(runWithSchedule(p, 4, schedule, options))).toBe(true);
    const out = shrink(p, 4, schedule, predicate, options);
    expect(out.schedule.length).toBeLessThan(schedule.length / 4);
    expect(predicate(out.result)).toBe(true);
    expect(out.schedule.some((s) => s.action.kind === 'crashLeader')).toBe(true);
    for (let i = 0; i < out.schedule.length; i++) {
      const fewer = [...out.schedule.slice(0, i), ...out.schedule.slice(i + 1)];
      expect(predicate(runWithSchedule(p, 4, fewer, options)), `step ${i} is needed`).toBe(false);
    }
  });

  it('refuses a schedule that does not fail to begin with', () => {
    const p = profile('reliable-3');
    expect(() => shrink(p, 1, generateSchedule(p, 1), () => false, { liveness: false, maxRuns: 5 })).toThrow(/does not fail/);
  });
});

describe('mutations are found within verified seed ranges', () => {
  it('commitOldTermByCounting: figure8-5 finds an I9 violation at seed 1 (seeds 1–5); the shrunk trace replays it', () => {
    const p = profile('figure8-5');
    const r = firstViolation(p, 'commitOldTermByCounting', 1, 5);
    expect(r?.seed).toBe(1);
    expect(r?.violation?.invariant).toBe('I9');
    const found = r as RunResult;
    const options = { mutations: ['commitOldTermByCounting'] as Mutation[] };
    const out = shrink(p, found.seed, found.schedule, sameFailure(found), { ...options, maxRuns: 400 });
    expect(out.schedule.length).toBeLessThan(found.schedule.length / 4);
    expect(out.result.violation?.invariant).toBe('I9');
    const trace = exportTrace(replay(p, found.seed, out.schedule, options));
    expect(trace.violations[0]?.invariant).toBe('I9');
    const imported = importTrace(traceToJson(trace));
    expect(imported.violations().map((v) => v.invariant)).toContain('I9');
  });

  it('indexOnlyVoteRule: lossy-5 finds an I9 (Leader Completeness) violation at seed 3 (seeds 1–10)', () => {
    const r = firstViolation(profile('lossy-5'), 'indexOnlyVoteRule', 1, 10);
    expect(r?.seed).toBe(3);
    expect(r?.violation?.invariant).toBe('I9');
  });

  it('indexOnlyVoteRule: snap-3 finds an I9 violation at seed 3 (seeds 1–10)', () => {
    const r = firstViolation(profile('snap-3'), 'indexOnlyVoteRule', 1, 10);
    expect(r?.seed).toBe(3);
    expect(r?.violation?.invariant).toBe('I9');
  });

  it('truncateOnStaleAppend: reliable-3 finds an I10 violation at seed 1 (seeds 1–3)', () => {
    const r = firstViolation(profile('reliable-3'), 'truncateOnStaleAppend', 1, 3);
    expect(r?.seed).toBe(1);
    expect(r?.violation?.invariant).toBe('I10');
  });

  it('votedForNotPersisted: reliable-3 finds an I2 (durable state) violation at seed 1', () => {
    const r = firstViolation(profile('reliable-3'), 'votedForNotPersisted', 1, 1);
    expect(r?.violation?.invariant).toBe('I2');
  });
});
