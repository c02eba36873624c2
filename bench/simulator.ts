// Simulator benchmarks (issue: speed and memory of src/sim). Run: npm run bench:sim
// Prints: simulated events per second with checks and explanations on and off; the time to seek
// to random events of a 100,000-event history; the markers of 100,000 events; a fork (acting in
// the past) at event 100,000; history bytes per event by part (needs --expose-gc).
// Times are CPU time of this process (process.cpuUsage), not wall time: on a machine shared with
// other work, wall time measures the neighbours; CPU time stays comparable between runs.
import { Prng, Simulation, type SimulationOptions } from '../src/sim/index.js';

interface Load {
  readonly sim: Simulation;
  readonly cpuMs: number;
}

/** A 5-node cluster under client load (a proposal every 40 ms) and 5 % loss, until `events`. */
/** CPU milliseconds (user + system) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function load(events: number, options: { checks: boolean; explain: boolean }): Load {
  const started = process.cpuUsage();
  const sim = new Simulation({ seed: 42, loss: 0.05 }, options);
  let n = 0;
  while (sim.end < events) {
    sim.runFor(40);
    sim.apply({ kind: 'propose', command: `set k${n % 8} ${n}` });
    n++;
  }
  return { sim, cpuMs: cpuMs(started) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function throughput(label: string, options: { checks: boolean; explain: boolean }, events: number, runs: number): void {
  const rates: number[] = [];
  load(20_000, options); // warm-up
  for (let i = 0; i < runs; i++) {
    const { sim, cpuMs: spent } = load(events, options);
    rates.push(sim.end / (spent / 1000));
  }
  console.log(`${label.padEnd(34)} median ${Math.round(median(rates)).toLocaleString('en')} events per CPU-second (best ${Math.round(Math.max(...rates)).toLocaleString('en')}, ${runs} runs of ${events.toLocaleString('en')} events)`);
}

function seeking(): void {
  const { sim } = load(100_000, { checks: true, explain: false });
  const prng = new Prng(7);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const target = prng.int(0, sim.end);
    const started = process.cpuUsage();
    sim.seek(target);
    times.push(cpuMs(started));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p = (q: number): string => (sorted[Math.floor(q * (sorted.length - 1))] as number).toFixed(2);
  console.log(`seek to a random one of ${sim.end.toLocaleString('en')} events: median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms (target ≤ 16 ms)`);
}

function timed(body: () => void): number {
  const started = process.cpuUsage();
  body();
  return cpuMs(started);
}

/** Markers of the whole history: read from the frontier's record (or, before it existed, a full replay). */
function markers(): void {
  const { sim } = load(100_000, { checks: true, explain: false });
  const withMarkers = sim as unknown as { markers?: () => readonly unknown[] };
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    times.push(
      timed(() => {
        if (withMarkers.markers !== undefined) count = withMarkers.markers().length;
        else for (sim.seek(0); sim.step() && sim.position < sim.end; ) count++;
      }),
    );
    sim.seek(sim.end);
  }
  const how = withMarkers.markers === undefined ? 'full replay (no markers API)' : `${count.toLocaleString('en')} markers`;
  console.log(`markers for ${sim.end.toLocaleString('en')} events: median ${median(times).toFixed(2)} ms, ${how} (target ≤ 20 ms)`);
}

/** Acting in the past: seek to event 100,000 of a longer run, then apply an intervention there. */
function fork(checks: boolean): void {
  const seeks: number[] = [];
  const applies: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { sim } = load(100_500, { checks, explain: false });
    seeks.push(timed(() => sim.seek(100_000)));
    applies.push(timed(() => sim.apply({ kind: 'heal' })));
  }
  const label = `fork at event 100,000 (checks ${checks ? 'on' : 'off'}):`.padEnd(34);
  console.log(`${label} apply median ${median(applies).toFixed(1)} ms after a seek of ${median(seeks).toFixed(1)} ms (target ≤ 50 ms)`);
}

