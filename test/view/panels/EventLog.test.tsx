// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MARKER, Simulation, type Explanation } from '../../../src/sim/index.js';
import { EventLog, type EventLogProps } from '../../../src/view/panels/EventLog.js';
import { n } from './fixtures.js';

// happy-dom lays nothing out: give the scroll box a size so the virtualizer has a window.
const proto = HTMLElement.prototype;
const saved = ['clientHeight', 'clientWidth', 'scrollHeight'].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
beforeAll(() => {
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => 440 });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 600 });
  Object.defineProperty(proto, 'scrollHeight', { configurable: true, get: () => 50_000_000 });
});
afterAll(() => {
  for (const [k, d] of saved) {
    if (d === undefined) Reflect.deleteProperty(proto, k);
    else Object.defineProperty(proto, k, d);
  }
});
afterEach(cleanup);

const nodes = [1, 2, 3, 4, 5].map(n);

/** Props wired to a real simulation; explanations load synchronously on request. */
function propsFor(sim: Simulation, over: Partial<EventLogProps> = {}): EventLogProps & { requested: [number, number][]; seeks: number[] } {
  const loaded = new Map<number, Explanation>();
  const requested: [number, number][] = [];
  const seeks: number[] = [];
  return {
    total: sim.end,
    present: sim.position,
    summaryAt: (i) => sim.event(i),
    explanationAt: (i) => loaded.get(i),
    requestExplanations: (from, to) => {
      requested.push([from, to]);
      sim.explainRange(from, to, (e) => loaded.set(e.index, e));
    },
    nodes,
    onSeek: (i) => seeks.push(i),
    requested,
    seeks,
    ...over,
  };
}

/** What the browser does after a programmatic scroll: fire `scroll` (happy-dom does not). */
async function settleScroll(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 20));
    fireEvent.scroll(screen.getByTestId('event-scroll'));
    await new Promise((r) => setTimeout(r, 20));
  });
}

function rows(): HTMLElement[] {
  return screen.queryAllByTestId('event-row');
}

describe('EventLog', () => {
  it('shows each visible event with its explanation and the paper sections as chips', async () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(2000);
    sim.seek(4);
    const props = propsFor(sim);
    const { rerender } = render(<EventLog {...props} />);
    // The lines paint first (placeholders), then their explanations are asked for.
    expect(rows().find((r) => r.dataset.index === '3')?.textContent).toContain('loading the explanation…');
    expect(props.requested).toEqual([]);
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(props.requested[0]?.[0]).toBe(0);
    // The explanations arrived: a new accessor, as the events panel hands one (the log is memoized).
    rerender(<EventLog {...props} explanationAt={(i) => props.explanationAt(i)} />);
    const three = rows().find((r) => r.dataset.index === '3') as HTMLElement;
    expect(three.textContent).toContain('#3');
    expect(three.textContent).toContain('166 ms');
    expect(three.textContent).toContain('n3 granted its vote to n2 for term 1');
    const chips = [...three.querySelectorAll('.rl-chip')].map((c) => c.textContent);
    expect(chips).toEqual(['§5.1', '§5.2', '§5.4.1']);
    expect(three.getAttribute('aria-current')).toBe('step');
    expect(rows().filter((r) => r.getAttribute('aria-current') === 'step')).toHaveLength(1);
  });

  it('seeks to just after the clicked event', () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(2000);
    const props = propsFor(sim, { present: 1 }); // following the present keeps the first rows in view
    render(<EventLog {...props} />);
    fireEvent.click(rows().find((r) => r.dataset.index === '7') as HTMLElement);
    expect(props.seeks).toEqual([8]);
  });

  it('filters by node and by kind using the summaries', () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(2000);
    const props = propsFor(sim);
    render(<EventLog {...props} />);
    fireEvent.change(screen.getByLabelText('Filter events by node'), { target: { value: '4' } });
    expect(rows().length).toBeGreaterThan(0);
    for (const r of rows()) expect(sim.event(Number(r.dataset.index))?.node).toBe(4);
    fireEvent.change(screen.getByLabelText('Filter events by kind'), { target: { value: 'timer' } });
    for (const r of rows()) expect(sim.event(Number(r.dataset.index))).toMatchObject({ node: 4, kind: 'timer' });
    const expected = Array.from({ length: sim.end }, (_, i) => sim.event(i)).filter((e) => e?.node === 4 && e.kind === 'timer').length;
    expect(screen.getByText(`${expected} of ${sim.end} events`)).toBeTruthy();
  });

  it('filters by outcome (commits, elections) using the timeline markers', () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(500);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(500);
    const markers = sim.markers(0, sim.end);
    render(<EventLog {...propsFor(sim, { markers })} />);
    fireEvent.change(screen.getByLabelText('Filter events by kind'), { target: { value: 'commit' } });
    const commits = markers.filter((m) => (m.flags & MARKER.commit) !== 0).map((m) => m.index);
    expect(commits.length).toBeGreaterThan(0);
    expect(screen.getByText(`${commits.length} of ${sim.end} events`)).toBeTruthy();
    for (const r of rows()) expect(commits).toContain(Number(r.dataset.index));
    fireEvent.change(screen.getByLabelText('Filter events by kind'), { target: { value: 'election' } });
    const elected = markers.find((m) => (m.flags & MARKER.leaderElected) !== 0);
    expect(elected).toBeDefined();
    expect(rows().map((r) => Number(r.dataset.index))).toContain(elected?.index);
  });

  it('renders only a window of a 100,000-event history and keeps the present in view', async () => {
    const sim = new Simulation({ nodes: 5, seed: 3, timing: { heartbeatMs: 5 } }, { checks: false });
    sim.runUntilCondition((s) => s.end >= 100_000);
    const props = propsFor(sim, { present: 10 });
    const { rerender } = render(<EventLog {...props} />);
    expect(rows().length).toBeLessThan(40);
    act(() => rerender(<EventLog {...props} present={99_000} />));
    // The rows at the new present are rendered at once, not a frame later after a scroll event.
    expect(rows().find((r) => r.getAttribute('aria-current') === 'step')?.dataset.index).toBe('98999');
    expect((screen.getByTestId('event-scroll') as HTMLElement).scrollTop).toBe(98_999 * 44 + 44 - 440);
    await settleScroll();
    const present = rows().find((r) => r.getAttribute('aria-current') === 'step');
    expect(present?.dataset.index).toBe('98999');
    expect(rows().length).toBeLessThan(40);
    const last = props.requested.at(-1) as [number, number];
    expect(last[0]).toBeLessThanOrEqual(98_999);
    expect(last[1]).toBeGreaterThan(98_999);
  });

  it('scrolls to jumpTo (a violation) even when following is off', async () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(5000);
    const props = propsFor(sim, { present: 1 });
    const { rerender } = render(<EventLog {...props} />);
    fireEvent.click(screen.getByTestId('event-follow'));
    act(() => rerender(<EventLog {...props} jumpTo={700} />));
    await settleScroll();
    expect(rows().some((r) => r.dataset.index === '700')).toBe(true);
  });
});
