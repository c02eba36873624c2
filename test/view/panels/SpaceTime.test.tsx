// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogIndex, Term } from '../../../src/raft/index.js';
import { Simulation } from '../../../src/sim/index.js';
import { SpaceTime, type SpaceTimeProps } from '../../../src/view/panels/SpaceTime.js';
import { FRAME, laneCentres, messageArrow, timeScale, type SpaceTimeMessage, type SpaceTimeSlice } from '../../../src/view/panels/spacetime-geometry.js';
import { n } from './fixtures.js';

afterEach(cleanup);
const t = (v: number): Term => v as Term;

/** The first election of seed 3 (5 nodes), as the door's spaceTime(0, 240) describes it, trimmed to 3 lanes. */
const slice: SpaceTimeSlice = {
  messages: [
    { id: 1, from: n(2), to: n(1), kind: 'RequestVoteCall', term: t(1), sentAt: 155, endAt: 170, fate: 'delivered', label: 'RV t1' },
    { id: 2, from: n(2), to: n(3), kind: 'RequestVoteCall', term: t(1), sentAt: 155, endAt: 166, fate: 'delivered', label: 'RV t1' },
    { id: 3, from: n(3), to: n(2), kind: 'RequestVoteReply', term: t(1), sentAt: 166, endAt: 179, fate: 'delivered', label: 'vote ✓' },
    { id: 4, from: n(1), to: n(2), kind: 'RequestVoteReply', term: t(1), sentAt: 170, endAt: 175, fate: 'dropped', label: 'vote ✓' },
    { id: 5, from: n(2), to: n(1), kind: 'AppendEntriesCall', term: t(1), sentAt: 187, endAt: 207, fate: 'inFlight', label: 'AE 1' },
    { id: 6, from: n(2), to: n(3), kind: 'AppendEntriesCall', term: t(1), sentAt: 187, endAt: 205, fate: 'held', label: 'AE 1' },
  ],
  roles: [
    { node: n(1), role: 'Follower', term: t(0), from: 0, to: 170 },
    { node: n(1), role: 'Follower', term: t(1), from: 170, to: 200 },
    { node: n(2), role: 'Follower', term: t(0), from: 0, to: 155 },
    { node: n(2), role: 'Candidate', term: t(1), from: 155, to: 187 },
    { node: n(2), role: 'Leader', term: t(1), from: 187, to: 200 },
    { node: n(3), role: 'Down', term: t(1), from: 190, to: 200 },
  ],
  commits: [{ node: n(2), time: 195, index: 2 as LogIndex }],
};

/** The screen point a fraction of the way along message `m`'s arrow (screen = drawing in happy-dom). */
function pointOn(m: SpaceTimeMessage, along: number, toTime: number, nodes = [n(1), n(2), n(3)], now = 200): { clientX: number; clientY: number } {
  const a = messageArrow(m, timeScale(0, toTime, FRAME), laneCentres(nodes, FRAME), now);
  if (a === undefined) throw new Error(`message ${m.id} is not drawn`);
  return { clientX: a.x1 + (a.x2 - a.x1) * along, clientY: a.y1 + (a.y2 - a.y1) * along };
}

function props(over: Partial<SpaceTimeProps> = {}): SpaceTimeProps & { seeks: number[]; windows: [number, number][] } {
  const seeks: number[] = [];
  const windows: [number, number][] = [];
  return { slice, nodes: [n(1), n(2), n(3)], now: 200, fromTime: 0, toTime: 240, onSeekTime: (x) => seeks.push(x), onWindowChange: (a, b) => windows.push([a, b]), seeks, windows, ...over };
}

