/**
 * Traces: the complete, serializable record of a run (parameters, seed, every intervention and
 * every event with its explanation), its canonical JSON text and a hash of it. Importing replays
 * the timeline and checks that the same events come out.
 *
 * Same parameters + same interventions ⇒ byte-identical JSON and the same hash, in Node and in
 * browsers: the text is built from sorted keys and the hash is FNV-1a-64 over its UTF-8 bytes.
 *
 * @module
 */
import type { Violation } from '../checker/host.js';
import type { TimelineEntry } from '../simulation.js';
import type { Simulation } from '../simulation.js';
import type { SimParams } from '../engine/params.js';
import type { EventKind } from '../engine/world.js';

export const TRACE_FORMAT = 'raftlab-trace';
export const TRACE_VERSION = 1;

/** One event of a trace. */
export interface TraceEvent {
  readonly i: number;
  readonly t: number;
  readonly kind: EventKind;
  readonly node?: number;
  /** The explanation, one sentence per line. */
  readonly why: readonly string[];
}

export interface Trace {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly params: SimParams;
  readonly interventions: readonly TimelineEntry[];
  /** Where the run stopped: events processed and the clock. */
  readonly end: { readonly events: number; readonly time: number };
  readonly events: readonly TraceEvent[];
  readonly violations: readonly Violation[];
  /** FNV-1a-64 (hex) of the canonical JSON of everything above. */
  readonly hash: string;
}

/** JSON with object keys sorted at every level and `undefined` fields dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** FNV-1a-64 of the UTF-8 bytes of `text`, as 16 hex digits (computed in 16-bit limbs). */
export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  // 0xcbf29ce484222325 as four 16-bit limbs, least significant first.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (const byte of bytes) {
    h0 ^= byte;
    // multiply by the prime 0x100000001b3 = 2^40 + 0x1b3
    const t0 = h0 * 0x1b3, t1 = h1 * 0x1b3, t2 = h2 * 0x1b3 + (h0 << 8), t3 = h3 * 0x1b3 + (h1 << 8);
    h0 = t0 & 0xffff;
    const c1 = t1 + (t0 >>> 16);
    h1 = c1 & 0xffff;
    const c2 = t2 + (c1 >>> 16);
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  return [h3, h2, h1, h0].map((h) => h.toString(16).padStart(4, '0')).join('');
}

function hashOf(trace: Omit<Trace, 'hash'>): string {
  return fnv1a64(canonicalJson(trace));
}

/** The trace of `sim` from its start to its frontier; the present does not move. */
export function exportTrace(sim: Simulation): Trace {
  const events: TraceEvent[] = [];
  sim.explainRange(0, sim.end, (e) => {
    events.push({ i: e.index, t: e.time, kind: e.kind, ...(e.node === undefined ? {} : { node: e.node }), why: e.lines.map((l) => l.text) });
  });
  const frontier = sim.frontier();
  const body = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    params: sim.initialParams,
    interventions: [...sim.interventions()],
    end: { events: frontier.events, time: frontier.time },
    events,
    violations: [...frontier.violations],
  } as const;
  return { ...body, hash: hashOf(body) };
}

/** The trace as canonical JSON text (what files and links hold). */
export function traceToJson(trace: Trace): string {
  return canonicalJson(trace);
}
