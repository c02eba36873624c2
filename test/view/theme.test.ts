/**
 * The term palette's thin marks (timer arcs, space-time arrows, match/next marks) must stand out
 * from the page: WCAG 1.4.11 asks 3:1 for graphics. Read from theme.css itself, so the test
 * checks the colours the app ships.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TERM_COLOURS } from '../../src/view/theme.js';

const CSS = readFileSync(new URL('../../src/view/theme.css', import.meta.url), 'utf8');

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A token's light and dark values: `light-dark(#a, #b)`, or one colour for both. */
function token(name: string): { light: string; dark: string } {
  const m = new RegExp(`${name}:\\s*(?:light-dark\\((#[0-9a-f]{6}),\\s*(#[0-9a-f]{6})\\)|(#[0-9a-f]{6}))`, 'i').exec(CSS);
  if (m === null) throw new Error(`${name} not found in theme.css`);
  return m[3] !== undefined ? { light: m[3], dark: m[3] } : { light: m[1] ?? '', dark: m[2] ?? '' };
}

const slots = Array.from({ length: TERM_COLOURS }, (_, i) => i);

describe('term colours against the page', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });

  it('the fill palette alone is too faint for thin marks on the light page (why the stroke palette exists)', () => {
    const bg = token('--rl-bg').light;
    expect(contrast(token('--rl-term-3').light, bg)).toBeLessThan(1.5);
    expect(contrast(token('--rl-term-0').light, bg)).toBeLessThan(3);
    expect(contrast(token('--rl-term-1').light, bg)).toBeLessThan(3);
  });

  it.each(slots)('term stroke %i reaches 3:1 on the background and the panels, light and dark', (slot) => {
    const stroke = token(`--rl-term-stroke-${slot}`);
    for (const scheme of ['light', 'dark'] as const) {
      for (const surface of ['--rl-bg', '--rl-panel']) {
        const ratio = contrast(stroke[scheme], token(surface)[scheme]);
        expect(ratio, `${stroke[scheme]} on ${surface} (${scheme})`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('keeps the palette where it already reaches 3:1 (dark theme), so the terms look the same there', () => {
    for (const slot of slots) expect(token(`--rl-term-stroke-${slot}`).dark).toBe(token(`--rl-term-${slot}`).dark);
  });

  it('timer arcs, space-time arrows and match/next marks draw every term colour from the stroke palette', () => {
    const rule = /:is\(([^)]*)\)\s*\{([^}]*)\}/.exec(CSS);
    const selectors = rule?.[1]?.split(',').map((s) => s.trim()) ?? [];
    expect(selectors).toEqual(expect.arrayContaining(['.rl-timer-election', '.rl-st-messages', '.rl-st-hovered', '.rl-mark-match', '.rl-mark-next']));
    for (const slot of slots) expect(rule?.[2]).toContain(`--rl-term-${slot}: var(--rl-term-stroke-${slot});`);
  });
});
