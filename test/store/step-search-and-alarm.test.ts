// "Step to the next / previous event of a kind" that finds nothing keeps the present (no fork, no
// lost future) and says so next to the transport; a recorded violation raises the safety banner
// when a run is handed over past it, and when the present crosses it while replaying history.
import { describe, expect, it } from 'vitest';
import { findPreset, ScenarioSession } from '../../src/scenario/index.js';
import { createRaftStore, FORGOTTEN_LIMIT, SEARCH_LIMIT, TRANSPORT_ERROR, type RaftStore } from '../../src/store/index.js';
import type { Simulation } from '../../src/sim/index.js';

/** Five nodes with a leader and no client command: nothing commits until one is proposed. */
function quietCluster(): RaftStore {
  const store = createRaftStore({ seed: 1, nodes: 5 });
  store.actions.advance(400);
  return store;
}

const transportError = (store: RaftStore) => store.getState().ui.errors[TRANSPORT_ERROR];
/** The cluster at the present (its clock aside: back in recorded history it reads the last event's time). */
const viewJson = (store: RaftStore) => JSON.stringify({ ...store.getState().frame.view, time: undefined });

describe('step to the next / previous event of a kind, when there is none', () => {
  it('at the frontier: searches ahead, comes back to the same present, says so; a later step clears it', () => {
    const store = quietCluster();
    const before = store.getState().frame;
    const view = viewJson(store);
    expect(store.actions.stepToNext('commit')).toBe(false);
    const after = store.getState().frame;
    expect(after.position).toBe(before.position);
    expect(viewJson(store)).toBe(view);
    // What the search simulated to look ahead is discarded again: no recorded future the user never
    // saw, so acting next is not a fork.
    expect(after.end).toBe(before.end);
    expect(store.getState().ui.forked).toBeUndefined();
    expect(transportError(store)).toBe(`No commit in the next ${SEARCH_LIMIT.toLocaleString('en-US')} events; the present stayed where it was.`);

    store.actions.step();
    expect(transportError(store)).toBeUndefined();
    store.actions.intervene({ kind: 'propose', command: 'set a 1' });
    expect(store.getState().ui.forked).toBeUndefined();
  });

  it('before historyStart (detail forgotten): looks only a few events there, and says where to search from', () => {
    const store = createRaftStore({ seed: 3, nodes: 3 }, { sim: { historyLimit: 1000 } });
    for (let i = 0; i < 400 && store.getState().frame.historyStart === 0; i++) store.actions.advance(2000);
    const { historyStart, end } = store.getState().frame;
    expect(historyStart).toBeGreaterThan(10);
    const from = Math.max(1, historyStart - 5 * FORGOTTEN_LIMIT);
    store.actions.seek(from);
    expect(store.actions.stepToNext('timeout')).toBe(false);
    expect(store.getState().frame.position).toBe(from);
    expect(store.getState().frame.end).toBe(end);
    expect(transportError(store)).toBe(`No timeout in the next ${FORGOTTEN_LIMIT} events, whose detail is forgotten (the history limit): search from #${historyStart.toLocaleString('en-US')} on.`);
    // Backwards from just after it, the search stops at historyStart.
    store.actions.seek(historyStart + 3);
    expect(store.actions.stepToPrevious('commit')).toBe(false);
    expect(store.getState().frame.position).toBe(historyStart + 3);
    expect(transportError(store)).toContain(`since event #${historyStart.toLocaleString('en-US')}`);
  });

  it('in recorded history: replays, keeps the present and the recorded future exactly', () => {
    const store = quietCluster();
    const start = store.getState().frame.position;
    store.actions.stepToNext('commit');
    const end = store.getState().frame.end;
    const lastEvent = store.queries.summaryAt(end - 1);
    store.actions.seek(start - 10);
    const view = viewJson(store);
    expect(store.actions.stepToNext('commit')).toBe(false);
    expect(store.getState().frame.position).toBe(start - 10);
    expect(viewJson(store)).toBe(view);
    expect(store.getState().frame.end).toBe(end);
    expect(store.queries.summaryAt(end - 1)).toEqual(lastEvent);
    expect(store.getState().ui.forked).toBeUndefined();
    expect(transportError(store)).toMatch(/^No commit in the next 20,000 events/);
  });

  it('a later successful search clears the message, and a failed one does not move the present', () => {
    const store = quietCluster();
    const position = store.getState().frame.position;
    expect(store.actions.stepToNext('commit')).toBe(false);
    expect(store.getState().frame.position).toBe(position);
    expect(transportError(store)).toBeDefined();
    expect(store.actions.stepToNext('message')).toBe(true);
    expect(transportError(store)).toBeUndefined();
  });

  it('acting (a client command) clears the message too, after which the commit is found', () => {
    const store = quietCluster();
    store.actions.stepToNext('commit');
    expect(transportError(store)).toBeDefined();
    store.actions.intervene({ kind: 'propose', command: 'set a 1' });
    expect(transportError(store)).toBeUndefined();
    expect(store.actions.stepToNext('commit')).toBe(true);
  });

  it('backwards: stays put and names the start of the run when there is nothing before', () => {
    const store = createRaftStore({ seed: 1, nodes: 5 });
    for (let i = 0; i < 8; i++) store.actions.step();
    const position = store.getState().frame.position;
    expect(store.actions.stepToPrevious('commit')).toBe(false);
    expect(store.getState().frame.position).toBe(position);
    expect(transportError(store)).toBe('No earlier commit: none since the start of the run.');
    expect(store.actions.stepToPrevious('message')).toBe(true);
    expect(transportError(store)).toBeUndefined();
  });
});

