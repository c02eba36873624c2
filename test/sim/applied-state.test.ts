// I8 at the application level: nodes that applied the log to the same index hold the same state.
import { describe, expect, it } from 'vitest';
import { TestSim } from '../../src/sim/index.js';
import { PRESENT_WORLD } from '../../src/sim/simulation.js';

describe('applied-state check', () => {
  it('stays quiet while every node applies the same commands', () => {
    const t = new TestSim({ nodes: 3, seed: 2 }).waitForLeader().propose('set a 1').propose('incr a').runFor(500);
    t.expectValue('a', '2').expectNoViolations();
  });

  it('reports a node whose state machine diverged at an applied index', () => {
    const t = new TestSim({ nodes: 3, seed: 2 }).waitForLeader().propose('set a 1').runFor(500);
    const leader = t.view().leader as number;
    const victim = t.sim[PRESENT_WORLD]().slots.find((s) => s.id !== leader);
    if (victim === undefined) throw new Error('no follower');
    victim.kv = [['a', 'corrupted']]; // a driver bug: the state no longer matches the applied log
    t.propose('set b 2').runFor(500);
    const found = t.sim.violations().filter((v) => v.title === 'State Machine Safety (applied state)');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.nodes).toContain(victim.id);
    expect(found[0]?.message).toMatch(/a=corrupted/);
  });
});
