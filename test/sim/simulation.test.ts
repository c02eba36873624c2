import { describe, expect, it } from 'vitest';
import { exportTrace, InterventionError, Simulation, TestSim, traceToJson } from '../../src/sim/index.js';

describe('Simulation basics', () => {
  it('elects a leader among the default five nodes and commits a client command everywhere', () => {
    const t = new TestSim({ seed: 1 }).waitForLeader().propose('set x 3').runFor(500);
    t.expectValue('x', '3').expectNoViolations();
    expect(t.view().nodes).toHaveLength(5);
    expect(t.view().nodes.map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the issue example: a partition elects a leader on the majority side', () => {
    new TestSim({ nodes: 5, seed: 1 }).partition([1, 2], [3, 4, 5]).runFor(2000).expectLeaderIn([3, 4, 5]).expectNoViolations();
  });

  it('a crashed node keeps its durable state and catches up after restart', () => {
    const t = new TestSim({ nodes: 3, seed: 2 }).waitForLeader();
    const victim = t.view().nodes.find((n) => n.id !== t.view().leader)?.id ?? 1;
    t.crash(victim).propose('set a 1').propose('set b 2').runFor(300);
    expect(t.node(victim).up).toBe(false);
    t.expectValue('a', undefined, [victim]);
    t.restart(victim).runFor(1000).expectValue('a', '1').expectValue('b', '2').expectNoViolations();
  });

  it('rejects interventions that do not fit, changing nothing', () => {
    const sim = new Simulation({ nodes: 3, seed: 3 });
    sim.runFor(100);
    const before = sim.position;
    expect(() => sim.apply({ kind: 'crash', node: 7 as never })).toThrow(InterventionError);
    expect(() => sim.apply({ kind: 'propose', command: 'sett x 1' })).toThrow(/column 1/);
    expect(() => sim.apply({ kind: 'drop', message: 99999 })).toThrow(/not in flight/);
    expect(sim.position).toBe(before);
  });
});

describe('determinism and time travel', () => {
  function scripted(seed: number): Simulation {
    const t = new TestSim({ seed, loss: 0.05 }).runFor(400).propose('set x 1').partition([1, 2], [3, 4, 5]).runFor(800);
    t.propose('incr x').heal().runFor(800).crash(3).runFor(300).restart(3).runFor(500);
    return t.sim;
  }

  it('same seed and interventions give a byte-identical trace', () => {
    const a = traceToJson(exportTrace(scripted(7)));
    const b = traceToJson(exportTrace(scripted(7)));
    expect(a).toBe(b);
    expect(traceToJson(exportTrace(scripted(8)))).not.toBe(a);
  });

  it('seeking to any past event reproduces exactly the state the run had there', () => {
    const sim = new Simulation({ seed: 11, loss: 0.1 }, { checkpointEvery: 16 });
    const views: string[] = [];
    for (let i = 0; i < 300 && sim.step(); i++) views[sim.position] = JSON.stringify(sim.view());
    for (const target of [0, 1, 5, 16, 17, 100, 250, 33, sim.end]) {
      sim.seek(target);
      expect(sim.position).toBe(target);
      if (views[target] !== undefined) expect(JSON.stringify(sim.view())).toBe(views[target]);
    }
  });

  it('acting in the past forks: the recorded future is discarded and replaced', () => {
    const sim = new Simulation({ seed: 5 });
    sim.runFor(1000);
    const end = sim.end;
    sim.seek(100);
    sim.apply({ kind: 'crash', node: 1 as never });
    expect(sim.end).toBe(101);
    expect(sim.position).toBe(101);
    expect(sim.end).toBeLessThan(end);
    expect(sim.interventions().map((e) => e.at)).toEqual([100]);
    sim.runFor(500);
    expect(sim.violations()).toEqual([]);
  });

  it('explains every event from the decisions the nodes made', () => {
    const sim = new Simulation({ nodes: 3, seed: 4 });
    sim.runFor(1000);
    const lines: string[] = [];
    sim.explainRange(0, sim.end, (e) => lines.push(...e.lines.map((l) => l.text)));
    expect(lines.some((l) => /granted its vote to n\d for term \d/.test(l))).toBe(true);
    expect(lines.some((l) => /won term \d+ with votes/.test(l))).toBe(true);
  });
});

describe('README', () => {
  it('the TestSim example runs as written', () => {
    new TestSim({ nodes: 5, seed: 1 })
      .partition([1, 2], [3, 4, 5])
      .runFor(2000)
      .expectLeaderIn([3, 4, 5])
      .propose('set x 3')
      .runFor(500)
      .expectValue('x', '3', [3, 4, 5])
      .expectNoViolations();
  });
});

describe('TestSim failures', () => {
  it('a failed expectation says what was expected and prints the explained trace tail', () => {
    const t = new TestSim({ nodes: 3, seed: 1 }).waitForLeader();
    const leader = t.view().leader as number;
    const other = [1, 2, 3].find((n) => n !== leader) as number;
    expect(() => t.expectLeader(other)).toThrow(new RegExp(`expected n${other} to lead, but n${leader} leads[\\s\\S]*--- trace tail ---[\\s\\S]*won term \\d+`));
  });
});
