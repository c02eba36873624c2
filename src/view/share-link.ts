/**
 * Opening a share link (`#rl=...`) at start: the scenario layer decodes it into a Simulation (its
 * `openLink(hash)` from src/scenario/index.ts, found by file name so the page builds before that
 * module exists); the page adopts it, or reports the link's error and keeps the default cluster.
 *
 * @module
 */
import type { Simulation } from '../sim/index.js';
import type { RaftStore } from '../store/index.js';

type OpenLink = (hash: string) => { readonly sim: Simulation } | { readonly error: string };

const modules = import.meta.glob<Record<string, unknown>>('../scenario/index.ts', { eager: true });

function findOpenLink(): OpenLink | undefined {
  for (const mod of Object.values(modules)) if (typeof mod['openLink'] === 'function') return mod['openLink'] as OpenLink;
  return undefined;
}

/** Adopts the simulation a `#rl=` link describes; false (with a notice) if it cannot. */
export function openShareLink(store: RaftStore, hash: string, openLink: OpenLink | undefined = findOpenLink()): boolean {
  if (!hash.startsWith('#rl=')) return false;
  if (openLink === undefined) {
    store.actions.notify('This build cannot open shared links; showing the default cluster.');
    return false;
  }
  let result: ReturnType<OpenLink>;
  try {
    result = openLink(hash);
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  if ('error' in result) {
    store.actions.notify(`The shared link could not be opened: ${result.error}. Showing the default cluster.`);
    return false;
  }
  store.actions.adopt(result.sim, 'Opened a shared link.');
  return true;
}
