// Each injectable bug has a canned, deterministic scenario: the checker catches the mutation,
// and the very same steps on a correct cluster raise nothing.
import { describe, expect, it } from 'vitest';
import { BUG_SCENARIOS } from '../../src/sim/testing/bug-scenarios.js';
import { describeViolation, MUTATIONS } from '../../src/sim/index.js';

describe('bug injection scenarios', () => {
  it('cover every mutation', () => {
    expect(BUG_SCENARIOS.map((s) => s.mutation).sort()).toEqual([...MUTATIONS].sort());
  });

  describe.each(BUG_SCENARIOS)('$mutation', (scenario) => {
    it(`is caught by ${scenario.caughtBy} with the mutation`, () => {
      const violations = scenario.run(true).sim.violations();
      expect(violations.map((v) => v.invariant)).toContain(scenario.caughtBy);
    });

    it('raises nothing without it', () => {
      const t = scenario.run(false);
      expect(t.sim.violations().map(describeViolation)).toEqual([]);
    });
  });

  it('the index-only vote rule lets a stale log overwrite a committed entry, visibly', () => {
    const t = BUG_SCENARIOS.find((s) => s.mutation === 'indexOnlyVoteRule')!.run(true);
    const invariants = new Set(t.sim.violations().map((v) => v.invariant));
    expect(invariants.has('I9')).toBe(true);
    expect(invariants.has('I8')).toBe(true);
  });

  it('a forgotten vote makes two leaders of one term', () => {
    const t = BUG_SCENARIOS.find((s) => s.mutation === 'votedForNotPersisted')!.run(true);
    expect(t.sim.violations().some((v) => v.invariant === 'I1')).toBe(true);
  });
});
