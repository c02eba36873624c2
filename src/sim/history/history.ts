/**
 * The per-event history a timeline needs without replay: each event's time, kind, touched node
 * and marker flags, recorded at the frontier in flat columns (5 bytes an event, and 6 a marker).
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';
import { TimeColumn, u16, u32, u8 } from './columns.js';
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

const NOT_INTERVENTIONS: ReadonlySet<EventKind> = new Set(WORLD_EVENT_KINDS);
const KINDS: ReadonlySet<string> = new Set(EVENT_KINDS);

/** True if `kind` names an intervention. */
export function isInterventionKind(kind: string): boolean {
  return KINDS.has(kind) && !NOT_INTERVENTIONS.has(kind as EventKind);
}

/** The flags an event has by its kind alone. */
function flagsOfKind(kind: EventKind): number {
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

/**
 * What the history stores of an event's kind, in 3 bits: the world event kinds by their index in
 * `WORLD_EVENT_KINDS` (bootstrap, deliver, timer, sync), and one code for every intervention (the
 * timeline says which).
 */
export const INTERVENTION_CODE = WORLD_EVENT_KINDS.length;

/** Per kind: its stored code and its flags (one lookup per event). */
export interface KindInfo {
  readonly code: number;
  readonly flags: number;
}
const KIND_INFO: ReadonlyMap<EventKind, KindInfo> = new Map(
  EVENT_KINDS.map((k) => [k, Object.freeze({ code: NOT_INTERVENTIONS.has(k) ? WORLD_EVENT_KINDS.indexOf(k as (typeof WORLD_EVENT_KINDS)[number]) : INTERVENTION_CODE, flags: flagsOfKind(k) })]),
);

/** The stored code and the flags of `kind`. */
export function kindInfo(kind: EventKind): KindInfo {
  return KIND_INFO.get(kind) as KindInfo;
}

/** The flags an event has by its kind alone. */
export function kindFlags(kind: EventKind): number {
  return kindInfo(kind).flags;
}

/**
 * Time, kind, node and flags of every recorded event, in 5 bytes an event: the time in a
 * {@link TimeColumn}, the kind code and node in one byte. Flags are rare (a few events in a hundred
 * carry one), so only flagged events are listed, as (index, flags).
 */
export class EventLog {
  private readonly times = new TimeColumn();
  private readonly tags = u8();
  private readonly markerEvent = u32();
  private readonly markerFlags = u16();

  get length(): number {
    return this.times.length;
  }

  /** The first event still recorded (see `dropBefore`). */
  get start(): number {
    return this.times.start;
  }

  /** Bytes held by the columns. */
  get bytes(): number {
    return this.times.bytes + this.tags.bytes + this.markerEvent.bytes + this.markerFlags.bytes;
  }

  /** Appends an event: `code` from {@link kindInfo}, `node` the touched node (0 for none). */
  push(time: number, code: number, node: number, flags: number): void {
    if (flags !== 0) {
      this.markerEvent.push(this.times.length);
      this.markerFlags.push(flags);
    }
    this.times.push(time);
    this.tags.push((code << 4) | node);
  }

  /** Forgets the events before `event`, in whole chunks (markers too); returns the first event kept. */
  dropBefore(event: number): number {
    const start = this.times.dropBefore(event);
    this.tags.dropBefore(start);
    const firstMarker = this.markerEvent.lowerBound(start);
    this.markerEvent.dropBefore(firstMarker);
    this.markerFlags.dropBefore(firstMarker);
    return start;
  }

  truncate(length: number): void {
    this.times.truncate(length);
    this.tags.truncate(length);
    const markers = this.markerEvent.lowerBound(length);
    this.markerEvent.truncate(markers);
    this.markerFlags.truncate(markers);
  }

  time(index: number): number | undefined {
    return this.times.at(index);
  }

  /** The first event at or after `time`. */
  firstAtOrAfter(time: number): number {
    return this.times.lowerBound(time);
  }

  /** Event `index`; `interventionAt` names the kind of an intervention event. */
  summary(index: number, interventionAt: (index: number) => EventKind | undefined): EventSummary | undefined {
    const time = this.times.at(index);
    if (time === undefined) return undefined;
    const tag = this.tags.get(index);
    const code = tag >> 4;
    const kind = code === INTERVENTION_CODE ? (interventionAt(index) as EventKind) : (WORLD_EVENT_KINDS[code] as EventKind);
    return Object.freeze({ index, time, kind, node: nodeOf(tag) });
  }

  /** The node event `index` touched, if any. */
  node(index: number): NodeId | undefined {
    return index >= this.start && index < this.length ? nodeOf(this.tags.get(index)) : undefined;
  }

  /** The events in [from, to) with at least one flag, oldest first (none before `start`). */
  markers(from: number, to: number): Marker[] {
    const out: Marker[] = [];
    const end = this.markerEvent.lowerBound(Math.min(to, this.length));
    for (let i = this.markerEvent.lowerBound(Math.max(this.start, from), end); i < end; i++) {
      const index = this.markerEvent.get(i);
      out.push(Object.freeze({ index, time: this.times.get(index), flags: this.markerFlags.get(i), node: nodeOf(this.tags.get(index)) }));
    }
    return out;
  }
}

function nodeOf(tag: number): NodeId | undefined {
  const node = tag & 15;
  return node === 0 ? undefined : (node as NodeId);
}
