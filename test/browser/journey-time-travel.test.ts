/**
 * Journey 5: step back 10 events and forward 10 again with the transport buttons: the store's
 * frame and the drawn cluster are identical to what they were (time travel is exact).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/store/index.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import type { HookWindow } from './harness/hook.js';
import { ensurePaused, frameOf, until } from './harness/page-helpers.js';

/** The frame without its publication counter (which counts publications, not states). */
function comparable(f: Frame): Omit<Frame, 'serial'> {
  const { serial: _serial, ...rest } = f;
  return rest;
}

/** The ring as drawn: its markup, minus nothing — positions, arcs, labels and all. */
const drawnRing = (page: Page): Promise<string> => page.getByTestId('cluster-ring').evaluate((el) => el.outerHTML);

async function press(page: Page, name: string, times: number): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  for (let i = 0; i < times; i++) {
    const before = (await frameOf(page)).position;
    await button.click();
    await until(() => frameOf(page), (f) => f.position !== before, `"${name}" to move the present`);
  }
}

describe('journey 5: ten events back and forward again', () => {
  const app = useBuiltApp();

  it('shows exactly the same frame and drawing', async () => {
    const { page, problems, shot } = await app.open('seed=3&nodes=5');
    await ensurePaused(page);
    // Somewhere busy (set up through the store): past the first election, a command replicating.
    await page.evaluate(() => {
      const store = (window as HookWindow).raftlab;
      for (let i = 0; i < 60 && store?.getState().frame.view.leader === undefined; i++) store?.actions.advance(20);
      const leader = store?.getState().frame.view.leader;
      if (leader !== undefined) store?.actions.intervene({ kind: 'propose', command: 'set x 1', node: leader });
      store?.actions.advance(12);
    });
    const here = await frameOf(page);
    expect(here.view.leader).toBeDefined();
    expect(here.view.inFlight.length, 'messages in flight').toBeGreaterThan(0);
    const ring = await drawnRing(page);
    await shot('journey5-before');

    await press(page, 'Step back one event', 10);
    const back = await frameOf(page);
    expect(back.position).toBe(here.position - 10);
    expect(back.time).toBeLessThanOrEqual(here.time);
    expect(comparable(back), 'ten events back is another state').not.toEqual(comparable(here));
    expect(back.end, 'stepping back keeps the recorded future').toBe(here.end);

    await press(page, 'Step one event', 10);
    const again = await frameOf(page);
    expect(comparable(again)).toEqual(comparable(here));
    expect(await drawnRing(page)).toBe(ring);
    await shot('journey5-after');
    expect(problems).toEqual([]);
  }, 3 * TIMEOUT);
});
