// Files: a dropped file is a trace or a scenario by its content; each loads whole or is refused
// with a located error; exports read back to the same run.
import { describe, expect, it } from 'vitest';
import { exportTrace, Simulation } from '../../src/sim/index.js';
import { exportScenarioFile, exportTraceFile, importFile } from '../../src/scenario/files.js';
import { ScenarioRunner } from '../../src/scenario/index.js';

function sample(): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 3 });
  sim.runFor(400);
  sim.apply({ kind: 'propose', command: 'set x 1' });
  sim.runFor(200);
  return sim;
}

describe('import and export', () => {
  it('exports a trace that imports to the same run', () => {
    const sim = sample();
    const file = exportTraceFile(sim);
    expect(file.name).toBe('raftlab-seed3.trace.json');
    const back = importFile(file.name, file.text);
    expect(back.kind).toBe('trace');
    if (back.kind === 'trace') expect(exportTrace(back.sim).hash).toBe(exportTrace(sim).hash);
  });

  it('exports the timeline as a scenario that re-runs to the same trace', () => {
    const sim = sample();
    const back = importFile('saved.raft', exportScenarioFile(sim).text);
    expect(back.kind).toBe('scenario');
    if (back.kind === 'scenario') expect(exportTrace(new ScenarioRunner(back.program).run().sim).hash).toBe(exportTrace(sim).hash);
  });

  it('refuses a damaged file with its location', () => {
    const trace = exportTraceFile(sample()).text;
    expect(importFile('t.json', trace.replace('timed out', 'timed 0ut'))).toMatchObject({ kind: 'error', message: expect.stringMatching(/^t\.json: hash: /) });
    expect(importFile('t.json', trace.slice(0, 200))).toMatchObject({ kind: 'error', message: expect.stringMatching(/^t\.json: line 1, column \d+: not valid JSON/) });
    expect(importFile('s.raft', 'nodes 3\ncrash n5')).toEqual({ kind: 'error', file: 's.raft', message: 's.raft:2:7: there is no node n5: the cluster has n1, n2, n3 (add n5 first)' });
  });
});
