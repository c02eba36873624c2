// share() is on every view's path: it must return a value equal to the fresh one, frozen, reusing
// exactly the parts of the previous view that are equal (by key for arrays of keyed records).
import { describe, expect, it } from 'vitest';
import { share } from '../../src/sim/view-share.js';

const rec = (id: number, v: number, extra: object = {}) => ({ id, v, at: { term: 1, index: v }, ...extra });

describe('share', () => {
  it('returns the previous object when nothing changed, at every depth', () => {
    const prev = share(undefined, { a: 1, list: [rec(1, 1), rec(2, 2)], nested: { x: [1, 2] } });
    const next = share(prev, { a: 1, list: [rec(1, 1), rec(2, 2)], nested: { x: [1, 2] } });
    expect(next).toBe(prev);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.list[0]?.at)).toBe(true);
  });

  it('keeps unchanged keyed records when others change, are added or are removed', () => {
    const prev = share(undefined, { list: [rec(1, 1), rec(2, 2), rec(3, 3), rec(5, 5)] });
    const next = share(prev, { list: [rec(2, 2), rec(3, 30), rec(4, 4), rec(5, 5), rec(6, 6)] });
    expect(next).toEqual({ list: [rec(2, 2), rec(3, 30), rec(4, 4), rec(5, 5), rec(6, 6)] });
    expect(next.list[0]).toBe(prev.list[1]);
    expect(next.list[1]).not.toBe(prev.list[2]);
    expect(next.list[1]?.at).not.toBe(prev.list[2]?.at);
    expect(next.list[3]).toBe(prev.list[3]);
    expect(Object.isFrozen(next.list)).toBe(true);
    expect(Object.isFrozen(next.list[4])).toBe(true);
  });

  it('matches keyed records out of order too (by key, the last of a repeated key)', () => {
    const prev = share(undefined, [rec(3, 3), rec(1, 1), rec(2, 2)]);
    const next = share(prev, [rec(1, 1), rec(2, 2), rec(3, 3)]);
    expect(next.map((r) => prev.indexOf(r))).toEqual([1, 2, 0]);
    const descending = share(prev, [rec(3, 3), rec(2, 2), rec(1, 1)]);
    expect(descending.map((r) => prev.indexOf(r))).toEqual([0, 2, 1]);
    const repeated = share(undefined, [rec(1, 1), rec(1, 9)]);
    expect(share(repeated, [rec(1, 9)])[0]).toBe(repeated[1]);
  });

  it('a shorter array keeps its equal prefix; a record with fewer keys is a new record of the same values', () => {
    const prev = share(undefined, { list: [1, 2, 3], r: { a: [1], b: 2 } });
    const shorter = share(prev, { list: [1, 2], r: { a: [1] } });
    expect(shorter).toEqual({ list: [1, 2], r: { a: [1] } });
    expect(shorter.r).not.toBe(prev.r);
    expect(shorter.r.a).toBe(prev.r.a);
    expect(Object.isFrozen(shorter.list)).toBe(true);
    const undefinedKey = share(prev.r, { a: [1], b: 2, c: undefined });
    expect(undefinedKey).not.toBe(prev.r);
    expect(Object.keys(undefinedKey)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a changed value of another type and keeps later equal keys', () => {
    const prev = share(undefined, { a: [1], b: { c: 1 }, d: 'x', e: { f: [2] } });
    const next = share(prev, { a: [1], b: 7, d: 'x', e: { f: [2] } });
    expect(next).toEqual({ a: [1], b: 7, d: 'x', e: { f: [2] } });
    expect(next.a).toBe(prev.a);
    expect(next.e).toBe(prev.e);
  });
});
