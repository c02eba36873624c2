/**
 * The space-time slice of a window searches only near it (spans are recorded in send order), yet
 * holds exactly the arrows a scan of the whole history finds: every message sent by the window's
 * end that is still in flight at the present or left the wire at or after the window's start —
 * held messages released long after they were sent and sends that waited for storage included,
 * at the frontier and in the past.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/raft/index.js';
import { Prng, Simulation, type SpaceTimeMessage } from '../../src/sim/index.js';

/** What a scan from time 0 finds, cut to the window [from, to]. */
function reference(sim: Simulation, from: number, to: number): readonly SpaceTimeMessage[] {
  return sim.spaceTime(0, to).messages.filter((m) => m.fate === 'inFlight' || m.fate === 'held' || m.endAt >= from);
}

/** A run with holds released much later and some loss, so arrows take very different times. */
function runWithLongHolds(seed: number): Simulation {
  const sim = new Simulation({ nodes: 5, seed, loss: 0.05 });
  const rng = new Prng(seed);
  const held: number[] = [];
  for (let round = 0; round < 60; round++) {
    sim.runFor(50 + rng.int(0, 99));
    const flying = sim.view().inFlight.filter((m) => !m.held);
    const pick = flying[rng.int(0, flying.length - 1)];
    if (pick !== undefined && round % 3 === 0) {
      sim.apply({ kind: 'hold', message: pick.id });
      held.push(pick.id);
    }
    if (round % 10 === 9) {
      const id = held.shift();
      if (id !== undefined && sim.view().inFlight.some((m) => m.id === id)) sim.apply({ kind: 'release', message: id });
    }
    if (round % 7 === 0) sim.apply({ kind: 'propose', command: `set k ${round}` });
  }
  return sim;
}

describe('space-time slices search near their window', () => {
  it.each([1, 2, 3])('seed %i: every window equals the whole-history scan, at the frontier and in the past', (seed) => {
    const sim = runWithLongHolds(seed);
    const rng = new Prng(seed * 7919);
    let compared = 0;
    for (let k = 0; k < 12; k++) {
      if (k % 3 === 1) sim.seek(1 + rng.int(0, sim.end - 2));
      if (k % 3 === 2) sim.seek(sim.end);
      const now = sim.time;
      for (let w = 0; w < 6; w++) {
        const from = rng.int(0, Math.max(0, now - 1));
        const to = from + 1 + rng.int(0, 1999);
        const got = sim.spaceTime(from, to).messages;
        expect(got).toEqual(reference(sim, from, to));
        compared += got.length;
      }
    }
    expect(compared, 'the windows held arrows to compare').toBeGreaterThan(100);
  });

  it.each([6, 7])('seed %i: with storage latency (send times out of id order) every window equals the scan', (seed) => {
    // A send waits for its sender's sync, so a span can be sent later than the next one's.
    const sim = new Simulation({ nodes: 5, seed, loss: 0.2, timing: { storageLatencyMs: 30 } });
    sim.runFor(3000);
    const sent = sim.spaceTime(0, Infinity).messages.filter((m) => m.id > 0).map((m) => m.sentAt);
    expect(sent.some((t, i) => i > 0 && t < (sent[i - 1] as number)), 'send times out of id order').toBe(true);
    for (const at of [sim.end, Math.floor(sim.end / 2)]) {
      sim.seek(at);
      for (let from = 0; from < sim.time; from += 7) expect(sim.spaceTime(from, from + 10).messages).toEqual(reference(sim, from, from + 10));
    }
  });

  it('a message held for a long time and released still spans the windows it crosses', () => {
    const sim = new Simulation({ nodes: 3, seed: 4 });
    sim.runFor(1000);
    sim.runUntilCondition((s) => s.view().inFlight.length > 0);
    const victim = sim.view().inFlight[0];
    expect(victim).toBeDefined();
    const id = victim?.id as number;
    sim.apply({ kind: 'hold', message: id });
    sim.runFor(5000);
    sim.apply({ kind: 'release', message: id });
    sim.runFor(1000);
    const arrow = sim.spaceTime(4000, 4100).messages.find((m) => m.id === id);
    expect(arrow, 'the arrow crosses [4000, 4100]').toBeDefined();
    expect(arrow?.sentAt).toBeLessThan(1100);
    expect(arrow?.endAt).toBeGreaterThan(6000);
  });

  it.each([1, 2])('seed %i: dropped() is the slice\'s dropped messages, at the frontier and in the past', (seed) => {
    // Messages leave the wire dropped when their receiver is down or a cut blocks them on arrival.
    const sim = runWithLongHolds(seed);
    for (let round = 0; round < 20; round++) {
      const node = (1 + (round % 5)) as NodeId;
      sim.apply(round % 2 === 0 ? { kind: 'crash', node } : { kind: 'cut', from: node, to: (1 + ((round + 1) % 5)) as NodeId });
      sim.runFor(15);
      sim.apply(round % 2 === 0 ? { kind: 'restart', node } : { kind: 'heal' });
      sim.runFor(200);
    }
    const rng = new Prng(seed * 104729);
    let drops = 0;
    for (let k = 0; k < 12; k++) {
      if (k % 3 === 1) sim.seek(1 + rng.int(0, sim.end - 2));
      if (k % 3 === 2) sim.seek(sim.end);
      for (let w = 0; w < 6; w++) {
        const from = rng.int(0, Math.max(0, sim.time - 1));
        const to = from + 1 + rng.int(0, 2999);
        const got = sim.dropped(from, to);
        expect(got).toEqual(sim.spaceTime(from, to).messages.filter((m) => m.fate === 'dropped'));
        drops += got.length;
      }
    }
    expect(drops, 'the windows held drops to compare').toBeGreaterThan(20);
  });
});
