// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import type { NodeId } from '../../../src/raft/index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRaftStore, type RaftStore, type Scheduler } from '../../../src/store/index.js';
import type * as ClusterRingModule from '../../../src/view/cluster/ClusterRing.js';
import { LiveCluster } from '../../../src/view/cluster/LiveCluster.js';
import { StoreContext } from '../../../src/view/shell/store-context.js';

afterEach(cleanup);

/** How many times the ring (ClusterRing, under LiveCluster) has rendered. */
const ring = vi.hoisted(() => ({ renders: 0 }));
vi.mock('../../../src/view/cluster/ClusterRing.js', async (importOriginal) => {
  const real = await importOriginal<typeof ClusterRingModule>();
  // The real component, called from a counting one (its hooks run in the counting component).
  const Counted: typeof real.ClusterRing = (props) => {
    ring.renders++;
    return real.ClusterRing(props);
  };
  return { ...real, ClusterRing: Counted };
});

function manualScheduler(): Scheduler & { fire(ms: number): void } {
  let tick: ((ms: number) => void) | undefined;
  return { start: (t) => (tick = t), stop: () => (tick = undefined), fire: (ms) => tick?.(ms) };
}

/**
 * Mounts the ring on `store`; `renders()` counts the ring's renders (its children are memoised or
 * render only with it, so this is the number of times the ring's subtree was re-rendered).
 */
function mount(store: RaftStore, reduced = false) {
  render(
    <StoreContext.Provider value={store}>
      <LiveCluster reduced={reduced} />
    </StoreContext.Provider>,
  );
  return { renders: () => ring.renders };
}

/** A store paused just after an event, with its next event `gap` simulated ms away or more. */
function quietStore(scheduler: Scheduler, gap: number): RaftStore {
  const store = createRaftStore({ seed: 2 }, { scheduler, speed: 100 });
  for (let i = 0; i < 50; i++) {
    store.actions.step();
    const next = store.getState().frame;
    const t = store.queries.summaryAt(next.position)?.time;
    if (t !== undefined && t - next.time >= gap && next.view.nodes.some((n) => n.timer !== undefined)) break;
  }
  return store;
}

describe('LiveCluster', () => {
  it('drains the timer arcs as the playhead moves between events, without re-rendering', () => {
    const scheduler = manualScheduler();
    const store = quietStore(scheduler, 2);
    const node = store.getState().frame.view.nodes.find((n) => n.up && n.timer !== undefined);
    expect(node).toBeDefined();
    const { renders } = mount(store);
    const arc = screen.getByTestId(`timer-${node?.id}`);
    const before = Number(arc.getAttribute('data-left'));
    const rendered = renders();
    const path = arc.getAttribute('d');
    act(() => store.actions.play());
    act(() => scheduler.fire(0));
    act(() => scheduler.fire(15)); // 1.5 simulated ms at 100 ms/s: before the next event
    expect(store.getState().frame.position).toBe(store.getState().paced.position);
    const after = Number(arc.getAttribute('data-left'));
    expect(after).toBeLessThan(before);
    expect(arc.getAttribute('d')).not.toBe(path);
    expect(renders()).toBe(rendered);
  });

  it('renders once per event, not once per animation frame, while playing', () => {
    const scheduler = manualScheduler();
    const store = createRaftStore({ seed: 3 }, { scheduler, speed: 100 });
    const { renders } = mount(store);
    act(() => store.actions.play());
    const start = renders();
    const changes = new Set<unknown>();
    for (let i = 0; i < 120; i++) {
      act(() => scheduler.fire(16));
      changes.add(store.getState().frame.view).add(store.getState().paced);
    }
    // 120 frames of 1.6 simulated ms: the ring re-rendered far fewer times than frames.
    expect(store.getState().frame.now).toBeGreaterThan(150);
    expect(renders() - start).toBeLessThan(120);
    expect(renders() - start).toBeLessThanOrEqual(changes.size);
  });

  it('marks on the ring the messages the network lost as they were sent', () => {
    const store = createRaftStore({ nodes: 3, seed: 1 }, { scheduler: manualScheduler() });
    while (store.getState().frame.view.leader !== 2) store.actions.step();
    // n1 cut off long enough that everything in flight to it has left the wire: only losses at send remain.
    expect(store.actions.intervene({ kind: 'partition', groups: [[1 as NodeId], [2 as NodeId, 3 as NodeId]] })).toBeUndefined();
    const cutAt = store.getState().frame.time;
    while (store.getState().frame.time < cutAt + 300) store.actions.step();
    mount(store);
    const time = store.getState().paced.view.time;
    const drops = store.queries.dropped(time - 60, time).filter((m) => m.endAt >= time - 60);
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((m) => m.id < 0 && m.sentAt === m.endAt)).toBe(true);
    const marks = screen.getByTestId('drops').querySelectorAll('.rl-drop');
    expect(marks).toHaveLength(drops.length);
    expect([...marks].map((m) => Number(m.getAttribute('data-end-at')))).toEqual(drops.map((m) => m.endAt));
  });

  it('with reduced motion draws the present event, not the playhead between events', () => {
    const scheduler = manualScheduler();
    const store = quietStore(scheduler, 2);
    const node = store.getState().frame.view.nodes.find((n) => n.up && n.timer !== undefined);
    mount(store, true);
    const arc = screen.getByTestId(`timer-${node?.id}`);
    const before = arc.getAttribute('data-left');
    act(() => store.actions.play());
    act(() => scheduler.fire(0));
    act(() => scheduler.fire(15));
    expect(store.getState().frame.now).toBeGreaterThan(store.getState().frame.time);
    expect(arc.getAttribute('data-left')).toBe(before);
  });
});
