/**
 * `npm run fuzz -- --profile P --seeds N [--mutation M] [--first-seed S] [--out DIR]`: a
 * randomized campaign over the simulator (see src/sim/fuzz.ts).
 *
 * Prints, per profile, the runs, violations, liveness failures, liveness skips (invariants.md §6
 * cases where liveness is not asserted) and the wall time. The first violating seed of each profile
 * (or, failing that, the first liveness failure or exception) is shrunk by delta debugging and the
 * replay of the minimal schedule is written as a trace (`importTrace` / the UI can load it),
 * together with the schedule itself.
 *
 * Exit status: without `--mutation`, 1 if any run had a violation, an exception or a liveness
 * failure; with `--mutation`, 1 if no run found a violation. 2 on a usage error.
 *
 * `--jobs J` runs seeds in J child processes (results do not depend on J).
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportTrace, MUTATIONS, traceToJson, type Mutation } from '../sim/index.js';
import {
  DEFAULT_FAULT_MS,
  describeFailure,
  findProfile,
  formatStep,
  isMutation,
  newTally,
  PROFILE_NAMES,
  PROFILES,
  replay,
  runSeed,
  sameFailure,
  shrink,
  tallyRun,
  type CampaignTally,
  type Profile,
  type ProfileName,
  type RunOptions,
  type RunResult,
} from '../sim/fuzz/index.js';
import { exitQuietlyOnEpipe, formatMs, parseArgs, parseDuration, parseInteger, parseOrExit, UsageError } from './args.js';

const USAGE = `usage: npm run fuzz -- --profile P --seeds N [--mutation M] [--first-seed S] [--out DIR]
                       [--jobs J] [--fault 10s] [--no-shrink] [--shrink-runs N] [--verbose]
  --profile P       ${PROFILE_NAMES.join(', ')} or all (the part before - is enough)
  --seeds N         runs per profile
  --mutation M      inject a bug: ${MUTATIONS.join(', ')}
  --first-seed S    first seed (default 1); seeds S .. S+N-1
  --out DIR         where shrunk traces go (default /tmp/raftlab-fuzz)
  --jobs J          worker processes (default 1)
  --fault D         length of the fault phase (default ${DEFAULT_FAULT_MS / 1000}s)
  --no-shrink       report failures without shrinking them
  --shrink-runs N   at most N trial runs per shrink (default 1500)
  --verbose         list every failing run`;

interface FuzzArgs {
  readonly profiles: readonly Profile[];
  readonly seeds: number;
  readonly firstSeed: number;
  readonly mutation: Mutation | undefined;
  readonly out: string;
  readonly jobs: number;
  readonly faultMs: number;
  readonly shrink: boolean;
  readonly shrinkRuns: number;
  readonly verbose: boolean;
}

function parse(argv: readonly string[]): FuzzArgs | 'help' {
  const o = parseArgs(argv, {
    profile: { value: true },
    seeds: { value: true },
    mutation: { value: true },
    'first-seed': { value: true },
    out: { value: true },
    jobs: { value: true },
    fault: { value: true },
    'no-shrink': { value: false },
    'shrink-runs': { value: true },
    verbose: { value: false },
    help: { value: false },
  });
  if (o.has('help')) return 'help';
  const profileName = o.get('profile');
  if (profileName === undefined) throw new UsageError('--profile is required (a profile name or all)');
  let profiles: Profile[];
  if (profileName === 'all') profiles = [...PROFILES.values()];
  else {
    const p = findProfile(profileName);
    if (p === undefined) throw new UsageError(`--profile: unknown profile "${profileName}"; known: ${PROFILE_NAMES.join(', ')}, all`);
    profiles = [p];
  }
  const seeds = o.get('seeds');
  if (seeds === undefined) throw new UsageError('--seeds is required');
  const mutation = o.get('mutation');
  if (mutation !== undefined && !isMutation(mutation)) throw new UsageError(`--mutation: unknown mutation "${mutation}"; known: ${MUTATIONS.join(', ')}`);
  const firstSeed = parseInteger('first-seed', o.get('first-seed') ?? '1', 0, 0xffffffff);
  const count = parseInteger('seeds', seeds, 1, 10_000_000);
  if (firstSeed + count - 1 > 0xffffffff) throw new UsageError('--first-seed + --seeds runs past seed 4294967295');
  return {
    profiles,
    seeds: count,
    firstSeed,
    mutation,
    out: o.get('out') ?? '/tmp/raftlab-fuzz',
    jobs: parseInteger('jobs', o.get('jobs') ?? '1', 1, 64),
    faultMs: parseDuration('fault', o.get('fault') ?? `${DEFAULT_FAULT_MS}ms`),
    shrink: !o.has('no-shrink'),
    shrinkRuns: parseInteger('shrink-runs', o.get('shrink-runs') ?? '1500', 1, 1_000_000),
    verbose: o.has('verbose'),
  };
}

// ---- Running seeds, in-process or in workers ----------------------------------------------------

interface Task {
  readonly id: number;
  readonly profile: ProfileName;
  readonly from: number;
  readonly to: number;
  readonly options: RunOptions;
}

/** What a worker sends back per run: the schedule only for failures (it is regenerated anyway). */
function compact(r: RunResult): RunResult {
  const failed = r.violations.length > 0 || r.error !== undefined || (r.liveness?.failures.length ?? 0) > 0;
  return failed ? r : { ...r, schedule: [] };
}

