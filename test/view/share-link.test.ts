import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.js';
import { createRaftStore } from '../../src/store/index.js';
import { openShareLink } from '../../src/view/share-link.js';

describe('share links at start', () => {
  it('adopts the simulation the link decodes to', () => {
    const store = createRaftStore({ seed: 1 });
    const shared = new Simulation({ seed: 4, nodes: 3 });
    shared.runUntil(300);
    expect(openShareLink(store, '#rl=abc', (hash) => (hash === '#rl=abc' ? { sim: shared } : { error: 'no' }))).toBe(true);
    expect(store.getState().frame.view.nodes).toHaveLength(3);
    expect(store.getState().frame.position).toBe(shared.position);
    expect(store.getState().ui.notices).toEqual(['Opened a shared link.']);
  });

  it('reports a bad link in words and keeps the default cluster', () => {
    const store = createRaftStore({ seed: 1 });
    const frame = store.getState().frame;
    expect(openShareLink(store, '#rl=zzz', () => ({ error: 'line 2, column 5: unknown command "jump"' }))).toBe(false);
    expect(store.getState().frame).toBe(frame);
    expect(store.getState().ui.notices[0]).toBe('The shared link could not be opened: line 2, column 5: unknown command "jump". Showing the default cluster.');
    expect(openShareLink(store, '#other', () => ({ error: 'x' }))).toBe(false);
    expect(store.getState().ui.notices).toHaveLength(1);
  });
});
