/**
 * Reading traces back: JSON text → validated timeline → a replayed `Simulation`, checked against
 * the recorded end point and hash. Every error names where it is (`interventions[3].node`,
 * `line 4, column 9`), and nothing is half-loaded: an error leaves no simulation behind.
 *
 * @module
 */
import { INTERVENTION_KINDS, InterventionError, MEMBERSHIP_CHANGES, type Intervention, type InterventionKind } from '../engine/interventions.js';
import { makeParams, ParamsError, type ParamsInput } from '../engine/params.js';
import { Simulation, type TimelineEntry } from '../simulation.js';
import { canonicalJson, exportTrace, fnv1a64, TRACE_FORMAT, TRACE_VERSION } from './trace.js';

/** A problem with a trace file, with the path (or line and column) where it is. */
export class TraceError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TraceError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    throw new TraceError(at === null ? 'trace' : lineColumn(text, Number(at[1])), `not valid JSON (${message})`);
  }
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const int = (v: Json | undefined): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function field(obj: { [key: string]: Json }, key: string, path: string, ok: (v: Json | undefined) => boolean, what: string): void {
  if (!ok(obj[key])) throw new TraceError(`${path}.${key}`, `expected ${what}, got ${JSON.stringify(obj[key]) ?? 'nothing'}`);
}

const NODE_FIELDS: Partial<Record<InterventionKind, readonly string[]>> = {
  crash: ['node'],
  restart: ['node'],
  timeout: ['node'],
  snapshot: ['node'],
  membership: ['node'],
  cut: ['from', 'to'],
  linkFault: ['from', 'to'],
};
const KNOWN: ReadonlySet<string> = new Set(INTERVENTION_KINDS);
const isKind = (kind: string): kind is InterventionKind => KNOWN.has(kind);

/** Checks an intervention's shape (its fit with the world is checked when it is replayed). */
function checkIntervention(v: Json | undefined, path: string): Intervention {
  if (!isObject(v)) throw new TraceError(path, 'expected an intervention object');
  const kind = v['kind'];
  if (typeof kind !== 'string' || !isKind(kind)) throw new TraceError(`${path}.kind`, `unknown intervention ${JSON.stringify(kind) ?? 'nothing'}; known: ${[...KNOWN].join(', ')}`);
  for (const key of NODE_FIELDS[kind] ?? []) field(v, key, path, int, 'a node id');
  if (kind === 'propose') field(v, 'command', path, (c) => typeof c === 'string', 'a command string');
  if (kind === 'propose' && v['node'] !== undefined) field(v, 'node', path, int, 'a node id');
  if (kind === 'partition') field(v, 'groups', path, (g) => Array.isArray(g) && g.every((x) => Array.isArray(x) && x.every(int)), 'a list of lists of node ids');
  if (kind === 'hold' || kind === 'release' || kind === 'drop' || kind === 'duplicate') field(v, 'message', path, int, 'a message id');
  if (kind === 'membership') field(v, 'change', path, (c) => (MEMBERSHIP_CHANGES as readonly Json[]).includes(c as Json), 'a membership change');
  if (kind === 'timing') field(v, 'timing', path, isObject, 'an object');
  if (kind === 'maxEntriesPerAppend') field(v, 'value', path, int, 'a whole number');
  if (kind === 'linkFault') field(v, 'fault', path, (f) => f === null || isObject(f), 'an object or null');
  return v as unknown as Intervention;
}

function checkTimeline(v: Json | undefined): TimelineEntry[] {
  if (!Array.isArray(v)) throw new TraceError('interventions', 'expected a list');
  let previous = 0;
  return v.map((entry, i) => {
    const path = `interventions[${i}]`;
    if (!isObject(entry)) throw new TraceError(path, 'expected an object with at, time and intervention');
    field(entry, 'at', path, (a) => int(a) && (a as number) >= Math.max(1, previous), `an event index ≥ ${Math.max(1, previous)}`);
    field(entry, 'time', path, int, 'a time in ms');
    previous = (entry['at'] as number) + 1;
    return { at: entry['at'] as number, time: entry['time'] as number, intervention: checkIntervention(entry['intervention'], `${path}.intervention`) };
  });
}

function replay(sim: Simulation, timeline: readonly TimelineEntry[], end: { events: number; time: number }): void {
  for (const [i, entry] of timeline.entries()) {
    const path = `interventions[${i}]`;
    while (sim.position < entry.at) if (!sim.step()) throw new TraceError(`${path}.at`, `the run has only ${sim.position} events`);
    if (!sim.advanceClock(entry.time)) throw new TraceError(`${path}.time`, `${entry.time} ms does not fit between the events around index ${entry.at}`);
    try {
      sim.apply(entry.intervention);
    } catch (e) {
      if (e instanceof InterventionError || e instanceof ParamsError) throw new TraceError(`${path}.intervention`, e.message);
      throw e;
    }
  }
  while (sim.position < end.events) if (!sim.step()) throw new TraceError('end.events', `the run has only ${sim.position} events`);
  if (!sim.advanceClock(end.time)) throw new TraceError('end.time', `${end.time} ms does not fit after event ${end.events - 1}`);
}

/**
 * A trace must be intact (its content hashes to its hash) and reproducible (the replay hashes to
 * it too). Only a bare timeline, with neither events nor hash (hand-written, or a link), has
 * nothing to check; deleting the hash of a full trace does not turn the checks off.
 */
function checkHash(root: { [key: string]: Json }, sim: Simulation): void {
  const recorded = root['hash'];
  if (recorded === undefined && root['events'] === undefined) return;
  if (typeof recorded !== 'string') throw new TraceError('hash', `expected the trace's hash (16 hex digits), got ${JSON.stringify(recorded) ?? 'nothing'}: a trace with events must carry it`);
  const { hash: _omitted, ...body } = root;
  const content = fnv1a64(canonicalJson(body));
  if (content !== recorded) throw new TraceError('hash', `the file's content does not match its hash (content ${content}, recorded ${String(recorded)}): it was altered`);
  const actual = exportTrace(sim).hash;
  if (actual !== recorded) throw new TraceError('hash', `the replay differs from the recorded run (recorded ${String(recorded)}, replay ${actual})`);
}

/** Parses, validates and replays a trace; throws `TraceError` with a location on any problem. */
export function importTrace(text: string): Simulation {
  const root = parseJson(text);
  if (!isObject(root)) throw new TraceError('trace', 'expected a JSON object');
  if (root['format'] !== TRACE_FORMAT) throw new TraceError('format', `expected "${TRACE_FORMAT}"`);
  if (root['version'] !== TRACE_VERSION) throw new TraceError('version', `expected ${TRACE_VERSION}, got ${JSON.stringify(root['version']) ?? 'nothing'}`);
  let params;
  try {
    params = makeParams((root['params'] ?? {}) as ParamsInput);
  } catch (e) {
    if (e instanceof ParamsError) throw new TraceError(`params.${e.field}`, e.message.slice(e.field.length + 2));
    throw e;
  }
  const timeline = checkTimeline(root['interventions']);
  const end = root['end'];
  if (!isObject(end)) throw new TraceError('end', 'expected {events, time}');
  field(end, 'events', 'end', int, 'an event count');
  field(end, 'time', 'end', int, 'a time in ms');
  const sim = new Simulation(params);
  replay(sim, timeline, { events: end['events'] as number, time: end['time'] as number });
  checkHash(root, sim);
  return sim;
}