/** The Figure 8 preset with commit-by-counting, run headless to its end (three I9 violations). */
function figure8Run(): Simulation {
  const session = new ScenarioSession(findPreset('figure-8-mutated')?.text ?? '');
  session.runToEnd();
  const sim = session.sim;
  if (sim === undefined) throw new Error('the preset did not validate');
  return sim;
}

/** The Figure 8 run with its violations recorded, rewound to its start and handed to a new store. */
function adoptedAtStart() {
  const sim = figure8Run();
  const [first] = sim.frontier().violations;
  if (first === undefined) throw new Error('no violation');
  sim.seek(1);
  const store = createRaftStore({ seed: 1, nodes: 5 });
  store.actions.adopt(sim);
  return { sim, first, store };
}

describe('a recorded violation raises the safety banner', () => {
  it('a run handed over past a violation alarms on its first one; the present stays', () => {
    const sim = figure8Run();
    const first = sim.frontier().violations[0];
    expect(first?.invariant).toBe('I9');
    const store = createRaftStore({ seed: 1, nodes: 5 });
    store.actions.adopt(sim, 'scenario loaded');
    const s = store.getState();
    expect(s.ui.alarm).toEqual(first);
    expect(s.ui.playing).toBe(false);
    expect(s.frame.position).toBe(sim.end);
  });

  it('handed over at its start: no alarm until a seek forward crosses the violation', () => {
    const { sim, first, store } = adoptedAtStart();
    expect(store.getState().ui.alarm).toBeUndefined();
    store.actions.seek(first.eventIndex);
    expect(store.getState().ui.alarm).toBeUndefined();
    // "Run to the end" of the scenario panel is this seek.
    store.actions.seek(sim.end);
    expect(store.getState().ui.alarm).toEqual(first);
    expect(store.getState().frame.position).toBe(sim.end);
  });

  it('stepping forward across a recorded violation raises it; backwards does not; dismiss holds', () => {
    const sim = figure8Run();
    const [first] = sim.frontier().violations;
    if (first === undefined) throw new Error('no violation');
    const store = createRaftStore({ seed: 1, nodes: 5 });
    store.actions.adopt(sim);
    store.actions.dismissAlarm();
    store.actions.seek(first.eventIndex);
    expect(store.getState().ui.alarm).toBeUndefined();
    store.actions.seek(first.eventIndex + 1);
    expect(store.getState().ui.alarm).toEqual(first);
    store.actions.dismissAlarm();
    store.actions.stepBack();
    expect(store.getState().ui.alarm).toBeUndefined();
    store.actions.step();
    expect(store.getState().ui.alarm).toEqual(first);
    expect(store.getState().frame.position).toBe(first.eventIndex + 1);
    // A search forward through it alarms too (the violating event is the commit it finds).
    store.actions.dismissAlarm();
    store.actions.seek(first.eventIndex);
    expect(store.actions.stepToNext('commit')).toBe(true);
    expect(store.getState().ui.alarm).toEqual(first);
    store.actions.seek(first.eventIndex - 1);
    store.actions.dismissAlarm();
    store.actions.seekTime(sim.frontier().time);
    expect(store.getState().ui.alarm).toEqual(first);
  });

  it('playing through recorded history pauses on the violation', () => {
    const { sim, first, store } = adoptedAtStart();
    store.actions.advance(sim.frontier().time);
    expect(store.getState().ui.alarm).toEqual(first);
    expect(store.getState().frame.position).toBe(first.eventIndex + 1);
  });
});
