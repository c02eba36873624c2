/**
 * A linear time → x scale: the few parts of d3-scale's scaleLinear the space-time diagram uses
 * (map, invert, domain, range, ticks). Written out because d3-scale pulls d3-array, d3-format,
 * d3-time and d3-interpolate into the page for a two-point interpolation.
 *
 * @module
 */

/** A callable linear map from a domain interval to a range interval. */
export interface LinearScale {
  (value: number): number;
  invert(x: number): number;
  domain(): [number, number];
  range(): [number, number];
  /** About `count` round values inside the domain, steps of 1, 2 or 5 × 10^n (as d3's ticks). */
  ticks(count?: number): number[];
}

/** The tick step for `span / count`: 1, 2, 5 or 10 times a power of ten (d3's thresholds √50, √10, √2). */
export function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * 10 ** power;
}

function ticksOf(d0: number, d1: number, count: number): number[] {
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [lo];
  const step = tickStep(hi - lo, count);
  const first = Math.ceil(lo / step);
  const last = Math.floor(hi / step);
  const out: number[] = [];
  // Multiply integers by the step (or divide for steps < 1) so 0.1-style steps print cleanly.
  // (+ 0 turns a -0 from ceil(-0.x) into 0.)
  for (let i = first; i <= last; i++) out.push((step >= 1 ? i * step : i / Math.round(1 / step)) + 0);
  return out;
}

/** The linear scale mapping [d0, d1] onto [r0, r1] (a zero-width domain maps to the range's middle). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  const k = d1 !== d0 ? (r1 - r0) / (d1 - d0) : 0;
  const scale = ((v: number): number => (k === 0 ? (r0 + r1) / 2 : r0 + (v - d0) * k)) as LinearScale;
  scale.invert = (x: number): number => (k === 0 ? d0 : d0 + (x - r0) / k);
  scale.domain = () => [d0, d1];
  scale.range = () => [r0, r1];
  scale.ticks = (count = 10) => ticksOf(d0, d1, count);
  return scale;
}
