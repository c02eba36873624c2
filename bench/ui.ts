// `npm run bench:ui`: the visualizer's speed and memory in headless Chromium, on the production
// build served from 127.0.0.1 with cross-origin isolation (fine-grained performance.now()).
// A fresh browser per run, 1280×800; each figure is the median over the runs.
//
//   npm run bench:ui                       # everything: 3 runs × 20 s per frame scenario
//   npm run bench:ui -- --only=size,a --runs=1 --seconds=5   # a quick look
//
// Scenarios: (a) 5 nodes playing at the default speed; (b) 9 nodes with ≥ 300 messages in flight;
// (c) 60 s at the fastest speed, heap growth after GC; (d) seeks in a 100,000-event history and a
// fork at event 100,000; (size) the build's JS + CSS, gzip.
import type { Page } from 'playwright-core';
import { builtApp } from '../test/browser/harness/app-build.js';
import type { HookWindow } from '../test/browser/harness/hook.js';
import { serveDirectory } from '../test/browser/harness/static-server.js';
import { measureFrames, medianFigures, type FrameFigures } from './ui-frames.js';
import { measureMemory, type MemoryFigures } from './ui-memory.js';
import { measureScrub, type ScrubFigures } from './ui-scrub.js';
import { measureBuildSize } from './ui-size.js';
import { median } from './ui-stats.js';
import { printTable, type Row } from './ui-table.js';

const SETTLE_NOTE = '1 s settle';
const WARMUP_MS = 2000;
const MEMORY_MS = 60_000;
const FASTEST_SPEED = 10_000;
/** "60 fps" on a 60 Hz display, allowing one missed frame in 120 (a 20 s run may miss 10). */
const SIXTY_FPS = 59.5;

interface Options {
  readonly runs: number;
  readonly seconds: number;
  readonly only: ReadonlySet<string>;
}

function parseOptions(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runs = Number(get('runs') ?? 3);
  const seconds = Number(get('seconds') ?? 20);
  if (!Number.isInteger(runs) || runs < 1 || !(seconds > 0)) throw new Error('usage: bench:ui [--runs=N] [--seconds=S] [--only=size,a,b,c,d]');
  return { runs, seconds, only: new Set((get('only') ?? 'size,a,b,c,d').split(',')) };
}

/** Runs `body` in the page with its store (an argument-free arrow: tsx must not rename inside it). */
function withStore(page: Page, body: 'play' | 'fastest' | 'crowd'): Promise<void> {
  return page.evaluate(([what, fastest]) => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) throw new Error('the page has no test hook (window.raftlab)');
    const a = store.actions;
    if (what === 'crowd') {
      // A short heartbeat and a long latency: ≈ 8 followers × 25 heartbeats in flight each way.
      const error = a.reset({ nodes: 9, seed: 1, timing: { heartbeatMs: 10, delayMinMs: 200, delayMaxMs: 300, electionMinMs: 1000, electionMaxMs: 2000 } });
      if (error !== undefined) throw new Error(error);
      a.pause();
      for (let i = 0; i < 200 && store.getState().frame.view.inFlight.length < 300; i++) a.advance(100);
    }
    if (what === 'fastest') a.setSpeed(fastest);
    a.play();
  }, [body, FASTEST_SPEED] as const);
}

async function frameScenario(url: string, setup: 'play' | 'crowd', o: Options): Promise<FrameFigures> {
  const runs: FrameFigures[] = [];
  for (let i = 0; i < o.runs; i++) {
    runs.push(await measureFrames({ url, setup: (p) => withStore(p, setup), warmupMs: WARMUP_MS, measureMs: o.seconds * 1000 }));
  }
  return medianFigures(runs);
}

function frameRows(name: string, f: FrameFigures, workTarget: number, longTaskTarget: boolean): Row[] {
  const rows: Row[] = [
    { scenario: name, measure: 'main-thread work / frame (TaskDuration)', value: `${f.taskPerFrame.toFixed(2)} ms`, target: `≤ ${workTarget} ms`, ok: f.taskPerFrame <= workTarget },
    { scenario: '', measure: 'frames per second', value: f.fps.toFixed(1), target: '60', ok: f.fps >= SIXTY_FPS },
    { scenario: '', measure: 'rAF callback median / p95 / max', value: `${f.callbackMedian.toFixed(2)} / ${f.callbackP95.toFixed(2)} / ${f.callbackMax.toFixed(1)} ms`, target: '' },
    { scenario: '', measure: 'frame interval median / p95', value: `${f.intervalMedian.toFixed(1)} / ${f.intervalP95.toFixed(1)} ms`, target: '' },
    { scenario: '', measure: 'long tasks (> 50 ms), longest', value: `${f.longTasks}, ${f.longestTask.toFixed(0)} ms`, target: longTaskTarget ? 'none' : '', ...(longTaskTarget ? { ok: f.longTasks === 0 } : {}) },
    { scenario: '', measure: 'messages in flight min / median', value: `${f.inFlightMin} / ${f.inFlightMedian}`, target: longTaskTarget ? '≥ 300' : '', ...(longTaskTarget ? { ok: f.inFlightMin >= 300 } : {}) },
  ];
  return rows;
}

