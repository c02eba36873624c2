// Compare mode runs a scenario twice in lockstep and finds the first event where the runs part.
import { describe, expect, it } from 'vitest';
import { compareScenario, variantParams } from '../../src/scenario/compare.js';
import { validateScenario, type Program } from '../../src/scenario/index.js';
import { findPreset, PRESETS } from '../../src/scenario/presets/index.js';

function program(name: string): Program {
  const v = validateScenario(findPreset(name)?.text ?? '');
  if (!v.ok) throw new Error('invalid preset');
  return v.program;
}

describe('compare mode', () => {
  it('finds where Figure 8 parts with commit-by-counting: the old-term entry held back versus committed', () => {
    const c = compareScenario(program('figure-8'), { mutation: 'commitOldTermByCounting' });
    expect(c.b.label).toBe('with commitOldTermByCounting');
    const d = c.divergence;
    expect(d).toBeDefined();
    if (d === undefined) return;
    expect(d.a.head).toBe(d.b.head);
    expect(d.a.lines.join('\n')).toMatch(/does not commit i\d+ although a majority stores it/);
    expect(d.b.lines.join('\n')).toContain('counting replicas of an old-term entry breaks §5.4.2');
    const commitOf = (side: typeof d.a): number => side.view.nodes.find((n) => n.id === 1)?.commitIndex ?? -1;
    expect(commitOf(d.b)).toBeGreaterThan(commitOf(d.a));
    expect(d.a.view.events).toBe(d.index + 1);
    expect(c.a.result.passed).toBe(true);
    expect(c.b.result.sim.violations().map((v) => v.invariant)).toContain('I9');
  });

  it('reports no divergence when the variant changes nothing that happens', () => {
    const c = compareScenario(program('first-election'), { mutation: 'truncateOnStaleAppend' });
    expect(c.divergence).toBeUndefined();
  });

  it('every preset that comes in pairs diverges from its partner', () => {
    for (const p of PRESETS.filter((x) => x.compare !== undefined)) {
      const c = compareScenario(program(p.name), p.compare as NonNullable<typeof p.compare>);
      expect(c.divergence, p.name).toBeDefined();
    }
  });

  it('derives the second run from parameters too', () => {
    const { params, label } = variantParams(program('removed-server').params, { params: { disruptiveGuard: true }, label: 'with the guard' });
    expect(params.disruptiveGuard).toBe(true);
    expect(label).toBe('with the guard');
  });
});
