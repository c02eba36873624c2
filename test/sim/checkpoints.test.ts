import { describe, expect, it } from 'vitest';
import { ThinnedSeries } from '../../src/sim/history/checkpoints.js';
import { exportTrace, importTrace, Simulation, traceToJson } from '../../src/sim/index.js';

describe('thinned series (checkpoints and checker marks)', () => {
  it('keeps every value within the dense window and only sparse multiples before it', () => {
    const s = new ThinnedSeries<number>({ every: 10, sparse: 40, dense: 100 });
    for (let at = 0; at <= 300; at += 10) s.put(at, at);
    const kept = s.values();
    expect(kept.filter((v) => v >= 200)).toEqual([200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300]);
    expect(kept.filter((v) => v < 200)).toEqual([0, 40, 80, 120, 160]);
    expect(s.size).toBe(kept.length);
    expect(s.atOrBefore(135)).toEqual({ at: 120, value: 120 });
    expect(s.atOrBefore(215)).toEqual({ at: 210, value: 210 });
    s.thinBefore(200, 80);
    expect(s.values().filter((v) => v < 200)).toEqual([0, 80, 160]);
    s.truncateAfter(165);
    expect(s.values()).toEqual([0, 80, 160]);
    expect(s.atOrBefore(1000)).toEqual({ at: 160, value: 160 });
    s.put(170, 170);
    expect(s.atOrBefore(175)?.at).toBe(170);
  });
});

/** What a store reads at the present, as text. */
function present(sim: Simulation): string {
  return JSON.stringify({ view: sim.view(), violations: sim.violations(), time: sim.time, st: sim.spaceTime(Math.max(0, sim.time - 500), sim.time) });
}

describe('seeking and forking into thinned history', () => {
  const options = { checkpointEvery: 16 }; // dense for 512 events, one checkpoint per 128 before
  function run(): Simulation {
    const sim = new Simulation({ nodes: 5, seed: 9, loss: 0.05 }, options);
    for (let i = 0; sim.end < 3000; i++) {
      sim.runFor(60);
      sim.apply({ kind: 'propose', command: `set k${i % 4} ${i}` });
      if (i % 37 === 5) sim.apply({ kind: 'crash', node: ((i % 5) + 1) as never });
      if (i % 37 === 9) sim.apply({ kind: 'restart', node: (((i - 4) % 5) + 1) as never });
    }
    return sim;
  }

  it('a seek anywhere gives the view of a fresh replay stepped to the same event', () => {
    const sim = run();
    const fresh = importTrace(traceToJson(exportTrace(sim)));
    fresh.seek(0);
    // The fresh one only steps forward (no checkpoint involved); `sim` seeks back and forth.
    for (const target of [1, 127, 129, 700, 1111, 2047, 2600, sim.end - 1]) {
      sim.seek(sim.end - target);
      sim.seek(target);
      while (fresh.position < target) fresh.step();
      expect(present(sim)).toBe(present(fresh));
    }
  });

  it('a fork deep in thinned history equals a run that took that branch directly', () => {
    const sim = run();
    const at = 1000;
    sim.seek(at);
    const timeline = sim.interventions().filter((e) => e.at < at);
    sim.apply({ kind: 'partition', groups: [[1, 2] as never, [3, 4, 5] as never] });
    sim.runFor(400);

    const direct = new Simulation({ nodes: 5, seed: 9, loss: 0.05 }, options);
    for (const entry of timeline) {
      direct.runUntil(entry.time);
      expect(direct.position).toBe(entry.at);
      direct.apply(entry.intervention);
    }
    direct.runUntilCondition((s) => s.position === at);
    direct.apply({ kind: 'partition', groups: [[1, 2] as never, [3, 4, 5] as never] });
    direct.runFor(400);
    expect(sim.end).toBe(direct.end);
    expect(present(sim)).toBe(present(direct));
    expect(JSON.stringify(sim.markers())).toBe(JSON.stringify(direct.markers()));
  });
});
