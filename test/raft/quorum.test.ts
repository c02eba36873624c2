// Majority arithmetic, tested twice (as etcd-io/raft's quorum package is): golden tables, then
// property tests against a deliberately naive implementation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterConfig, hasJointMajority, jointMajorityValue, majorityCount, majorityValue } from '../../src/raft/index.js';
import type { NodeId } from '../../src/raft/types.js';

const id = (n: number): NodeId => n as NodeId;
const ids = (...ns: number[]): NodeId[] => ns.map(id);
const valuesOf =
  (table: Record<number, number>) =>
  (node: NodeId): number =>
    table[node] ?? 0;
const joint = (voters: number[], newVoters: number[]): ClusterConfig => ClusterConfig.of({ voters: ids(...voters), newVoters: ids(...newVoters) });
const simple = (...voters: number[]): ClusterConfig => ClusterConfig.of({ voters: ids(...voters) });

// ---- Naive reference ---------------------------------------------------------------------------

/** For each candidate value from high to low, count the voters at or above it. */
function naiveMajorityValue(voters: readonly NodeId[], valueOf: (id: NodeId) => number): number {
  const candidates = [...new Set(voters.map(valueOf))].sort((a, b) => b - a);
  for (const v of candidates) {
    const atLeast = voters.filter((n) => valueOf(n) >= v).length;
    if (2 * atLeast > voters.length) return v;
  }
  return 0;
}
function naiveJointMajorityValue(config: ClusterConfig, valueOf: (id: NodeId) => number): number {
  const old = naiveMajorityValue(config.voters, valueOf);
  return config.newVoters.length === 0 ? old : Math.min(old, naiveMajorityValue(config.newVoters, valueOf));
}
function naiveHasMajority(voters: readonly NodeId[], granted: ReadonlySet<NodeId>): boolean {
  return 2 * voters.filter((n) => granted.has(n)).length > voters.length;
}
function naiveHasJointMajority(config: ClusterConfig, granted: ReadonlySet<NodeId>): boolean {
  return naiveHasMajority(config.voters, granted) && (config.newVoters.length === 0 || naiveHasMajority(config.newVoters, granted));
}

// ---- Golden tables ----------------------------------------------------------------------------

describe('majorityCount', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [6, 4],
    [7, 4],
    [8, 5],
    [9, 5],
  ])('of %i voters is %i', (n, want) => {
    expect(majorityCount(n)).toBe(want);
  });

  it('is ⌊n/2⌋ + 1, so an empty voter set can never reach it', () => {
    expect(majorityCount(0)).toBe(1);
  });
});

describe('majorityValue', () => {
  const table: [string, number[], Record<number, number>, number][] = [
    ['one voter', [0], { 0: 7 }, 7],
    ['two voters need both', [0, 1], { 0: 7, 1: 3 }, 3],
    ['three voters: the median', [0, 1, 2], { 0: 9, 1: 4, 2: 6 }, 6],
    ['three voters with ties', [0, 1, 2], { 0: 5, 1: 5, 2: 1 }, 5],
    ['four voters need three', [0, 1, 2, 3], { 0: 10, 1: 8, 2: 6, 3: 4 }, 6],
    ['five voters need three', [0, 1, 2, 3, 4], { 0: 1, 1: 2, 2: 3, 3: 4, 4: 5 }, 3],
    ['five voters, most at zero', [0, 1, 2, 3, 4], { 0: 9, 1: 9, 2: 0, 3: 0, 4: 0 }, 0],
    ['values of non-voters are ignored', [1, 3, 5], { 0: 100, 1: 2, 2: 100, 3: 4, 4: 100, 5: 6 }, 4],
    ['voter order does not matter', [4, 0, 2], { 0: 3, 2: 8, 4: 5 }, 5],
    ['empty voter set', [], { 0: 5 }, 0],
  ];
  it.each(table)('%s', (_name, voters, values, want) => {
    expect(majorityValue(ids(...voters), valuesOf(values))).toBe(want);
  });

  it('asks only about the given voters', () => {
    const asked: number[] = [];
    majorityValue(ids(2, 5, 9), (n) => {
      asked.push(n);
      return n;
    });
    expect(asked.sort((a, b) => a - b)).toEqual([2, 5, 9]);
  });
});

