// `npm run bench [-- --runs N] [-- --only a|b|c]`: raftbare-spec.md §9 workloads (a), (b), (c)
// against the port, each run once untimed then N times (default 5), then the core's size.
import { runIdeal } from './ideal.js';
import { runSim, type SimResult } from './sim.js';
import { printCoreSize } from './size.js';
import { int, rate, repeat, secs, summarize, type Summary, type Timed } from './stats.js';

type Workload = 'a' | 'b' | 'c';

interface Reference {
  /** raftbare 0.1.4, final batch: best, median (seconds). */
  readonly final: readonly [number, number];
  /** raftbare 0.1.4, all 13 runs: best, median, worst (seconds). */
  readonly all: readonly [number, number, number];
}

/** raftbare-spec.md §9.4. */
const REFERENCE: Record<Workload, Reference> = {
  a: { final: [0.206, 0.271], all: [0.195, 0.315, 0.389] },
  b: { final: [0.144, 0.206], all: [0.111, 0.204, 0.249] },
  c: { final: [0.545, 0.559], all: [0.543, 0.708, 1.15] },
};

/** Half of raftbare's median rate: the port's goal, in units per second. */
const TARGET: Record<Workload, number> = { a: 1.6e6, b: 0.25e6, c: 0.7e6 };

function parseArgs(argv: readonly string[]): { runs: number; only: Workload[] } {
  let runs = 5;
  let only: Workload[] = ['a', 'b', 'c'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--runs' && value !== undefined && /^[1-9]\d*$/.test(value)) {
      runs = Number(value);
      i++;
    } else if (arg === '--only' && (value === 'a' || value === 'b' || value === 'c')) {
      only = [value];
      i++;
    } else {
      throw new Error(`usage: raft.bench.ts [--runs N] [--only a|b|c] (bad argument ${String(arg)})`);
    }
  }
  return { runs, only };
}

function report(w: Workload, title: string, units: number, unit: string, s: Summary): void {
  const ref = REFERENCE[w];
  console.log(
    `(${w}) ${title}: best ${secs(s.best)} s, median ${secs(s.median)} s, worst ${secs(s.worst)} s` +
      ` | ${rate(units / s.median)} ${unit}/s at median, ${rate(units / s.best)} at best`,
  );
  const met = units / s.median >= TARGET[w] ? 'met' : 'NOT met';
  console.log(
    `    raftbare 0.1.4: final batch best/median ${secs(ref.final[0])}/${secs(ref.final[1])} s` +
      ` (${rate(units / ref.final[0])}/${rate(units / ref.final[1])} ${unit}/s),` +
      ` all runs ${secs(ref.all[0])}/${secs(ref.all[1])}/${secs(ref.all[2])} s` +
      ` | median/ref median: ${(s.median / ref.final[1]).toFixed(2)}x (final batch), ${(s.median / ref.all[1]).toFixed(2)}x (all runs)` +
      ` | target >= ${rate(TARGET[w])} ${unit}/s: ${met}`,
  );
}

function times<R>(runs: readonly Timed<R>[]): Summary {
  return summarize(runs.map((r) => r.seconds));
}

function benchIdeal(w: 'a' | 'b', runs: number): void {
  const [batch, iterations] = w === 'a' ? [100, 10_000] : [1, 100_000];
  const results = repeat(runs, () => runIdeal(batch, iterations));
  const commands = batch * iterations;
  const title = w === 'a' ? '1M commands in batches of 100' : '100k single proposals';
  report(w, title, commands, 'commands', times(results));
  const deliveries = (results[0] as Timed<{ deliveries: number }>).result.deliveries;
  console.log(`    ${int(deliveries)} deliveries per run; all promises Accepted; commit ${int(commands + 2)} on all 3 nodes`);
}

function benchSim(runs: number): void {
  const results = repeat(runs, runSim);
  const first = (results[0] as Timed<SimResult>).result;
  for (const r of results) {
    if (JSON.stringify(r.result) !== JSON.stringify(first)) {
      throw new Error(`(c) is not deterministic: ${JSON.stringify(r.result)} vs ${JSON.stringify(first)}`);
    }
  }
  report('c', '1M deliveries, 5 nodes, lossy', first.deliveries, 'deliveries', times(results));
  console.log(
    `    deliveries ${int(first.deliveries)}, sim time ${int(first.time)}, sent ${int(first.sent)}, dropped ${int(first.dropped)},` +
      ` timeouts ${int(first.timeouts)}, accepted proposals ${int(first.accepted)}, max term ${first.maxTerm},` +
      ` fnv1a64 ${first.fingerprint} (identical in every run)`,
  );
}

const { runs, only } = parseArgs(process.argv.slice(2));
console.log(`raftlab bench: ${runs} timed runs per workload after one warm-up (node ${process.version})`);
for (const w of only) {
  if (w === 'c') benchSim(runs);
  else benchIdeal(w, runs);
}
await printCoreSize();
