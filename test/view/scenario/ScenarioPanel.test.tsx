// @vitest-environment happy-dom
// The scenario panel drives the visualizer's store: loading a preset shows its run, "next caption"
// seeks to each caption, running to the end lists every expectation, errors keep the old run.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { findPreset } from '../../../src/scenario/index.js';
import { createRaftStore } from '../../../src/store/index.js';
import { loadScenario } from '../../../src/view/scenario/panel-model.js';
import { ScenarioPanel } from '../../../src/view/scenario/ScenarioPanel.js';

afterEach(cleanup);

describe('ScenarioPanel', () => {
  it('plays a preset caption by caption in the store, then to the end with its expectations', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('preset-leader-crash'));
    fireEvent.click(screen.getByTestId('scenario-step'));
    const reference = loadScenario(findPreset('leader-crash')?.text ?? '');
    if (!reference.ok) throw new Error('invalid preset');
    const firstCaption = reference.loaded.steps.find((s) => s.caption !== undefined);
    expect(screen.getByTestId('scenario-caption').textContent).toBe(firstCaption?.caption);
    // The same caption goes to the store, which the page shows over the cluster.
    expect(store.getState().ui.caption).toBe(firstCaption?.caption);
    expect(store.getState().frame.position).toBe(firstCaption?.to);
    fireEvent.click(screen.getByTestId('scenario-run'));
    const end = reference.loaded.sim.frontier().events;
    expect(store.getState().frame.position).toBe(end);
    expect(JSON.stringify(store.getState().frame.view)).toBe(JSON.stringify(reference.loaded.sim.view()));
    expect(screen.getByTestId('expectations').querySelector('p')?.textContent).toBe('All 8 expectations hold');
  });

  it('after the last caption, "Next caption" runs the rest of the script and then is done', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('preset-leader-crash'));
    const reference = loadScenario(findPreset('leader-crash')?.text ?? '');
    if (!reference.ok) throw new Error('invalid preset');
    const captions = reference.loaded.steps.filter((s) => s.caption !== undefined).length;
    for (let i = 0; i < captions; i++) fireEvent.click(screen.getByTestId('scenario-step'));
    const end = reference.loaded.sim.frontier().events;
    expect(store.getState().frame.position).toBeLessThan(end);
    fireEvent.click(screen.getByTestId('scenario-step'));
    expect(store.getState().frame.position).toBe(end);
    expect((screen.getByTestId('scenario-step') as HTMLButtonElement).disabled).toBe(true);
  });

  it('opening a compared run at the divergence raises no banner for a violation it has not reached yet', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('compare-vote-restriction'));
    fireEvent.click(screen.getByRole('button', { name: /^Open .*indexOnlyVoteRule.* there$/ }));
    const start = store.getState().frame.position;
    expect(store.getState().ui.alarm).toBeUndefined();
    // The variant's violation comes later: crossing it raises the banner then.
    act(() => store.actions.seek(store.getState().frame.end));
    const alarm = store.getState().ui.alarm;
    expect(alarm).toBeDefined();
    expect(alarm?.eventIndex).toBeGreaterThanOrEqual(start);
  });

  it('a newly picked preset starts at its first caption', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('preset-leader-crash'));
    fireEvent.click(screen.getByTestId('scenario-step'));
    fireEvent.click(screen.getByTestId('scenario-step'));
    fireEvent.click(screen.getByTestId('preset-split-vote'));
    fireEvent.click(screen.getByTestId('scenario-step'));
    const reference = loadScenario(findPreset('split-vote')?.text ?? '');
    if (!reference.ok) throw new Error('invalid preset');
    const first = reference.loaded.steps.find((x) => x.caption !== undefined);
    expect(screen.getByTestId('scenario-caption').textContent).toBe(first?.caption);
  });

  it('Figure 8 with commit-by-counting: no alarm on load, the banner\'s violation once the run crosses it', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('preset-figure-8-mutated'));
    fireEvent.click(screen.getByTestId('scenario-step'));
    expect(store.getState().ui.alarm).toBeUndefined();
    fireEvent.click(screen.getByTestId('scenario-run'));
    const reference = loadScenario(findPreset('figure-8-mutated')?.text ?? '');
    if (!reference.ok) throw new Error('invalid preset');
    const [first] = reference.loaded.sim.frontier().violations;
    expect(first?.invariant).toBe('I9');
    expect(store.getState().ui.alarm).toEqual(first);
    expect(store.getState().ui.playing).toBe(false);
    // Restart goes back to the start without the banner; running again raises it again.
    fireEvent.click(screen.getByTestId('scenario-restart'));
    expect(store.getState().frame.position).toBe(1);
    expect(store.getState().ui.alarm).toBeUndefined();
    fireEvent.click(screen.getByTestId('scenario-run'));
    expect(store.getState().ui.alarm).toEqual(first);
  });

  it('shows a script\'s errors in the editor and runs nothing', () => {
    const store = createRaftStore({ nodes: 3, seed: 2 });
    const before = store.getState().frame;
    render(<ScenarioPanel store={store} />);
    fireEvent.change(screen.getByLabelText('Scenario script'), { target: { value: 'nodes 3\npartiton {n1} {n2 n3}' } });
    fireEvent.click(screen.getByTestId('scenario-step'));
    expect(screen.getByTestId('scenario-errors').textContent).toBe('2:1: unknown command "partiton" (did you mean "partition"?)');
    expect(store.getState().frame).toBe(before);
  });

  it('opens a paired preset in compare mode', () => {
    const store = createRaftStore({ nodes: 5, seed: 1 });
    render(<ScenarioPanel store={store} />);
    fireEvent.click(screen.getByTestId('compare-persistence'));
    expect(screen.getByTestId('compare-summary').textContent).toMatch(/^The runs part at event #\d+: as written versus with votedForNotPersisted\.$/);
  });
});
