/**
 * Flat, chunked number columns for the per-event history: a few bytes per value, no object per
 * event, O(1) append and truncation, and no doubling slack (a column grows one fixed chunk at a
 * time, so at most one partly filled chunk is wasted).
 *
 * @module
 */

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Typed = Float64Array | Uint32Array | Uint16Array;

/**
 * One column of numbers in chunks of 4096 typed-array slots. Only three array types are used
 * (`f64`, `u32`, `u16`), so every element access stays polymorphic, not megamorphic: with more
 * types the per-event appends cost more than everything else the history does.
 */
export class Column {
  private readonly chunks: Typed[] = [];
  private size = 0;

  constructor(private readonly make: (length: number) => Typed) {}

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    const slot = this.size & MASK;
    if (slot === 0) this.chunks.push(this.make(CHUNK));
    (this.chunks[this.chunks.length - 1] as Typed)[slot] = value;
    this.size++;
  }

  /** The value at `i`; `undefined` past the end. */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return (this.chunks[i >>> CHUNK_BITS] as Typed)[i & MASK];
  }

  /** The value at `i`, which the caller knows is in range. */
  get(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as Typed)[i & MASK] as number;
  }

  set(i: number, value: number): void {
    (this.chunks[i >>> CHUNK_BITS] as Typed)[i & MASK] = value;
  }

  /** Keeps the first `length` values. */
  truncate(length: number): void {
    if (length >= this.size) return;
    this.size = Math.max(0, length);
    this.chunks.length = Math.ceil(this.size / CHUNK);
  }

  /** The first index in [0, hi) whose value is ≥ `value`, for a non-decreasing column. */
  lowerBound(value: number, hi = this.size): number {
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export const f64 = (): Column => new Column((n) => new Float64Array(n));
export const u32 = (): Column => new Column((n) => new Uint32Array(n));
export const u16 = (): Column => new Column((n) => new Uint16Array(n));
