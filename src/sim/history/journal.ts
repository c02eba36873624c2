/**
 * An undo journal for state that only a replay from event 0 could otherwise rebuild (the
 * invariant checker's whole-run history). Maps, sets and record fields that write through the
 * journal can be rolled back to any earlier length of it, so acting in the past restores the
 * checker of a nearby checkpoint instead of replaying the run from the start.
 *
 * Cost: three slots of one array per change that is not a no-op, and the values it replaced.
 *
 * @module
 */

const ABSENT: unique symbol = Symbol('absent');
type Undo = Map<unknown, unknown> | Set<unknown> | Record<string, unknown>;

/** Records how to undo each change, in order: (target, key, old value) triples in one flat list. */
export class Journal {
  private readonly log: unknown[] = [];

  /** How many changes are recorded (a mark to roll back to). */
  get length(): number {
    return this.log.length / 3;
  }

  /** `old` is the replaced value, or `ABSENT` if the key was not there (for a field: its old value). */
  record(target: Undo, key: unknown, old: unknown): void {
    this.log.push(target, key, old);
  }

  /** Undoes every change after the first `length`, newest first. */
  rollback(length: number): void {
    const log = this.log;
    for (let i = log.length - 3; i >= length * 3; i -= 3) {
      const target = log[i] as Undo;
      const key = log[i + 1];
      const old = log[i + 2];
      if (target instanceof Map) {
        if (old === ABSENT) Map.prototype.delete.call(target, key);
        else Map.prototype.set.call(target, key, old);
      } else if (target instanceof Set) {
        if (old === ABSENT) Set.prototype.delete.call(target, key);
        else Set.prototype.add.call(target, key);
      } else {
        (target as Record<string, unknown>)[key as string] = old;
      }
    }
    log.length = Math.min(log.length, length * 3);
  }
}

/** A `Map` whose changes are journaled (when given a journal). */
export class JournaledMap<K, V> extends Map<K, V> {
  constructor(private readonly journal?: Journal) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.journal !== undefined) {
      const old = super.get(key);
      const had = old !== undefined || super.has(key);
      if (had && Object.is(old, value)) return this;
      this.journal.record(this, key, had ? old : ABSENT);
    }
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    if (this.journal !== undefined && super.has(key)) this.journal.record(this, key, super.get(key));
    return super.delete(key);
  }
  override clear(): void {
    for (const key of [...super.keys()]) this.delete(key);
  }
}

/** A `Set` whose changes are journaled (when given a journal). */
export class JournaledSet<T> extends Set<T> {
  constructor(private readonly journal?: Journal) {
    super();
  }
  override add(value: T): this {
    if (this.journal !== undefined && !super.has(value)) this.journal.record(this, value, ABSENT);
    return super.add(value);
  }
  override delete(value: T): boolean {
    if (this.journal !== undefined && super.has(value)) this.journal.record(this, value, value);
    return super.delete(value);
  }
  override clear(): void {
    for (const value of [...super.values()]) this.delete(value);
  }
}

/** Writes `record[field] = value` through the journal (for records a map holds and updates in place). */
export function journaledWrite<R extends object, F extends keyof R & string>(journal: Journal | undefined, record: R, field: F, value: R[F]): void {
  if (record[field] === value) return;
  journal?.record(record as Record<string, unknown>, field, record[field]);
  record[field] = value;
}
