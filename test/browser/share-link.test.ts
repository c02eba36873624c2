/**
 * A shared link opens on the exact moment it was made at: the same event and the same view as
 * the run it came from (computed here in Node); a damaged link leaves the default cluster and
 * says why.
 */
import { describe, expect, it } from 'vitest';
import { encodeLink, momentOfScenario, ScenarioRunner, validateScenario, findPreset } from '../../src/scenario/index.js';
import type { Frame } from '../../src/store/index.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import type { HookWindow } from './harness/hook.js';
import { frameOf, until } from './harness/page-helpers.js';

function figure8At(position: number) {
  const text = findPreset('figure-8')?.text ?? '';
  const v = validateScenario(text);
  if (!v.ok) throw new Error('figure-8 does not validate');
  const sim = new ScenarioRunner(v.program).run().sim;
  sim.seek(position);
  return { link: encodeLink(momentOfScenario(text, v.program.params, position)), view: sim.view() };
}

describe('share links in the page', () => {
  const app = useBuiltApp();

  it('lands on the same event and view', async () => {
    const { link, view } = figure8At(64);
    const { page, problems, shot } = await app.open(link);
    const frame: Frame = await until(() => frameOf(page), (f) => f.position === 64, 'the shared moment');
    expect(frame.time).toBe(view.time);
    expect(JSON.stringify(frame.view)).toBe(JSON.stringify(view));
    expect(await page.evaluate(() => (window as HookWindow).raftlab?.getState().ui.notices ?? [])).toContain('Opened a shared link.');
    await shot('share-link-figure8');
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('refuses an edited link, says why and keeps the default cluster', async () => {
    const { link } = figure8At(64);
    const edited = `${link.slice(0, 30)}${link[30] === 'A' ? 'B' : 'A'}${link.slice(31)}`;
    const { page, problems } = await app.open(edited);
    const frame = await frameOf(page);
    expect(frame.params.nodes).toBe(5);
    expect(frame.params.mutations).toEqual([]);
    expect(frame.position).toBeLessThan(64);
    const said = await page.evaluate(() => ((window as HookWindow).raftlab?.getState().ui.notices ?? []).join('\n'));
    expect(said).toMatch(/The shared link could not be opened: /);
    expect(problems).toEqual([]);
  }, TIMEOUT);
});
