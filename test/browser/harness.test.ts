/**
 * The harness the browser journeys and bench:ui stand on: the production build served from
 * 127.0.0.1 with cross-origin isolation, nothing outside the build reachable.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceHash } from './harness/app-build.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';

describe('browser-test harness', () => {
  const app = useBuiltApp();

  it('serves the built page with COOP/COEP, so the page is cross-origin isolated', async () => {
    const res = await fetch(`${app.origin()}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const html = await res.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'the built index.html loads a bundled script').toMatch(/^\/assets\/.+\.js$/);
    const js = await fetch(`${app.origin()}${script ?? ''}`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);

    const { page, problems } = await app.open('', { waitForHook: false });
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('answers 404 for a missing file and 400 for a path escaping the build', async () => {
    expect((await fetch(`${app.origin()}/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${app.origin()}/..%2fpackage.json`)).status).toBe(400);
    expect((await fetch(`${app.origin()}/`, { method: 'POST' })).status).toBe(405);
  });

  it("keys the build cache on the app's sources only", () => {
    const root = mkdtempSync(join(tmpdir(), 'raftlab-hash-'));
    try {
      mkdirSync(join(root, 'src'));
      mkdirSync(join(root, 'test'));
      writeFileSync(join(root, 'index.html'), '<!doctype html>');
      writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;');
      const first = sourceHash(root);
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      writeFileSync(join(root, 'test', 'a.test.ts'), 'tests are not built');
      expect(sourceHash(root), 'a test file does not change the build').toBe(first);
      writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 2;');
      expect(sourceHash(root), 'a source edit does').not.toBe(first);
      writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;');
      expect(sourceHash(root)).toBe(first);
      renameSync(join(root, 'src', 'a.ts'), join(root, 'src', 'b.ts'));
      expect(sourceHash(root), 'so does a rename').not.toBe(first);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