function runTask(task: Task): RunResult[] {
  const profile = PROFILES.get(task.profile) as Profile;
  const out: RunResult[] = [];
  for (let seed = task.from; seed < task.to; seed++) out.push(compact(runSeed(profile, seed, task.options)));
  return out;
}

const WORKER_ENV = 'RAFTLAB_FUZZ_WORKER';

function workerMain(): void {
  process.on('message', (task: Task) => {
    process.send?.({ id: task.id, results: runTask(task) });
  });
}

/** Runs all seeds of one profile, split into chunks over `jobs` workers; results in seed order. */
async function runProfile(profile: Profile, args: FuzzArgs, options: RunOptions, workers: ChildProcess[], onProgress: (done: number) => void): Promise<RunResult[]> {
  const chunk = Math.max(1, Math.min(50, Math.ceil(args.seeds / Math.max(1, workers.length * 4))));
  const tasks: Task[] = [];
  for (let from = args.firstSeed, id = 0; from < args.firstSeed + args.seeds; from += chunk, id++) {
    tasks.push({ id, profile: profile.name, from, to: Math.min(from + chunk, args.firstSeed + args.seeds), options });
  }
  const results: RunResult[][] = [];
  let done = 0;
  if (workers.length === 0) {
    for (const task of tasks) {
      results[task.id] = runTask(task);
      done += task.to - task.from;
      onProgress(done);
    }
    return results.flat();
  }
  let next = 0;
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const feed = (): void => {
            const task = tasks[next++];
            if (task === undefined) {
              worker.off('message', onMessage);
              worker.off('exit', onExit);
              resolve();
              return;
            }
            worker.send(task);
          };
          const onMessage = (m: { id: number; results: RunResult[] }): void => {
            results[m.id] = m.results;
            done += m.results.length;
            onProgress(done);
            feed();
          };
          const onExit = (code: number | null): void => reject(new Error(`a fuzz worker exited (code ${String(code)})`));
          worker.on('message', onMessage);
          worker.on('exit', onExit);
          feed();
        }),
    ),
  );
  return results.flat();
}

// ---- Reporting ----------------------------------------------------------------------------------

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

