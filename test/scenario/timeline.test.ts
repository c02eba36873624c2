// A timeline saved as a scenario re-runs to the very same trace: same events, same hash.
import { describe, expect, it } from 'vitest';
import { exportTrace, Simulation, type Intervention } from '../../src/sim/index.js';
import { ScenarioRunner, validateScenario } from '../../src/scenario/index.js';
import { PRESETS } from '../../src/scenario/presets/index.js';
import { timelineToScenario } from '../../src/scenario/timeline.js';

type NodeId = Extract<Intervention, { kind: 'crash' }>['node'];
const n = (id: number): NodeId => id as NodeId;

function rerun(text: string): Simulation {
  const v = validateScenario(text);
  if (!v.ok) throw new Error(`${v.errors.map((e) => e.message).join('\n')}\n${text}`);
  return new ScenarioRunner(v.program).run().sim;
}

describe('timelineToScenario', () => {
  it('reproduces a hand-made timeline: interventions between events of one instant, after the clock ran, and on messages', () => {
    const sim = new Simulation({ nodes: 3, seed: 4, loss: 0.05, timing: { electionMinMs: 150, electionMaxMs: 300 } });
    sim.runFor(400);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    for (let i = 0; i < 5; i++) sim.step();
    sim.apply({ kind: 'partition', groups: [[n(3), n(1)], [n(2)]] });
    const message = sim.view().inFlight[0];
    if (message !== undefined) sim.apply({ kind: 'hold', message: message.id });
    sim.runFor(120);
    sim.apply({ kind: 'linkFault', from: n(1), to: n(2), fault: { loss: 0.25, delayMinMs: 3 } });
    sim.apply({ kind: 'globalFault', duplicate: 0.1 });
    sim.apply({ kind: 'timing', timing: { heartbeatMs: 40, electionMaxMs: 400 } });
    sim.apply({ kind: 'heal' });
    sim.step();
    sim.step();
    sim.apply({ kind: 'propose', command: 'incr y', node: n(2) });
    sim.apply({ kind: 'crash', node: n(1) });
    sim.runFor(700);
    sim.apply({ kind: 'restart', node: n(1) });
    sim.apply({ kind: 'maxEntriesPerAppend', value: 2 });
    sim.runFor(300);
    sim.step();
    const text = timelineToScenario(sim);
    expect(text).toContain('partition {n3 n1} {n2}');
    expect(text).toMatch(/step \d+ {2}# to \d+ms/);
    expect(text).toMatch(/at \d+ms client set x 1/);
    expect(exportTrace(rerun(text)).hash).toBe(exportTrace(sim).hash);
  });

  it('reproduces membership changes and snapshots', () => {
    const sim = new Simulation({ nodes: 3, seed: 2, compactAfter: 4, disruptiveGuard: false });
    sim.runFor(500);
    sim.apply({ kind: 'membership', change: 'addNonVoter', node: n(4) });
    sim.runFor(300);
    sim.apply({ kind: 'membership', change: 'promote', node: n(4) });
    sim.runFor(300);
    for (let i = 0; i < 6; i++) sim.apply({ kind: 'propose', command: `set k ${i}` });
    sim.apply({ kind: 'snapshot', node: n(2) });
    sim.runFor(500);
    const text = timelineToScenario(sim);
    expect(text).toContain('add nonvoter n4');
    expect(exportTrace(rerun(text)).hash).toBe(exportTrace(sim).hash);
  });

  it.each(PRESETS.map((p) => [p.name, p.text]))('reproduces the run of preset %s', (_name, text) => {
    const original = rerun(text);
    expect(exportTrace(rerun(timelineToScenario(original))).hash).toBe(exportTrace(original).hash);
  });
});
