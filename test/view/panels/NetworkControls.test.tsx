// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/index.js';
import { NetworkControls, networkState } from '../../../src/view/panels/NetworkControls.js';
import { intervener } from './fixtures.js';

afterEach(cleanup);

function setup() {
  const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(1000);
  const onIntervene = intervener(sim);
  const utils = render(<NetworkControls {...networkState(sim.view())} onIntervene={onIntervene} />);
  const refresh = (): void => utils.rerender(<NetworkControls {...networkState(sim.view())} onIntervene={onIntervene} />);
  const last = () => sim.interventions().at(-1)?.intervention;
  return { sim, refresh, last };
}

describe('NetworkControls', () => {
  it('isolates the picked node and says so', () => {
    const { sim, refresh, last } = setup();
    expect(screen.getByTestId('network-state').textContent).toBe('Network: every link works');
    fireEvent.change(screen.getByLabelText('Isolate'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Isolate n3' }));
    expect(last()).toEqual({ kind: 'partition', groups: [[3], [1, 2, 4, 5]] });
    refresh();
    expect(sim.view().partition).toEqual([[3], [1, 2, 4, 5]]);
    expect(screen.getByTestId('network-state').textContent).toBe('Network: partitioned {3} | {1,2,4,5}');
  });

  it('splits into the two picked sides, refusing an empty side next to the button', () => {
    const { last } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Split {1,2,3,4,5} | {}' }));
    expect(screen.getByRole('alert').textContent).toBe('pick at least one node for each side');
    fireEvent.click(screen.getByTestId('split-b-4'));
    fireEvent.click(screen.getByTestId('split-b-5'));
    fireEvent.click(screen.getByRole('button', { name: 'Split {1,2,3} | {4,5}' }));
    expect(last()).toEqual({ kind: 'partition', groups: [[1, 2, 3], [4, 5]] });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('cuts a link one way or both ways, shows the simulator refusing a self-link, and heals', () => {
    const { sim, refresh } = setup();
    fireEvent.change(screen.getByTestId('cut-from'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('cut-to'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cut n2 → n2' }));
    expect(screen.getByRole('alert').textContent).toBe('a link joins two different nodes');
    fireEvent.change(screen.getByTestId('cut-to'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('cut-both'));
    fireEvent.click(screen.getByRole('button', { name: 'Cut n2 ↔ n4' }));
    refresh();
    expect(sim.view().cuts).toEqual([[2, 4], [4, 2]]);
    expect(screen.getByTestId('network-state').textContent).toBe('Network: cut n2 → n4, n4 → n2');
    fireEvent.click(screen.getByRole('button', { name: 'Heal all links' }));
    expect(sim.view().cuts).toEqual([]);
  });

  it('sets loss and duplication from the dials, latency and the entry cap', () => {
    const { last } = setup();
    fireEvent.change(screen.getByLabelText(/^Loss/), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set loss 25 %, duplication 0 %' }));
    expect(last()).toEqual({ kind: 'globalFault', loss: 0.25, duplicate: 0 });
    fireEvent.change(screen.getByLabelText('Latency min (ms)'), { target: { value: '40' } });
    fireEvent.change(screen.getByLabelText('Latency max (ms)'), { target: { value: '80' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set latency 40–80 ms' }));
    expect(last()).toEqual({ kind: 'timing', timing: { delayMinMs: 40, delayMaxMs: 80 } });
    fireEvent.change(screen.getByLabelText(/Entries per AppendEntries/), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cap AppendEntries at 2' }));
    expect(last()).toEqual({ kind: 'maxEntriesPerAppend', value: 2 });
  });

  it('shows the simulator refusing a bad latency next to the latency control, applying nothing', () => {
    const { sim } = setup();
    const before = sim.interventions().length;
    fireEvent.change(screen.getByLabelText('Latency min (ms)'), { target: { value: '90' } });
    fireEvent.change(screen.getByLabelText('Latency max (ms)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set latency 90–30 ms' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/delayMaxMs/);
    expect(alert.closest('[role="group"]')?.getAttribute('aria-label')).toBe('Message latency');
    expect(sim.interventions().length).toBe(before);
  });
});
