// The standalone page: one visualizer instance, started from the query parameters (seed, nodes,
// speed). A bad parameter is reported in the page and replaced by its default.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRaftStore, readStartParams } from './store/index.js';
import { App } from './view/App.js';
import { handleKey } from './view/keyboard.js';
import { createRafScheduler } from './view/raf-scheduler.js';
import { openShareLinkLazily } from './view/share-link.js';

const start = readStartParams(location.search);
const store = createRaftStore({ seed: start.seed, nodes: start.nodes }, { scheduler: createRafScheduler(), speed: start.speed, notices: start.problems });
// A share link (#rl=...) replaces the default cluster with the shared run, at the shared event.
void openShareLinkLazily(store, location.hash);
// Tests and benchmarks read the store's frames (e.g. step back 10 and forward 10: identical view).
(window as unknown as { raftlab?: unknown }).raftlab = store;

// Keys pressed with nothing focused go to the page's only instance.
document.addEventListener('keydown', (e) => {
  if ((document.activeElement === document.body || document.activeElement === null) && handleKey(store, e)) e.preventDefault();
});

const host = document.getElementById('app');
if (host === null) throw new Error('index.html has no #app element');
createRoot(host).render(
  <StrictMode>
    <App store={store} autoFocus />
  </StrictMode>,
);