describe('jointMajorityValue', () => {
  const table: [string, ClusterConfig, Record<number, number>, number][] = [
    ['simple config: the majority value', simple(0, 1, 2), { 0: 9, 1: 4, 2: 6 }, 6],
    ['joint: the new group is lower', joint([0, 1, 2], [2, 3, 4]), { 0: 9, 1: 9, 2: 9, 3: 1, 4: 2 }, 2],
    ['joint: the old group is lower', joint([0, 1, 2], [2, 3, 4]), { 0: 1, 1: 2, 2: 9, 3: 9, 4: 9 }, 2],
    ['joint: min of the two medians', joint([0, 1, 2], [3, 4, 5]), { 0: 5, 1: 6, 2: 7, 3: 3, 4: 4, 5: 8 }, 4],
    ['joint with the same voters in both groups', joint([0, 1, 2], [0, 1, 2]), { 0: 5, 1: 3, 2: 1 }, 3],
    ['joint: a one-voter new group decides alone', joint([0, 1, 2], [3]), { 0: 9, 1: 9, 2: 9, 3: 2 }, 2],
    ['joint: shrinking from five to one', joint([0, 1, 2, 3, 4], [0]), { 0: 8, 1: 6, 2: 5, 3: 0, 4: 0 }, 5],
    ['non-voters are ignored', ClusterConfig.of({ voters: ids(0, 1, 2), nonVoters: ids(3, 4) }), { 0: 5, 1: 5, 2: 0, 3: 0, 4: 0 }, 5],
    ['empty configuration', ClusterConfig.EMPTY, { 0: 5 }, 0],
  ];
  it.each(table)('%s', (_name, config, values, want) => {
    expect(jointMajorityValue(config, valuesOf(values))).toBe(want);
  });
});

describe('hasJointMajority', () => {
  const table: [string, ClusterConfig, number[], boolean][] = [
    ['one of one', simple(0), [0], true],
    ['none of one', simple(0), [], false],
    ['two of three', simple(0, 1, 2), [0, 2], true],
    ['one of three', simple(0, 1, 2), [1], false],
    ['two of four is not a majority', simple(0, 1, 2, 3), [0, 1], false],
    ['three of four', simple(0, 1, 2, 3), [0, 1, 3], true],
    ['votes from non-members do not count', simple(0, 1, 2), [0, 7, 8, 9], false],
    ['non-voters do not count', ClusterConfig.of({ voters: ids(0, 1, 2), nonVoters: ids(3, 4) }), [0, 3, 4], false],
    ['joint: majority of both', joint([0, 1, 2], [2, 3, 4]), [1, 2, 3], true],
    ['joint: old majority only', joint([0, 1, 2], [2, 3, 4]), [0, 1, 2], false],
    ['joint: new majority only', joint([0, 1, 2], [2, 3, 4]), [2, 3, 4], false],
    ['joint: everyone', joint([0, 1, 2], [2, 3, 4]), [0, 1, 2, 3, 4], true],
    ['joint: disjoint groups, one each is not enough', joint([0, 1, 2], [3, 4, 5]), [0, 3], false],
    ['joint: disjoint groups, two each', joint([0, 1, 2], [3, 4, 5]), [0, 1, 3, 4], true],
    ['joint: one-voter new group must grant', joint([0, 1, 2], [3]), [0, 1, 2], false],
    ['empty configuration: never', ClusterConfig.EMPTY, [0, 1, 2], false],
    ['empty configuration, no votes', ClusterConfig.EMPTY, [], false],
  ];
  it.each(table)('%s', (_name, config, granted, want) => {
    expect(hasJointMajority(config, new Set(ids(...granted)))).toBe(want);
  });
});

// ---- Properties against the naive version -----------------------------------------------------

