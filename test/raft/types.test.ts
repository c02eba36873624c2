// The branded number constructors: they accept non-negative safe integers and throw a RangeError
// naming the type and the value for anything else (values from outside: input, storage, tests).
import { describe, expect, it } from 'vitest';
import { LogIndex, MessageSeqNo, NodeId, Term } from '../../src/raft/index.js';

/** Asserts that `make(value)` throws a RangeError with exactly `message`. */
function expectRangeError(make: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    make();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, message).toBeInstanceOf(RangeError);
  expect((thrown as RangeError).message).toBe(message);
}

const constructors = [
  ['NodeId', NodeId],
  ['Term', Term],
  ['LogIndex', LogIndex],
  ['MessageSeqNo', MessageSeqNo],
] as const;

describe.each(constructors)('%s()', (name, make) => {
  it('returns the number itself for 0, 1 and the largest safe integer', () => {
    expect(make(0)).toBe(0);
    expect(make(1)).toBe(1);
    expect(make(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('throws a RangeError naming the type and the value for a negative number', () => {
    expectRangeError(() => make(-1), `${name} must be a non-negative safe integer, got -1`);
  });

  it('throws a RangeError for fractions, unsafe integers, NaN and infinities', () => {
    for (const bad of [0.5, -0.5, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -Infinity]) {
      expectRangeError(() => make(bad), `${name} must be a non-negative safe integer, got ${String(bad)}`);
    }
  });
});
