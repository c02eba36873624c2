/**
 * The browser-test harness: the production build (made once per change of the sources, see
 * app-build.ts) served with cross-origin isolation from 127.0.0.1, one headless Chromium per test
 * file, and a fresh context and page per test. Page errors and console errors are collected so a
 * test can assert there were none.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.js';
import { builtApp, REPO_ROOT } from './app-build.js';
import { serveDirectory, type StaticServer } from './static-server.js';
import type { HookWindow } from './hook.js';

export const TIMEOUT = 60_000;
export const SCREENSHOTS = join(REPO_ROOT, 'test', 'browser', 'screenshots');

export interface OpenOptions {
  /** Default 1280×800. */
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly reducedMotion?: 'reduce' | 'no-preference';
  readonly colorScheme?: 'light' | 'dark';
  /** Wait for the page's test hook (default true). */
  readonly waitForHook?: boolean;
}

export interface AppPage {
  readonly page: Page;
  /** Uncaught page errors and console errors, in order. */
  readonly problems: readonly string[];
  /** Saves a full-page PNG to test/browser/screenshots/<name>.png and returns its path. */
  shot(name: string): Promise<string>;
}

export interface AppHarness {
  /** The server's origin, `http://127.0.0.1:<port>` (after beforeAll). */
  readonly origin: () => string;
  /** Opens the app at `/?<query>` in a fresh context and waits for its test hook. */
  open(query?: string, options?: OpenOptions): Promise<AppPage>;
}

/** Registers beforeAll/afterAll hooks for one browser and server per file; call at the top of a describe. */
export function useBuiltApp(): AppHarness {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [dir, b] = await Promise.all([builtApp(), launchChromium([], TIMEOUT)]);
    browser = b;
    server = await serveDirectory(dir);
  }, 5 * TIMEOUT);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, TIMEOUT);

  return {
    origin: () => server?.origin ?? '',
    async open(query = '', options = {}) {
      if (browser === undefined || server === undefined) throw new Error('the harness did not start (see the beforeAll failure)');
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        reducedMotion: options.reducedMotion ?? 'no-preference',
        colorScheme: options.colorScheme ?? 'light',
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
      });
      await page.goto(`${server.origin}/${query === '' ? '' : `?${query}`}`);
      if (options.waitForHook !== false) await page.waitForFunction(() => (window as HookWindow).raftlab !== undefined);
      return {
        page,
        problems,
        async shot(name) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          const path = join(SCREENSHOTS, `${name}.png`);
          await page.screenshot({ path, fullPage: true });
          return path;
        },
      };
    },
  };
}
