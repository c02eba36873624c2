// One benchmark page: a fresh headless Chromium (1280×800) on the served production build, with
// requestAnimationFrame and long tasks instrumented before the app's own scripts run, and a CDP
// session for Performance.getMetrics and the heap.
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium.js';
import type { HookWindow } from '../test/browser/harness/hook.js';

/**
 * Installed with addInitScript (so it is plain JavaScript): wraps requestAnimationFrame to time
 * each callback together with the microtasks it queued (React renders a store update in one), and
 * keeps each distinct frame timestamp; records long tasks; samples the messages in flight.
 */
const INSTRUMENT = `(() => {
  const nativeRaf = window.requestAnimationFrame.bind(window);
  const b = { recording: false, callbacks: [], stamps: [], longTasks: [], inFlight: [], timer: 0 };
  window.__bench = b;
  window.requestAnimationFrame = (callback) => nativeRaf((stamp) => {
    if (!b.recording) return callback(stamp);
    if (b.stamps[b.stamps.length - 1] !== stamp) b.stamps.push(stamp);
    const t0 = performance.now();
    try { callback(stamp); } finally { queueMicrotask(() => b.callbacks.push(performance.now() - t0)); }
  });
  new PerformanceObserver((list) => {
    if (b.recording) for (const e of list.getEntries()) b.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  b.start = () => {
    b.callbacks = []; b.stamps = []; b.longTasks = []; b.inFlight = [];
    b.recording = true;
    b.timer = setInterval(() => {
      const hook = window.raftlab;
      if (hook) b.inFlight.push(hook.getState().frame.view.inFlight.length);
    }, 250);
  };
  b.stop = () => {
    b.recording = false;
    clearInterval(b.timer);
    return { callbacks: b.callbacks, stamps: b.stamps, longTasks: b.longTasks, inFlight: b.inFlight };
  };
})();`;

export interface Recording {
  readonly callbacks: number[];
  readonly stamps: number[];
  readonly longTasks: number[];
  readonly inFlight: number[];
}

export interface BenchPage {
  readonly page: Page;
  readonly cdp: CDPSession;
  /** Main-thread task time so far (CDP TaskDuration), in ms. */
  taskMs(): Promise<number>;
  /** Heap in use after a full garbage collection, in bytes. */
  heapAfterGc(): Promise<number>;
  close(): Promise<void>;
}

interface BenchWindow extends HookWindow {
  __bench?: { start(): void; stop(): Recording };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fresh browser and page on `url`, waiting for the app's test hook; settles `settleMs`. */
export async function openBenchPage(url: string, settleMs = 1000): Promise<BenchPage> {
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await context.addInitScript({ content: INSTRUMENT });
    await page.goto(url);
    await page.waitForFunction(() => (window as BenchWindow).raftlab !== undefined && (window as BenchWindow).__bench !== undefined);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(settleMs);
    return {
      page,
      cdp,
      async taskMs() {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
      },
      async heapAfterGc() {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export function startRecording(page: Page): Promise<void> {
  return page.evaluate(() => (window as BenchWindow).__bench?.start());
}

export async function stopRecording(page: Page): Promise<Recording> {
  const r = await page.evaluate(() => (window as BenchWindow).__bench?.stop());
  if (r === undefined) throw new Error('the page lost its instrumentation');
  return r;
}
