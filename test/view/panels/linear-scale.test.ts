import { describe, expect, it } from 'vitest';
import { linearScale, tickStep } from '../../../src/view/panels/linear-scale.js';

describe('linear scale', () => {
  it('maps, inverts and reports its domain and range', () => {
    const x = linearScale(100, 300, 0, 400);
    expect([x(100), x(200), x(300), x(350)]).toEqual([0, 200, 400, 500]);
    expect([x.invert(0), x.invert(100)]).toEqual([100, 150]);
    expect(x.domain()).toEqual([100, 300]);
    expect(x.range()).toEqual([0, 400]);
  });

  it('picks 1, 2 or 5 × 10^n tick steps, as d3 does', () => {
    expect([tickStep(1000, 5), tickStep(10_000, 2), tickStep(1000, 10), tickStep(1, 10), tickStep(700, 10)]).toEqual([200, 5000, 100, 0.1, 50]);
    expect(linearScale(0, 1000, 0, 1).ticks(5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(linearScale(-35, 110, 0, 1).ticks(3)).toEqual([0, 50, 100]);
    expect(linearScale(0, 1, 0, 1).ticks(10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
});
