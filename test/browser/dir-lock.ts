/**
 * A lock between test processes (vitest runs files in parallel): a directory, because mkdir is
 * atomic. Used for the one-time Chromium unpack and the cached production build.
 *
 * @module
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `body` holding the lock directory `lock`, waiting while another process holds it. A lock
 * older than `staleMs` is taken to be left by a dead process and broken; waiting longer than
 * twice that fails.
 */
export async function withDirLock<T>(lock: string, staleMs: number, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > 2 * staleMs) throw new Error(`timed out waiting for the lock ${lock}`);
      else await sleep(250);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
