// Simulator benchmarks (issue: speed and memory of src/sim). Run: npm run bench:sim
// Prints: simulated events per second with checks and explanations on and off; the time to seek
// to random events of a 100,000-event history; the markers of 100,000 events; a fork (acting in
// the past) at event 100,000; bytes of history per event (needs --expose-gc).
// Times are CPU time of this process (process.cpuUsage), not wall time: on a machine shared with
// other work, wall time measures the neighbours; CPU time stays comparable between runs.
import { Prng, Simulation } from '../src/sim/index.js';

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

function memory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    console.log('bytes of history per event: run with node --expose-gc (npm run bench:sim does) to measure');
    return;
  }
  const sizes = [10_000, 100_000];
  const heaps: number[] = [];
  const keep: Simulation[] = [];
  for (const events of sizes) {
    gc();
    const before = process.memoryUsage().heapUsed;
    keep.push(load(events, { checks: true, explain: false }).sim);
    gc();
    heaps.push(process.memoryUsage().heapUsed - before);
  }
  // The difference between a long and a short run is what history costs per extra event.
  const perEvent = ((heaps[1] as number) - (heaps[0] as number)) / ((keep[1] as Simulation).end - (keep[0] as Simulation).end);
  console.log(`bytes of history per event: ${perEvent.toFixed(0)} (heap ${((heaps[1] as number) / 1e6).toFixed(1)} MB for ${(keep[1] as Simulation).end.toLocaleString('en')} events; target ≤ 200)`);
}

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
throughput('checks on, explanations on', { checks: true, explain: true }, 100_000, runs);
throughput('checks on, explanations off', { checks: true, explain: false }, 100_000, runs);
throughput('checks off, explanations off', { checks: false, explain: false }, 100_000, runs);
seeking();
markers();
fork(true);
fork(false);
memory();