function writeShrunk(profile: Profile, first: RunResult, args: FuzzArgs, options: RunOptions): void {
  const started = performance.now();
  const shrunk = shrink(profile, first.seed, first.schedule, sameFailure(first), { ...options, maxRuns: args.shrinkRuns });
  const sim = replay(profile, first.seed, shrunk.schedule, options);
  const base = `${profile.name}-seed${first.seed}${first.mutations.length > 0 ? `-${first.mutations.join('+')}` : ''}`;
  mkdirSync(args.out, { recursive: true });
  const tracePath = join(args.out, `${base}.trace.json`);
  const schedulePath = join(args.out, `${base}.schedule.json`);
  writeFileSync(tracePath, traceToJson(exportTrace(sim)));
  const reproduce = { profile: profile.name, seed: first.seed, mutations: first.mutations, faultMs: options.faultMs, schedule: shrunk.schedule };
  writeFileSync(schedulePath, `${JSON.stringify(reproduce, null, 1)}\n`);
  const r = shrunk.result;
  console.log(`  shrunk ${first.schedule.length} → ${shrunk.schedule.length} steps in ${shrunk.runs} runs${shrunk.exhausted ? ' (run limit reached)' : ''}, ${formatMs(performance.now() - started)}`);
  console.log(`  minimal: ${describeFailure(r)}`);
  for (const step of shrunk.schedule.slice(0, 30)) console.log(`    ${formatStep(step)}`);
  if (shrunk.schedule.length > 30) console.log(`    … ${shrunk.schedule.length - 30} more`);
  console.log(`  trace: ${tracePath}`);
  console.log(`  schedule: ${schedulePath}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseOrExit('fuzz', USAGE, parse, argv);
  if (typeof args === 'number') return args;
  const mutations = args.mutation === undefined ? [] : [args.mutation];
  const options: RunOptions = { mutations, faultMs: args.faultMs };
  const workers: ChildProcess[] = [];
  if (args.jobs > 1) {
    const self = fileURLToPath(import.meta.url);
    for (let i = 0; i < args.jobs; i++) workers.push(fork(self, [], { env: { ...process.env, [WORKER_ENV]: '1' } }));
  }
  const last = args.firstSeed + args.seeds - 1;
  console.log(
    `raftlab fuzz: ${args.profiles.map((p) => p.name).join(', ')}; seeds ${args.firstSeed}..${last}; fault phase ${formatMs(args.faultMs)}; ${
      mutations.length > 0 ? `mutation ${mutations.join('+')}` : 'no mutation'
    }; ${Math.max(1, workers.length)} job(s)`,
  );
  console.log(`${'profile'.padEnd(12)} ${pad('runs', 7)} ${pad('violations', 10)} ${pad('exceptions', 10)} ${pad('liveness', 8)} ${pad('skips', 6)} ${pad('max→leader', 10)} ${pad('max→commit', 10)} ${pad('events/run', 10)} ${pad('wall', 8)}`);
  const tallies: { tally: CampaignTally; profile: Profile; wall: number }[] = [];
  const started = performance.now();
  try {
    for (const profile of args.profiles) {
      const t0 = performance.now();
      const interactive = process.stdout.isTTY === true;
      const results = await runProfile(profile, args, options, workers, (done) => {
        if (interactive) process.stdout.write(`\r${profile.name.padEnd(12)} ${pad(done, 7)}…`);
      });
      const tally = newTally(profile.name);
      for (const r of results) tallyRun(tally, r);
      const wall = performance.now() - t0;
      tallies.push({ tally, profile, wall });
      if (interactive) process.stdout.write('\r');
      console.log(
        `${profile.name.padEnd(12)} ${pad(tally.runs, 7)} ${pad(tally.violations, 10)} ${pad(tally.errors, 10)} ${pad(tally.livenessFailures, 8)} ${pad(tally.livenessSkips, 6)} ${pad(
          `${tally.maxLeaderAfterMs} ms`,
          10,
        )} ${pad(`${tally.maxCommitAfterMs} ms`, 10)} ${pad(Math.round(tally.events / Math.max(1, tally.runs)), 10)} ${pad(formatMs(wall), 8)}`,
      );
    }
  } finally {
    for (const w of workers) w.kill();
  }
  const total = tallies.reduce((a, { tally }) => ({ runs: a.runs + tally.runs, events: a.events + tally.events }), { runs: 0, events: 0 });
  const wall = performance.now() - started;
  console.log(`total: ${total.runs} runs, ${total.events} events in ${formatMs(wall)} (${Math.round(total.runs / (wall / 1000))} runs/s, ${Math.round(total.events / (wall / 1000))} events/s)`);
  const skips = tallies.flatMap(({ tally }) => [...tally.skips].map(([why, n]) => `${tally.profile} ${why} ×${n}`));
  if (skips.length > 0) console.log(`liveness not asserted (invariants.md §6): ${skips.join(', ')}`);

  let violations = 0;
  let otherFailures = 0;
  for (const { tally, profile } of tallies) {
    violations += tally.violations;
    otherFailures += tally.errors + tally.livenessFailures;
    if (tally.failures.length === 0) continue;
    const firstViolation = tally.failures.find((r) => r.violation !== undefined);
    const firstException = tally.failures.find((r) => r.error !== undefined);
    const first = firstViolation ?? firstException ?? (tally.failures[0] as RunResult);
    console.log(`\n${profile.name}: ${tally.failures.length} failing run(s); first: ${describeFailure(first)}`);
    if (args.verbose) for (const r of tally.failures) console.log(`  ${describeFailure(r)}`);
    else if (tally.failures.length > 1) console.log(`  seeds: ${tally.failures.slice(0, 20).map((r) => r.seed).join(', ')}${tally.failures.length > 20 ? ', …' : ''}`);
    console.log(`  reproduce: npm run sim -- --profile ${profile.name} --seed ${first.seed}${mutations.length > 0 ? ` --mutation ${mutations.join('+')}` : ''}${args.faultMs === DEFAULT_FAULT_MS ? '' : ` --until ${args.faultMs}ms`}`);
    if (args.shrink) writeShrunk(profile, first, args, options);
  }
  if (mutations.length > 0) {
    if (violations === 0) {
      console.log(`\nmutation ${mutations.join('+')}: NOT detected in ${total.runs} runs`);
      return 1;
    }
    const found = tallies.filter(({ tally }) => tally.violations > 0).map(({ tally }) => `${tally.profile} ${tally.violations}/${tally.runs} (first seed ${tally.failures.find((r) => r.violation !== undefined)?.seed})`);
    console.log(`\nmutation ${mutations.join('+')}: detected in ${found.join(', ')}`);
    return 0;
  }
  if (violations > 0 || otherFailures > 0) {
    console.log(`\nFAILED: ${violations} run(s) with a safety violation, ${otherFailures} other failure(s) (exceptions, liveness)`);
    return 1;
  }
  console.log(`\n0 violations, 0 liveness failures over ${total.runs} runs`);
  return 0;
}

if (process.env[WORKER_ENV] === '1') workerMain();
else {
  exitQuietlyOnEpipe();
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
