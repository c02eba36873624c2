/**
 * The simulator's event queue: a binary min-heap ordered by (time, seq), where `seq` is a global
 * counter incremented on every push. Ties in time therefore resolve in scheduling order, which
 * makes every run reproducible.
 *
 * @module
 */

/** One scheduled item. Items are immutable, so a queue can be cloned by copying its array. */
export interface Scheduled<E> {
  readonly time: number;
  readonly seq: number;
  readonly event: E;
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue<E> {
  private readonly heap: Scheduled<E>[];
  private nextSeq: number;

  constructor(items: Scheduled<E>[] = [], nextSeq = 0) {
    this.heap = items;
    this.nextSeq = nextSeq;
  }

  get size(): number {
    return this.heap.length;
  }

  /** The earliest item, without removing it. */
  peek(): Scheduled<E> | undefined {
    return this.heap[0];
  }

  /** Schedules `event` at `time`; returns its seq. */
  push(time: number, event: E): number {
    const item: Scheduled<E> = { time, seq: this.nextSeq++, event };
    const h = this.heap;
    let i = h.length;
    h.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Scheduled<E>;
      if (!before(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
    return item.seq;
  }

  /** Removes and returns the earliest item. */
  pop(): Scheduled<E> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(h[r] as Scheduled<E>, h[l] as Scheduled<E>) ? r : l;
      if (!before(h[child] as Scheduled<E>, last)) break;
      h[i] = h[child] as Scheduled<E>;
      i = child;
    }
    h[i] = last;
    return top;
  }

  /** Every item, in no particular order. */
  items(): readonly Scheduled<E>[] {
    return this.heap;
  }

  clone(): EventQueue<E> {
    return new EventQueue(this.heap.slice(), this.nextSeq);
  }
}
