/**
 * Share links: the exact moment of a run in a URL fragment, `#rl=<data>`. The data is JSON
 * compressed with lz-string's URI-safe alphabet:
 *
 * ```json
 * { "v": 1, "params": {…}, "scenario": "nodes 5…" | "timeline": { "interventions": […], "end": {…} },
 *   "position": 412, "check": "<FNV-1a-64 of the rest>" }
 * ```
 *
 * Opening a link validates everything (format version, checksum, parameters, the script or the
 * timeline, the position) and builds the simulation from scratch: an unknown version, a truncated
 * or edited link is a `LinkError` naming the field (or offset) at fault, and nothing is applied.
 *
 * @module
 */
import * as lzModule from 'lz-string';
import { canonicalJson, DEFAULT_PARAMS, DEFAULT_TIMING, fnv1a64, importTrace, makeParams, ParamsError, TRACE_FORMAT, TRACE_VERSION, TraceError, type ParamsInput, type SimParams, type Simulation, type TimelineEntry } from '../sim/index.js';
import { ScenarioRunner } from './runner.js';
import { validateScenario } from './validate.js';

// lz-string is CommonJS: Node hands its exports over as `default`, bundlers as the namespace.
const lz = (lzModule as unknown as { default?: typeof lzModule }).default ?? lzModule;

export const LINK_VERSION = 1;
export const LINK_KEY = 'rl=';
/** Links longer than this are refused before decompressing (browsers cap URLs near 64K–2M). */
export const MAX_LINK_LENGTH = 200_000;

export type SharedSource =
  | { readonly kind: 'scenario'; readonly text: string }
  | { readonly kind: 'timeline'; readonly interventions: readonly TimelineEntry[]; readonly end: { readonly events: number; readonly time: number } };

/** A moment to share: how to rebuild the run, and the event to land on. */
export interface SharedMoment {
  readonly params: SimParams;
  readonly source: SharedSource;
  /** The present position (events processed). */
  readonly position: number;
}

/** A link that cannot be opened; `field` says where (`v`, `check`, `params.seed`, `scenario`, `payload`…). */
export class LinkError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'LinkError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The moment of a simulation's present, carrying its recorded interventions. */
export function momentOfSimulation(sim: Simulation): SharedMoment {
  const end = sim.frontier();
  return { params: sim.initialParams, source: { kind: 'timeline', interventions: [...sim.interventions()], end: { events: end.events, time: end.time } }, position: sim.position };
}

/** The moment `position` of the run of scenario `text` (whose setup gives the parameters). */
export function momentOfScenario(text: string, params: SimParams, position: number): SharedMoment {
  return { params, source: { kind: 'scenario', text }, position };
}

function bodyOf(m: SharedMoment): { [key: string]: unknown } {
  const source = m.source.kind === 'scenario' ? { scenario: m.source.text } : { timeline: { interventions: m.source.interventions, end: m.source.end } };
  return { v: LINK_VERSION, params: m.params, ...source, position: m.position };
}

/** `#rl=…` for the moment. */
export function encodeLink(moment: SharedMoment): string {
  const body = bodyOf(moment);
  const json = canonicalJson({ ...body, check: fnv1a64(canonicalJson(body)) });
  return `#${LINK_KEY}${lz.compressToEncodedURIComponent(json)}`;
}

const URI_SAFE = /^[A-Za-z0-9+\-$]*$/;

/** The compressed data of a URL, fragment or bare data string. */
function dataOf(link: string): string {
  const hash = link.indexOf(`#${LINK_KEY}`);
  const start = hash >= 0 ? hash + 1 + LINK_KEY.length : link.startsWith(LINK_KEY) ? LINK_KEY.length : -1;
  if (start < 0) throw new LinkError('fragment', `not a raftlab link: expected "#${LINK_KEY}" followed by the data`);
  const data = link.slice(start);
  if (data.length === 0) throw new LinkError('payload', `the link has no data after "${LINK_KEY}" (truncated?)`);
  if (data.length > MAX_LINK_LENGTH) throw new LinkError('payload', `the link is longer than ${MAX_LINK_LENGTH} characters`);
  if (!URI_SAFE.test(data)) {
    const offset = [...data].findIndex((c) => !URI_SAFE.test(c));
    throw new LinkError(`payload offset ${offset}`, `unexpected character ${JSON.stringify(data[offset])}: the link was altered (or cut by a mail program)`);
  }
  return data;
}

function inflate(data: string): Json {
  let json: string | null;
  try {
    json = lz.decompressFromEncodedURIComponent(data);
  } catch {
    json = null;
  }
  if (json === null || json === '') throw new LinkError('payload', 'the data does not decompress: the link is truncated or damaged');
  try {
    return JSON.parse(json) as Json;
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    throw new LinkError(at === null ? 'payload' : `payload offset ${at[1]}`, 'the data is not valid JSON once decompressed: the link is truncated or damaged');
  }
}

function checkKeys(value: { [key: string]: Json }, known: object, path: string): void {
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(known, key)) throw new LinkError(/^\w+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, 'unknown field');
  }
}