function memoryRows(runs: readonly MemoryFigures[]): Row[] {
  const mb = (b: number): string => `${(b / 1048576).toFixed(2)} MB`;
  const growth = median(runs.map((r) => r.growth));
  return [
    { scenario: '(c) 60 s at the fastest speed', measure: 'heap growth after GC', value: `${mb(growth)} (runs: ${runs.map((r) => mb(r.growth)).join(', ')})`, target: '≤ 2 MB', ok: growth <= 2 * 1048576 },
    { scenario: '', measure: 'heap after GC, before / after', value: `${mb(median(runs.map((r) => r.heapBefore)))} / ${mb(median(runs.map((r) => r.heapAfter)))}`, target: '' },
    { scenario: '', measure: 'events run in the minute; history kept', value: `${median(runs.map((r) => r.eventsRun)).toLocaleString('en-US')}; ${median(runs.map((r) => r.historyEnd)).toLocaleString('en-US')}`, target: '' },
  ];
}

function scrubRows(runs: readonly ScrubFigures[]): Row[] {
  const m = (k: keyof ScrubFigures): number => median(runs.map((r) => r[k]));
  return [
    { scenario: '(d) 100,000-event history', measure: 'seek + render, median', value: `${m('seekMedian').toFixed(2)} ms`, target: '≤ 16 ms', ok: m('seekMedian') <= 16 },
    { scenario: '', measure: 'seek + render, p95 / max', value: `${m('seekP95').toFixed(2)} / ${m('seekMax').toFixed(1)} ms`, target: '' },
    { scenario: '', measure: 'of which the store action (engine + frame), median', value: `${m('seekSyncMedian').toFixed(2)} ms`, target: '' },
    { scenario: '', measure: 'fork at event 100,000, median / max', value: `${m('forkMedian').toFixed(2)} / ${m('forkMax').toFixed(1)} ms`, target: '≤ 50 ms', ok: m('forkMedian') <= 50 },
    { scenario: '', measure: 'of which the store action (engine + frame), median', value: `${m('forkSyncMedian').toFixed(2)} ms`, target: '' },
    { scenario: '', measure: 'recording the history (paused)', value: `${(m('buildMs') / 1000).toFixed(1)} s for ${m('historyEnd').toLocaleString('en-US')} events`, target: '' },
  ];
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const dir = await builtApp();
  const server = await serveDirectory(dir);
  const rows: Row[] = [];
  try {
    if (o.only.has('size')) {
      const size = measureBuildSize(dir);
      const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;
      rows.push({ scenario: '(e) build JS + CSS', measure: `gzip -9 (raw ${kb(size.raw)}, ${size.files.length} files)`, value: kb(size.gzip), target: '≤ 120 KB', ok: size.gzip <= 120 * 1024 });
    }
    const url = (q: string): string => `${server.origin}/?${q}`;
    if (o.only.has('a')) rows.push(...frameRows('(a) 5 nodes, default speed', await frameScenario(url('seed=1&nodes=5'), 'play', o), 5, false));
    if (o.only.has('b')) rows.push(...frameRows('(b) 9 nodes, ≥ 300 in flight', await frameScenario(url('seed=1&nodes=9'), 'crowd', o), 8, true));
    if (o.only.has('c')) {
      const runs: MemoryFigures[] = [];
      for (let i = 0; i < o.runs; i++) runs.push(await measureMemory({ url: url('seed=1&nodes=5'), setup: (p) => withStore(p, 'fastest'), warmupMs: WARMUP_MS, measureMs: MEMORY_MS }));
      rows.push(...memoryRows(runs));
    }
    if (o.only.has('d')) {
      const runs: ScrubFigures[] = [];
      for (let i = 0; i < o.runs; i++) runs.push(await measureScrub(url('seed=1&nodes=5'), () => Promise.resolve()));
      rows.push(...scrubRows(runs));
    }
  } finally {
    await server.close();
  }
  console.log(`bench:ui — headless Chromium 1280×800, production build, ${o.runs} run(s) × ${o.seconds} s after ${SETTLE_NOTE} and ${WARMUP_MS / 1000} s warm-up, medians`);
  printTable(rows);
}

await main();
