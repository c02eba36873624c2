/**
 * Playback's one requestAnimationFrame loop per visualizer instance: each frame it tells the
 * store how much wall-clock time passed; the store turns that into simulated time.
 *
 * @module
 */
import type { Scheduler } from '../store/index.js';

export interface FrameClock {
  request(cb: (t: number) => void): number;
  cancel(handle: number): void;
  /** Runs `task` in a task of its own, after the current frame's rendering (optional). */
  post?(task: () => void): void;
}

/** A message to oneself: the task runs after the frame whose animation callback posted it. */
function postTask(): (task: () => void) => void {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (task) => {
    queue.push(task);
    channel.port2.postMessage(null);
  };
}

const browserClock: FrameClock = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
  post: typeof MessageChannel === 'function' ? postTask() : undefined,
};

/** A scheduler over `requestAnimationFrame` (or another frame clock, for tests). */
export function createRafScheduler(clock: FrameClock = browserClock): Scheduler {
  let handle: number | undefined;
  let last: number | undefined;
  let tick: ((dt: number) => void) | undefined;

  const loop = (t: number): void => {
    if (tick === undefined) return;
    const dt = last === undefined ? 0 : t - last;
    last = t;
    handle = clock.request(loop);
    tick(dt);
  };

  return {
    start(next) {
      tick = next;
      if (handle !== undefined) return;
      last = undefined;
      handle = clock.request(loop);
    },
    stop() {
      tick = undefined;
      if (handle !== undefined) clock.cancel(handle);
      handle = undefined;
      last = undefined;
    },
    ...(clock.post === undefined ? {} : { afterFrame: clock.post }),
  };
}
