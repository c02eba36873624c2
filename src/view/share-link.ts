/**
 * Opening a share link (`#rl=...`) at start: the scenario layer decodes it into a Simulation (its
 * `openLink(hash)`); the page adopts it, or reports the link's error and keeps the default cluster.
 * The scenario layer is loaded only when the page was opened with a link (it is a separate chunk:
 * the first paint of a plain visit does not pay for it).
 *
 * @module
 */
import type { Simulation } from '../sim/index.js';
import type { RaftStore } from '../store/index.js';

type OpenLink = (hash: string) => { readonly sim: Simulation } | { readonly error: string };

/** Loads the scenario layer if `hash` is a share link, then opens it (see `openShareLink`). */
export async function openShareLinkLazily(store: RaftStore, hash: string): Promise<boolean> {
  if (!hash.startsWith('#rl=')) return false;
  const { openLink } = await import('../scenario/index.js');
  return openShareLink(store, hash, openLink);
}

/** Adopts the simulation a `#rl=` link describes; false (with a notice) if it cannot. */
export function openShareLink(store: RaftStore, hash: string, openLink: OpenLink | undefined): boolean {
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