describe('SpaceTime', () => {
  it('draws one lane per node and every message with its fate', () => {
    render(<SpaceTime {...props()} />);
    expect(screen.getByText('n1')).toBeTruthy();
    expect(screen.getByText('n3')).toBeTruthy();
    // Delivered and dropped arrows are one layer, in-flight and held ones (which move) the other.
    const settled = screen.getByTestId('st-arrows-settled');
    const moving = screen.getByTestId('st-arrows-moving');
    expect([settled.dataset.count, moving.dataset.count]).toEqual(['4', '2']);
    // Calls thick, replies thin, all in term 1's colour; three heads, one ✕, two open rings. (The
    // settled layer comes in chunks of send time, each with its own paths.)
    const styles = [...settled.querySelectorAll('.rl-st-line')].map((l) => `${l.getAttribute('stroke')} ${l.getAttribute('stroke-width')}`);
    expect([...new Set(styles)].sort()).toEqual(['var(--rl-term-1) 1', 'var(--rl-term-1) 1.6']);
    const marks = (selector: string, mark: RegExp): number => [...settled.querySelectorAll(selector)].reduce((k, p) => k + (p.getAttribute('d')?.match(mark)?.length ?? 0), 0);
    expect(marks('.rl-st-head', /Z/g)).toBe(3);
    expect(marks('.rl-st-cross', /M/g)).toBe(2);
    expect(moving.querySelector('.rl-st-ring')?.getAttribute('d')?.match(/M/g)).toHaveLength(2);
    // The held message's line is dashed; the one in flight is not.
    expect([...moving.querySelectorAll('.rl-st-line')].map((l) => l.getAttribute('stroke-dasharray'))).toEqual([null, '4 3']);
    expect(screen.getByRole('img', { name: /3 lanes, 6 messages between 0 and 240 ms/ })).toBeTruthy();
  });

  it('draws role bands (none for followers), term changes, commits and the present', () => {
    render(<SpaceTime {...props()} />);
    expect(screen.getAllByTestId('st-band').map((b) => b.dataset.role)).toEqual(['Candidate', 'Leader', 'Down']);
    expect(screen.getAllByTestId('st-term').map((m) => m.textContent)).toEqual(['t1', 't1']);
    expect(screen.getAllByTestId('st-commit')).toHaveLength(1);
    const nowLine = screen.getByTestId('st-now');
    // x(200) over the window [0, 240]: 36 + 200 * 752 / 240.
    expect(Number(nowLine.getAttribute('x1'))).toBeCloseTo(36 + (200 * 752) / 240, 6);
  });

  it('describes a hovered message, draws it on top, and seeks to its delivery on click', () => {
    const p = props();
    render(<SpaceTime {...p} />);
    const svg = screen.getByRole('img');
    // No layout in happy-dom: screen coordinates are drawing coordinates.
    const vote = pointOn(slice.messages[2] as SpaceTimeMessage, 0.5, 240);
    fireEvent.mouseMove(svg, vote);
    expect(screen.getByTestId('st-hover').textContent).toBe('n3 → n2 vote ✓, sent 166 ms, delivered 179 ms');
    expect(screen.getByTestId('st-message').dataset).toMatchObject({ id: '3', fate: 'delivered', kind: 'RequestVoteReply' });
    fireEvent.click(svg, vote);
    expect(p.seeks).toEqual([179]);
    // A dropped message seeks to its sending; 3 px off the line still hits it.
    const dropped = pointOn(slice.messages[3] as SpaceTimeMessage, 0.5, 240);
    fireEvent.click(svg, { clientX: dropped.clientX, clientY: dropped.clientY + 3 });
    expect(p.seeks).toEqual([179, 170]);
    fireEvent.mouseLeave(svg);
    expect(screen.queryByTestId('st-message')).toBeNull();
  });

  it('shows and seeks to the time under the pointer on the background', () => {
    const p = props();
    render(<SpaceTime {...p} />);
    const svg = screen.getByRole('img');
    // No layout in happy-dom: clientX is taken as the SVG x. x = 36 + 752 * 100 / 240 is time 100.
    const x = 36 + (752 * 100) / 240;
    fireEvent.mouseMove(svg, { clientX: x });
    expect(screen.getByTestId('st-hover').textContent).toBe('100 ms');
    fireEvent.click(svg, { clientX: x });
    expect(p.seeks).toEqual([100]);
  });

  it('zooms and pans from the keyboard controls around the present', () => {
    const p = props();
    render(<SpaceTime {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pan earlier' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pan later' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show up to now' }));
    expect(p.windows).toEqual([[100, 220], [-200, 280], [-60, 180], [60, 300], [-40, 200]]);
  });

  it('turns a wheel gesture into a narrower window', () => {
    // happy-dom has no SVG geometry: screen coordinates are user coordinates here.
    const svgProto = SVGSVGElement.prototype as unknown as Record<string, unknown>;
    svgProto.createSVGPoint = () => ({ x: 0, y: 0, matrixTransform(this: { x: number; y: number }) { return { x: this.x, y: this.y }; } });
    svgProto.getScreenCTM = () => ({ inverse: () => ({}) });
    const p = props();
    render(<SpaceTime {...p} />);
    const wheel = new WheelEvent('wheel', { deltaY: -120, deltaMode: 0, bubbles: true, cancelable: true });
    Object.defineProperties(wheel, { clientX: { value: 36 }, clientY: { value: 20 } }); // happy-dom leaves them out
    fireEvent(screen.getByRole('img'), wheel);
    expect(p.windows.length).toBeGreaterThan(0);
    const [from, to] = p.windows.at(-1) as [number, number];
    expect(to - from).toBeLessThan(240);
    // Anchored at x = 36, the plot's left edge: time 0 stays put.
    expect(from).toBeCloseTo(0, 6);
  });

  it('pans with a mouse drag and swallows the click that ends it; a plain click still seeks', () => {
    const p = props();
    render(<SpaceTime {...p} />);
    const svg = screen.getByRole('img');
    const pointer = (type: string, clientX: number): void => {
      const e = new PointerEvent(type, { bubbles: true, button: 0, pointerType: 'mouse', pointerId: 1 });
      Object.defineProperty(e, 'clientX', { value: clientX }); // happy-dom leaves it out
      fireEvent(svg, e);
    };
    pointer('pointerdown', 300);
    pointer('pointermove', 400); // 100 px right: earlier times come into view
    pointer('pointerup', 400);
    fireEvent.click(svg, { clientX: 400 });
    const [from, to] = p.windows.at(-1) as [number, number];
    expect(to - from).toBeCloseTo(240, 6);
    expect(from).toBeLessThan(0);
    expect(p.seeks).toEqual([]);
    fireEvent.click(svg, { clientX: 400 });
    expect(p.seeks).toHaveLength(1);
  });

  it("draws the simulator's own slice: the first election of seed 3, a held and a dropped message", () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(240);
    const [first, second] = sim.view().inFlight;
    if (first === undefined || second === undefined) throw new Error('fixture: expected messages in flight');
    sim.apply({ kind: 'drop', message: first.id });
    sim.apply({ kind: 'hold', message: second.id });
    sim.runFor(10);
    const real = sim.spaceTime(0, 250);
    const nodes = sim.view().nodes.map((x) => x.id);
    render(<SpaceTime {...props({ slice: real, nodes, now: 250, fromTime: 0, toTime: 250 })} />);
    const count = (name: string): number => Number(screen.getByTestId(`st-arrows-${name}`).dataset.count);
    expect(count('settled') + count('moving')).toBe(real.messages.length);
    expect(real.messages.filter((m) => m.kind === 'RequestVoteCall').length).toBeGreaterThanOrEqual(8);
    // Hovering the end of each arrow names its fate: the dropped one at its ✕, the held one at its ring.
    const svg = screen.getByRole('img');
    const fateAt = (id: number): string | undefined => {
      const m = real.messages.find((x) => x.id === id) as SpaceTimeMessage;
      fireEvent.mouseMove(svg, pointOn(m, 1, 250, nodes, 250));
      return screen.getByTestId('st-message').dataset.fate;
    };
    expect(fateAt(first.id)).toBe('dropped');
    expect(fateAt(second.id)).toBe('held');
    const bands = screen.getAllByTestId('st-band');
    expect(bands.some((b) => b.dataset.role === 'Leader' && b.textContent?.startsWith('n2 leader in term 1'))).toBe(true);
    expect(bands.some((b) => b.dataset.role === 'Candidate' && b.textContent?.startsWith('n2 candidate in term 1, 155–187 ms'))).toBe(true);
    expect(screen.getAllByTestId('st-commit').map((c) => c.textContent)).toContain('n2 committed up to i2 at 215 ms');
  });

  it('draws a message the network lost as it was sent: a short arrow from the sender ending in ✕', () => {
    // n1 is cut off at 1000 ms: n2's heartbeats to it never go on the wire (no in-flight id).
    const sim = new Simulation({ nodes: 3, seed: 1 }).runFor(1000);
    sim.apply({ kind: 'partition', groups: [[n(1)], [n(2), n(3)]] });
    sim.runFor(200);
    const real = sim.spaceTime(1000, 1200);
    const losses = real.messages.filter((m) => m.id < 0);
    expect(losses.length).toBeGreaterThan(0);
    const p = props({ slice: real, now: 1200, fromTime: 1000, toTime: 1200 });
    const { rerender } = render(<SpaceTime {...p} />);
    const settled = screen.getByTestId('st-arrows-settled');
    const crosses = [...settled.querySelectorAll('.rl-st-cross')].reduce((k, c) => k + (c.getAttribute('d')?.match(/M/g)?.length ?? 0), 0);
    expect(crosses).toBe(2 * real.messages.filter((m) => m.fate === 'dropped').length); // a ✕ is two strokes
    const heartbeat = losses.find((m) => m.from === 2 && m.to === 1) as SpaceTimeMessage;
    const lanes = laneCentres([n(1), n(2), n(3)], FRAME);
    const arrow = messageArrow(heartbeat, timeScale(1000, 1200, FRAME), lanes, 1200);
    // Its ✕ sits at its sending, a quarter of the way from the sender's lane to the receiver's.
    expect(arrow).toMatchObject({ end: 'cross', x2: arrow?.x1, y2: (lanes.get(2) as number) + ((lanes.get(1) as number) - (lanes.get(2) as number)) / 4 });
    const at = { clientX: arrow?.x2 as number, clientY: arrow?.y2 as number };
    const svg = screen.getByRole('img');
    fireEvent.mouseMove(svg, at);
    expect(screen.getByTestId('st-message').dataset).toMatchObject({ id: String(heartbeat.id), fate: 'dropped', kind: 'AppendEntriesCall' });
    expect(screen.getByTestId('st-hover').textContent).toBe(`n2 → n1 AE t1 ♥, sent ${heartbeat.sentAt} ms, dropped ${heartbeat.sentAt} ms`);
    fireEvent.click(svg, at);
    expect(p.seeks).toEqual([heartbeat.sentAt]);
    // A rebuilt slice (new objects, same ids) redraws the same arrows.
    rerender(<SpaceTime {...p} slice={sim.spaceTime(1000, 1200)} />);
    expect(screen.getByTestId('st-arrows-settled').dataset.count).toBe(String(real.messages.filter((m) => m.fate === 'delivered' || m.fate === 'dropped').length));
  });

  it('leaves the present line out when the window does not contain it', () => {
    render(<SpaceTime {...props({ fromTime: 0, toTime: 100 })} />);
    expect(screen.queryByTestId('st-now')).toBeNull();
  });
});
