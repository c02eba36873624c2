/**
 * Simulation parameters: plain JSON data, validated with errors that name the offending field.
 *
 * @module
 */
import { CORE_MUTATIONS, type CoreMutation } from '../../raft/index.js';

/** Timing, in integer milliseconds of simulated time. */
export interface Timing {
  /** A leader's heartbeat period (its `SetElectionTimeout` duration). */
  readonly heartbeatMs: number;
  /** Followers and candidates draw their election timeout uniformly from [min, max]. */
  readonly electionMinMs: number;
  readonly electionMaxMs: number;
  /** Every message takes a uniform delay from [min, max] unless a link says otherwise. */
  readonly delayMinMs: number;
  readonly delayMaxMs: number;
  /** A snapshot transfer takes this multiple of a message delay. */
  readonly snapshotDelayFactor: number;
  /** Storage write latency; 0 = writes are durable at once. When > 0, a crash loses unsynced writes. */
  readonly storageLatencyMs: number;
}

/** The fields of {@link Timing}, in the order printers list them. */
export const TIMING_FIELDS = ['heartbeatMs', 'electionMinMs', 'electionMaxMs', 'delayMinMs', 'delayMaxMs', 'snapshotDelayFactor', 'storageLatencyMs'] as const satisfies readonly (keyof Timing)[];
// Every field of Timing is listed: a field missing above does not compile.
const timingFieldsComplete: [Exclude<keyof Timing, (typeof TIMING_FIELDS)[number]>] extends [never] ? true : never = true;
void timingFieldsComplete;

/** Storage mutations the simulator applies (the core ones are `CORE_MUTATIONS`). */
export const STORAGE_MUTATIONS = ['votedForNotPersisted', 'currentTermNotPersisted'] as const;

/** A storage mutation. */
export type StorageMutation = (typeof STORAGE_MUTATIONS)[number];

/** Any injectable mutation. */
export type Mutation = CoreMutation | StorageMutation;

/** The mutations the core implements. */
export const CORE_MUTATION_SET: ReadonlySet<Mutation> = new Set<Mutation>(CORE_MUTATIONS);

/** Every mutation name. */
export const MUTATIONS: readonly Mutation[] = [...CORE_MUTATIONS, ...STORAGE_MUTATIONS];

/** The most nodes a simulation holds; ids run from 1 to it (the UI's layout and the history's compact codes rely on it). */
export const MAX_NODES = 9;

/** The whole configuration of a simulation. */
export interface SimParams {
  /** Number of nodes, 1 to `MAX_NODES`; ids are 1..nodes. */
  readonly nodes: number;
  /** PRNG seed (any 32-bit unsigned integer). */
  readonly seed: number;
  readonly timing: Timing;
  /** Global probability that a message is lost, in [0, 1]. */
  readonly loss: number;
  /** Global probability that a message is delivered twice, in [0, 1]. */
  readonly duplicate: number;
  /** Cap on entries per AppendEntriesCall (0 = no cap). */
  readonly maxEntriesPerAppend: number;
  /** Compact a node's log once it holds more than this many entries after its snapshot (0 = never). */
  readonly compactAfter: number;
  /** Apply Raft §6's guard against disruptive RequestVotes (default true). */
  readonly disruptiveGuard: boolean;
  /** Injected bugs (default none). */
  readonly mutations: readonly Mutation[];
}

/** The defaults: 5 nodes, heartbeat 50 ms, election timeout 150–300 ms, delay 10–20 ms. */
export const DEFAULT_TIMING: Timing = {
  heartbeatMs: 50,
  electionMinMs: 150,
  electionMaxMs: 300,
  delayMinMs: 10,
  delayMaxMs: 20,
  snapshotDelayFactor: 3,
  storageLatencyMs: 0,
};

export const DEFAULT_PARAMS: SimParams = {
  nodes: 5,
  seed: 1,
  timing: DEFAULT_TIMING,
  loss: 0,
  duplicate: 0,
  maxEntriesPerAppend: 0,
  compactAfter: 0,
  disruptiveGuard: true,
  mutations: [],
};

/** Deeply partial parameters, as accepted by `makeParams`. */
export type ParamsInput = Partial<Omit<SimParams, 'timing'>> & { readonly timing?: Partial<Timing> };

/** A validation failure naming the field. */
export class ParamsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ParamsError';
  }
}

function checkInt(field: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new ParamsError(field, `expected an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
}

function checkProbability(field: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ParamsError(field, `expected a probability in [0, 1], got ${JSON.stringify(v)}`);
}

/** Validates timing; throws `ParamsError`. */
export function checkTiming(t: Timing, prefix = 'timing'): void {
  const day = 86_400_000;
  checkInt(`${prefix}.heartbeatMs`, t.heartbeatMs, 1, day);
  checkInt(`${prefix}.electionMinMs`, t.electionMinMs, 1, day);
  checkInt(`${prefix}.electionMaxMs`, t.electionMaxMs, t.electionMinMs, day);
  checkInt(`${prefix}.delayMinMs`, t.delayMinMs, 0, day);
  checkInt(`${prefix}.delayMaxMs`, t.delayMaxMs, t.delayMinMs, day);
  checkInt(`${prefix}.snapshotDelayFactor`, t.snapshotDelayFactor, 1, 1000);
  checkInt(`${prefix}.storageLatencyMs`, t.storageLatencyMs, 0, day);
}

/** Fills defaults and validates; throws `ParamsError` naming the first bad field. */
export function makeParams(input: ParamsInput = {}): SimParams {
  const p: SimParams = { ...DEFAULT_PARAMS, ...input, timing: { ...DEFAULT_TIMING, ...input.timing } };
  checkInt('nodes', p.nodes, 1, MAX_NODES);
  checkInt('seed', p.seed, 0, 0xffffffff);
  checkTiming(p.timing);
  checkProbability('loss', p.loss);
  checkProbability('duplicate', p.duplicate);
  checkInt('maxEntriesPerAppend', p.maxEntriesPerAppend, 0, 1_000_000);
  checkInt('compactAfter', p.compactAfter, 0, 1_000_000);
  if (typeof p.disruptiveGuard !== 'boolean') throw new ParamsError('disruptiveGuard', 'expected true or false');
  if (!Array.isArray(p.mutations)) throw new ParamsError('mutations', 'expected a list');
  for (const [i, m] of p.mutations.entries()) {
    if (!MUTATIONS.includes(m)) throw new ParamsError(`mutations[${i}]`, `unknown mutation ${JSON.stringify(m)}; known: ${MUTATIONS.join(', ')}`);
  }
  return p;
}
