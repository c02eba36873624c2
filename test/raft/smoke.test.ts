import { describe, expect, it } from 'vitest';
import { TestCluster } from './support/cluster.js';

describe('smoke', () => {
  it('a created three-node cluster elects its creator and commits', () => {
    const c = TestCluster.created([0, 1, 2]);
    expect(c.node(0).role()).toBe('Leader');
    for (const n of [0, 1, 2]) expect(c.node(n).commitIndex()).toBe(2);
    const p = c.run(0, (n) => n.proposeCommand());
    c.deliverAll();
    expect(p.poll(c.node(0)).isAccepted()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });
});
