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

type Typed = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type Make<T extends Typed> = (length: number) => T;

/** One column of numbers in chunks of 4096 typed-array slots. */
export class Column<T extends Typed> {
  private readonly chunks: T[] = [];
  private size = 0;

  constructor(private readonly make: Make<T>) {}

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    const slot = this.size & MASK;
    if (slot === 0) this.chunks.push(this.make(CHUNK));
    (this.chunks[this.chunks.length - 1] as T)[slot] = value;
    this.size++;
  }

  /** The value at `i`; `undefined` past the end. */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return (this.chunks[i >>> CHUNK_BITS] as T)[i & MASK];
  }

  /** The value at `i`, which the caller knows is in range. */
  get(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as T)[i & MASK] as number;
  }

  set(i: number, value: number): void {
    (this.chunks[i >>> CHUNK_BITS] as T)[i & MASK] = value;
  }

  /** Keeps the first `length` values. */
  truncate(length: number): void {
    if (length >= this.size) return;
    this.size = Math.max(0, length);
    this.chunks.length = Math.ceil(this.size / CHUNK);
  }

  /** The first index in [0, length) whose value is ≥ `value`, for a non-decreasing column. */
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

export const f64 = (): Column<Float64Array> => new Column((n) => new Float64Array(n));
export const i32 = (): Column<Int32Array> => new Column((n) => new Int32Array(n));
export const u32 = (): Column<Uint32Array> => new Column((n) => new Uint32Array(n));
export const u16 = (): Column<Uint16Array> => new Column((n) => new Uint16Array(n));
export const u8 = (): Column<Uint8Array> => new Column((n) => new Uint8Array(n));
