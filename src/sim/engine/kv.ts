/**
 * The simulated clients' command language and the key-value state machine each node applies.
 *
 * Commands: `set KEY VALUE`, `del KEY`, `incr KEY` (adds 1, missing counts as 0), `noop`. Keys are
 * `[A-Za-z_][A-Za-z0-9_]*`, values are integers or such words. Parsing returns an error value with
 * the column, never throws.
 *
 * @module
 */

/** A parsed command. */
export type KvCommand =
  | { readonly op: 'set'; readonly key: string; readonly value: string }
  | { readonly op: 'del'; readonly key: string }
  | { readonly op: 'incr'; readonly key: string }
  | { readonly op: 'noop' };

/** A state: `[key, value]` pairs sorted by key (plain data, cheap to compare and print). */
export type KvState = readonly (readonly [string, string])[];

/** A parse error with a 1-based column. */
export interface KvError {
  readonly error: string;
  readonly column: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALUE = /^(-?\d{1,15}|[A-Za-z_][A-Za-z0-9_]*)$/;

function tokenize(text: string): { word: string; column: number }[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], column: (m.index ?? 0) + 1 }));
}

/** Parses one command, e.g. `set x 3`. */
export function parseKv(text: string): KvCommand | KvError {
  const words = tokenize(text);
  const [op, key, value] = words;
  if (op === undefined) return { error: 'empty command: expected set, del, incr or noop', column: 1 };
  const arity: Record<string, number> = { set: 3, del: 2, incr: 2, noop: 1 };
  const want = arity[op.word];
  if (want === undefined) return { error: `unknown command "${op.word}": expected set, del, incr or noop`, column: op.column };
  if (words.length < want) return { error: `"${op.word}" needs ${want - 1} argument(s)`, column: text.length + 1 };
  if (words.length > want) {
    const extraWord = words[want] as { word: string; column: number };
    return { error: `unexpected "${extraWord.word}" after the command`, column: extraWord.column };
  }
  if (op.word === 'noop') return { op: 'noop' };
  if (key === undefined || !KEY.test(key.word)) return { error: `invalid key "${key?.word ?? ''}"`, column: key?.column ?? 1 };
  if (op.word === 'del') return { op: 'del', key: key.word };
  if (op.word === 'incr') return { op: 'incr', key: key.word };
  if (value === undefined || !VALUE.test(value.word)) return { error: `invalid value "${value?.word ?? ''}"`, column: value?.column ?? 1 };
  return { op: 'set', key: key.word, value: value.word };
}

/** True for a parse error. */
export function isKvError(x: KvCommand | KvError): x is KvError {
  return 'error' in x;
}

/** The canonical text of a command. */
export function formatKv(c: KvCommand): string {
  if (c.op === 'set') return `set ${c.key} ${c.value}`;
  if (c.op === 'noop') return 'noop';
  return `${c.op} ${c.key}`;
}

/** A copy of `state` with `key` set to `value` (removed if undefined), still sorted by key. */
function put(state: KvState, key: string, value: string | undefined): KvState {
  // The state is sorted: find the key's place, then copy around it (no sort, one new array).
  let at = 0;
  while (at < state.length && (state[at] as readonly [string, string])[0] < key) at++;
  const found = at < state.length && (state[at] as readonly [string, string])[0] === key;
  if (value === undefined && !found) return state;
  const out = state.slice(0, at);
  if (value !== undefined) out.push([key, value]);
  for (let i = found ? at + 1 : at; i < state.length; i++) out.push(state[i] as readonly [string, string]);
  return out;
}

/** Applies a command, returning the new state (the input is not changed). */
export function applyKv(state: KvState, c: KvCommand): KvState {
  switch (c.op) {
    case 'set':
      return put(state, c.key, c.value);
    case 'del':
      return put(state, c.key, undefined);
    case 'incr': {
      const old = Number(state.find(([k]) => k === c.key)?.[1] ?? '0');
      return put(state, c.key, String(Number.isFinite(old) ? old + 1 : 1));
    }
    case 'noop':
      return state;
  }
}
