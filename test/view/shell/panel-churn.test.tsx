// @vitest-environment happy-dom
// Panels that show nothing that changed must not re-render while the cluster runs: React re-sets
// an <input>'s attributes on every render (measured: the network controls, the command form and
// the event filters were re-rendered ten times a second while playing, for nothing).
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeId } from '../../../src/raft/index.js';
import { createRaftStore, type RaftStore } from '../../../src/store/index.js';
import { App } from '../../../src/view/App.js';
import { LiveRegion } from '../../../src/view/shell/LiveRegion.js';
import { InspectorPanel, NetworkPanel } from '../../../src/view/shell/Panels.js';
import { StoreContext } from '../../../src/view/shell/store-context.js';
import type * as StoreHooks from '../../../src/view/shell/store-context.js';

afterEach(cleanup);

/** A store with a leader elected and the cluster quiet but for heartbeats. */
function runningStore(): RaftStore {
  const store = createRaftStore({ nodes: 5, seed: 4 });
  store.actions.advance(1500);
  expect(store.getState().frame.view.leader).toBeDefined();
  return store;
}

/** Advances in small steps; each publishes a new paced frame (no scheduler: every move is exact). */
function run(store: RaftStore, steps: number): void {
  for (let i = 0; i < steps; i++) act(() => store.actions.advance(30));
}

// A component reads the store through these hooks on every render: counting the calls counts
// renders (a fixed number of calls per render), whatever library renders them.
const storeCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../src/view/shell/store-context.js', async (importOriginal) => {
  const real = await importOriginal<typeof StoreHooks>();
  const counting =
    <A extends unknown[], R>(hook: (...args: A) => R) =>
    (...args: A): R => {
      storeCalls.n++;
      return hook(...args);
    };
  return { ...real, useRaftStore: counting(real.useRaftStore), useRaft: counting(real.useRaft), usePaced: counting(real.usePaced) };
});

/** Renders `children` with the store; counts their renders from then on. */
function counted(store: RaftStore, children: ReactNode): { renders: () => number } {
  render(<StoreContext.Provider value={store}>{children}</StoreContext.Provider>);
  const start = storeCalls.n;
  return { renders: () => storeCalls.n - start };
}

describe('panels follow what they show, not every frame', () => {
  it('the network panel re-renders when the network changes, not while messages fly', () => {
    const store = runningStore();
    const panel = counted(store, <NetworkPanel />);
    const before = panel.renders();
    const position = store.getState().paced.position;
    run(store, 20);
    expect(store.getState().paced.position).toBeGreaterThan(position + 20);
    expect(panel.renders()).toBe(before);
    act(() => void store.actions.intervene({ kind: 'partition', groups: [[1 as NodeId], [2, 3, 4, 5] as NodeId[]] }));
    expect(panel.renders()).toBeGreaterThan(before);
    expect(screen.getByTestId('network-state').textContent).toBe('Network: partitioned {1} | {2,3,4,5}');
  });

  it('the inspector with nothing selected follows the leader only; a selected node follows the view', () => {
    const store = runningStore();
    const panel = counted(store, <InspectorPanel />);
    const leader = store.getState().frame.view.leader as NodeId;
    expect(screen.getByTestId('command-send').textContent).toBe(`Send to leader n${leader}`);
    const before = panel.renders();
    run(store, 20);
    expect(panel.renders()).toBe(before);
    act(() => void store.actions.intervene({ kind: 'crash', node: leader }));
    expect(screen.getByTestId('command-send').textContent).toBe('Send to the leader');
    act(() => store.actions.select({ kind: 'node', id: 2 as NodeId }));
    const selected = panel.renders();
    run(store, 5);
    expect(panel.renders()).toBeGreaterThan(selected);
  });

  it('the live region renders when it speaks: every step, at most once a second while playing', () => {
    const store = runningStore();
    const region = counted(store, <LiveRegion />);
    act(() => store.actions.step());
    expect(screen.getByTestId('live-region').textContent).toMatch(/^Event \d+ at \d+ ms: /);
    const oneStep = region.renders();
    expect(oneStep).toBeGreaterThan(0);
    act(() => store.actions.play()); // no scheduler: the test moves time itself
    run(store, 20);
    // Twenty frames of events, at most one sentence (one step's worth of renders).
    expect(region.renders() - oneStep).toBeLessThanOrEqual(oneStep);
    act(() => store.actions.pause());
    const said = screen.getByTestId('live-region').textContent;
    act(() => store.actions.step());
    expect(screen.getByTestId('live-region').textContent).not.toBe(said);
  });

  it('while the app runs, no input or select outside the scrubber is touched', () => {
    const store = runningStore();
    render(<App store={store} />);
    const touched: string[] = [];
    const observer = new MutationObserver(() => undefined);
    observer.observe(screen.getByTestId('raftlab'), { subtree: true, attributes: true });
    const position = store.getState().paced.position;
    run(store, 20);
    for (const r of observer.takeRecords()) {
      const el = r.target as Element;
      if ((el.tagName === 'INPUT' || el.tagName === 'SELECT') && el.getAttribute('data-testid') !== 'scrubber') touched.push(`${el.getAttribute('data-testid') ?? el.tagName} ${r.attributeName ?? ''}`);
    }
    observer.disconnect();
    expect(store.getState().paced.position).toBeGreaterThan(position + 20);
    expect(touched).toEqual([]);
  });
});
