/**
 * The scenario panel in the page: a preset loads, "Next caption" moves the visualizer to the
 * caption's event and shows it, running to the end lists the expectations; a script error shows
 * in the editor and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { frameOf, until } from './harness/page-helpers.js';

describe('the scenario panel in the page', () => {
  const app = useBuiltApp();

  it('steps a preset caption by caption and lists its expectations', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await page.getByTestId('preset-stale-leader').click();
    await page.getByTestId('scenario-step').click();
    await until(() => page.getByTestId('scenario-caption').textContent(), (t) => (t ?? '').startsWith('The network splits'), 'the first caption');
    const at = await frameOf(page);
    expect(at.params.nodes).toBe(5);
    expect(at.view.leader).toBe(1);
    await page.getByTestId('scenario-run').click();
    await until(() => page.getByTestId('expectations').textContent(), (t) => (t ?? '').includes('All 8 expectations hold'), 'the expectations');
    await shot('scenario-panel-stale-leader');
    await page.getByLabel('Scenario script').fill('nodes 3\npartiton {n1} {n2 n3}');
    await page.getByTestId('scenario-step').click();
    expect(await page.getByTestId('scenario-errors').textContent()).toBe('2:1: unknown command "partiton" (did you mean "partition"?)');
    expect(problems).toEqual([]);
  }, TIMEOUT);
});
