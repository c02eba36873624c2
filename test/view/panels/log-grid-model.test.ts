import { describe, expect, it } from 'vitest';
import { compactConfig, compactSet } from '../../../src/view/panels/log-grid-model.js';

describe('compact configuration labels', () => {
  it('lists up to four members, and folds runs of three or more in a longer set', () => {
    expect(compactSet([])).toBe('{}');
    expect(compactSet([1, 2, 3])).toBe('{1,2,3}');
    expect(compactSet([1, 2, 4, 5])).toBe('{1,2,4,5}');
    expect(compactSet([1, 2, 3, 4, 5])).toBe('{1..5}');
    expect(compactSet([1, 2, 3, 5, 6, 7, 9])).toBe('{1..3,5..7,9}');
    expect(compactSet([1, 2, 4, 5, 7])).toBe('{1,2,4,5,7}');
  });

  it('keeps every set of a configuration: plain, joint old→new, and learners', () => {
    expect(compactConfig('config {1,2,3}')).toBe('{1,2,3}');
    expect(compactConfig('config {1,2,3,4,5}')).toBe('{1..5}');
    expect(compactConfig('config {1,2,3} → {3,4,5} (joint)')).toBe('{1,2,3}→{3,4,5}');
    expect(compactConfig('config {1,2,3,4,5} → {1,2,3,4,5,6} (joint)')).toBe('{1..5}→{1..6}');
    expect(compactConfig('config {1,2,3} + non-voters {4}')).toBe('{1,2,3} +L{4}');
    expect(compactConfig('config {1,2,3} → {1,2,4} (joint) + non-voters {5,6}')).toBe('{1,2,3}→{1,2,4} +L{5,6}');
  });
});
