/**
 * Reading and driving the visualizer page in a browser journey: the store's published frame (a
 * JSON copy), the nodes as drawn (their data-role and accessible names), and small waits.
 * Journeys act through the page's controls and keys; the store is read to compare, and used to
 * set up only what a journey is not about.
 *
 * @module
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Frame, UiState } from '../../../src/store/index.js';
import type { HookWindow } from './hook.js';

/** A JSON copy of the store's current frame (what the view is drawn from). */
export function frameOf(page: Page): Promise<Frame> {
  return page.evaluate(() => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) throw new Error('no test hook');
    return JSON.parse(JSON.stringify(store.getState().frame)) as Frame;
  });
}

export function uiOf(page: Page): Promise<UiState> {
  return page.evaluate(() => {
    const store = (window as HookWindow).raftlab;
    if (store === undefined) throw new Error('no test hook');
    return JSON.parse(JSON.stringify(store.getState().ui)) as UiState;
  });
}

export const nodeGlyph = (page: Page, id: number): Locator => page.getByTestId(`node-${id}`);

/** `{ 1: 'follower', 2: 'candidate', … }` as drawn on the ring. */
export async function drawnRoles(page: Page): Promise<Record<number, string>> {
  return page.evaluate(() => {
    const out: Record<number, string> = {};
    for (const el of document.querySelectorAll<SVGGElement>('[data-testid^="node-"][data-role]')) {
      const id = Number(el.dataset['testid']?.slice('node-'.length));
      if (Number.isInteger(id)) out[id] = el.dataset['role'] ?? '';
    }
    return out;
  });
}

/** Ids drawn with `role`. */
export async function drawnWithRole(page: Page, role: string): Promise<number[]> {
  const roles = await drawnRoles(page);
  return Object.entries(roles).filter(([, r]) => r === role).map(([id]) => Number(id));
}

/** The message glyphs in the ring (their focusable buttons): id, kind and accessible name. */
export async function drawnMessages(page: Page): Promise<{ id: number; kind: string; label: string }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<SVGGElement>('[data-testid="messages"] [data-testid^="msg-"][data-kind]')).map((el) => ({
      id: Number(el.dataset['testid']?.slice('msg-'.length)),
      kind: el.dataset['kind'] ?? '',
      label: el.getAttribute('aria-label') ?? '',
    })),
  );
}

/** The visible words drawn for node `id` (term, name, role, leader badge, vote pips), beside its button. */
export const nodeWords = (page: Page, id: number): Locator => page.getByTestId(`node-${id}-words`);

/** Makes sure the run is paused, through the Play/Pause button. */
export async function ensurePaused(page: Page): Promise<void> {
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.count() > 0) await pause.click();
  await expect.poll(async () => (await uiOf(page)).playing).toBe(false);
}

/** Polls `read` until `accept` holds (or fails after `timeout` ms with the last value). */
export async function until<T>(read: () => Promise<T>, accept: (v: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/** Steps with the "Step one event" button until `done` holds; returns the steps taken. */
export async function stepUntil(page: Page, done: (f: Frame) => boolean, limit: number): Promise<number> {
  const step = page.getByRole('button', { name: 'Step one event' });
  for (let i = 1; i <= limit; i++) {
    const before = (await frameOf(page)).position;
    await step.click();
    const f = await until(() => frameOf(page), (x) => x.position !== before, 'the step to show');
    if (done(f)) return i;
  }
  throw new Error(`not reached within ${limit} steps`);
}

/** Sets the speed slider (0–100, log scale: 50 = 100 ms/s, 75 = 1000 ms/s) as a user drags it. */
export async function setSpeedSlider(page: Page, position: number): Promise<void> {
  await page.getByTestId('speed').fill(String(position));
}

/** The entry the log view draws for node `id` at `index` (its tooltip and committed state); undefined if none. */
export async function logCell(page: Page, id: number, index: number): Promise<{ title: string; committed: boolean } | undefined> {
  const cell = page.getByTestId(`log-cell-${id}-${index}`);
  if ((await cell.count()) === 0) return undefined;
  const classes = ((await cell.getAttribute('class')) ?? '').split(/\s+/);
  if (!classes.includes('rl-log-entry')) return undefined;
  return { title: (await cell.getAttribute('title')) ?? '', committed: classes.includes('rl-committed') };
}

/** Waits until exactly one node is drawn as leader (optionally not `except`), returns it. */
export async function waitForDrawnLeader(page: Page, except?: number, timeout = 30_000): Promise<number> {
  const leaders = await until(
    () => drawnWithRole(page, 'leader'),
    (ids) => ids.length === 1 && ids[0] !== except,
    `a leader${except === undefined ? '' : ` other than n${except}`} on the ring`,
    timeout,
  );
  return leaders[0] as number;
}

/** Types a client command into the inspector's command box and sends it with its button. */
export async function sendCommand(page: Page, command: string): Promise<string> {
  await page.getByTestId('command-input').fill(command);
  const send = page.getByTestId('command-send');
  const label = (await send.textContent()) ?? '';
  await send.click();
  return label;
}
