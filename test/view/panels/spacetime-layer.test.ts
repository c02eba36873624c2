import { describe, expect, it } from 'vitest';
import type { Term } from '../../../src/raft/index.js';
import { arrowHeadPath, laneCentres, timeScale, type SpaceTimeMessage } from '../../../src/view/panels/spacetime-geometry.js';
import { anchoredScale, arrowAt, arrowLayer, EMPTY_LAYER, ringPath, segmentDistance, SettledArrows } from '../../../src/view/panels/spacetime-layer.js';
import { n } from './fixtures.js';

const t = (v: number): Term => v as Term;
// As in spacetime-geometry.test: time t maps to x = 36 + t; lanes at y 23, 53, 83.
const x = timeScale(0, 752);
const lanes = laneCentres([n(1), n(2), n(3)]);
const msg = (over: Partial<SpaceTimeMessage>): SpaceTimeMessage => ({
  id: 1, from: n(1), to: n(3), kind: 'RequestVoteCall', term: t(2), sentAt: 100, endAt: 300, fate: 'delivered', label: 'RV t2', ...over,
});

describe('space-time arrow layer', () => {
  it('puts every line of one style into one path, heads per colour, crosses together', () => {
    const layer = arrowLayer(
      [
        msg({ id: 1 }),
        msg({ id: 2, from: n(3), to: n(1), sentAt: 300, endAt: 400, kind: 'RequestVoteReply' }),
        msg({ id: 3, from: n(1), to: n(2), sentAt: 400, endAt: 500 }),
        msg({ id: 4, term: t(3), fate: 'dropped', endAt: 140 }),
        msg({ id: 5, to: n(9) }), // no lane: not drawn
      ],
      x,
      lanes,
      0,
    );
    expect(layer.arrows.map((a) => a.m.id)).toEqual([1, 2, 3, 4]);
    // Paths are in tenths of a unit (the layer is drawn at scale 1/10).
    expect(layer.strokes.map((s) => [s.colour, s.width, s.dashed, s.d])).toEqual([
      ['var(--rl-term-2)', 1.6, false, 'M1360,230L3360,830M4360,230L5360,530'],
      ['var(--rl-term-2)', 1, false, 'M3360,830L4360,230'],
      ['var(--rl-term-3)', 1.6, false, 'M1360,230L1760,710'],
    ]);
    expect(layer.heads.map((h) => [h.colour, h.d.match(/Z/g)?.length])).toEqual([['var(--rl-term-2)', 3]]);
    // The head of arrow 1 in tenths: arrowHeadPath's corners, × 10 and rounded.
    const head = arrowHeadPath({ x1: 136, y1: 23, x2: 336, y2: 83 }).match(/-?[\d.]+/g)?.map((v) => Math.round(Number(v) * 10));
    expect(layer.heads[0]?.d.startsWith(`M${head?.[0]},${head?.[1]}L${head?.[2]},${head?.[3]}L${head?.[4]},${head?.[5]}Z`)).toBe(true);
    expect(layer.crosses).toBe('M1720,670L1800,750M1720,750L1800,670');
    expect(layer.rings).toEqual([]);
    expect(arrowLayer([], x, lanes, 0)).toBe(EMPTY_LAYER);
  });

  it('ends in-flight and held arrows in rings, the held ones dashed', () => {
    const layer = arrowLayer([msg({ fate: 'inFlight' }), msg({ id: 2, fate: 'held' })], x, lanes, 150);
    expect(layer.strokes.map((s) => [s.dashed, s.d])).toEqual([[false, 'M1360,230L1860,380'], [true, 'M1360,230L1860,530']]);
    expect(layer.rings).toEqual([{ colour: 'var(--rl-term-2)', d: 'M1835,380a25,25 0 1,0 50,0a25,25 0 1,0 -50,0M1835,530a25,25 0 1,0 50,0a25,25 0 1,0 -50,0' }]);
    expect(ringPath(186, 38)).toBe('M183.5,38a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0');
  });

  it('finds the arrow under the pointer: the nearest within the tolerance, none farther', () => {
    // Arrow 1 from (136, 23) to (336, 83); arrow 2 from (136, 23) to (166, 53); arrow 3 on top of arrow 1.
    const layer = arrowLayer([msg({ id: 1 }), msg({ id: 2, from: n(1), to: n(2), sentAt: 100, endAt: 130 })], x, lanes, 0);
    const twice = arrowLayer([msg({ id: 3 })], x, lanes, 0);
    expect(segmentDistance(136, 26, { x1: 136, y1: 23, x2: 336, y2: 83 })).toBeCloseTo(3 * Math.cos(Math.atan(60 / 200)), 9);
    expect(segmentDistance(100, 23, { x1: 136, y1: 23, x2: 336, y2: 83 })).toBe(36); // beyond the start: to the end point
    expect(arrowAt([layer], 286, 70)?.id).toBe(1); // 2 px below arrow 1, far from arrow 2
    expect(arrowAt([layer], 160, 50)?.id).toBe(2); // 2.1 px from arrow 2, 20 from arrow 1
    expect(arrowAt([layer, twice], 236, 53)?.id).toBe(3); // both pass through: the one drawn last wins
    expect(arrowAt([layer], 236, 60)).toBeUndefined();
    expect(arrowAt([EMPTY_LAYER, layer], 136, 27)?.id).toBeDefined();
    expect(arrowAt([layer], 136, 40)).toBeUndefined();
  });

  it('anchors the arrows: following the present (same span) moves the layer, not the arrows', () => {
    const a = anchoredScale(timeScale(96_100, 97_600)); // span 1500: anchored at 64 × 1500 = 96,000
    const b = anchoredScale(timeScale(96_200, 97_700));
    expect(a.key).toBe(b.key);
    expect(a.scale(96_000)).toBe(0);
    expect(a.scale(97_500)).toBeCloseTo(752, 9); // 752 px per 1500 ms
    // The layer sits where its origin falls on the plot: 36 + (96,000 − from) × k.
    expect(a.offset).toBeCloseTo(36 - 100 * (752 / 1500), 3);
    expect(b.offset).toBeCloseTo(36 - 200 * (752 / 1500), 3);
    // Drawn through the anchored scale and moved by the offset, an arrow lands where the plain scale puts it.
    const plain = timeScale(96_200, 97_700);
    expect(b.offset + b.scale(97_000)).toBeCloseTo(plain(97_000), 3);
    expect(anchoredScale(timeScale(96_000, 96_750)).key).not.toBe(a.key); // zoomed: another scale
  });

  it('draws a settled arrow once per scale and lanes, and again when a fork reused its id', () => {
    const cache = new SettledArrows();
    const first = cache.layer([msg({ id: 1 }), msg({ id: 2, sentAt: 200, endAt: 400 })], x, lanes);
    const again = cache.layer([msg({ id: 2, sentAt: 200, endAt: 400 }), msg({ id: 3, sentAt: 300, endAt: 500 })], x, lanes);
    expect(again.arrows[0]).toBe(first.arrows[1]); // a new but equal message object: not redrawn
    expect(again.arrows.map((d) => d.m.id)).toEqual([2, 3]);
    const forked = cache.layer([msg({ id: 3, sentAt: 300, endAt: 450 })], x, lanes);
    expect(forked.arrows[0]?.a.x2).toBe(486); // the same id, another message after a fork
    const zoomed = cache.layer([msg({ id: 3, sentAt: 300, endAt: 450 })], timeScale(0, 376), lanes);
    expect(zoomed.arrows[0]?.a.x2).toBe(36 + 900);
    expect(zoomed.strokes).toEqual(arrowLayer([msg({ id: 3, sentAt: 300, endAt: 450 })], timeScale(0, 376), lanes, 0).strokes);
  });

  it('chunks settled arrows by send time; a chunk whose arrows did not change is the same object', () => {
    const cache = new SettledArrows();
    const m = (id: number, sentAt: number) => msg({ id, sentAt, endAt: sentAt + 50 });
    const first = cache.chunks([m(1, 10), m(2, 90), m(3, 120), m(4, 230)], x, lanes, 100);
    expect(first.map((c) => [c.key, c.layer.arrows.map((d) => d.m.id)])).toEqual([[0, [1, 2]], [1, [3]], [2, [4]]]);
    // Each chunk draws its arrows as the whole layer would.
    expect(first[0]?.layer.strokes[0]?.d).toBe(arrowLayer([m(1, 10), m(2, 90)], x, lanes, 0).strokes[0]?.d);
    // The window moved on: the oldest arrow left, a new one arrived in the newest chunk.
    const next = cache.chunks([m(2, 90), m(3, 120), m(4, 230), m(5, 260)], x, lanes, 100);
    expect(next.map((c) => c.layer.arrows.map((d) => d.m.id))).toEqual([[2], [3], [4, 5]]);
    expect(next[0]).not.toBe(first[0]);
    expect(next[1]).toBe(first[1]);
    expect(next[2]).not.toBe(first[2]);
    // Another scale (a zoom) draws every chunk anew.
    const zoomed = cache.chunks([m(2, 90), m(3, 120), m(4, 230), m(5, 260)], timeScale(0, 376), lanes, 100);
    expect(zoomed[1]).not.toBe(next[1]);
    expect(zoomed[1]?.layer.arrows[0]?.a.x2).toBe(36 + 2 * 170);
  });
});
