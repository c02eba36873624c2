/**
 * Journey 8: nine nodes render without overlap, on a desktop and on a phone-sized viewport
 * (390×844), and the phone page does not scroll sideways.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { ensurePaused } from './harness/page-helpers.js';

interface Rect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }
interface Circle { readonly cx: number; readonly cy: number; readonly r: number }
/** One node as drawn, in page pixels: its disc with the timer arc around it, and its text labels. */
interface DrawnNode { readonly id: number; readonly disc: Circle; readonly ring: Circle; readonly labels: readonly Rect[] }

function drawnNodes(page: Page): Promise<DrawnNode[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid^="node-"][data-role]')).map((g) => {
      const disc = (g.querySelector('circle.rl-node-bg') ?? g).getBoundingClientRect();
      const arc = g.querySelector('[data-testid^="timer-"]')?.getBoundingClientRect();
      const circle = { cx: disc.x + disc.width / 2, cy: disc.y + disc.height / 2, r: disc.width / 2 };
      const ringR = Math.max(circle.r, arc === undefined ? 0 : Math.max(arc.width, arc.height) / 2);
      return {
        id: Number(g.getAttribute('data-testid')?.slice('node-'.length)),
        disc: circle,
        ring: { ...circle, r: ringR },
        labels: Array.from(document.querySelectorAll(`[data-testid="${g.getAttribute('data-testid') ?? ''}-words"] :is(text.rl-node-name, text.rl-node-role)`)).map((t) => {
          const r = t.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      };
    }),
  );
}

const rectsMeet = (a: Rect, b: Rect): boolean => !(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y);
const circlesMeet = (a: Circle, b: Circle): boolean => Math.hypot(a.cx - b.cx, a.cy - b.cy) < a.r + b.r;
function circleMeetsRect(c: Circle, r: Rect): boolean {
  const nx = Math.min(Math.max(c.cx, r.x), r.x + r.width);
  const ny = Math.min(Math.max(c.cy, r.y), r.y + r.height);
  return Math.hypot(c.cx - nx, c.cy - ny) < c.r;
}

/** Pairs of different nodes whose drawings touch: ring on ring, ring on label, label on label. */
function collisions(nodes: readonly DrawnNode[]): string[] {
  const out: string[] = [];
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) {
      const pair = `n${a.id} and n${b.id}`;
      if (circlesMeet(a.ring, b.ring)) out.push(`${pair}: timer rings`);
      if (a.labels.some((l) => circleMeetsRect(b.ring, l)) || b.labels.some((l) => circleMeetsRect(a.ring, l))) out.push(`${pair}: a label on a ring`);
      if (a.labels.some((l) => b.labels.some((m) => rectsMeet(l, m)))) out.push(`${pair}: labels`);
    }
  }
  return out;
}

async function checkNineNodes(page: Page, width: number): Promise<void> {
  const nodes = await drawnNodes(page);
  expect(nodes.map((d) => d.id).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const n of nodes) {
    expect(n.disc.r, `n${n.id} is drawn at a visible size`).toBeGreaterThan(8);
    expect(n.ring.r, `n${n.id} shows its timer ring`).toBeGreaterThan(n.disc.r);
    expect(n.labels, `n${n.id} has its name and role`).toHaveLength(2);
    expect(n.ring.cx - n.ring.r, `n${n.id} inside the viewport`).toBeGreaterThanOrEqual(0);
    expect(n.ring.cx + n.ring.r, `n${n.id} inside the viewport`).toBeLessThanOrEqual(width);
  }
  expect(collisions(nodes), 'parts of different nodes overlap').toEqual([]);
}

describe('journey 8: nine nodes, desktop and phone', () => {
  const app = useBuiltApp();

  it('the overlap check itself catches rings, labels and a label on a ring', () => {
    const node = (id: number, cx: number, labelX: number, labelY = 130): DrawnNode => ({
      id,
      disc: { cx, cy: 100, r: 20 },
      ring: { cx, cy: 100, r: 27 },
      labels: [{ x: labelX, y: labelY, width: 30, height: 12 }],
    });
    expect(collisions([node(1, 100, 85), node(2, 160, 145)])).toEqual([]);
    expect(collisions([node(1, 100, 85), node(2, 150, 145)])).toEqual(['n1 and n2: timer rings']);
    expect(collisions([node(1, 100, 85), node(2, 160, 110)])).toEqual(['n1 and n2: labels']);
    expect(collisions([node(1, 100, 40), node(2, 170, 95, 120)])).toEqual(['n1 and n2: a label on a ring']);
  });

  it('on a 1280×800 desktop, nine nodes do not overlap', async () => {
    const { page, problems, shot } = await app.open('seed=2&nodes=9');
    await ensurePaused(page);
    await shot('journey8-desktop-9');
    await checkNineNodes(page, 1280);
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('on a 390×844 phone, nine nodes do not overlap and nothing scrolls sideways', async () => {
    const { page, problems, shot } = await app.open('seed=2&nodes=9', { viewport: { width: 390, height: 844 } });
    await ensurePaused(page);
    await shot('journey8-phone-9');
    await checkNineNodes(page, 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page width').toBeLessThanOrEqual(390);
    await expect.poll(() => page.getByRole('button', { name: 'Step one event' }).isVisible()).toBe(true);
    const outside = await page.getByTestId('timeline').evaluate((timeline) =>
      Array.from(timeline.querySelectorAll('button, select, input'))
        .map((el) => ({ name: el.getAttribute('aria-label') ?? el.textContent ?? el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.x < 0 || box.x + box.width > window.innerWidth)
        .map(({ name, box }) => `${name} at x ${Math.round(box.x)}–${Math.round(box.x + box.width)}`),
    );
    expect(outside, 'timeline controls cut off at the edge').toEqual([]);
    expect(problems).toEqual([]);
  }, TIMEOUT);
});
