// Memory over a minute of playback at the fastest speed: heap in use after a full GC (CDP
// HeapProfiler.collectGarbage, Runtime.getHeapUsage) after the warm-up and at the end.
import type { Page } from 'playwright-core';
import type { HookWindow } from '../test/browser/harness/hook.js';
import { openBenchPage, sleep } from './ui-page.js';

export interface MemoryFigures {
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly growth: number;
  /** Events the simulation ran during the measured minute, and the history it kept. */
  readonly eventsRun: number;
  readonly historyEnd: number;
}

export interface MemoryRun {
  readonly url: string;
  readonly setup: (page: Page) => Promise<void>;
  readonly warmupMs: number;
  readonly measureMs: number;
}

async function progress(page: Page): Promise<{ events: number; end: number }> {
  return page.evaluate(() => {
    const frame = (window as HookWindow).raftlab?.getState().frame;
    return { events: frame?.view.events ?? Number.NaN, end: frame?.end ?? Number.NaN };
  });
}

export async function measureMemory(run: MemoryRun): Promise<MemoryFigures> {
  const bench = await openBenchPage(run.url);
  try {
    await run.setup(bench.page);
    await sleep(run.warmupMs);
    const heapBefore = await bench.heapAfterGc();
    const start = await progress(bench.page);
    await sleep(run.measureMs);
    const heapAfter = await bench.heapAfterGc();
    const end = await progress(bench.page);
    return { heapBefore, heapAfter, growth: heapAfter - heapBefore, eventsRun: end.events - start.events, historyEnd: end.end };
  } finally {
    await bench.close();
  }
}
