// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, makeParams, MUTATIONS, Simulation, type ParamsInput } from '../../../src/sim/index.js';
import { Settings } from '../../../src/view/panels/Settings.js';

afterEach(cleanup);

function setup(params = new Simulation({ nodes: 3, seed: 7, timing: { heartbeatMs: 40 } }).params, result?: string) {
  const applied: ParamsInput[] = [];
  render(
    <Settings
      params={params}
      onApply={(p) => {
        applied.push(p);
        return result;
      }}
    />,
  );
  return applied;
}

const field = (label: string | RegExp): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;

describe('Settings', () => {
  it('shows the current parameters', () => {
    setup();
    expect(field('Nodes (1–9)').value).toBe('3');
    expect(field('Seed').value).toBe('7');
    expect(field('Heartbeat (ms)').value).toBe('40');
    expect(field('Election timeout min (ms)').value).toBe('150');
    expect(field('Election timeout max (ms)').value).toBe('300');
    expect(field(/^Storage latency/).value).toBe('0');
  });

  it('applies edited parameters that makeParams accepts, keeping the rest', () => {
    const applied = setup();
    fireEvent.change(field('Nodes (1–9)'), { target: { value: '7' } });
    fireEvent.change(field('Latency max (ms)'), { target: { value: '45' } });
    fireEvent.click(screen.getByTestId('mutation-commitOldTermByCounting'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply and reset the simulation' }));
    expect(applied).toHaveLength(1);
    const p = makeParams(applied[0]);
    expect(p).toMatchObject({ nodes: 7, seed: 7, mutations: ['commitOldTermByCounting'], disruptiveGuard: true });
    expect(p.timing).toMatchObject({ heartbeatMs: 40, delayMaxMs: 45, electionMinMs: 150 });
  });

  it("shows makeParams' error next to the field it names, and applies nothing", () => {
    const applied = setup();
    fireEvent.change(field('Nodes (1–9)'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply and reset the simulation' }));
    expect(applied).toHaveLength(0);
    const nodes = field('Nodes (1–9)');
    expect(nodes.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('nodes: expected an integer in [1, 9], got 12');
    expect(alert.parentElement?.contains(nodes)).toBe(true);
    fireEvent.change(field('Nodes (1–9)'), { target: { value: '5' } });
    fireEvent.change(field('Election timeout max (ms)'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply and reset the simulation' }));
    expect(screen.getByRole('alert').textContent).toBe('timing.electionMaxMs: expected an integer in [150, 86400000], got 100');
    expect(field('Election timeout max (ms)').getAttribute('aria-invalid')).toBe('true');
  });

  it('marks every mutation as deliberately wrong Raft with a sentence on what it breaks', () => {
    setup();
    const box = screen.getByTestId('mutations');
    expect(within(box).getByText(/deliberately wrong Raft/)).toBeTruthy();
    const boxes = within(box).getAllByRole('checkbox');
    expect(boxes).toHaveLength(MUTATIONS.length);
    for (const m of MUTATIONS) {
      const label = (screen.getByTestId(`mutation-${m}`).closest('label') as HTMLElement).textContent ?? '';
      expect(label).toContain(m);
      expect(label).toMatch(/(§|Figure)/);
    }
  });

  it('shows new parameters that arrive from outside (a reset, a scenario) in place of the old form', () => {
    const first = makeParams({ nodes: 3, seed: 7 });
    const { rerender } = render(<Settings params={first} onApply={() => undefined} />);
    fireEvent.change(field('Seed'), { target: { value: '99' } });
    rerender(<Settings params={first} onApply={() => undefined} />);
    expect(field('Seed').value).toBe('99');
    rerender(<Settings params={makeParams({ nodes: 9, seed: 11 })} onApply={() => undefined} />);
    expect(field('Seed').value).toBe('11');
    expect(field('Nodes (1–9)').value).toBe('9');
  });

  it('restores the defaults into the form, and shows an error the reset itself returns', () => {
    const applied = setup(undefined, 'the store refused');
    fireEvent.click(screen.getByRole('button', { name: 'Restore the defaults' }));
    expect(field('Nodes (1–9)').value).toBe(String(DEFAULT_PARAMS.nodes));
    expect(field('Heartbeat (ms)').value).toBe(String(DEFAULT_PARAMS.timing.heartbeatMs));
    fireEvent.click(screen.getByRole('button', { name: 'Apply and reset the simulation' }));
    expect(makeParams(applied[0])).toMatchObject({ nodes: 5, seed: 1 });
    expect(screen.getByRole('alert').textContent).toBe('the store refused');
  });
});
