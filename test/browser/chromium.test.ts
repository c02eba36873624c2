/**
 * Finding a Chromium: CHROMIUM_PATH, then the system, then the Chromium shipped inside the npm
 * package @sparticuz/chromium; with none of them, a failure that says how to get one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledChromium, findChromium } from './chromium.js';

const scratch = mkdtempSync(join(tmpdir(), 'raftlab-chromium-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable stand-in for a system Chromium. */
function fakeExecutable(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return path;
}

const noBundled = (): Promise<undefined> => Promise.resolve(undefined);

describe('findChromium', () => {
  it('without any Chromium, fails with instructions instead of skipping', async () => {
    const none = findChromium({ env: {}, candidates: ['/nonexistent/chromium'], bundled: noBundled });
    await expect(none).rejects.toThrow(/No Chromium found \(looked at \$CHROMIUM_PATH, \/nonexistent\/chromium, the npm package @sparticuz\/chromium\)/);
    await expect(findChromium({ env: {}, candidates: [], bundled: noBundled })).rejects.toThrow(/npm install.*apt-get install chromium.*CHROMIUM_PATH/);
  });

  it('a CHROMIUM_PATH that is not executable is an error, not a silent fallback', async () => {
    const bad = findChromium({ env: { CHROMIUM_PATH: '/nonexistent/chrome' }, bundled: noBundled });
    await expect(bad).rejects.toThrow(/CHROMIUM_PATH=\/nonexistent\/chrome is not an executable file/);
  });

  it('prefers CHROMIUM_PATH, then the first executable system candidate, then the bundled one', async () => {
    const fromEnv = fakeExecutable('from-env');
    const system = fakeExecutable('system');
    const bundled = { executablePath: '/bundled/chromium', source: 'bundled' as const };
    const viaBundle = (): Promise<typeof bundled> => Promise.resolve(bundled);
    expect(await findChromium({ env: { CHROMIUM_PATH: fromEnv }, candidates: [system], bundled: noBundled })).toEqual({ executablePath: fromEnv, source: 'CHROMIUM_PATH' });
    expect(await findChromium({ env: {}, candidates: ['/nonexistent/a', system], bundled: noBundled })).toEqual({ executablePath: system, source: 'system' });
    expect(await findChromium({ env: {}, candidates: ['/nonexistent/a'], bundled: viaBundle })).toBe(bundled);
  });

  it('CHROMIUM_CANDIDATES_OVERRIDE replaces the system candidates (empty: none)', async () => {
    const system = fakeExecutable('override');
    expect(await findChromium({ env: { CHROMIUM_CANDIDATES_OVERRIDE: `/nonexistent/b:${system}` }, bundled: noBundled })).toEqual({ executablePath: system, source: 'system' });
    await expect(findChromium({ env: { CHROMIUM_CANDIDATES_OVERRIDE: '' }, bundled: noBundled })).rejects.toThrow(/looked at \$CHROMIUM_PATH, the npm package/);
  });

  it('the bundled Chromium unpacks from node_modules and runs, with its own fontconfig', async () => {
    const found = await bundledChromium();
    expect(found?.source).toBe('bundled');
    const path = found?.executablePath ?? '';
    expect(path).toMatch(/node_modules\/\.cache\/raftlab-chromium-[\w.]+\/chromium$/);
    expect(found?.env?.['FONTCONFIG_PATH']).toMatch(/raftlab-chromium-[\w.]+\/fontconfig$/);
    expect(execFileSync(path, ['--version'], { encoding: 'utf8' })).toMatch(/Chromium \d+\./);
    // A second call reuses the unpacked copy.
    expect(await bundledChromium()).toEqual(found);
  });
});
