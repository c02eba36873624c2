// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/index.js';
import { createRaftStore, type RaftStore } from '../../../src/store/index.js';
import { App } from '../../../src/view/App.js';

afterEach(cleanup);

const n = (id: number) => id as NodeId;

function mount(store: RaftStore = createRaftStore({ seed: 4 })) {
  render(<App store={store} />);
  return { store, root: screen.getByTestId('raftlab') };
}

describe('timeline', () => {
  it('steps, steps back and shows the present time and event number', () => {
    const { store } = mount();
    fireEvent.click(screen.getByRole('button', { name: 'Step one event' }));
    fireEvent.click(screen.getByRole('button', { name: 'Step one event' }));
    expect(store.getState().frame.position).toBe(3);
    expect(screen.getByTestId('present').textContent).toBe(`${(store.getState().frame.now / 1000).toFixed(3)} s · #3`);
    fireEvent.click(screen.getByRole('button', { name: 'Step back one event' }));
    expect(store.getState().frame.position).toBe(2);
  });

  it('play/pause toggles and the speed slider is log-scale with a label', () => {
    const { store } = mount();
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(store.getState().ui.playing).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(store.getState().ui.playing).toBe(false);
    fireEvent.change(screen.getByTestId('speed'), { target: { value: '75' } });
    expect(store.getState().ui.speed).toBe(1000);
    expect(screen.getByTestId('speed-label').textContent).toBe('1000 ms/s (1×)');
  });

  it('next / previous of the chosen kind, and the scrubber seeks exactly', () => {
    const { store } = mount();
    fireEvent.change(screen.getByTestId('step-kind'), { target: { value: 'stateChange' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next state change' }));
    const f = store.getState().frame;
    expect(f.view.nodes.some((x) => x.role === 'Candidate')).toBe(true);
    act(() => store.actions.advance(400));
    fireEvent.change(screen.getByTestId('scrubber'), { target: { value: String(f.position) } });
    expect(JSON.stringify(store.getState().frame.view)).toBe(JSON.stringify(f.view));
  });

  it('a next / previous of a kind that never comes (the . key, the ⇤ button) keeps the present and says so by the transport; a step clears it', () => {
    const { store, root } = mount(createRaftStore({ seed: 1, nodes: 5 }));
    act(() => store.actions.advance(400));
    const position = store.getState().frame.position;
    fireEvent.change(screen.getByTestId('step-kind'), { target: { value: 'commit' } });
    fireEvent.keyDown(root, { key: '.' });
    expect(store.getState().frame.position).toBe(position);
    expect(screen.getByTestId('transport-error').textContent).toContain('No commit in the next 20,000 events');
    fireEvent.click(screen.getByRole('button', { name: 'Step one event' }));
    expect(screen.queryByTestId('transport-error')).toBeNull();
    // Back from commit to commit until there is none before.
    for (let i = 0; i < 20 && screen.queryByTestId('transport-error') === null; i++) fireEvent.click(screen.getByRole('button', { name: 'Previous commit' }));
    expect(screen.getByTestId('transport-error').textContent).toBe('No earlier commit: none since the start of the run. OK');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.queryByTestId('transport-error')).toBeNull();
  });

  it('draws markers on the scrubber (a crash)', () => {
    const { store } = mount();
    act(() => {
      store.actions.advance(400);
      store.actions.intervene({ kind: 'crash', node: n(1) });
    });
    expect(screen.getByTestId('markers').textContent).toContain('✕');
    expect(screen.getByTestId('markers').textContent).toContain('★');
  });
});

describe('safety banner', () => {
  it('names the property, outlines the nodes and seeks to the event', () => {
    const { store } = mount();
    expect(screen.getByTestId('safety-status').textContent).toBe('✓ All safety checks hold');
    const violation = { eventIndex: 5, invariant: 'I1', title: 'Election Safety', nodes: [n(1), n(2)], positions: [], message: 'two leaders in term 1: n1 and n2' } as const;
    act(() => store.setState((s) => ({ ui: { ...s.ui, alarm: violation } })));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('Safety violated: Election Safety');
    expect(banner.textContent).toContain('nodes n1, n2');
    expect(screen.getByTestId('node-1').parentElement?.getAttribute('class')).toContain('rl-alarmed');
    act(() => store.actions.advance(400));
    fireEvent.click(screen.getByTestId('banner-show'));
    expect(store.getState().frame.position).toBe(6);
    fireEvent.click(screen.getByTestId('banner-dismiss'));
    expect(screen.queryByTestId('safety-banner')).toBeNull();
  });
});

describe('keyboard', () => {
  it('Space plays and pauses, arrows step, digits select, ? opens help', async () => {
    const { store, root } = mount();
    fireEvent.keyDown(root, { key: ' ' });
    expect(store.getState().ui.playing).toBe(true);
    fireEvent.keyDown(root, { key: ' ' });
    expect(store.getState().ui.playing).toBe(false);
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    fireEvent.keyDown(root, { key: 'ArrowLeft' });
    expect(store.getState().frame.position).toBe(2);
    fireEvent.keyDown(root, { key: '3' });
    expect(store.getState().ui.selection).toEqual({ kind: 'node', id: 3 });
    expect(screen.getByTestId('node-3').getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(root, { key: '?' });
    // The help is its own chunk, loaded the first time it opens.
    expect((await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).textContent).toContain('heal every link');
  });

  it('acts on the selected node and the leader: t, x, p, h, c, r', () => {
    const { store, root } = mount();
    act(() => store.actions.advance(400));
    const leader = store.getState().frame.view.leader as NodeId;
    const other = leader === 1 ? 2 : 1;
    fireEvent.keyDown(root, { key: 'c' });
    expect(store.getState().frame.view.proposals.at(-1)?.command).toBe('incr x');
    fireEvent.keyDown(root, { key: String(other) });
    fireEvent.keyDown(root, { key: 'p' });
    expect(store.getState().frame.view.partition).toEqual([[other], store.getState().frame.view.nodes.map((x) => x.id).filter((x) => x !== other)]);
    fireEvent.keyDown(root, { key: 'h' });
    expect(store.getState().frame.view.partition).toEqual([]);
    fireEvent.keyDown(root, { key: 'x' });
    expect(store.getState().frame.view.nodes[other - 1]?.up).toBe(false);
    fireEvent.keyDown(root, { key: 't' });
    expect(screen.getByTestId('keyboard-error').textContent).toMatch(/is down/);
    fireEvent.keyDown(root, { key: 'x' });
    expect(store.getState().frame.view.nodes[other - 1]?.up).toBe(true);
    const before = store.getState().frame.end;
    fireEvent.keyDown(root, { key: 'r' });
    expect(store.getState().frame.end).toBe(before + 2);
    expect(store.getState().frame.view.nodes[leader - 1]?.up).toBe(true);
  });

  it('never fires while typing in a field, and only for its own instance', () => {
    const a = createRaftStore({ seed: 1 });
    const b = createRaftStore({ seed: 1 });
    render(
      <>
        <App store={a} />
        <App store={b} />
        <input aria-label="notes" />
      </>,
    );
    const [rootA] = screen.getAllByTestId('raftlab');
    fireEvent.keyDown(rootA as HTMLElement, { key: 'ArrowRight' });
    expect(a.getState().frame.position).toBe(2);
    expect(b.getState().frame.position).toBe(1);
    const field = document.createElement('input');
    rootA?.appendChild(field);
    fireEvent.keyDown(field, { key: 'ArrowRight' });
    fireEvent.keyDown(field, { key: 'h' });
    expect(a.getState().frame.position).toBe(2);
  });

  it('leaves Space to a focused checkbox or select (ticking it must not play)', () => {
    const a = createRaftStore({ seed: 1 });
    render(<App store={a} />);
    const root = screen.getByTestId('raftlab');
    const box = document.createElement('input');
    box.type = 'checkbox';
    const select = document.createElement('select');
    root.append(box, select);
    fireEvent.keyDown(box, { key: ' ' });
    fireEvent.keyDown(select, { key: ' ' });
    expect(a.getState().ui.playing).toBe(false);
    fireEvent.keyDown(root, { key: ' ' });
    expect(a.getState().ui.playing).toBe(true);
    a.actions.pause();
  });
});

describe('live region', () => {
  it('narrates each stepped event with its explanation', () => {
    mount();
    fireEvent.click(screen.getByRole('button', { name: 'Step one event' }));
    expect(screen.getByTestId('live-region').textContent).toMatch(/^Event 1 at \d+ ms: n\d timed out/);
  });
});

describe('page', () => {
  it('shows start-up problems in words and the theme toggle switches the theme', () => {
    const store = createRaftStore({ seed: 1 }, { notices: ['“nodes=12” is not a whole number from 1 to 9; using nodes=5.'] });
    mount(store);
    expect(screen.getByTestId('start-notice').textContent).toContain('nodes=12');
    fireEvent.click(screen.getByTestId('theme-toggle'));
    expect(screen.getByTestId('raftlab').getAttribute('data-theme')).toBe('dark');
  });

  it('says so when acting in the past forks the timeline', () => {
    const { store } = mount();
    act(() => {
      store.actions.advance(300);
      store.actions.seek(5);
      store.actions.intervene({ kind: 'heal' });
    });
    expect(screen.getByTestId('forked').textContent).toMatch(/forked/);
  });
});

describe('scenario caption', () => {
  it('shows the store\'s caption over the cluster, and hides it when cleared', () => {
    const store = createRaftStore({ seed: 1 });
    render(<App store={store} />);
    expect(screen.queryByTestId('cluster-caption')).toBeNull();
    act(() => store.actions.setCaption('Now the leader is cut off from the majority'));
    expect(screen.getByTestId('cluster-caption').textContent).toBe('Now the leader is cut off from the majority');
    act(() => store.actions.setCaption(undefined));
    expect(screen.queryByTestId('cluster-caption')).toBeNull();
  });
});
