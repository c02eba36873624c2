/** Fixture simulations for panel tests: real runs, not hand-written views. */
import { Simulation } from '../../../src/sim/index.js';
import type { NodeId } from '../../../src/raft/index.js';

export const n = (id: number): NodeId => id as NodeId;

/** 5 nodes, seed 3: n2 leads term 1; `set x 3` and `incr y` proposed 12 ms ago, not yet committed. */
export function replicatingSim(): Simulation {
  const sim = new Simulation({ nodes: 5, seed: 3 });
  sim.runFor(2000);
  sim.apply({ kind: 'propose', command: 'set x 3' });
  sim.apply({ kind: 'propose', command: 'incr y' });
  sim.runFor(12);
  return sim;
}

/** 3 nodes compacting after 3 entries: every log starts with a snapshot. */
export function compactedSim(): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 3, compactAfter: 3 });
  sim.runFor(1000);
  for (let i = 0; i < 6; i++) {
    sim.apply({ kind: 'propose', command: `set k${i} ${i}` });
    sim.runFor(100);
  }
  return sim;
}

/** onIntervene wired to a simulation: applies, or returns the refusal's text. */
export function intervener(sim: Simulation): (iv: Parameters<Simulation['apply']>[0]) => string | undefined {
  return (iv) => {
    try {
      sim.apply(iv);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
}
