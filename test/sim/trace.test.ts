import { describe, expect, it } from 'vitest';
import { canonicalJson, exportTrace, fnv1a64, importTrace, TestSim, TraceError, traceToJson } from '../../src/sim/index.js';

function fnvBigInt(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

function scripted(): TestSim {
  return new TestSim({ nodes: 3, seed: 9, loss: 0.1 }).runFor(400).propose('set x 1').crash(2).runFor(300).restart(2).propose('incr x').runFor(600);
}

describe('trace hashing', () => {
  it.each(['', 'a', 'raftlab', 'ünïcode ✓', '{"k":[1,2,3]}'.repeat(50)])('fnv1a64(%j) matches a BigInt reference', (text) => {
    expect(fnv1a64(text)).toBe(fnvBigInt(text));
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"z":1}]},"b":1}');
  });
});

describe('trace export and import', () => {
  it('round-trips: importing a trace replays the same run, byte for byte', () => {
    const original = traceToJson(exportTrace(scripted().sim));
    const replayed = importTrace(original);
    expect(traceToJson(exportTrace(replayed))).toBe(original);
  });

  it('records parameters, seed, interventions with their positions, and explained events', () => {
    const trace = exportTrace(scripted().sim);
    expect(trace.params.seed).toBe(9);
    expect(trace.interventions.map((e) => e.intervention.kind)).toEqual(['propose', 'crash', 'restart', 'propose']);
    expect(trace.events.length).toBe(trace.end.events);
    expect(trace.events[0]?.kind).toBe('bootstrap');
    expect(trace.events.some((e) => e.why.some((w) => /§5\.2/.test(w)))).toBe(true);
  });

  const cases: [string, (t: Record<string, unknown>) => unknown, RegExp][] = [
    ['a wrong format', (t) => ({ ...t, format: 'other' }), /^format: /],
    ['an unknown version', (t) => ({ ...t, version: 99 }), /^version: /],
    ['bad params', (t) => ({ ...t, params: { ...(t.params as object), nodes: 12 } }), /^params\.nodes: /],
    ['an unknown intervention', (t) => ({ ...t, interventions: [{ at: 3, time: 10, intervention: { kind: 'explode' } }] }), /^interventions\[0\]\.intervention\.kind: /],
    ['a missing node id', (t) => ({ ...t, interventions: [{ at: 3, time: 10, intervention: { kind: 'crash' } }] }), /^interventions\[0\]\.intervention\.node: /],
    ['a node that does not exist', (t) => ({ ...t, interventions: [{ at: 3, time: (t.events as { t: number }[])[2]?.t, intervention: { kind: 'crash', node: 8 } }] }), /interventions\[0\]\.intervention: there is no node n8/],
    ['positions out of order', (t) => ({ ...t, interventions: [{ at: 5, time: 10, intervention: { kind: 'heal' } }, { at: 2, time: 10, intervention: { kind: 'heal' } }] }), /^interventions\[1\]\.at: /],
    ['a tampered event', (t) => ({ ...t, events: [...(t.events as object[]).slice(0, -1), { i: 0, t: 0, kind: 'deliver', why: [] }] }), /^hash: .*altered/],
    ['a changed seed under an honest hash', (t) => {
      const { hash: _hash, ...rest } = t;
      const body = { ...rest, params: { ...(rest.params as object), seed: 10 } };
      return { ...body, hash: fnv1a64(canonicalJson(body)) };
    }, /^(hash: the replay differs|interventions\[\d+\]\.(at|time): )/],
  ];
  it.each(cases)('rejects %s with its location', (_name, mutate, pattern) => {
    const trace = JSON.parse(traceToJson(exportTrace(scripted().sim))) as Record<string, unknown>;
    const text = JSON.stringify(mutate(trace));
    expect(() => importTrace(text)).toThrow(TraceError);
    expect(() => importTrace(text)).toThrow(pattern);
  });

  it('rejects text that is not JSON with a line and column', () => {
    expect(() => importTrace('{\n  "format": "raftlab-trace",\n  oops\n}')).toThrow(/line 3, column \d+/);
  });

  it('escapes nothing into HTML: texts stay plain strings', () => {
    const t = new TestSim({ nodes: 3, seed: 1 }).waitForLeader();
    expect(() => t.propose('set x <script>')).toThrow(/invalid value/);
  });
});
