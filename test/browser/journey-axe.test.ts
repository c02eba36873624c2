/**
 * Journey 7: axe-core finds no serious or critical accessibility violation in the page's main
 * states: at start, with a leader and messages in flight, with a node selected, with the help
 * overlay open, with the safety banner up, in the dark theme, and on a phone.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HookWindow } from './harness/hook.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { lastStepAndPlay, setUpFigure8 } from './harness/figure8.js';
import { ensurePaused, frameOf, nodeGlyph, until, uiOf } from './harness/page-helpers.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

/** Serious and critical findings of a full axe run on the page, one readable line each. */
async function seriousFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeFinding[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join(' | ')}`);
}

/** Plays (through the store's speed: fast) until a leader exists and messages fly, then pauses. */
async function withLeader(page: Page): Promise<void> {
  await page.evaluate(() => {
    const store = (window as HookWindow).raftlab;
    store?.actions.pause();
    for (let i = 0; i < 100 && store?.getState().frame.view.leader === undefined; i++) store?.actions.advance(50);
    for (let i = 0; i < 50 && store?.getState().frame.view.inFlight.length === 0; i++) store?.actions.advance(7);
  });
  await until(() => frameOf(page), (f) => f.view.leader !== undefined && f.view.inFlight.length > 0, 'a leader with messages in flight');
}

/** The same states with no findings: what `found` must equal. */
const clean = (found: Record<string, string[]>): Record<string, string[]> => Object.fromEntries(Object.keys(found).map((k) => [k, []]));

describe('journey 7: axe finds nothing serious in the main states', () => {
  const app = useBuiltApp();

  it('at start, with a leader, a selection and the help overlay (light theme, desktop)', async () => {
    const found: Record<string, string[]> = {};
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    found['at start'] = await seriousFindings(page);
    await withLeader(page);
    found['with a leader and messages in flight'] = await seriousFindings(page);
    await nodeGlyph(page, 2).click();
    await expect.poll(async () => (await uiOf(page)).selection).toEqual({ kind: 'node', id: 2 });
    found['with a node selected'] = await seriousFindings(page);
    await shot('journey7-selected');
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('help').isVisible()).toBe(true);
    found['with the help overlay'] = await seriousFindings(page);
    expect(found).toEqual(clean(found));
    expect(problems).toEqual([]);
  }, 2 * TIMEOUT);

  it('with the safety banner up', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    await setUpFigure8(page, true);
    await lastStepAndPlay(page);
    await expect.poll(() => page.getByTestId('safety-banner').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await seriousFindings(page), 'with the violation banner').toEqual([]);
    await shot('journey7-banner');
    expect(problems).toEqual([]);
  }, 2 * TIMEOUT);

  it('in the dark theme and on a phone', async () => {
    const found: Record<string, string[]> = {};
    const dark = await app.open('seed=1&nodes=5', { colorScheme: 'dark' });
    await ensurePaused(dark.page);
    await withLeader(dark.page);
    found['dark theme'] = await seriousFindings(dark.page);
    await dark.shot('journey7-dark');
    const phone = await app.open('seed=1&nodes=9', { viewport: { width: 390, height: 844 } });
    await ensurePaused(phone.page);
    await withLeader(phone.page);
    found['phone, nine nodes'] = await seriousFindings(phone.page);
    await phone.shot('journey7-phone');
    expect(found).toEqual(clean(found));
    expect([...dark.problems, ...phone.problems]).toEqual([]);
  }, 2 * TIMEOUT);
});
