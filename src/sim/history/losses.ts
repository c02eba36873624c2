/**
 * Messages the network lost as they were sent (a partition or cut link, random loss), recorded at
 * the frontier in flat columns apart from the spans: such a message never went on the wire, so it
 * has no in-flight id to index a span by (see `WorldObserver.lostAtSend`). 20 bytes a loss.
 *
 * @module
 */
import { TimeColumn, u32, type Column } from './columns.js';
import type { EventLog } from './history.js';

/** One recorded loss, as `SpaceTimeLog` reads it back. */
export interface LossRecord {
  /** Its absolute index: stable while it is kept (columns drop whole chunks, keeping indices). */
  readonly index: number;
  /** The in-flight id the next item sent after it got: it goes between spans `before − 1` and `before`. */
  readonly before: number;
  /** From, to, kind, ok and entries, packed as a span's meta word is. */
  readonly meta: number;
  readonly term: number;
  /** When it would have left the sender (later than its event when it waited for storage). */
  readonly time: number;
}

/** The columns of losses at send, in event order. */
export class LossLog {
  private readonly event = u32();
  private readonly before = u32();
  private readonly meta = u32();
  private readonly term = u32();
  private readonly time = new TimeColumn();
  /**
   * The most a loss's time passed its event's (a send waiting for storage). Never lowered: a bound
   * for the search, only ever too large.
   */
  private lag = 0;

  /** How many losses were recorded (kept or not). */
  get length(): number {
    return this.event.length;
  }

  get bytes(): number {
    return this.time.bytes + this.columns().reduce((sum, c) => sum + c.bytes, 0);
  }

  /** Records a loss at event `event`, clock `now`; `nextItemId` is the world's then. */
  add(event: number, nextItemId: number, meta: number, term: number, time: number, now: number): void {
    this.event.push(event);
    this.before.push(nextItemId);
    this.meta.push(meta);
    this.term.push(term);
    this.time.push(time, now);
    this.lag = Math.max(this.lag, time - now);
  }

  /** Forgets the losses at or after event `at` (a fork). */
  truncate(at: number): void {
    const keep = this.event.lowerBound(at);
    for (const c of this.columns()) c.truncate(keep);
    this.time.truncate(keep);
  }

  /** Forgets the whole chunks of losses before event `event` (retention, as the events). */
  dropBefore(event: number): void {
    const cut = this.event.lowerBound(event);
    for (const c of this.columns()) c.dropBefore(cut);
    this.time.dropBefore(cut);
  }

  /**
   * The losses at events before `position` (the present) whose time is in [fromTime, toTime],
   * in event order; none before the events kept. A loss's time is at least its event's and at most
   * `lag` after it, so the search starts at the first event at `fromTime − lag` and stops at the
   * first event after `toTime`: O(window).
   */
  within(events: EventLog, position: number, fromTime: number, toTime: number): LossRecord[] {
    const out: LossRecord[] = [];
    const end = this.event.lowerBound(position);
    for (let i = this.event.lowerBound(events.firstAtOrAfter(fromTime - this.lag), end); i < end; i++) {
      if ((events.time(this.event.get(i)) as number) > toTime) break;
      const time = this.time.get(i);
      if (time < fromTime || time > toTime) continue;
      out.push({ index: i, before: this.before.get(i), meta: this.meta.get(i), term: this.term.get(i), time });
    }
    return out;
  }

  private columns(): readonly Column[] {
    return [this.event, this.before, this.meta, this.term];
  }
}
