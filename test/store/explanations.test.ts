import { describe, expect, it } from 'vitest';
import { Simulation, type Explanation } from '../../src/sim/index.js';
import { CHUNK, createExplanationCache } from '../../src/store/explanations.js';

/** A simulation with a few thousand events and one intervention. */
function busySim(): Simulation {
  const sim = new Simulation({ nodes: 5, seed: 3 });
  sim.runFor(3000);
  sim.apply({ kind: 'propose', command: 'set x 1' });
  sim.runFor(3000);
  return sim;
}

/** Counts explainRange calls (each is one replay). */
function counting(sim: Simulation): { source: Simulation; calls: [number, number][] } {
  const calls: [number, number][] = [];
  const source = Object.create(sim) as Simulation;
  source.explainRange = (from: number, to: number, visit: (e: Explanation) => void) => {
    calls.push([from, to]);
    sim.explainRange(from, to, visit);
  };
  return { source, calls };
}

const now = (run: () => void): void => run();

describe('createExplanationCache', () => {
  it('loads a chunk with one replay and matches sim.explain(i) for sampled events', () => {
    const sim = busySim();
    expect(sim.end).toBeGreaterThan(3 * CHUNK);
    const { source, calls } = counting(sim);
    const loaded: [number, number][] = [];
    const cache = createExplanationCache(source, (from, to) => loaded.push([from, to]), { schedule: now });
    expect(cache.get(300)).toBeUndefined();
    cache.request(290, 320);
    expect(calls).toEqual([[256, 512]]);
    expect(loaded).toEqual([[256, 512]]);
    for (const i of [256, 257, 300, 399, 511]) expect(cache.get(i)).toEqual(sim.explain(i));
    cache.request(300, 310);
    expect(calls).toHaveLength(1);
  });

  it('covers a range spanning chunks, the first event and the partial last chunk', () => {
    const sim = busySim();
    const cache = createExplanationCache(sim, () => undefined, { schedule: now });
    cache.request(0, 10);
    expect(cache.get(0)).toEqual(sim.explain(0));
    expect(cache.get(0)?.kind).toBe('bootstrap');
    cache.request(sim.end - 5, sim.end + 100);
    expect(cache.get(sim.end - 1)).toEqual(sim.explain(sim.end - 1));
    expect(cache.get(sim.end)).toBeUndefined();
  });

  it('reloads a partial frontier chunk once the history grows past it', () => {
    const sim = new Simulation({ nodes: 3, seed: 5 });
    sim.runFor(300);
    const { source, calls } = counting(sim);
    const cache = createExplanationCache(source, () => undefined, { schedule: now });
    const end = sim.end;
    cache.request(0, end);
    expect(cache.get(end)).toBeUndefined();
    sim.runFor(2000);
    cache.request(end, end + 3);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(cache.get(end)).toEqual(sim.explain(end));
  });

  it('keeps at most maxChunks chunks, dropping the least recently used', () => {
    const sim = busySim();
    const cache = createExplanationCache(sim, () => undefined, { schedule: now, maxChunks: 2 });
    cache.request(0, 1);
    cache.request(CHUNK, CHUNK + 1);
    expect(cache.get(0)).toBeDefined(); // touch chunk 0: chunk 1 is now the oldest
    cache.request(2 * CHUNK, 2 * CHUNK + 1);
    expect(cache.size).toBe(2);
    expect(cache.get(0)).toBeDefined();
    expect(cache.get(CHUNK)).toBeUndefined();
    expect(cache.get(2 * CHUNK)).toBeDefined();
  });

  it('drops the chunks a fork rewrote and keeps the ones before it', () => {
    const sim = busySim();
    const cache = createExplanationCache(sim, () => undefined, { schedule: now });
    const forkAt = CHUNK + 40;
    cache.request(0, 3 * CHUNK);
    const before = cache.get(forkAt + 1);
    sim.seek(forkAt);
    sim.apply({ kind: 'crash', node: 1 as never });
    sim.runFor(500);
    cache.sync();
    expect(cache.get(10)).toEqual(sim.explain(10));
    expect(cache.get(forkAt)).toBeUndefined();
    cache.request(forkAt, forkAt + 2);
    const after = cache.get(forkAt);
    expect(after).toEqual(sim.explain(forkAt));
    expect(after?.kind).toBe('crash');
    expect(before?.kind).not.toBe('crash');
  });

  it('keeps every chunk when an intervention is applied at the frontier (no fork)', () => {
    const sim = busySim();
    const { source, calls } = counting(sim);
    const cache = createExplanationCache(source, () => undefined, { schedule: now });
    cache.request(0, 2 * CHUNK);
    expect(calls).toHaveLength(2);
    sim.apply({ kind: 'propose', command: 'set y 2' });
    sim.runFor(200);
    cache.sync();
    expect(cache.size).toBe(2);
    cache.request(0, 2 * CHUNK);
    expect(calls).toHaveLength(2);
    expect(cache.get(300)).toEqual(sim.explain(300));
  });

  it('coalesces a burst of requests into one replay per chunk when scheduled later', async () => {
    const sim = busySim();
    const { source, calls } = counting(sim);
    let notified = 0;
    const cache = createExplanationCache(source, () => notified++);
    for (let i = 0; i < 20; i++) cache.request(i * 5, i * 5 + 40);
    expect(calls).toHaveLength(0);
    await Promise.resolve();
    expect(calls).toEqual([[0, 256]]);
    expect(notified).toBe(1);
  });
});