/** Bytes in use after a full GC: the JS heap and the typed arrays' backing stores. */
function usedBytes(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** What the UI's playback does: default parameters, no client load, 10,000 simulated ms per wall second at 60 frames. */
function playback(events: number, options: SimulationOptions = {}, visit?: (sim: Simulation) => void): Simulation {
  const sim = new Simulation({ seed: 1 }, options);
  while (sim.end < events) {
    sim.runFor(167);
    visit?.(sim);
  }
  return sim;
}

/** The retention bound: playback with a small `historyLimit`; what is retained stops growing once the limit is reached. */
function bound(): void {
  const gc = (globalThis as { gc?: () => void }).gc as () => void;
  const limit = 100_000;
  const before = usedBytes(gc);
  const marks = [100_000, 200_000, 400_000];
  const seen: string[] = [];
  playback(400_000, { historyLimit: limit }, (sim) => {
    if (sim.end < (marks[0] ?? Infinity)) return;
    marks.shift();
    seen.push(`${(sim.end / 1000).toFixed(0)}k: ${((usedBytes(gc) - before) / 1e6).toFixed(2)} MB`);
  });
  console.log(`  retained with historyLimit ${limit.toLocaleString('en')} (UI playback): ${seen.join(', ')}`);
}

/**
 * The simulation's retained parts, read white-box (private fields) to measure each one by
 * detaching it and collecting: what remains unaccounted is the present world and the rest.
 */
interface Retained {
  world: { observer: unknown; proposals: unknown };
  tracker: unknown;
  events: unknown;
  history: { events: unknown; spaceTime: unknown; checkpoints: { series: { size: number } }; marks: unknown };
  checker: unknown;
  proposalLog: unknown;
  timeline: unknown;
}

const PARTS: readonly [string, (r: Retained) => void][] = [
  ['per-event columns (time, kind, markers)', (r) => ((r.world.observer = undefined), (r.tracker = undefined), (r.events = undefined), (r.history.events = undefined))],
  ['space-time spans, roles, commits', (r) => (r.history.spaceTime = undefined)],
  ['checkpoints (cloned worlds)', (r) => (r.history.checkpoints = { series: { size: 0 } })],
  ['checker marks', (r) => (r.history.marks = undefined)],
  ["checker's history and journal", (r) => (r.checker = undefined)],
  ['proposals list', (r) => (r.proposalLog = undefined)],
  ['timeline (interventions, the trace)', (r) => (r.timeline = undefined)],
  ["world's command registry", (r) => (r.world.proposals = new Map())],
];

function breakdown(label: string, build: () => Simulation): void {
  const gc = (globalThis as { gc?: () => void }).gc as () => void;
  const before = usedBytes(gc);
  const sim = build();
  let last = usedBytes(gc);
  const events = sim.end;
  const total = (last - before) / events;
  const r = sim as unknown as Retained;
  const kept = r.history.checkpoints.series.size;
  console.log(`  ${label}: ${total.toFixed(1)} B/event in all (${events.toLocaleString('en')} events, ${kept} checkpoints kept)`);
  for (const [part, detach] of PARTS) {
    detach(r);
    const now = usedBytes(gc);
    console.log(`    ${part.padEnd(40)} ${((last - now) / events).toFixed(1).padStart(6)} B/event`);
    last = now;
  }
  console.log(`    ${'the present world and the rest'.padEnd(40)} ${((last - before) / events).toFixed(1).padStart(6)} B/event`);
}

function memory(): void {
  if ((globalThis as { gc?: () => void }).gc === undefined) {
    console.log('history bytes per event: run with node --expose-gc (npm run bench:sim does) to measure');
    return;
  }
  console.log('history bytes per event by part (JS heap + typed arrays after GC):');
  playback(20_000); // warm-up: compiled code and lazily built tables are not history
  breakdown('UI playback, default params (seed 1)', () => playback(100_000));
  breakdown('bench load (a proposal every 40 ms, 5 % loss)', () => load(100_000, { checks: true, explain: false }).sim);
  bound();
}

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
// --only=throughput,seek,markers,fork,memory runs some sections.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (section: string): boolean => only === undefined || only.includes(section);
if (wanted('throughput')) {
  throughput('checks on, explanations on', { checks: true, explain: true }, 100_000, runs);
  throughput('checks on, explanations off', { checks: true, explain: false }, 100_000, runs);
  throughput('checks off, explanations off', { checks: false, explain: false }, 100_000, runs);
}
if (wanted('seek')) seeking();
if (wanted('markers')) markers();
if (wanted('fork')) {
  fork(true);
  fork(false);
}
if (wanted('memory')) memory();
