/**
 * Messages the network loses as they are sent (a partition, a cut link, random loss) never go on
 * the wire, so they have no in-flight id; the space-time history still draws each one as an arrow
 * dropped as it was sent (id < 0, `sentAt === endAt`), and the ring's drop marks show it. Such
 * losses follow the present, forks and retention as spans do, and leave every in-flight id, the
 * PRNG and so the trace as they were.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/raft/types.js';
import { Simulation, type Intervention, type SpaceTimeMessage } from '../../src/sim/index.js';
import { applyIntervention } from '../../src/sim/engine/interventions.js';
import { makeParams } from '../../src/sim/engine/params.js';
import { World } from '../../src/sim/engine/world.js';
import { PRESENT_WORLD } from '../../src/sim/simulation.js';
import { LossLog } from '../../src/sim/history/losses.js';
import { EventLog } from '../../src/sim/history/history.js';

const n = (id: number): NodeId => id as NodeId;
const lost = (messages: readonly SpaceTimeMessage[]): SpaceTimeMessage[] => messages.filter((m) => m.id < 0);

/** Seed 1, 3 nodes: n2 leads; at 1000 ms follower n1 is cut off from the others for 600 ms. */
const ISOLATE: Intervention = { kind: 'partition', groups: [[n(1)], [n(2), n(3)]] };
function partitioned(): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 1 });
  sim.runFor(1000);
  expect(sim.view().leader).toBe(2);
  sim.apply(ISOLATE);
  sim.runFor(600);
  return sim;
}

/**
 * The times of the events whose explanations say the network lost a message as it was sent, one
 * per message, in [from, to): not counting a delivery's loss on arrival (sent to the event's node).
 */
function lossEventTimes(sim: Simulation, from: number, to: number): number[] {
  const times: number[] = [];
  sim.explainRange(from, to, (e) => {
    for (const line of e.lines) {
      const note = line.kind === 'note' ? line.note : undefined;
      if (note?.kind !== 'lost' || note.why === 'down' || note.why === 'crashedSender') continue;
      if (e.kind !== 'deliver' || note.from === e.node) times.push(e.time);
    }
  });
  return times;
}
const lostNotes = (sim: Simulation, from: number, to: number): number => lossEventTimes(sim, from, to).length;

