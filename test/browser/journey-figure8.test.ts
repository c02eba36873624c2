/**
 * Journey 4: Figure 8 with the commit-by-counting mutation. The scenario's steps are set up
 * through the store (see harness/figure8.ts); its last step — n1 times out — is taken with the
 * page's key, and the run is played with the Play button. With the mutation the checker pauses
 * the run, the banner names the property, and the nodes involved are outlined; without it, the
 * same steps stay safe. The same run loaded as the scenario preset and run to its end raises the
 * banner too.
 */
import { describe, expect, it } from 'vitest';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { lastStepAndPlay, setUpFigure8 } from './harness/figure8.js';
import { ensurePaused, frameOf, uiOf, until } from './harness/page-helpers.js';

describe('journey 4: Figure 8, with and without the commit-by-counting bug', () => {
  const app = useBuiltApp();

  it('with the mutation, the checker pauses the run and the page shows the violation', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    await setUpFigure8(page, true);
    await expect.poll(() => page.getByTestId('safety-status').textContent()).toContain('All safety checks hold');
    await lastStepAndPlay(page);

    const ui = await until(() => uiOf(page), (u) => u.alarm !== undefined, 'the checker to raise the alarm', 20_000);
    expect(ui.playing, 'the run paused itself').toBe(false);
    const violation = ui.alarm as NonNullable<typeof ui.alarm>;
    expect(violation.invariant).toBe('I9');
    const banner = page.getByTestId('safety-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Safety violated');
    expect(text).toContain(violation.title);
    expect(text).toContain(`after event #${violation.eventIndex}`);
    expect(await page.getByRole('alert').filter({ hasText: 'Safety violated' }).count()).toBe(1);

    // The nodes involved are outlined, and only they.
    const alarmed = await page.locator('.rl-alarmed [data-testid^="node-"][data-role]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')?.slice(5))).sort());
    expect(alarmed).toEqual([...violation.nodes].sort());
    const f = await frameOf(page);
    expect(f.position, 'the present is the violating event').toBe(violation.eventIndex + 1);
    await shot('journey4-violation');

    // Paused means paused: nothing moves afterwards.
    await page.waitForTimeout(500);
    expect((await frameOf(page)).position).toBe(f.position);
    expect(problems).toEqual([]);
  }, 2 * TIMEOUT);

  it('through the scenario preset, running to the end raises the banner for the first violation', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    await page.getByTestId('preset-figure-8-mutated').click();
    await page.getByTestId('scenario-run').click();
    const ui = await until(() => uiOf(page), (u) => u.alarm !== undefined, 'the banner after the run crossed the violation');
    expect(ui.playing).toBe(false);
    const violation = ui.alarm as NonNullable<typeof ui.alarm>;
    expect(violation.invariant).toBe('I9');
    const f = await frameOf(page);
    expect(violation.eventIndex).toBe(f.violations[0]?.eventIndex);
    await expect.poll(() => page.getByTestId('safety-banner').textContent()).toContain(`after event #${violation.eventIndex}`);
    const alarmed = await page.locator('.rl-alarmed [data-testid^="node-"][data-role]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')?.slice(5))).sort());
    expect(alarmed).toEqual([...violation.nodes].sort());
    await page.getByTestId('banner-show').click();
    expect((await frameOf(page)).position).toBe(violation.eventIndex + 1);
    await shot('journey4-preset-violation');
    expect(problems).toEqual([]);
  }, 2 * TIMEOUT);

  it('without the mutation, the same steps stay safe', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    await setUpFigure8(page, false);
    const start = await frameOf(page);
    await lastStepAndPlay(page);
    // Play past the scenario's 300 ms: n1 leads term 3 and commits through its own no-op.
    const f = await until(() => frameOf(page), (x) => x.time > start.time + 400, 'the run to go on', 20_000);
    expect(f.violations).toEqual([]);
    expect((await uiOf(page)).alarm).toBeUndefined();
    expect(f.view.leader).toBe(1);
    expect(f.view.nodes.find((n) => n.id === 1)?.term).toBe(3);
    expect(await page.getByTestId('safety-banner').count()).toBe(0);
    expect(await page.getByTestId('safety-status').textContent()).toContain('All safety checks hold');
    await shot('journey4-safe');
    expect(problems).toEqual([]);
  }, 2 * TIMEOUT);
});
