import { describe, expect, it } from 'vitest';
import type { Term } from '../../../src/raft/index.js';
import {
  arrowHeadPath,
  axisTicks,
  crossPath,
  frameHeight,
  laneCentres,
  messageArrow,
  roleBand,
  termChanges,
  timeScale,
  windowAfter,
  zoomWindow,
  type SpaceTimeMessage,
} from '../../../src/view/panels/spacetime-geometry.js';
import { n } from './fixtures.js';

const t = (v: number): Term => v as Term;
// The plot spans x 36..788 (752 px), so the window [0, 752] maps time t to x = 36 + t.
const x = timeScale(0, 752);
const lanes = laneCentres([n(1), n(2), n(3)]);
const msg = (over: Partial<SpaceTimeMessage>): SpaceTimeMessage => ({
  id: 1, from: n(1), to: n(3), kind: 'RequestVoteCall', term: t(2), sentAt: 100, endAt: 300, fate: 'delivered', label: 'RV t2', ...over,
});

describe('space-time geometry', () => {
  it('maps time to x over the plot and puts lanes 30 px apart from the top', () => {
    expect([x(0), x(100), x(752)]).toEqual([36, 136, 788]);
    expect([...lanes.entries()]).toEqual([[1, 23], [2, 53], [3, 83]]);
    expect(frameHeight(3)).toBe(8 + 90 + 22);
    expect(timeScale(5, 5).domain()).toEqual([5, 6]);
  });

  it('draws a delivered message from send to delivery with a head', () => {
    expect(messageArrow(msg({}), x, lanes, 500)).toEqual({ x1: 136, y1: 23, x2: 336, y2: 83, end: 'head', path: 'M136,23L336,83' });
  });

  it('ends a dropped message in a cross at the drop time, near the receiver or, if lost at once, near the sender', () => {
    expect(messageArrow(msg({ fate: 'dropped', endAt: 140 }), x, lanes, 500)).toMatchObject({ x2: 176, y2: 71, end: 'cross' });
    expect(messageArrow(msg({ fate: 'dropped', endAt: 100 }), x, lanes, 500)).toMatchObject({ x2: 136, y2: 38, end: 'cross' });
    expect(crossPath(176, 53)).toBe('M172,49L180,57M172,57L180,49');
  });

  it('carries an in-flight message as far as now, linearly, and parks a held one halfway at now', () => {
    expect(messageArrow(msg({ fate: 'inFlight' }), x, lanes, 150)).toMatchObject({ x2: 186, y2: 38, end: 'open' });
    expect(messageArrow(msg({ fate: 'inFlight' }), x, lanes, 900)).toMatchObject({ x2: 336, y2: 83 });
    expect(messageArrow(msg({ fate: 'held', endAt: 300 }), x, lanes, 400)).toMatchObject({ x2: 436, y2: 53, end: 'open' });
    expect(messageArrow(msg({ to: n(9) }), x, lanes, 0)).toBeUndefined();
  });

  it('points the arrowhead along the arrow', () => {
    expect(arrowHeadPath({ x1: 0, y1: 0, x2: 10, y2: 0 })).toBe('M10,0L4,3L4,-3Z');
    expect(arrowHeadPath({ x1: 0, y1: 0, x2: 0, y2: 10 }, 4)).toBe('M0,10L-2,6L2,6Z');
  });

  it('clips role bands to the window and draws none for followers', () => {
    const band = { node: n(2), role: 'Leader' as const, term: t(3), from: -50, to: 200 };
    expect(roleBand(band, x, lanes)).toEqual({ x: 36, y: 44, width: 200, height: 18 });
    expect(roleBand({ ...band, role: 'Follower' }, x, lanes)).toBeUndefined();
    expect(roleBand({ ...band, from: 800, to: 900 }, x, lanes)).toBeUndefined();
  });

  it('marks where a lane changes term', () => {
    const roles = [
      { node: n(1), role: 'Follower' as const, term: t(1), from: 0, to: 100 },
      { node: n(2), role: 'Candidate' as const, term: t(2), from: 50, to: 80 },
      { node: n(1), role: 'Follower' as const, term: t(2), from: 100, to: 200 },
      { node: n(2), role: 'Leader' as const, term: t(2), from: 80, to: 200 },
      { node: n(1), role: 'Candidate' as const, term: t(3), from: 200, to: 250 },
    ];
    expect(termChanges(roles)).toEqual([
      { node: 1, time: 100, term: 2 },
      { node: 1, time: 200, term: 3 },
    ]);
  });

  it('turns a zoom/pan gesture into a new time window', () => {
    expect(windowAfter(0, 752, { k: 1, x: 0 })).toEqual([0, 752]);
    expect(windowAfter(0, 752, { k: 1, x: 100 })).toEqual([-100, 652]);
    // Zooming 2x about the plot's left edge halves the span and keeps the left time.
    expect(windowAfter(0, 752, { k: 2, x: -36 })).toEqual([0, 376]);
    expect(zoomWindow(0, 1000, 2, 500)).toEqual([250, 750]);
    expect(zoomWindow(0, 1000, 0.5, 0)).toEqual([0, 2000]);
  });

  it('labels axis ticks in ms, or in seconds past 10 s', () => {
    expect(axisTicks(timeScale(0, 1000), 5).map((k) => k.label)).toEqual(['0 ms', '200 ms', '400 ms', '600 ms', '800 ms', '1000 ms']);
    const far = axisTicks(timeScale(10_000, 20_000), 2);
    expect(far.map((k) => k.label)).toEqual(['10 s', '15 s', '20 s']);
    expect(far[1]?.x).toBe(412);
  });
});