const voterSet = fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 9 }).map((ns) => ids(...ns));
const maybeEmptyVoterSet = fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 9 }).map((ns) => ids(...ns));
/** A value per possible id (0..15); small range so ties are common. */
const valueTable = fc.array(fc.nat(12), { minLength: 16, maxLength: 16 });
const configArb = fc
  .record({ voters: voterSet, newVoters: maybeEmptyVoterSet, nonVoters: maybeEmptyVoterSet })
  .map((parts) => ClusterConfig.of(parts));
const lookup =
  (table: readonly number[]) =>
  (n: NodeId): number =>
    table[n] ?? 0;

describe('quorum properties (against a naive count)', () => {
  it('majorityValue equals the naive value on random voter sets of 1–9', () => {
    fc.assert(
      fc.property(voterSet, valueTable, (voters, table) => {
        expect(majorityValue(voters, lookup(table))).toBe(naiveMajorityValue(voters, lookup(table)));
      }),
      { numRuns: 1000 },
    );
  });

  it('majorityValue is stored on a majority, and no larger value is', () => {
    fc.assert(
      fc.property(voterSet, valueTable, (voters, table) => {
        const v = majorityValue(voters, lookup(table));
        const atLeast = (x: number): number => voters.filter((n) => lookup(table)(n) >= x).length;
        expect(atLeast(v)).toBeGreaterThanOrEqual(majorityCount(voters.length));
        expect(atLeast(v + 1)).toBeLessThan(majorityCount(voters.length));
        expect(voters.map(lookup(table))).toContain(v);
      }),
    );
  });

  it('majorityValue ignores voter order and never falls when a value rises', () => {
    fc.assert(
      fc.property(voterSet, valueTable, fc.nat(15), fc.nat(5), fc.nat(), (voters, table, who, by, seed) => {
        const shuffled = [...voters].sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
        expect(majorityValue(shuffled, lookup(table))).toBe(majorityValue(voters, lookup(table)));
        const raised = table.map((v, k) => (k === who ? v + by : v));
        expect(majorityValue(voters, lookup(raised))).toBeGreaterThanOrEqual(majorityValue(voters, lookup(table)));
      }),
    );
  });

  it('jointMajorityValue equals the naive value (min of both groups when joint)', () => {
    fc.assert(
      fc.property(configArb, valueTable, (config, table) => {
        expect(jointMajorityValue(config, lookup(table))).toBe(naiveJointMajorityValue(config, lookup(table)));
      }),
      { numRuns: 1000 },
    );
  });

  it('hasJointMajority equals the naive check (both groups when joint)', () => {
    fc.assert(
      fc.property(configArb, fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }), (config, granted) => {
        const set = new Set(ids(...granted));
        expect(hasJointMajority(config, set)).toBe(naiveHasJointMajority(config, set));
      }),
      { numRuns: 1000 },
    );
  });

  it('hasJointMajority and jointMajorityValue agree: the nodes at or above the value hold a joint majority', () => {
    fc.assert(
      fc.property(configArb, valueTable, (config, table) => {
        const v = jointMajorityValue(config, lookup(table));
        const nodesAtOrAbove = (x: number): Set<NodeId> => new Set(ClusterConfig.uniqueVoters(config).filter((n) => lookup(table)(n) >= x));
        expect(hasJointMajority(config, nodesAtOrAbove(v))).toBe(true);
        expect(hasJointMajority(config, nodesAtOrAbove(v + 1))).toBe(false);
      }),
    );
  });

  it('an empty voter set gives 0 and never a majority', () => {
    fc.assert(
      fc.property(valueTable, fc.uniqueArray(fc.integer({ min: 0, max: 15 })), (table, granted) => {
        expect(majorityValue([], lookup(table))).toBe(0);
        expect(jointMajorityValue(ClusterConfig.EMPTY, lookup(table))).toBe(0);
        expect(hasJointMajority(ClusterConfig.EMPTY, new Set(ids(...granted)))).toBe(false);
      }),
    );
  });
});
