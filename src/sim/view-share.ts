/**
 * Structural sharing for views: given the previous view and a freshly built one, returns a frozen
 * view in which every part equal to the previous one IS the previous one. A store can then compare
 * by identity (`===`) and React can skip an unchanged node, entry or message.
 *
 * Arrays of records with a numeric `id` or `index` (nodes, messages, log entries, progress) are
 * matched by that key, so an entry keeps its identity when the log tail slides past it.
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

/** `next` with every part equal to the corresponding part of `prev` replaced by it; frozen. */
export function share<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (Array.isArray(next)) return shareArray(Array.isArray(prev) ? prev : undefined, next) as T;
  if (isRecord(next)) return shareRecord(isRecord(prev) ? prev : undefined, next) as T;
  return next;
}

function shareArray(prev: readonly unknown[] | undefined, next: readonly unknown[]): readonly unknown[] {
  const keyed = prev !== undefined && prev.length > 0 && next.length > 0 && keyOf(prev[0]) !== undefined && keyOf(next[0]) !== undefined;
  const byKey = keyed ? new Map(prev.map((p) => [keyOf(p), p])) : undefined;
  let same = prev !== undefined && prev.length === next.length;
  const out = next.map((item, i) => {
    const before = byKey !== undefined ? byKey.get(keyOf(item)) : prev?.[i];
    const shared = share(before, item);
    if (shared !== prev?.[i]) same = false;
    return shared;
  });
  return same && prev !== undefined ? prev : Object.freeze(out);
}

function shareRecord(prev: Plain | undefined, next: Plain): Plain {
  const out: { [key: string]: unknown } = {};
  let same = prev !== undefined;
  for (const key of Object.keys(next)) {
    const before = prev?.[key];
    const shared = share(before, next[key]);
    if (shared !== before || (prev !== undefined && !(key in prev))) same = false;
    out[key] = shared;
  }
  if (same && prev !== undefined && Object.keys(prev).length === Object.keys(next).length) return prev;
  return Object.freeze(out);
}
