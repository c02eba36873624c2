import { describe, expect, it } from 'vitest';
import { nodeRadius, ringLayout, slotAngle } from '../../../src/view/geometry/ring.js';
import { flightProgress, messagePoint, parkedPoint } from '../../../src/view/geometry/message.js';
import { pipPositions, timerArcPath, timerRemaining } from '../../../src/view/geometry/timer.js';
import { eventX, laneY, timeX, xTime } from '../../../src/view/geometry/lanes.js';

describe('ring layout', () => {
  it('puts a single node in the middle', () => {
    expect(ringLayout(1, 200, 200, 100)).toEqual([{ x: 200, y: 200 }]);
  });
  it('puts n1 at 12 o’clock and the others clockwise (2, 3, 4 nodes)', () => {
    expect(ringLayout(2, 200, 200, 100)).toEqual([{ x: 200, y: 100 }, { x: 200, y: 300 }]);
    expect(ringLayout(3, 0, 0, 100)).toEqual([{ x: 0, y: -100 }, { x: 86.603, y: 50 }, { x: -86.603, y: 50 }]);
    expect(ringLayout(4, 0, 0, 10)).toEqual([{ x: 0, y: -10 }, { x: 10, y: 0 }, { x: 0, y: 10 }, { x: -10, y: 0 }]);
  });
  it('lays out 5 and 9 nodes at exact angles', () => {
    expect(ringLayout(5, 0, 0, 100)).toEqual([
      { x: 0, y: -100 },
      { x: 95.106, y: -30.902 },
      { x: 58.779, y: 80.902 },
      { x: -58.779, y: 80.902 },
      { x: -95.106, y: -30.902 },
    ]);
    const nine = ringLayout(9, 0, 0, 100);
    expect(nine).toHaveLength(9);
    expect(nine[0]).toEqual({ x: 0, y: -100 });
    expect(nine[1]).toEqual({ x: 64.279, y: -76.604 });
    expect(slotAngle(3, 9)).toBeCloseTo((2 * Math.PI) / 3, 12);
  });
  it('keeps 1–9 nodes from overlapping', () => {
    for (let n = 2; n <= 9; n++) {
      const pts = ringLayout(n, 0, 0, 150);
      const r = nodeRadius(n, 150, 34);
      const a = pts[0] as { x: number; y: number };
      const b = pts[1] as { x: number; y: number };
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(2 * r);
    }
    expect(nodeRadius(9, 150, 34)).toBe(34);
    expect(nodeRadius(9, 100, 34)).toBe(23.257);
  });
});

describe('message position', () => {
  it('is linear in simulated time and clamped', () => {
    expect(flightProgress(100, 120, 100)).toBe(0);
    expect(flightProgress(100, 120, 105)).toBe(0.25);
    expect(flightProgress(100, 120, 120)).toBe(1);
    expect(flightProgress(100, 120, 90)).toBe(0);
    expect(flightProgress(100, 120, 130)).toBe(1);
    expect(flightProgress(100, 100, 100)).toBe(1);
  });
  it('runs rim to rim, offset to the right of its direction', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 0 };
    expect(messagePoint(a, b, 0, 10, 0)).toEqual({ x: 10, y: 0 });
    expect(messagePoint(a, b, 1, 10, 0)).toEqual({ x: 90, y: 0 });
    expect(messagePoint(a, b, 0.5, 10, 4)).toEqual({ x: 50, y: 4 });
    expect(messagePoint(b, a, 0.5, 10, 4)).toEqual({ x: 50, y: -4 });
    expect(parkedPoint(a, { x: 0, y: 100 }, 10, 3)).toEqual({ x: -3, y: 50 });
  });
});

describe('timer arc', () => {
  it('drains from full to empty between armedAt and deadline', () => {
    expect(timerRemaining(100, 300, 100)).toBe(1);
    expect(timerRemaining(100, 300, 150)).toBe(0.75);
    expect(timerRemaining(100, 300, 300)).toBe(0);
    expect(timerRemaining(100, 300, 400)).toBe(0);
  });
  it('draws exact paths ending at 12 o’clock', () => {
    expect(timerArcPath(0, 0, 10, 0)).toBe('');
    expect(timerArcPath(0, 0, 10, 0.25)).toBe('M-10 0A10 10 0 0 1 0 -10');
    expect(timerArcPath(0, 0, 10, 0.75)).toBe('M10 0A10 10 0 1 1 0 -10');
    expect(timerArcPath(0, 0, 10, 1)).toBe('M0 -10A10 10 0 1 1 0 10A10 10 0 1 1 0 -10');
  });
  it('places vote pips evenly from 12 o’clock', () => {
    expect(pipPositions(0, 0, 10, 4)).toEqual([{ x: 0, y: -10 }, { x: 10, y: 0 }, { x: 0, y: 10 }, { x: -10, y: 0 }]);
  });
});

describe('lanes and axes', () => {
  it('centres lanes and maps time both ways', () => {
    expect(laneY(0, 5, 0, 100)).toBe(10);
    expect(laneY(4, 5, 0, 100)).toBe(90);
    expect(timeX(150, 100, 200, 10, 200)).toBe(110);
    expect(xTime(110, 100, 200, 10, 200)).toBe(150);
    expect(xTime(-50, 100, 200, 10, 200)).toBe(100);
    expect(eventX(0, 11, 0, 100)).toBe(0);
    expect(eventX(5, 11, 0, 100)).toBe(50);
    expect(eventX(10, 11, 0, 100)).toBe(100);
  });
});

import { convexHull, hullPath } from '../../../src/view/geometry/hull.js';

describe('partition hulls', () => {
  it('keeps only the outer points of a set', () => {
    const pts = [{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: 2 }];
    expect(convexHull(pts)).toEqual([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 2 }, { x: 0, y: 2 }]);
  });
  it('surrounds one node with a closed 16-gon of radius pad', () => {
    const path = hullPath([{ x: 0, y: 0 }], 10);
    expect(path.startsWith('M-10 0L')).toBe(true);
    expect(path.endsWith('Z')).toBe(true);
    expect(path.split('L')).toHaveLength(16);
  });
});
