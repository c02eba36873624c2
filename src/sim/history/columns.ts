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

type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * One column of numbers in chunks of 4096 typed-array slots. Only four array types are used
 * (`f64`, `u32`, `u16`, `u8`), so every element access stays polymorphic, not megamorphic: with more
 * types the per-event appends cost more than everything else the history does.
 */
export class Column {
  private readonly chunks: Typed[] = [];
  /** The last chunk (appends go there without indexing `chunks`). */
  private current: Typed;
  private size = 0;

  constructor(private readonly make: (length: number) => Typed) {
    this.current = make(0);
  }

  get length(): number {
    return this.size;
  }

  /** Bytes held by the chunks. */
  get bytes(): number {
    return this.chunks.length * CHUNK * this.current.BYTES_PER_ELEMENT;
  }

  push(value: number): void {
    const slot = this.size & MASK;
    if (slot === 0) this.chunks.push((this.current = this.make(CHUNK)));
    this.current[slot] = value;
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
    this.current = this.chunks.at(-1) ?? this.make(0);
  }

  /** The first index in [lo, hi) whose value is ≥ `value`, for a non-decreasing column. */
  lowerBound(value: number, hi = this.size, lo = 0): number {
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
export const u8 = (): Column => new Column((n) => new Uint8Array(n));

/** Marks an offset that did not fit: the value is in the overflow map. */
const OVERFLOW = 0xffffffff;

/**
 * Times (any non-negative numbers, in practice whole milliseconds) in 4 bytes each instead of 8:
 * each chunk of 4096 keeps a base (a lower bound its caller vouches for, e.g. the clock when the
 * chunk began) and every value is stored as its offset from it. An offset that does not fit 32 bits
 * (49 days of simulated time within one chunk, or a fractional time) is kept in a small map.
 */
export class TimeColumn {
  private readonly offsets = u32();
  private readonly bases: number[] = [];
  private readonly overflow = new Map<number, number>();

  get length(): number {
    return this.offsets.length;
  }

  /** Bytes held (the overflow map is ignored: it stays empty in any ordinary run). */
  get bytes(): number {
    return this.offsets.bytes + this.bases.length * 8;
  }

  /** Appends `value`; `floor` ≤ every value this chunk will hold (the chunk's base if it starts here). */
  push(value: number, floor = value): void {
    const i = this.offsets.length;
    if ((i & MASK) === 0) this.bases.push(floor);
    const offset = value - (this.bases[i >>> CHUNK_BITS] as number);
    if (offset >= 0 && offset < OVERFLOW && Number.isInteger(offset)) {
      this.offsets.push(offset);
    } else {
      this.offsets.push(OVERFLOW);
      this.overflow.set(i, value);
    }
  }

  at(i: number): number | undefined {
    return i < 0 || i >= this.length ? undefined : this.get(i);
  }

  get(i: number): number {
    const offset = this.offsets.get(i);
    return offset === OVERFLOW ? (this.overflow.get(i) as number) : (this.bases[i >>> CHUNK_BITS] as number) + offset;
  }

  truncate(length: number): void {
    if (length >= this.length) return;
    this.offsets.truncate(length);
    this.bases.length = Math.ceil(this.offsets.length / CHUNK);
    for (const i of this.overflow.keys()) if (i >= length) this.overflow.delete(i);
  }

  /** The first index in [lo, hi) whose value is ≥ `value`, for a non-decreasing column. */
  lowerBound(value: number, hi = this.length, lo = 0): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
