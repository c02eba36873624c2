/**
 * The settings form's state as text fields (what the user typed, valid or not) and its conversion
 * to `ParamsInput`, validated by the simulator's `makeParams` so a `ParamsError` names the field.
 *
 * @module
 */
import { makeParams, ParamsError, type Mutation, type ParamsInput, type SimParams } from '../../sim/index.js';

/** The numeric fields, by `ParamsError` field name. */
export const NUMBER_FIELDS = [
  { field: 'nodes', label: 'Nodes (1–9)' },
  { field: 'seed', label: 'Seed' },
  { field: 'timing.heartbeatMs', label: 'Heartbeat (ms)' },
  { field: 'timing.electionMinMs', label: 'Election timeout min (ms)' },
  { field: 'timing.electionMaxMs', label: 'Election timeout max (ms)' },
  { field: 'timing.delayMinMs', label: 'Latency min (ms)' },
  { field: 'timing.delayMaxMs', label: 'Latency max (ms)' },
  { field: 'timing.storageLatencyMs', label: 'Storage latency (ms, 0 = instant)' },
  { field: 'compactAfter', label: 'Compact after entries (0 = never)' },
] as const;

export type NumberFieldName = (typeof NUMBER_FIELDS)[number]['field'];

export interface SettingsForm {
  readonly numbers: Readonly<Record<NumberFieldName, string>>;
  readonly disruptiveGuard: boolean;
  readonly mutations: readonly Mutation[];
}

function read(params: SimParams, field: NumberFieldName): number {
  if (field.startsWith('timing.')) return params.timing[field.slice(7) as keyof SimParams['timing']];
  return params[field as 'nodes' | 'seed' | 'compactAfter'];
}

/** The form showing `params`. */
export function formOf(params: SimParams): SettingsForm {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map(({ field }) => [field, String(read(params, field))])) as Record<NumberFieldName, string>;
  return { numbers, disruptiveGuard: params.disruptiveGuard, mutations: params.mutations };
}

/** The form as parameters on top of `base` (loss, duplication, caps kept), or the field at fault. */
export function paramsOf(form: SettingsForm, base: SimParams): { input: ParamsInput } | { field: string; error: string } {
  const num: Record<string, number> = {};
  for (const { field } of NUMBER_FIELDS) {
    const text = form.numbers[field].trim();
    const v = Number(text);
    if (text === '' || !Number.isFinite(v)) return { field, error: `${field}: expected a number, got ${JSON.stringify(text)}` };
    num[field] = v;
  }
  const timing = { ...base.timing } as Record<string, number>;
  for (const key of Object.keys(num)) if (key.startsWith('timing.')) timing[key.slice(7)] = num[key] as number;
  const input: ParamsInput = {
    ...base,
    nodes: num.nodes,
    seed: num.seed,
    compactAfter: num.compactAfter,
    timing,
    disruptiveGuard: form.disruptiveGuard,
    mutations: form.mutations,
  };
  try {
    makeParams(input);
  } catch (e) {
    if (e instanceof ParamsError) return { field: e.field, error: e.message };
    throw e;
  }
  return { input };
}
