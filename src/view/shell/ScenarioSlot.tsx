/**
 * The scenario area (team scenario's `ScenarioPanel { store }` from src/view/scenario/index.ts),
 * found by file name so the shell builds before that module exists; renders nothing until then.
 */
import type { ComponentType } from 'react';
import type { RaftStore } from '../../store/index.js';
import { PanelBoundary } from './PanelBoundary.js';
import { useRaftStore } from './store-context.js';

const modules = import.meta.glob<Record<string, unknown>>('../scenario/index.{ts,tsx}', { eager: true });

/** The scenario panel component, if the scenario team's module is in this build. */
export function scenarioPanel(): ComponentType<{ store: RaftStore }> | undefined {
  for (const mod of Object.values(modules)) {
    const found = mod['ScenarioPanel'];
    if (typeof found === 'function' || (typeof found === 'object' && found !== null)) return found as ComponentType<{ store: RaftStore }>;
  }
  return undefined;
}

export function ScenarioSlot() {
  const store = useRaftStore();
  const Panel = scenarioPanel();
  if (Panel === undefined) return null;
  return (
    <section className="rl-area rl-area-scenario" id="rl-area-scenario" aria-label="Scenario" role="region">
      <h2 className="rl-area-title">Scenario</h2>
      <PanelBoundary name="Scenario">
        <Panel store={store} />
      </PanelBoundary>
    </section>
  );
}
