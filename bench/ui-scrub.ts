// Scrubbing a long history: record ≥ 100,000 events (paused, through the page's store), then time
// seeks to spread-out events, each until React has committed and layout is done; then act in the
// past at event 100,000 (a fork), end to end the same way.
import type { Page } from 'playwright-core';
import type { NodeId } from '../src/raft/index.js';
import type { HookWindow } from '../test/browser/harness/hook.js';
import { openBenchPage } from './ui-page.js';
import { maximum, median, quantile } from './ui-stats.js';

export const HISTORY_EVENTS = 100_000;

export interface ScrubFigures {
  readonly historyEnd: number;
  readonly buildMs: number;
  readonly seekMedian: number;
  readonly seekP95: number;
  readonly seekMax: number;
  /** The store action alone (engine + frame), before React renders. */
  readonly seekSyncMedian: number;
  readonly forkSyncMedian: number;
  readonly forkMedian: number;
  readonly forkMax: number;
}

/** Records at least `events` events, paused; returns the wall time it took (ms) and the end. */
function recordHistory(page: Page, events: number): Promise<{ ms: number; end: number }> {
  return page.evaluate((target) => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) throw new Error('no test hook');
    const t0 = performance.now();
    store.actions.pause();
    while (store.getState().frame.end < target) store.actions.advance(1_000_000);
    return { ms: performance.now() - t0, end: store.getState().frame.end };
  }, events);
}

/**
 * Runs `act` (an expression over `store`) in the page and times it until the render it caused is
 * done: React renders store updates in a microtask or a scheduler task, so this waits one
 * MessageChannel round (after both), then forces style and layout.
 */
function timeUntilRendered(page: Page, act: 'seek' | 'fork', index: number): Promise<{ ms: number; syncMs: number; error: string | undefined }> {
  return page.evaluate(async ([what, at]) => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) throw new Error('no test hook');
    const actions = store.actions;
    if (what === 'fork') actions.seek(at);
    await new Promise<void>((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const t0 = performance.now();
    const error = what === 'seek' ? (actions.seek(at), undefined) : actions.intervene({ kind: 'timeout', node: (1 + (at % 3)) as NodeId }, 'bench');
    const syncMs = performance.now() - t0;
    await new Promise<void>((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    void document.body.getBoundingClientRect();
    return { ms: performance.now() - t0, syncMs, error };
  }, [act, index] as const);
}

/** Seek targets spread over the history by a fixed pseudo-random sequence. */
function seekTargets(count: number, end: number): number[] {
  const out: number[] = [];
  let x = 0x2545f491;
  for (let i = 0; i < count; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out.push(1 + (x % (end - 1)));
  }
  return out;
}

export async function measureScrub(url: string, setup: (page: Page) => Promise<void>, seeks = 60, forks = 5): Promise<ScrubFigures> {
  const bench = await openBenchPage(url);
  try {
    await setup(bench.page);
    const history = await recordHistory(bench.page, HISTORY_EVENTS + 500);
    const seekTimes: number[] = [];
    const seekSync: number[] = [];
    for (const target of seekTargets(seeks, history.end)) {
      const t = await timeUntilRendered(bench.page, 'seek', target);
      seekTimes.push(t.ms);
      seekSync.push(t.syncMs);
    }
    const forkTimes: number[] = [];
    const forkSync: number[] = [];
    for (let i = 0; i < forks; i++) {
      if (i > 0) await recordHistory(bench.page, HISTORY_EVENTS + 500);
      const fork = await timeUntilRendered(bench.page, 'fork', HISTORY_EVENTS);
      if (fork.error !== undefined) throw new Error(`the fork at event ${HISTORY_EVENTS} was refused: ${fork.error}`);
      forkTimes.push(fork.ms);
      forkSync.push(fork.syncMs);
    }
    return {
      historyEnd: history.end,
      buildMs: history.ms,
      seekMedian: median(seekTimes),
      seekP95: quantile(seekTimes, 0.95),
      seekMax: maximum(seekTimes),
      seekSyncMedian: median(seekSync),
      forkSyncMedian: median(forkSync),
      forkMedian: median(forkTimes),
      forkMax: maximum(forkTimes),
    };
  } finally {
    await bench.close();
  }
}
