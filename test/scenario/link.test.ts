// Share links land on the exact moment they were made at; anything else is a clear error naming
// the field at fault, and nothing half-applied.
import * as lzModule from 'lz-string';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, Simulation, type Intervention } from '../../src/sim/index.js';
import { ScenarioRunner, validateScenario } from '../../src/scenario/index.js';
import { decodeLink, encodeLink, LinkError, momentOfScenario, momentOfSimulation, openLink, openLinkOrThrow } from '../../src/scenario/link.js';
import { findPreset } from '../../src/scenario/presets/index.js';

const lz = (lzModule as unknown as { default?: typeof lzModule }).default ?? lzModule;
type NodeId = Extract<Intervention, { kind: 'crash' }>['node'];

function presetRun(name: string): { text: string; sim: Simulation } {
  const text = findPreset(name)?.text ?? '';
  const v = validateScenario(text);
  if (!v.ok) throw new Error('invalid preset');
  return { text, sim: new ScenarioRunner(v.program).run().sim };
}

/** A link whose JSON body is `edit(body)`, with a correct checksum (a deliberate, well-formed edit). */
function reSigned(link: string, edit: (body: Record<string, unknown>) => Record<string, unknown>): string {
  const json = JSON.parse(lz.decompressFromEncodedURIComponent(link.slice('#rl='.length))) as Record<string, unknown>;
  const { check: _check, ...body } = json;
  const next = edit(body);
  return `#rl=${lz.compressToEncodedURIComponent(canonicalJson({ ...next, check: fnv1a64(canonicalJson(next)) }))}`;
}

function fieldOf(link: string): string {
  const r = openLink(link);
  if ('error' in r) {
    expect(r.linkError).toBeInstanceOf(LinkError);
    expect(r.error).toBe(r.linkError.message);
    return r.linkError.field;
  }
  return 'opened';
}

describe('share links', () => {
  it('carry a scenario and land on the same event and view', () => {
    const { text, sim } = presetRun('figure-8');
    sim.seek(60);
    const link = encodeLink(momentOfScenario(text, sim.initialParams, sim.position));
    expect(link).toMatch(/^#rl=[A-Za-z0-9+\-$]+$/);
    const opened = openLinkOrThrow(`https://example.org/raftlab/?url=x${link}`);
    expect(opened.sim.position).toBe(60);
    expect(opened.sim.view()).toEqual(sim.view());
    expect(opened.moment.source.kind).toBe('scenario');
  });

  it('carry recorded interventions and land on the same event and view', () => {
    const sim = new Simulation({ nodes: 3, seed: 8 });
    sim.runFor(400);
    sim.apply({ kind: 'crash', node: 1 as NodeId });
    sim.runFor(500);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(200);
    sim.seek(sim.position - 7);
    const opened = openLinkOrThrow(encodeLink(momentOfSimulation(sim)));
    expect(opened.sim.position).toBe(sim.position);
    expect(opened.sim.view()).toEqual(sim.view());
    expect(opened.sim.interventions()).toEqual(sim.interventions());
  });

  it('refuse an unknown version, an edit, a truncation or a position past the end, naming the field', () => {
    const { text, sim } = presetRun('first-election');
    const link = encodeLink(momentOfScenario(text, sim.initialParams, 10));
    expect(fieldOf(reSigned(link, (b) => ({ ...b, v: 2 })))).toBe('v');
    expect(fieldOf(reSigned(link, (b) => ({ ...b, position: 10_000 })))).toBe('position');
    expect(fieldOf(reSigned(link, (b) => ({ ...b, scenario: 'nodes 3\ncrash n9' })))).toBe('scenario');
    expect(fieldOf(reSigned(link, (b) => ({ ...b, params: { ...(b['params'] as object), seed: 2 } })))).toBe('params');
    expect(fieldOf(reSigned(link, (b) => ({ ...b, params: { ...(b['params'] as object), nodes: 12 } })))).toBe('params.nodes');
    expect(fieldOf(reSigned(link, (b) => ({ ...b, extra: 1 })))).toBe('link.extra');
    // An edit without re-signing: the checksum catches it.
    const json = lz.decompressFromEncodedURIComponent(link.slice(4)).replace('"position":10', '"position":11');
    expect(fieldOf(`#rl=${lz.compressToEncodedURIComponent(json)}`)).toBe('check');
    expect(fieldOf(link.slice(0, Math.floor(link.length / 2)))).toMatch(/^payload|^check/);
    expect(fieldOf(`${link.slice(0, 20)}%${link.slice(21)}`)).toBe('payload offset 16');
    expect(fieldOf('https://example.org/#seed=4')).toBe('fragment');
    expect(() => decodeLink('#rl=')).toThrow('payload: the link has no data');
    expect(() => decodeLink('#raftlab=abc')).toThrow('fragment: not a raftlab link');
  });
});
