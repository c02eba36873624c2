/**
 * The per-event history a timeline needs without replay: each event's time, kind, touched node
 * and marker flags, recorded at the frontier in flat columns (12 bytes an event).
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';
import { f64, u16 } from './columns.js';
import type { EventKind } from '../engine/world.js';
// The codes stored per event are indexes into the one list of event kinds.
import { EVENT_KINDS, WORLD_EVENT_KINDS } from '../engine/world-types.js';

/**
 * Marker flags, one bit each; an event may carry several. `leaderElected` / `leaderLost`: a node
 * became / stopped being leader; `commit`: an index was committed for the first time in the run;
 * `timeout`: an election timer fired (or was forced to); `partition`: a partition or one-way cut.
 */
export const MARKER = {
  leaderElected: 1,
  leaderLost: 2,
  commit: 4,
  crash: 8,
  restart: 16,
  intervention: 32,
  violation: 64,
  partition: 128,
  heal: 256,
  timeout: 512,
} as const;

/** The name of one marker flag. */
export type MarkerName = keyof typeof MARKER;

/** An event the scrubber marks: its index, time, flags (see {@link MARKER}) and touched node. */
export interface Marker {
  readonly index: number;
  readonly time: number;
  readonly flags: number;
  readonly node: NodeId | undefined;
}

/** The compact per-event record kept in history. */
export interface EventSummary {
  readonly index: number;
  readonly time: number;
  readonly kind: EventKind;
  readonly node: NodeId | undefined;
}

const KIND_CODE = new Map(EVENT_KINDS.map((k, i) => [k, i]));
const NOT_INTERVENTIONS: ReadonlySet<EventKind> = new Set(WORLD_EVENT_KINDS);

/** True if `kind` names an intervention. */
export function isInterventionKind(kind: string): boolean {
  return KIND_CODE.has(kind as EventKind) && !NOT_INTERVENTIONS.has(kind as EventKind);
}

/** The flags an event has by its kind alone. */
export function kindFlags(kind: EventKind): number {
  switch (kind) {
    case 'crash':
      return MARKER.crash | MARKER.intervention;
    case 'restart':
      return MARKER.restart | MARKER.intervention;
    case 'partition':
    case 'cut':
      return MARKER.partition | MARKER.intervention;
    case 'heal':
      return MARKER.heal | MARKER.intervention;
    case 'timeout':
      return MARKER.timeout | MARKER.intervention;
    default:
      return NOT_INTERVENTIONS.has(kind) ? 0 : MARKER.intervention;
  }
}

/** Time, kind, node and flags of every recorded event. */
export class EventLog {
  private readonly times = f64();
  private readonly tags = u16();
  private readonly flags = u16();

  get length(): number {
    return this.times.length;
  }

  push(time: number, kind: EventKind, node: NodeId | undefined, flags: number): void {
    this.times.push(time);
    this.tags.push(((KIND_CODE.get(kind) ?? 0) << 4) | (node ?? 0));
    this.flags.push(flags);
  }

  truncate(length: number): void {
    this.times.truncate(length);
    this.tags.truncate(length);
    this.flags.truncate(length);
  }

  time(index: number): number | undefined {
    return this.times.at(index);
  }

  /** The first event at or after `time`. */
  firstAtOrAfter(time: number): number {
    return this.times.lowerBound(time);
  }

  summary(index: number): EventSummary | undefined {
    const time = this.times.at(index);
    if (time === undefined) return undefined;
    const tag = this.tags.get(index);
    return Object.freeze({ index, time, kind: EVENT_KINDS[tag >> 4] as EventKind, node: nodeOf(tag) });
  }

  /** The node event `index` touched, if any. */
  node(index: number): NodeId | undefined {
    return index >= 0 && index < this.length ? nodeOf(this.tags.get(index)) : undefined;
  }

  /** The events in [from, to) with at least one flag, oldest first. */
  markers(from: number, to: number): Marker[] {
    const out: Marker[] = [];
    const end = Math.min(to, this.length);
    for (let i = Math.max(0, from); i < end; i++) {
      const flags = this.flags.get(i);
      if (flags !== 0) out.push(Object.freeze({ index: i, time: this.times.get(i), flags, node: nodeOf(this.tags.get(i)) }));
    }
    return out;
  }
}

function nodeOf(tag: number): NodeId | undefined {
  const node = tag & 15;
  return node === 0 ? undefined : (node as NodeId);
}