function paramsOf(value: Json | undefined): SimParams {
  if (!isObject(value)) throw new LinkError('params', 'expected an object');
  checkKeys(value, DEFAULT_PARAMS, 'params');
  if (value['timing'] !== undefined) {
    if (!isObject(value['timing'])) throw new LinkError('params.timing', 'expected an object');
    checkKeys(value['timing'], DEFAULT_TIMING, 'params.timing');
  }
  try {
    return makeParams(value as unknown as ParamsInput);
  } catch (e) {
    if (e instanceof ParamsError) throw new LinkError(`params.${e.field}`, e.message.slice(e.field.length + 2));
    throw e;
  }
}

function sourceOf(root: { [key: string]: Json }, params: SimParams): SharedSource {
  const scenario = root['scenario'];
  const timeline = root['timeline'];
  if ((scenario === undefined) === (timeline === undefined)) throw new LinkError('scenario', 'expected either a scenario or a timeline');
  if (scenario !== undefined) {
    if (typeof scenario !== 'string') throw new LinkError('scenario', 'expected the scenario text');
    const v = validateScenario(scenario);
    if (!v.ok) throw new LinkError('scenario', `${v.errors[0]?.message ?? ''}${v.errors.length > 1 ? ` (and ${v.errors.length - 1} more errors)` : ''}`);
    if (canonicalJson(v.program.params) !== canonicalJson(params)) throw new LinkError('params', "do not match the scenario's setup");
    return { kind: 'scenario', text: scenario };
  }
  if (!isObject(timeline)) throw new LinkError('timeline', 'expected {interventions, end}');
  const end = timeline['end'];
  if (!Array.isArray(timeline['interventions'])) throw new LinkError('timeline.interventions', 'expected a list');
  if (!isObject(end) || !isWhole(end['events']) || !isWhole(end['time'])) throw new LinkError('timeline.end', 'expected {events, time} as whole numbers');
  return { kind: 'timeline', interventions: timeline['interventions'] as unknown as TimelineEntry[], end: { events: end['events'] as number, time: end['time'] as number } };
}

const isWhole = (v: Json | undefined): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Reads and checks a link without running anything. Throws `LinkError`. */
export function decodeLink(link: string): SharedMoment {
  const root = inflate(dataOf(link));
  if (!isObject(root)) throw new LinkError('payload', 'expected a JSON object');
  if (root['v'] !== LINK_VERSION) throw new LinkError('v', `unknown link version ${JSON.stringify(root['v']) ?? '(none)'}; this raftlab opens version ${LINK_VERSION} links`);
  const { check, ...body } = root;
  if (typeof check !== 'string' || fnv1a64(canonicalJson(body)) !== check) throw new LinkError('check', "the checksum does not match the link's content: it was edited or damaged");
  checkKeys(body, { v: 0, params: 0, scenario: 0, timeline: 0, position: 0 }, 'link');
  const params = paramsOf(body['params']);
  const source = sourceOf(body, params);
  if (!isWhole(body['position'])) throw new LinkError('position', 'expected an event index (a whole number)');
  return { params, source, position: body['position'] as number };
}

function build(moment: SharedMoment): Simulation {
  if (moment.source.kind === 'scenario') {
    const v = validateScenario(moment.source.text);
    if (!v.ok) throw new LinkError('scenario', v.errors[0]?.message ?? 'invalid');
    return new ScenarioRunner(v.program).run().sim;
  }
  const bare = { format: TRACE_FORMAT, version: TRACE_VERSION, params: moment.params, interventions: moment.source.interventions, end: moment.source.end };
  try {
    return importTrace(JSON.stringify(bare));
  } catch (e) {
    if (e instanceof TraceError) throw new LinkError(`timeline.${e.path}`, e.message.slice(e.path.length + 2));
    throw e;
  }
}

/** Opens a link: checks it, rebuilds the run and lands on its position. All or nothing; throws `LinkError`. */
export function openLinkOrThrow(link: string): { readonly sim: Simulation; readonly moment: SharedMoment } {
  const moment = decodeLink(link);
  const sim = build(moment);
  const end = sim.frontier().events;
  if (moment.position > end) throw new LinkError('position', `event ${moment.position} is past the end of the run (${end} events)`);
  sim.seek(moment.position);
  return { sim, moment };
}

/**
 * Opens a link, for the page: the rebuilt run at its position, or the error as text (with the
 * `LinkError` for its field). Nothing is applied on an error.
 */
export function openLink(link: string): { readonly sim: Simulation; readonly moment: SharedMoment } | { readonly error: string; readonly linkError: LinkError } {
  try {
    return openLinkOrThrow(link);
  } catch (e) {
    if (e instanceof LinkError) return { error: e.message, linkError: e };
    throw e;
  }
}

/** True if `hash` (a URL fragment) looks like a share link, so the page should try to open it. */
export function isShareLink(hash: string): boolean {
  return hash.startsWith(`#${LINK_KEY}`);
}
