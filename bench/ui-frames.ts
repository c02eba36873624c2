// Per-frame cost of playback: a fresh page per run, `setup` (through the page's store), a warm-up,
// then a recorded window. Figures: rAF callback time (with its microtasks), distinct frame stamps
// (fps) and their intervals, whole main-thread work per frame (CDP TaskDuration delta / frames),
// long tasks, and the messages in flight (sampled every 250 ms).
import type { Page } from 'playwright-core';
import { openBenchPage, sleep, startRecording, stopRecording } from './ui-page.js';
import { intervals, maximum, median, quantile } from './ui-stats.js';

export interface FrameFigures {
  readonly frames: number;
  readonly fps: number;
  readonly callbackMedian: number;
  readonly callbackP95: number;
  readonly callbackMax: number;
  readonly intervalMedian: number;
  readonly intervalP95: number;
  readonly taskPerFrame: number;
  readonly longTasks: number;
  readonly longestTask: number;
  readonly inFlightMin: number;
  readonly inFlightMedian: number;
}

export interface FrameRun {
  readonly url: string;
  readonly setup: (page: Page) => Promise<void>;
  readonly warmupMs: number;
  readonly measureMs: number;
}

export async function measureFrames(run: FrameRun): Promise<FrameFigures> {
  const bench = await openBenchPage(run.url);
  try {
    await run.setup(bench.page);
    await sleep(run.warmupMs);
    const taskBefore = await bench.taskMs();
    await startRecording(bench.page);
    await sleep(run.measureMs);
    const r = await stopRecording(bench.page);
    const taskAfter = await bench.taskMs();
    const frames = r.stamps.length;
    const span = frames > 1 ? (r.stamps[frames - 1] as number) - (r.stamps[0] as number) : Number.NaN;
    const gaps = intervals(r.stamps);
    return {
      frames,
      fps: ((frames - 1) * 1000) / span,
      callbackMedian: median(r.callbacks),
      callbackP95: quantile(r.callbacks, 0.95),
      callbackMax: maximum(r.callbacks),
      intervalMedian: median(gaps),
      intervalP95: quantile(gaps, 0.95),
      taskPerFrame: (taskAfter - taskBefore) / frames,
      longTasks: r.longTasks.length,
      longestTask: r.longTasks.length === 0 ? 0 : maximum(r.longTasks),
      inFlightMin: r.inFlight.length === 0 ? 0 : Math.min(...r.inFlight),
      inFlightMedian: median(r.inFlight),
    };
  } finally {
    await bench.close();
  }
}

/** The median of each figure over several runs. */
export function medianFigures(runs: readonly FrameFigures[]): FrameFigures {
  const keys = Object.keys(runs[0] ?? {}) as (keyof FrameFigures)[];
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as FrameFigures;
}
