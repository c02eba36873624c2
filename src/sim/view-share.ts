/**
 * Structural sharing for views: given the previous view and a freshly built one, returns a frozen
 * view in which every part equal to the previous one IS the previous one. A store can then compare
 * by identity (`===`) and React can skip an unchanged node, entry or message.
 *
 * Arrays of records with a numeric `id` or `index` (nodes, messages, log entries, progress) are
 * matched by that key, so an entry keeps its identity when the log tail slides past it.
 *
 * This runs on every view while playing (hundreds of messages, nine nodes), so it allocates only
 * what changed: an unchanged record or array is recognised without building a copy, and keyed
 * arrays (ascending by key, as views list them) are matched by walking both in step instead of
 * through a map.
 *
 * @module
 */

type Plain = { readonly [key: string]: unknown };

function isRecord(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyOf(v: unknown): number | undefined {
  if (!isRecord(v)) return undefined;
  const k = v['id'] ?? v['index'];
  return typeof k === 'number' ? k : undefined;
}

/**
 * `next` with every part equal to the corresponding part of `prev` replaced by it; frozen. A frozen
 * part with nothing to share it with is taken as it is: frozen values given to a view are shared
 * ones already (a previous result, or a copy made by `share` itself), deeply frozen.
 */
export function share<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (prev === undefined && typeof next === 'object' && next !== null && Object.isFrozen(next)) return next;
  if (Array.isArray(next)) return shareArray(Array.isArray(prev) ? prev : undefined, next) as T;
  if (isRecord(next)) return shareRecord(isRecord(prev) ? prev : undefined, next) as T;
  return next;
}

/** True if every item of `items` has a numeric key and the keys strictly ascend. */
function ascendingKeys(items: readonly unknown[]): boolean {
  let last = -Infinity;
  for (const item of items) {
    const k = keyOf(item);
    if (k === undefined || !(k > last)) return false;
    last = k;
  }
  return true;
}

/**
 * Finds, for each next item in turn, the previous item with its key: a cursor walking `prev` when
 * its keys ascend (the views' arrays), else a map (the last item of a repeated key wins).
 */
function keyedMatcher(prev: readonly unknown[]): (key: number | undefined) => unknown {
  if (!ascendingKeys(prev)) {
    const byKey = new Map(prev.map((p) => [keyOf(p), p]));
    return (key) => byKey.get(key);
  }
  let j = 0;
  return (key) => {
    if (key === undefined) return undefined;
    // Next arrays ascend too, so the cursor only moves forward; a smaller key restarts it.
    if (j > 0 && (keyOf(prev[j - 1]) as number) >= key) j = 0;
    while (j < prev.length && (keyOf(prev[j]) as number) < key) j++;
    return j < prev.length && keyOf(prev[j]) === key ? prev[j] : undefined;
  };
}

function shareArray(prev: readonly unknown[] | undefined, next: readonly unknown[]): readonly unknown[] {
  if (prev === undefined) return Object.freeze(next.map((item) => share(undefined, item)));
  const keyed = prev.length > 0 && next.length > 0 && keyOf(prev[0]) !== undefined && keyOf(next[0]) !== undefined;
  const match = keyed ? keyedMatcher(prev) : undefined;
  let out: unknown[] | undefined;
  for (let i = 0; i < next.length; i++) {
    const item = next[i];
    const before = match !== undefined ? match(keyOf(item)) : prev[i];
    const shared = share(before, item);
    if (out === undefined && (shared !== prev[i] || i >= prev.length)) out = prev.slice(0, i);
    out?.push(shared);
  }
  if (out === undefined && prev.length === next.length) return prev;
  return Object.freeze(out ?? prev.slice(0, next.length));
}

function shareRecord(prev: Plain | undefined, next: Plain): Plain {
  const keys = Object.keys(next);
  let out: { [key: string]: unknown } | undefined = prev === undefined ? {} : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const before = prev?.[key];
    const shared = share(before, next[key]);
    if (out === undefined && (shared !== before || !(key in (prev as Plain)))) {
      // The first difference: copy what came before it (all equal to prev's) and go on.
      out = {};
      for (let k = 0; k < i; k++) out[keys[k] as string] = (prev as Plain)[keys[k] as string];
    }
    if (out !== undefined) out[key] = shared;
  }
  if (out !== undefined) return Object.freeze(out);
  if (Object.keys(prev as Plain).length === keys.length) return prev as Plain;
  // Equal on next's keys, but prev had more: a new record of prev's values for next's keys.
  const fewer: { [key: string]: unknown } = {};
  for (const key of keys) fewer[key] = (prev as Plain)[key];
  return Object.freeze(fewer);
}
