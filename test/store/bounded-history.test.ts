/**
 * A long run keeps a bounded history (Simulation's `historyLimit`): the store's markers, time
 * seeks and step-to-kind searches work from the simulation's `historyStart` on, and stepping in
 * the forgotten part still finds events by their explanations.
 */
import { describe, expect, it } from 'vitest';
import { createRaftStore } from '../../src/store/index.js';

/** A store whose simulation forgot the detail of its oldest events. */
function longRun() {
  const store = createRaftStore({ seed: 3, nodes: 3 }, { sim: { historyLimit: 1000 } });
  for (let i = 0; i < 400 && store.getState().frame.historyStart === 0; i++) {
    // A client command now and then: interventions and commits are what the scrubber marks.
    if (i % 4 === 0) store.actions.intervene({ kind: 'propose', command: `set k ${i}` });
    store.actions.advance(2000);
  }
  return { store };
}

describe('a store over a bounded history', () => {
  it('publishes only the markers the simulation keeps, in order', () => {
    const { store } = longRun();
    const start = store.getState().frame.historyStart;
    expect(start, 'the run passed the limit').toBeGreaterThan(0);
    const markers = store.getState().frame.markers;
    expect(markers.length).toBeGreaterThan(0);
    expect(markers[0]?.index).toBeGreaterThanOrEqual(start);
    for (let i = 1; i < markers.length; i++) expect((markers[i] as { index: number }).index).toBeGreaterThan((markers[i - 1] as { index: number }).index);
  });

  it('a seek by a time older than the kept history lands at its start', () => {
    const { store } = longRun();
    const start = store.getState().frame.historyStart;
    store.actions.seekTime(0);
    expect(store.getState().frame.position).toBe(Math.max(1, start));
  });

  it('steps to the next message in the forgotten part', () => {
    const { store } = longRun();
    const start = store.getState().frame.historyStart;
    store.actions.seek(Math.floor(start / 2));
    const from = store.getState().frame.position;
    expect(store.actions.stepToNext('message')).toBe(true);
    const frame = store.getState().frame;
    expect(frame.position).toBeGreaterThan(from);
    expect(frame.position).toBeLessThan(start);
    expect(frame.explanation?.kind).toBe('deliver');
  });
});
