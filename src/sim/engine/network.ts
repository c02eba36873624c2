/**
 * The fake network's rules: partitions, one-way cuts, per-link and global faults. Plain data
 * with a `clone()`, so checkpoints copy it cheaply.
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';

/** Faults on one directed link; unset fields fall back to the global values. */
export interface LinkFault {
  readonly loss?: number;
  readonly duplicate?: number;
  readonly delayMinMs?: number;
  readonly delayMaxMs?: number;
}

/** The effective behaviour of one directed link. */
export interface LinkBehaviour {
  readonly loss: number;
  readonly duplicate: number;
  readonly delayMinMs: number;
  readonly delayMaxMs: number;
}

const key = (from: NodeId, to: NodeId): string => `${from}>${to}`;

const isProbability = (v: number | undefined): boolean => v === undefined || (typeof v === 'number' && v >= 0 && v <= 1);
const isDelay = (v: number | undefined): boolean => v === undefined || (Number.isInteger(v) && v >= 0);

/** Why `fault` is not a valid set of faults, or undefined. */
export function faultRefusal(fault: LinkFault): string | undefined {
  if (!isProbability(fault.loss) || !isProbability(fault.duplicate)) return 'loss and duplicate are probabilities in [0, 1]';
  if (!isDelay(fault.delayMinMs) || !isDelay(fault.delayMaxMs)) return 'delays are whole milliseconds';
  if (fault.delayMinMs !== undefined && fault.delayMaxMs !== undefined && fault.delayMinMs > fault.delayMaxMs) return 'delayMinMs is at most delayMaxMs';
  return undefined;
}

export class NetworkRules {
  /** Partition groups; nodes in different groups cannot talk. Empty = fully connected. */
  groups: NodeId[][] = [];
  /** One-way cuts, as `from>to`. */
  readonly cuts = new Set<string>();
  /** Per-link faults, as `from>to`. */
  readonly links = new Map<string, LinkFault>();

  constructor(
    public loss: number,
    public duplicate: number,
  ) {}

  /** True if nothing can pass from `from` to `to` now. */
  blocked(from: NodeId, to: NodeId): boolean {
    if (this.cuts.size > 0 && this.cuts.has(key(from, to))) return true;
    if (this.groups.length === 0) return false;
    return this.groupOf(from) !== this.groupOf(to);
  }

  private groupOf(id: NodeId): number {
    const g = this.groups.findIndex((group) => group.includes(id));
    return g < 0 ? this.groups.length : g; // unlisted nodes share an implicit last group
  }

  /** What a message from `from` to `to` meets, given the default delay range. */
  behaviour(from: NodeId, to: NodeId, delayMinMs: number, delayMaxMs: number): LinkBehaviour {
    const f = this.links.size === 0 ? undefined : this.links.get(key(from, to));
    return {
      loss: f?.loss ?? this.loss,
      duplicate: f?.duplicate ?? this.duplicate,
      delayMinMs: f?.delayMinMs ?? delayMinMs,
      delayMaxMs: f?.delayMaxMs ?? delayMaxMs,
    };
  }

  /** Splits the nodes into groups, each sorted ascending. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groups = groups.map((g) => [...g].sort((a, b) => a - b));
  }

  /** Sets the global loss and duplication; an undefined value keeps the current one. */
  setGlobal(loss: number | undefined, duplicate: number | undefined): void {
    this.loss = loss ?? this.loss;
    this.duplicate = duplicate ?? this.duplicate;
  }

  cut(from: NodeId, to: NodeId): void {
    this.cuts.add(key(from, to));
  }

  setLink(from: NodeId, to: NodeId, fault: LinkFault | undefined): void {
    if (fault === undefined) this.links.delete(key(from, to));
    else this.links.set(key(from, to), fault);
  }

  /** Removes partitions, cuts and per-link faults (global loss and duplication stay). */
  heal(): void {
    this.groups = [];
    this.cuts.clear();
    this.links.clear();
  }

  clone(): NetworkRules {
    const copy = new NetworkRules(this.loss, this.duplicate);
    copy.groups = this.groups.map((g) => [...g]);
    for (const c of this.cuts) copy.cuts.add(c);
    for (const [k, f] of this.links) copy.links.set(k, f);
    return copy;
  }

  /** Cuts in ascending (from, to) order, for views and traces. */
  cutList(): [NodeId, NodeId][] {
    return [...this.cuts].map((c) => c.split('>').map(Number) as [NodeId, NodeId]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
}
