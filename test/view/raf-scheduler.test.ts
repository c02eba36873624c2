import { describe, expect, it } from 'vitest';
import { createRafScheduler, type FrameClock } from '../../src/view/raf-scheduler.js';

function fakeClock(): FrameClock & { fire(t: number): void; pending: number } {
  const callbacks = new Map<number, (t: number) => void>();
  let next = 1;
  return {
    get pending() {
      return callbacks.size;
    },
    request(cb) {
      callbacks.set(next, cb);
      return next++;
    },
    cancel(h) {
      callbacks.delete(h);
    },
    fire(t) {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb(t);
    },
  };
}

describe('requestAnimationFrame scheduler', () => {
  it('reports wall-clock deltas between frames, 0 for the first', () => {
    const clock = fakeClock();
    const dts: number[] = [];
    const s = createRafScheduler(clock);
    s.start((dt) => dts.push(dt));
    clock.fire(1000);
    clock.fire(1016);
    clock.fire(1050);
    expect(dts).toEqual([0, 16, 34]);
  });

  it('keeps one loop however often it is started, and stop cancels it', () => {
    const clock = fakeClock();
    const s = createRafScheduler(clock);
    let ticks = 0;
    s.start(() => ticks++);
    s.start(() => ticks++);
    expect(clock.pending).toBe(1);
    clock.fire(0);
    expect(ticks).toBe(1);
    s.stop();
    expect(clock.pending).toBe(0);
    clock.fire(16);
    expect(ticks).toBe(1);
  });

  it('restarting after a pause does not count the paused time', () => {
    const clock = fakeClock();
    const s = createRafScheduler(clock);
    const dts: number[] = [];
    s.start((dt) => dts.push(dt));
    clock.fire(0);
    s.stop();
    s.start((dt) => dts.push(dt));
    clock.fire(5000);
    clock.fire(5016);
    expect(dts).toEqual([0, 0, 16]);
  });

  it('runs tasks after the frame through the clock when it can post them, and offers none otherwise', () => {
    const posted: (() => void)[] = [];
    const s = createRafScheduler({ ...fakeClock(), post: (task) => posted.push(task) });
    let ran = 0;
    s.afterFrame?.(() => ran++);
    expect(ran).toBe(0);
    posted.shift()?.();
    expect(ran).toBe(1);
    expect(createRafScheduler(fakeClock()).afterFrame).toBeUndefined();
  });
});