describe('messages lost as they are sent', () => {
  it("a partitioned node's votes and the leader's heartbeats to it are drawn dropped as sent", () => {
    const sim = partitioned();
    const cutAt = sim.interventions()[0]?.time as number;
    const messages = sim.spaceTime(0, Infinity).messages;
    const losses = lost(messages);
    expect(losses.some((m) => m.from === 1 && m.kind === 'RequestVoteCall' && /^RV t\d+$/.test(m.label))).toBe(true);
    expect(losses.some((m) => m.from === 2 && m.to === 1 && m.kind === 'AppendEntriesCall' && m.label.endsWith('♥'))).toBe(true);
    for (const m of losses) {
      expect(m).toMatchObject({ fate: 'dropped', endAt: m.sentAt });
      expect(m.sentAt).toBeGreaterThanOrEqual(cutAt);
      expect(m.from === 1 || m.to === 1, 'only messages across the cut').toBe(true);
    }
    // One arrow per loss the explanations tell of; ids −1, −2, … in send order.
    expect(losses).toHaveLength(lostNotes(sim, 0, sim.end));
    expect(losses.map((m) => m.id)).toEqual(losses.map((_, k) => -(k + 1)));
    expect(losses.map((m) => m.sentAt)).toEqual(losses.map((m) => m.sentAt).sort((a, b) => a - b));
    // The ring's query finds them too, and a window holds those lost within it.
    expect(sim.dropped(0, Infinity)).toEqual(messages.filter((m) => m.fate === 'dropped'));
    expect(lost(sim.dropped(cutAt + 100, cutAt + 300))).toEqual(losses.filter((m) => m.sentAt >= cutAt + 100 && m.sentAt <= cutAt + 300));
  });

  it('a loss sits among the spans in send order', () => {
    const messages = partitioned().spaceTime(0, Infinity).messages;
    expect(lost(messages).length).toBeGreaterThan(0);
    for (let i = 1; i < messages.length; i++) {
      const [a, b] = [messages[i - 1] as SpaceTimeMessage, messages[i] as SpaceTimeMessage];
      if (a.id < 0 || b.id < 0) expect(a.sentAt).toBeLessThanOrEqual(b.sentAt);
    }
  });

  it('random loss on every link or on one link is drawn the same way', () => {
    const all = new Simulation({ nodes: 3, seed: 2, loss: 1 }).runFor(1000);
    const messages = all.spaceTime(0, Infinity).messages;
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.every((m) => m.id < 0 && m.fate === 'dropped' && m.endAt === m.sentAt)).toBe(true);
    expect(messages.filter((m) => m.kind === 'RequestVoteCall').length).toBeGreaterThanOrEqual(2);
    expect(all.dropped(0, Infinity)).toEqual(messages);

    const one = new Simulation({ nodes: 3, seed: 2 });
    one.apply({ kind: 'linkFault', from: n(1), to: n(2), fault: { loss: 1 } });
    one.runFor(1500);
    const losses = lost(one.spaceTime(0, Infinity).messages);
    expect(losses.length).toBeGreaterThan(0);
    expect(losses.every((m) => m.from === 1 && m.to === 2 && m.endAt === m.sentAt)).toBe(true);
    expect(losses).toHaveLength(lostNotes(one, 0, one.end));
  });

  it('with storage latency a loss is drawn when it would have left, and every window finds it', () => {
    const sim = new Simulation({ nodes: 5, seed: 6, loss: 0.2, timing: { storageLatencyMs: 30 } });
    sim.runFor(3000);
    const losses = lost(sim.spaceTime(0, Infinity).messages);
    expect(losses.length).toBeGreaterThan(20);
    // Some waited for their sender's sync: sent (and lost) later than the event that sent them.
    const eventTimes = lossEventTimes(sim, 0, sim.end);
    expect(eventTimes).toHaveLength(losses.length);
    expect(losses.every((m, k) => m.sentAt >= (eventTimes[k] as number))).toBe(true);
    const late = losses.filter((m, k) => m.sentAt > (eventTimes[k] as number));
    expect(late.length).toBeGreaterThan(0);
    const all = sim.spaceTime(0, Infinity).messages;
    const window = (from: number, to: number): void => {
      const reference = all.filter((m) => m.sentAt <= to && (m.fate === 'inFlight' || m.fate === 'held' || m.endAt >= from));
      expect(sim.spaceTime(from, to).messages).toEqual(reference);
    };
    for (let from = 0; from < 3000; from += 97) window(from, from + 150);
    // A window that starts after the event that lost it still holds a loss sent late.
    for (const m of late) window(m.sentAt, m.sentAt + 10);
  });

  it('seeking back before a loss hides it; back at the frontier it shows again', () => {
    const sim = partitioned();
    const all = lost(sim.spaceTime(0, Infinity).messages);
    const cut = sim.interventions()[0]?.at as number;
    sim.seek(cut + 1);
    expect(lost(sim.spaceTime(0, Infinity).messages)).toEqual([]);
    expect(lost(sim.dropped(0, Infinity))).toEqual([]);
    sim.seek(Math.floor((cut + sim.end) / 2));
    const middle = lost(sim.spaceTime(0, Infinity).messages);
    expect(middle.length).toBeGreaterThan(0);
    expect(middle.length).toBeLessThan(all.length);
    expect(middle).toEqual(all.slice(0, middle.length));
    expect(middle.every((m) => m.sentAt <= sim.time)).toBe(true);
    expect(lost(sim.dropped(0, Infinity))).toEqual(middle);
    sim.seek(sim.end);
    expect(lost(sim.spaceTime(0, Infinity).messages)).toEqual(all);
  });

  it('a fork discards the losses of the future it replaces, as a direct run would have them', () => {
    const sim = partitioned();
    const future = lost(sim.spaceTime(0, Infinity).messages);
    const cut = sim.interventions()[0]?.at as number;
    const at = Math.floor((cut + sim.end) / 2);
    sim.seek(at);
    const before = lost(sim.spaceTime(0, Infinity).messages);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(future.length);
    sim.apply({ kind: 'heal' });
    sim.runFor(600);
    expect(lost(sim.spaceTime(0, Infinity).messages)).toEqual(before);

    const direct = new Simulation({ nodes: 3, seed: 1 });
    direct.runFor(1000);
    direct.apply(ISOLATE);
    direct.runUntilCondition((s) => s.position >= at);
    direct.apply({ kind: 'heal' });
    direct.runFor(600);
    expect(JSON.stringify(sim.spaceTime(0, Infinity))).toBe(JSON.stringify(direct.spaceTime(0, Infinity)));
  });

  it('a fork that keeps the partition records the new future\'s losses once', () => {
    const sim = partitioned();
    const at = Math.floor(((sim.interventions()[0]?.at as number) + sim.end) / 2);
    sim.seek(at);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(600);
    const losses = lost(sim.spaceTime(0, Infinity).messages);
    expect(losses).toHaveLength(lostNotes(sim, 0, sim.end));
    expect(losses.map((m) => m.id)).toEqual(losses.map((_, k) => -(k + 1)));
  });

  it('retention forgets old losses with the events and keeps the recent ones as an unlimited run', () => {
    const script = (sim: Simulation): Simulation => {
      sim.runFor(1000);
      sim.apply({ kind: 'partition', groups: [[n(1)], [n(2), n(3), n(4), n(5)]] });
      for (let i = 0; sim.end < 14_000; i++) {
        sim.runFor(50);
        sim.apply({ kind: 'propose', command: `set k${i % 4} ${i}` });
      }
      return sim;
    };
    const limited = script(new Simulation({ nodes: 5, seed: 4 }, { checkpointEvery: 16, historyLimit: 5000 }));
    const whole = script(new Simulation({ nodes: 5, seed: 4 }, { checkpointEvery: 16 }));
    expect(limited.historyStart).toBeGreaterThan(0);
    const start = limited.event(limited.historyStart)?.time as number;
    const kept = lost(limited.spaceTime(0, Infinity).messages);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((m) => m.sentAt >= start)).toBe(true);
    expect(lost(whole.spaceTime(0, Infinity).messages).some((m) => m.sentAt < start)).toBe(true);
    const time = limited.event(limited.historyStart + 200)?.time as number;
    expect(lost(limited.spaceTime(time, Infinity).messages)).toEqual(lost(whole.spaceTime(time, Infinity).messages));
  });

  it('leave in-flight ids and the PRNG as they were: the same as a world nobody records', () => {
    const sim = partitioned();
    const w = sim[PRESENT_WORLD]();
    // Pinned from the run before losses were recorded.
    expect({ next: w.nextItemId, prng: w.prng.state, inFlight: [...w.inFlight.keys()], end: sim.end }).toEqual({ next: 97, prng: 4151932303, inFlight: [96], end: 128 });
    // Every in-flight id has one span, and losses take none.
    const spans = sim.spaceTime(0, Infinity).messages.filter((m) => m.id > 0);
    expect(spans.map((m) => m.id)).toEqual(Array.from({ length: w.nextItemId - 1 }, (_, i) => i + 1));

    const bare = World.create(makeParams({ nodes: 3, seed: 1 }));
    bare.bootstrap();
    while ((bare.nextEventTime() ?? Infinity) <= 1000) bare.step();
    bare.now = 1000;
    applyIntervention(bare, ISOLATE);
    while ((bare.nextEventTime() ?? Infinity) <= 1600) bare.step();
    expect([bare.nextItemId, bare.prng.state, [...bare.inFlight.keys()], bare.events]).toEqual([w.nextItemId, w.prng.state, [...w.inFlight.keys()], sim.end]);
  });
});

