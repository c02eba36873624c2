/**
 * The scenario area (`ScenarioPanel { store }` from src/view/scenario), loaded as its own chunk on
 * first render so the page's first paint does not wait for the scenario language and presets.
 */
import { lazy, Suspense } from 'react';
import { PanelBoundary } from './PanelBoundary.js';
import { useRaftStore } from './store-context.js';

const ScenarioPanel = lazy(() => import('../scenario/index.js').then((m) => ({ default: m.ScenarioPanel })));

export function ScenarioSlot() {
  const store = useRaftStore();
  return (
    <section className="rl-area rl-area-scenario" id="rl-area-scenario" aria-label="Scenario" role="region">
      <h2 className="rl-area-title">Scenario</h2>
      <PanelBoundary name="Scenario">
        <Suspense fallback={<p className="rl-muted">Loading the scenario panel…</p>}>
          <ScenarioPanel store={store} />
        </Suspense>
      </PanelBoundary>
    </section>
  );
}
