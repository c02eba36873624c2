/**
 * Playback speed: simulated milliseconds per wall-clock second, on a log scale from 1 to 10,000.
 * The default, 100 ms/s, makes a 150–300 ms election timeout drain over 1.5–3 s.
 *
 * @module
 */

export const MIN_SPEED = 1;
export const MAX_SPEED = 10_000;
export const DEFAULT_SPEED = 100;
/** Slider positions span 0..SLIDER_STEPS. */
export const SLIDER_STEPS = 100;

const DECADES = Math.log10(MAX_SPEED / MIN_SPEED);

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The speed at slider position `v` (0..SLIDER_STEPS), rounded to 2 significant digits. */
export function speedAt(v: number): number {
  const raw = MIN_SPEED * 10 ** ((DECADES * v) / SLIDER_STEPS);
  return clampSpeed(Number(raw.toPrecision(2)));
}

/** The slider position of `speed`. */
export function sliderOf(speed: number): number {
  return Math.round((Math.log10(clampSpeed(speed) / MIN_SPEED) / DECADES) * SLIDER_STEPS);
}

/** `100 ms/s (0.1×)`: what a wall second shows. */
export function speedLabel(speed: number): string {
  const factor = speed / 1000;
  const f = factor >= 1 ? `${Number(factor.toPrecision(3))}×` : `${Number(factor.toPrecision(2))}×`;
  return `${speed} ms/s (${f})`;
}