describe('LossLog', () => {
  /** An event log of `count` events, one per millisecond from 0. */
  function eventsOf(count: number): EventLog {
    const events = new EventLog();
    for (let i = 0; i < count; i++) events.push(i, 0, 0, 0);
    return events;
  }

  it('finds the losses of a window, a send that waited for storage included, up to the present', () => {
    const events = eventsOf(100);
    const log = new LossLog();
    for (let e = 0; e < 100; e += 10) {
      log.add(e, 1 + e, 0, 1, e, e);
      if (e === 50) log.add(e, 1 + e, 0, 1, 95, e); // waited 45 ms for its sync
    }
    const times = (from: number, to: number, position = 100): number[] => log.within(events, position, from, to).map((l) => l.time);
    expect(times(0, Infinity)).toEqual([0, 10, 20, 30, 40, 50, 95, 60, 70, 80, 90]);
    expect(times(91, 99)).toEqual([95]);
    expect(times(20, 40)).toEqual([20, 30, 40]);
    expect(times(0, Infinity, 50)).toEqual([0, 10, 20, 30, 40]);
    expect(log.within(events, 100, 90, 95).map((l) => [l.index, l.before])).toEqual([[6, 51], [10, 91]]);
  });

  it('truncates at a fork and drops whole chunks before an event, in 20 bytes a loss', () => {
    const events = eventsOf(10_000);
    const log = new LossLog();
    for (let e = 0; e < 10_000; e++) log.add(e, 1, 0, 1, e, e);
    expect(log.bytes).toBe(3 * 4096 * 20 + 3 * 8); // three chunks; a time column keeps an 8-byte base per chunk
    log.truncate(9000);
    expect(log.within(events, 10_000, 8990, Infinity).map((l) => l.time)).toEqual([...Array(10).keys()].map((i) => 8990 + i));
    log.dropBefore(5000);
    expect(log.bytes).toBe(2 * 4096 * 20 + 2 * 8);
    expect(log.within(events, 10_000, 0, Infinity)[0]?.index).toBe(4096);
  });
});
