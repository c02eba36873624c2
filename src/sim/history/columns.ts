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
 *
 * Indices are absolute: dropping a prefix (`dropBefore`, whole chunks) keeps every later index as
 * it was; values before `start` read as `undefined` (`at`) and must not be read with `get`.
 */
export class Column {
  private chunks: Typed[] = [];
  /** The last chunk (appends go there without indexing `chunks`). */
  private current: Typed;
  private size = 0;
  /** The absolute index of the first slot of `chunks[0]`. */
  private first = 0;

  constructor(private readonly make: (length: number) => Typed) {
    this.current = make(0);
  }

  get length(): number {
    return this.size;
  }

  /** The first index still held. */
  get start(): number {
    return this.first;
  }

  /** Bytes held by the chunks. */
  get bytes(): number {
    return this.chunks.length * CHUNK * this.current.BYTES_PER_ELEMENT;
  }

  push(value: number): void {
    const slot = (this.size - this.first) & MASK;
    if (slot === 0) this.chunks.push((this.current = this.make(CHUNK)));
    this.current[slot] = value;
    this.size++;
  }

  /** The value at `i`; `undefined` outside [start, length). */
  at(i: number): number | undefined {
    if (i < this.first || i >= this.size) return undefined;
    return this.get(i);
  }

  /** The value at `i`, which the caller knows is in [start, length). */
  get(i: number): number {
    const j = i - this.first;
    return (this.chunks[j >>> CHUNK_BITS] as Typed)[j & MASK] as number;
  }

  set(i: number, value: number): void {
    const j = i - this.first;
    (this.chunks[j >>> CHUNK_BITS] as Typed)[j & MASK] = value;
  }

  /** Keeps the first `length` values (all of them if `length` ≥ length; none held if ≤ start). */
  truncate(length: number): void {
    if (length >= this.size) return;
    this.size = Math.max(0, length);
    if (this.size <= this.first) {
      this.chunks = [];
      this.first = this.size;
    } else {
      this.chunks.length = Math.ceil((this.size - this.first) / CHUNK);
    }
    this.current = this.chunks.at(-1) ?? this.make(0);
  }

  /** Drops the whole chunks that lie before index `index`; returns the new start. */
  dropBefore(index: number): number {
    const chunks = Math.min(Math.floor((index - this.first) / CHUNK), Math.floor((this.size - this.first) / CHUNK));
    if (chunks > 0) {
      this.chunks.splice(0, chunks);
      this.first += chunks * CHUNK;
    }
    return this.first;
  }

  /** The first index in [lo, hi) whose value is ≥ `value`, for a non-decreasing column (lo defaults to start). */
  lowerBound(value: number, hi = this.size, lo = this.first): number {
    lo = Math.max(lo, this.first);
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
  /** Per chunk of `offsets`, from its start. */
  private bases: number[] = [];
  private readonly overflow = new Map<number, number>();

  get length(): number {
    return this.offsets.length;
  }

  get start(): number {
    return this.offsets.start;
  }

  /** Bytes held (the overflow map is ignored: it stays empty in any ordinary run). */
  get bytes(): number {
    return this.offsets.bytes + this.bases.length * 8;
  }

  /** Appends `value`; `floor` ≤ every value this chunk will hold (the chunk's base if it starts here). */
  push(value: number, floor = value): void {
    const i = this.offsets.length;
    const chunk = (i - this.offsets.start) >>> CHUNK_BITS;
    if (chunk === this.bases.length) this.bases.push(floor);
    const offset = value - (this.bases[chunk] as number);
    if (offset >= 0 && offset < OVERFLOW && Number.isInteger(offset)) {
      this.offsets.push(offset);
    } else {
      this.offsets.push(OVERFLOW);
      this.overflow.set(i, value);
    }
  }

  at(i: number): number | undefined {
    return i < this.start || i >= this.length ? undefined : this.get(i);
  }

  get(i: number): number {
    const offset = this.offsets.get(i);
    return offset === OVERFLOW ? (this.overflow.get(i) as number) : (this.bases[(i - this.offsets.start) >>> CHUNK_BITS] as number) + offset;
  }

  truncate(length: number): void {
    if (length >= this.length) return;
    this.offsets.truncate(length);
    if (this.offsets.length <= this.offsets.start) this.bases = [];
    this.bases.length = Math.ceil((this.offsets.length - this.offsets.start) / CHUNK);
    for (const i of this.overflow.keys()) if (i >= length) this.overflow.delete(i);
  }

  /** Drops the whole chunks before `index` (see `Column.dropBefore`); returns the new start. */
  dropBefore(index: number): number {
    const before = this.offsets.start;
    const start = this.offsets.dropBefore(index);
    this.bases.splice(0, (start - before) / CHUNK);
    for (const i of this.overflow.keys()) if (i < start) this.overflow.delete(i);
    return start;
  }

  /** The first index in [lo, hi) whose value is ≥ `value`, for a non-decreasing column (lo defaults to start). */
  lowerBound(value: number, hi = this.length, lo = this.start): number {
    lo = Math.max(lo, this.start);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
