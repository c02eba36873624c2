import { describe, expect, it } from 'vitest';
import { TimeColumn, u8 } from '../../src/sim/history/columns.js';

describe('history columns', () => {
  it('a column keeps its values across chunks and truncates to any length', () => {
    const c = u8();
    for (let i = 0; i < 10_000; i++) c.push(i % 251);
    expect(c.length).toBe(10_000);
    expect([c.get(0), c.get(4095), c.get(4096), c.get(9999)]).toEqual([0, 4095 % 251, 4096 % 251, 9999 % 251]);
    expect(c.bytes).toBe(3 * 4096);
    c.truncate(4096);
    expect(c.length).toBe(4096);
    expect(c.at(4096)).toBeUndefined();
    c.push(7);
    expect(c.get(4096)).toBe(7);
    c.truncate(0);
    c.push(3);
    expect([c.length, c.get(0)]).toEqual([1, 3]);
  });

  it('a time column stores offsets from its chunk base and keeps any value exactly', () => {
    const t = new TimeColumn();
    const values: number[] = [];
    for (let i = 0; i < 9000; i++) values.push(1_000_000 + i * 7);
    values[5000] = 2 ** 40; // beyond 32 bits of offset
    values[5001] = 2 ** 40 + 0.5; // fractional
    values[8999] = 5; // below the chunk's base
    for (const v of values) t.push(v, 1_000_000);
    expect(Array.from({ length: values.length }, (_, i) => t.get(i))).toEqual(values);
    expect(t.at(9000)).toBeUndefined();
    t.truncate(5001);
    expect([t.length, t.get(5000), t.at(5001)]).toEqual([5001, 2 ** 40, undefined]);
    t.push(42);
    expect(t.get(5001)).toBe(42);
  });

  it('lowerBound finds the first value at or above a time in a non-decreasing column', () => {
    const t = new TimeColumn();
    for (let i = 0; i < 10_000; i++) t.push(Math.floor(i / 3));
    expect(t.lowerBound(0)).toBe(0);
    expect(t.lowerBound(1000)).toBe(3000);
    expect(t.lowerBound(1000, 10_000, 3001)).toBe(3001);
    expect(t.lowerBound(1e9)).toBe(10_000);
  });
});
