// xorshift32 with shifts (13, 17, 5), as specified in raftbare-spec.md §9.3.

/** A deterministic 32-bit PRNG. A seed of 0 (a fixed point) maps to 0x9E3779B9. */
export class XorShift32 {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0 === 0 ? 0x9e3779b9 : seed >>> 0;
  }

  /** The next value, an unsigned 32-bit integer. */
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.x = x;
    return x;
  }

  /** A value in `[lo, hi]`: `lo + next() % (hi - lo + 1)`. */
  range(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
}
