/**
 * The simulator's only source of randomness: a seeded, splittable-by-construction PRNG.
 *
 * Algorithm: mulberry32 (Tommy Ettinger's 32-bit generator): one 32-bit state word advanced by
 * the Weyl constant 0x6D2B79F5, output mixed by two multiply-xorshift rounds. It passes
 * PractRand to 2^32 outputs, which is far beyond a simulation's needs, and it is exactly
 * reproducible in every JavaScript engine (only `Math.imul` and 32-bit shifts are used).
 *
 * The state is a plain number, so a generator can be saved and restored (`state`), which the
 * trace's checkpoints rely on.
 *
 * @module
 */

/** A deterministic pseudo-random generator. */
export class Prng {
  /** The 32-bit state; assigning a saved value resumes the exact sequence. */
  state: number;

  /** Seeds with any integer (taken modulo 2^32). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next unsigned 32-bit value. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [lo, hi] (inclusive); `hi < lo` returns `lo`. */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }
}
