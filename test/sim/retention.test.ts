import { describe, expect, it } from 'vitest';
import { exportTrace, importTrace, Simulation, traceToJson, type Intervention } from '../../src/sim/index.js';

const PARAMS = { nodes: 5, seed: 4, loss: 0.05 } as const;
const OPTIONS = { checkpointEvery: 16, historyLimit: 5000 } as const;

/** ~14,000 events under client load with a crash and a restart now and then. */
function script(sim: Simulation, events = 14_000): Simulation {
  for (let i = 0; sim.end < events; i++) {
    sim.runFor(50);
    const iv: Intervention = i % 29 === 3 ? { kind: 'crash', node: 3 as never } : i % 29 === 8 ? { kind: 'restart', node: 3 as never } : { kind: 'propose', command: `set k${i % 4} ${i}` };
    sim.apply(iv);
  }
  return sim;
}

/** What a store reads at the present, as text. */
function present(sim: Simulation): string {
  return JSON.stringify({ position: sim.position, time: sim.time, view: sim.view(), violations: sim.violations() });
}

describe('history retention (historyLimit)', () => {
  it('forgets per-event detail beyond the limit, in whole chunks, and says where it starts', () => {
    const sim = script(new Simulation(PARAMS, OPTIONS));
    expect(sim.historyStart).toBeGreaterThan(0);
    expect(sim.historyStart % 4096).toBe(0);
    expect(sim.end - sim.historyStart).toBeGreaterThanOrEqual(5000);
    expect(sim.end - sim.historyStart).toBeLessThan(5000 + 2 * 4096);
    expect(sim.event(sim.historyStart - 1)).toBeUndefined();
    expect(sim.event(sim.historyStart)?.index).toBe(sim.historyStart);
    const markers = sim.markers();
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((m) => m.index >= sim.historyStart)).toBe(true);
    expect(sim.spaceTime(0, sim.time).messages.length).toBeGreaterThan(0);
    // The timeline stays whole: every intervention since event 0.
    expect(sim.interventions()[0]?.at).toBeLessThan(100);
    expect(() => new Simulation(PARAMS, { historyLimit: 0 })).toThrow(/historyLimit/);
  });

  it('records the same detail as an unlimited run where both keep it', () => {
    const limited = script(new Simulation(PARAMS, OPTIONS));
    const whole = script(new Simulation(PARAMS, { checkpointEvery: 16 }));
    const from = limited.historyStart;
    expect(JSON.stringify(limited.markers())).toBe(JSON.stringify(whole.markers(from)));
    const time = limited.event(from + 200)?.time as number;
    expect(JSON.stringify(limited.spaceTime(time, limited.time))).toBe(JSON.stringify(whole.spaceTime(time, whole.time)));
    expect(present(limited)).toBe(present(whole));
  });

  it('seeks and runs exactly in forgotten history, and the trace still exports and replays', () => {
    const sim = script(new Simulation(PARAMS, OPTIONS));
    const fresh = importTrace(traceToJson(exportTrace(sim)));
    expect(fresh.violations()).toEqual(sim.violations());
    fresh.seek(0);
    for (const target of [1, 700, 3000, sim.historyStart - 1, sim.historyStart + 10]) {
      sim.seek(sim.end);
      sim.seek(target);
      while (fresh.position < target) fresh.step();
      expect(present(sim)).toBe(present(fresh));
    }
    // Running forward through the forgotten part stops where the recorded events say.
    sim.seek(500);
    fresh.seek(500);
    sim.runFor(3000);
    fresh.runFor(3000);
    expect(present(sim)).toBe(present(fresh));
  });

  it('a fork in forgotten history equals a run that took that branch directly', () => {
    const sim = script(new Simulation(PARAMS, OPTIONS));
    const at = 2500;
    const timeline = sim.interventions().filter((e) => e.at < at);
    sim.seek(at);
    sim.apply({ kind: 'partition', groups: [[1, 2] as never, [3, 4, 5] as never] });
    sim.runFor(2000);

    const direct = new Simulation(PARAMS, OPTIONS);
    for (const entry of timeline) {
      direct.runUntil(entry.time);
      direct.apply(entry.intervention);
    }
    direct.runUntilCondition((s) => s.position === at);
    direct.apply({ kind: 'partition', groups: [[1, 2] as never, [3, 4, 5] as never] });
    direct.runFor(2000);
    expect(present(sim)).toBe(present(direct));
    // The detail restarts at the fork (what was in flight there has no arrow); from there on it is the same.
    expect(sim.historyStart).toBe(at);
    expect(JSON.stringify(sim.markers())).toBe(JSON.stringify(direct.markers(at)));
    const after = (sim.event(at)?.time as number) + 200;
    expect(JSON.stringify(sim.spaceTime(after, sim.time))).toBe(JSON.stringify(direct.spaceTime(after, direct.time)));
  });
});
