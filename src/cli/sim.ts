/**
 * `npm run sim -- --nodes 5 --seed 7 --until 60s [--profile lossy]`: runs one simulation and
 * prints a summary; exits 1 on a safety violation (or a core exception), 2 on a usage error.
 *
 * Without `--profile` the cluster runs fault-free with a client proposing every `--propose-every`
 * (default 100ms). With a profile, the profile's fault schedule for the seed runs for `--until`
 * (default 10s, a fuzz run's fault phase) and then the liveness phase, exactly as `npm run fuzz`
 * does: `npm run sim -- --profile lossy-5 --seed 7` replays fuzz run 7 of lossy-5.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { exportTrace, makeParams, MUTATIONS, traceToJson, type Mutation } from '../sim/index.js';
import {
  DEFAULT_FAULT_MS,
  describeViolationText,
  findProfile,
  generateSchedule,
  isMutation,
  PROFILE_NAMES,
  runSchedule,
  fuzzParams,
  type FuzzStep,
  type Profile,
  type RunOptions,
} from '../sim/fuzz/index.js';
import { exitQuietlyOnEpipe, formatMs, parseArgs, parseDuration, parseInteger, parseOrExit, UsageError } from './args.js';

const USAGE = `usage: npm run sim -- [--nodes N] [--seed S] [--until 60s] [--profile P] [--mutation M]
                      [--propose-every 100ms] [--no-liveness] [--trace FILE]
  --nodes N            cluster size, 1-9 (default 5, or the profile's)
  --seed S             PRNG seed, 0-4294967295 (default 1)
  --until D            simulated duration: 60s, 1500ms, 2m (default 60s; with a profile, the
                       fault phase, default ${DEFAULT_FAULT_MS / 1000}s, then the liveness phase)
  --profile P          a fuzz profile: ${PROFILE_NAMES.join(', ')} (the part before - is enough)
  --mutation M         inject a bug: ${MUTATIONS.join(', ')}
  --propose-every D    without a profile: a client proposal every D (default 100ms; 0ms = none)
  --no-liveness        with a profile: stop after the fault phase
  --trace FILE         write the run's trace JSON to FILE`;

interface SimArgs {
  readonly nodes: number | undefined;
  readonly seed: number;
  readonly until: number | undefined;
  readonly profile: Profile | undefined;
  readonly mutation: Mutation | undefined;
  readonly proposeEvery: number;
  readonly liveness: boolean;
  readonly trace: string | undefined;
}

function parse(argv: readonly string[]): SimArgs | 'help' {
  const o = parseArgs(argv, {
    nodes: { value: true },
    seed: { value: true },
    until: { value: true },
    profile: { value: true },
    mutation: { value: true },
    'propose-every': { value: true },
    'no-liveness': { value: false },
    trace: { value: true },
    help: { value: false },
  });
  if (o.has('help')) return 'help';
  const profileName = o.get('profile');
  const profile = profileName === undefined ? undefined : findProfile(profileName);
  if (profileName !== undefined && profile === undefined) throw new UsageError(`--profile: unknown profile "${profileName}"; known: ${PROFILE_NAMES.join(', ')}`);
  const mutation = o.get('mutation');
  if (mutation !== undefined && !isMutation(mutation)) throw new UsageError(`--mutation: unknown mutation "${mutation}"; known: ${MUTATIONS.join(', ')}`);
  if (profile === undefined && o.has('no-liveness')) throw new UsageError('--no-liveness only applies with --profile');
  if (profile !== undefined && o.has('propose-every')) throw new UsageError('--propose-every only applies without --profile (profiles bring their own clients)');
  const nodes = o.get('nodes');
  const seed = o.get('seed');
  const until = o.get('until');
  const every = o.get('propose-every');
  return {
    nodes: nodes === undefined ? undefined : parseInteger('nodes', nodes, 1, 9),
    seed: seed === undefined ? 1 : parseInteger('seed', seed, 0, 0xffffffff),
    until: until === undefined ? undefined : parseDuration('until', until),
    profile,
    mutation,
    proposeEvery: every === undefined ? 100 : parseDuration('propose-every', every, true),
    liveness: !o.has('no-liveness'),
    trace: o.get('trace'),
  };
}

function plainWorkload(until: number, every: number): FuzzStep[] {
  const steps: FuzzStep[] = [];
  if (every > 0) for (let t = every, i = 0; t < until; t += every, i++) steps.push({ time: t, action: { kind: 'propose', command: `set k${i % 10} ${i}` } });
  return steps;
}

function main(argv: readonly string[]): number {
  const args = parseOrExit('sim', USAGE, parse, argv);
  if (typeof args === 'number') return args;
  const mutations = args.mutation === undefined ? [] : [args.mutation];
  const profile = args.profile;
  let options: RunOptions;
  let schedule: FuzzStep[];
  let params;
  if (profile !== undefined) {
    options = { nodes: args.nodes ?? profile.nodes, mutations, faultMs: args.until ?? DEFAULT_FAULT_MS, liveness: args.liveness, stats: true };
    schedule = generateSchedule(profile, args.seed, options);
    params = fuzzParams(profile, args.seed, options);
  } else {
    const until = args.until ?? 60_000;
    options = { mutations, faultMs: until, liveness: false, stats: true };
    schedule = plainWorkload(until, args.proposeEvery);
    params = makeParams({ nodes: args.nodes ?? 5, seed: args.seed, mutations });
  }
  const started = performance.now();
  const { outcome, sim } = runSchedule(params, schedule, options);
  const wall = performance.now() - started;

  const what = profile === undefined ? 'no faults' : `profile ${profile.name} (${profile.description})`;
  console.log(`raftlab sim: ${params.nodes} nodes, seed ${params.seed}, ${what}${mutations.length > 0 ? `, mutation ${mutations.join('+')}` : ''}`);
  console.log(`final time: ${outcome.time} ms simulated (${formatMs(wall)} wall)`);
  console.log(`events: ${outcome.events}${profile === undefined ? '' : ` (schedule: ${schedule.length} steps, ${outcome.skippedSteps} did not fit and were skipped)`}`);
  const stats = outcome.stats;
  if (stats !== undefined) {
    const leaderless = stats.maxTerm - stats.leaders.filter(([t]) => t > 0).length;
    console.log(`terms: reached ${stats.maxTerm}; ${stats.leaders.length} had a leader, ${leaderless} none`);
    const shown = stats.leaders.slice(0, 40).map(([t, id]) => `t${t}:n${id}`);
    console.log(`leaders per term: ${shown.join(' ') || 'none'}${stats.leaders.length > shown.length ? ` … (${stats.leaders.length - shown.length} more)` : ''}`);
    const p = stats.proposals;
    console.log(`client commands: ${p.taken} taken by a leader, ${p.committed} committed, ${p.rejected} rejected, ${p.unknown} compacted before known, ${p.pending} pending`);
  }
  const view = sim.view(0);
  console.log(`commit index: ${view.nodes.map((n) => `n${n.id} ${n.up ? n.commitIndex : 'down'}`).join(', ')}; leader now: ${view.leader === undefined ? 'none' : `n${view.leader}`}`);
  const live = outcome.liveness;
  if (live !== undefined) {
    const parts = [`healed at ${live.healAt} ms`];
    parts.push(live.leaderAfterMs === undefined ? 'no leader' : `leader after ${live.leaderAfterMs} ms`);
    parts.push(live.commitAfterMs === undefined ? 'no fresh commit' : `fresh commit after ${live.commitAfterMs} ms`);
    if (live.skipped !== undefined) parts.push(`not asserted (${live.skipped})`);
    if (live.failures.length > 0) parts.push(`FAILED: ${live.failures.join('; ')}`);
    console.log(`liveness: ${parts.join(', ')}`);
  }
  if (outcome.error !== undefined) console.log(`EXCEPTION at event #${outcome.events}: ${outcome.error}`);
  if (outcome.violations.length === 0) console.log('violations: none');
  else {
    console.log(`violations: ${outcome.violations.length} (the run stopped at the first)`);
    for (const v of outcome.violations) console.log(`  event #${v.eventIndex}: ${describeViolationText(v)}`);
  }
  if (args.trace !== undefined) {
    writeFileSync(args.trace, traceToJson(exportTrace(sim)));
    console.log(`trace: ${args.trace}`);
  }
  return outcome.violations.length > 0 || outcome.error !== undefined ? 1 : 0;
}

exitQuietlyOnEpipe();
process.exitCode = main(process.argv.slice(2));
