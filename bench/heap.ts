// A binary min-heap of items ordered by (time, seq); seq is a global counter incremented on every
// push, so equal times pop in push order (raftbare-spec.md §9.3).
//
// Layout, for speed: the pair is packed into one exact float key, time * 2^26 + seq, so a
// comparison is one `<`. Items sit still in a slot array; the heap itself moves only (key, slot)
// pairs held in typed arrays, so sifting allocates nothing and triggers no GC write barrier.

const SEQ_LIMIT = 2 ** 26;
const TIME_LIMIT = 2 ** 27; // TIME_LIMIT * SEQ_LIMIT = 2^53: keys stay exact integers.

export class EventHeap<T> {
  private keys = new Float64Array(64);
  private slots = new Int32Array(64);
  private size = 0;
  private seq = 0;
  /** Items by slot; freed slots hold `undefined` and are listed in `free`. */
  private readonly items: (T | undefined)[] = [];
  private readonly free: number[] = [];

  get length(): number {
    return this.size;
  }

  /** The time of the earliest item; `undefined` when empty. */
  peekTime(): number | undefined {
    return this.size === 0 ? undefined : Math.floor((this.keys[0] as number) / SEQ_LIMIT);
  }

  /** Schedules `item` at `time`, an integer in [0, 2^27). */
  push(time: number, item: T): void {
    if (!(time >= 0 && time < TIME_LIMIT) || this.seq >= SEQ_LIMIT) {
      throw new RangeError(`event key out of range: time ${time}, seq ${this.seq}`);
    }
    const key = time * SEQ_LIMIT + this.seq++;
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.items.length;
      this.items.push(item);
    } else {
      this.items[slot] = item;
    }
    if (this.size === this.keys.length) this.grow();
    const { keys, slots } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (key >= parentKey) break;
      keys[i] = parentKey;
      slots[i] = slots[parent] as number;
      i = parent;
    }
    keys[i] = key;
    slots[i] = slot;
  }

  /** Removes and returns the earliest item (read its time with `peekTime()` first). */
  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const { keys, slots } = this;
    const topSlot = slots[0] as number;
    const top = this.items[topSlot];
    this.items[topSlot] = undefined;
    this.free.push(topSlot);
    // Move the last entry to the root and sift it down.
    const size = --this.size;
    const key = keys[size] as number;
    const slot = slots[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let childKey = keys[child] as number;
      const right = child + 1;
      if (right < size && (keys[right] as number) < childKey) {
        child = right;
        childKey = keys[right] as number;
      }
      if (childKey >= key) break;
      keys[i] = childKey;
      slots[i] = slots[child] as number;
      i = child;
    }
    keys[i] = key;
    slots[i] = slot;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const slots = new Int32Array(this.slots.length * 2);
    keys.set(this.keys);
    slots.set(this.slots);
    this.keys = keys;
    this.slots = slots;
  }
}
