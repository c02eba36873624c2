// Seeded fuzzing of the two front doors for untrusted text: the scenario parser and the link
// decoder. Malformed input never throws past them, every error is located and plain text, and
// nothing runs from an input that does not validate. FUZZ_REPORT=1 prints the figures.
import * as lzModule from 'lz-string';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, Simulation, type Intervention } from '../../src/sim/index.js';
import { COMMANDS, ScenarioRunner, validateScenario } from '../../src/scenario/index.js';
import { encodeLink, LinkError, momentOfScenario, momentOfSimulation, openLinkOrThrow } from '../../src/scenario/link.js';
import { PRESETS } from '../../src/scenario/presets/index.js';

const lz = (lzModule as unknown as { default?: typeof lzModule }).default ?? lzModule;
const RUNS = 1500;
const report = (line: string): void => {
  if (process.env['FUZZ_REPORT'] === '1') console.info(line);
};
/** Plain text: no control characters (the page renders messages as text; nothing can break a line or a terminal). */
const plain = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

const WORDS = [...COMMANDS, 'leader', 'followers', 'all', 'n1', 'n3', 'n9', 'n0', '{', '}', '->', '<->', '..', '=', '>=', 'until', 'within', 'next', 'AppendEntries', 'Vote', 'message', 'in', 'is', 'on', 'majority', 'no', 'not', 'term', 'committed', 'role', 'log', 'value', 'violation', 'I9', 'candidate', 'set', 'x', '3', '300ms', '1.5s', '10%', '0.1', '"a caption"', '"', '#', '-', '99999999999s', 'nonvoter', 'entries', 'off', 'heartbeat', 'election', 'latency'];

const tokenSoup = fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((ws) => ws.join(' ')), { maxLength: 12 }).map((ls) => ls.join('\n'));

const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...WORDS)) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'delete') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + e.length);
  }
  if (e.kind === 'insert') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.text + text.slice(at);
  }
  const lines = text.split('\n');
  const i = e.at % lines.length;
  const j = e.other % lines.length;
  [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  return lines.join('\n');
}

const mutatedPreset = fc.tuple(fc.constantFrom(...PRESETS.map((p) => p.text)), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) => edits.reduce(applyEdit, text));
const script = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 120 }), tokenSoup, mutatedPreset);

describe('fuzzing the scenario parser', () => {
  it(`never throws on ${RUNS} malformed scripts; every error is at a real line:column, in plain text`, () => {
    const figures = { inputs: 0, invalid: 0, errors: 0 };
    fc.assert(
      fc.property(script, (text) => {
        figures.inputs++;
        const v = validateScenario(text);
        const lines = text.split('\n');
        if (v.ok) return;
        figures.invalid++;
        figures.errors += v.errors.length;
        expect(v.errors.length).toBeGreaterThan(0);
        expect('program' in v).toBe(false);
        for (const e of v.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines.length);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual((lines[e.line - 1] as string).length + 1);
          expect(e.message.startsWith(`${e.line}:${e.column}: `)).toBe(true);
          expect(plain(e.message)).toBe(true);
        }
      }),
      { seed: 20261202, numRuns: RUNS },
    );
    report(`parser fuzz: ${figures.inputs} inputs, ${figures.invalid} refused with ${figures.errors} located errors, ${figures.inputs - figures.invalid} valid`);
    expect(figures.inputs).toBe(RUNS);
  });

  it('runs the edited presets that still validate without an uncaught exception', () => {
    let ran = 0;
    fc.assert(
      fc.property(mutatedPreset, (text) => {
        const v = validateScenario(text);
        if (!v.ok) return;
        ran++;
        const r = new ScenarioRunner(v.program).run();
        if (r.failure !== undefined) expect(r.failure).toMatch(/^\d+:\d+: /);
      }),
      { seed: 7, numRuns: 30 },
    );
    report(`edited presets run: ${ran} of 30 validated and ran`);
  });
});

type NodeId = Extract<Intervention, { kind: 'crash' }>['node'];

function baseLinks(): string[] {
  const first = PRESETS[0];
  const sim = new Simulation({ nodes: 3, seed: 6 });
  sim.runFor(300);
  sim.apply({ kind: 'crash', node: 2 as NodeId });
  sim.runFor(100);
  const v = validateScenario(first?.text ?? '');
  if (!v.ok) throw new Error('the first preset does not validate');
  return [encodeLink(momentOfScenario(first?.text ?? '', v.program.params, 20)), encodeLink(momentOfSimulation(sim))];
}

function resigned(body: Record<string, unknown>): string {
  return `#rl=${lz.compressToEncodedURIComponent(canonicalJson({ ...body, check: fnv1a64(canonicalJson(body)) }))}`;
}

describe('fuzzing the link decoder', () => {
  const bases = baseLinks();
  const linkEdit = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), c: fc.oneof(fc.constantFrom(...'AZaz09+-$'), fc.string({ minLength: 1, maxLength: 1 })) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), c: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  );
  const mutatedLink = fc.tuple(fc.constantFrom(...bases), fc.array(linkEdit, { minLength: 1, maxLength: 3 })).map(([link, edits]) =>
    edits.reduce((l, e) => {
      const at = 4 + (e.at % Math.max(1, l.length - 4));
      if (e.kind === 'truncate') return l.slice(0, at);
      if (e.kind === 'delete') return l.slice(0, at) + l.slice(at + 1);
      if (e.kind === 'insert') return l.slice(0, at) + e.c + l.slice(at);
      return l.slice(0, at) + e.c + l.slice(at + 1);
    }, link),
  );
  const json = fc.jsonValue({ maxDepth: 3 });
  const forged = fc
    .record({ v: fc.oneof(fc.constant(1), json), params: fc.oneof(fc.constant({ nodes: 3, seed: 6 }), json), scenario: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }), tokenSoup, json), position: fc.oneof(fc.nat({ max: 200 }), json) })
    .map((body) => resigned(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))));
  const link = fc.oneof(mutatedLink, forged, fc.string({ maxLength: 80 }).map((s) => `#rl=${s}`), fc.string({ maxLength: 80 }));

  it(`never throws anything but a located LinkError on ${RUNS} malformed links, and opens nothing half-way`, () => {
    const fields = new Map<string, number>();
    let opened = 0;
    fc.assert(
      fc.property(link, (text) => {
        let result: ReturnType<typeof openLinkOrThrow> | undefined;
        try {
          result = openLinkOrThrow(text);
        } catch (e) {
          expect(e).toBeInstanceOf(LinkError);
          const err = e as LinkError;
          expect(err.field.length).toBeGreaterThan(0);
          expect(plain(err.message)).toBe(true);
          const key = err.reason === 'unknown field' ? `${err.field.split('.')[0] ?? ''}.(unknown field)` : err.field.replace(/\d+/g, 'N');
          fields.set(key, (fields.get(key) ?? 0) + 1);
          return;
        }
        opened++;
        expect(result.sim.position).toBe(result.moment.position);
      }),
      { seed: 20261202, numRuns: RUNS },
    );
    report(`link fuzz: ${RUNS} inputs, ${RUNS - opened} refused (${[...fields].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ')}), ${opened} opened`);
  });
});
