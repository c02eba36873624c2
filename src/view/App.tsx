/**
 * One visualizer instance: its store in context, the layout of the design doc (desktop grid,
 * phone tabs), keyboard shortcuts scoped to the instance, theme, live narration and help.
 */
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RaftStore } from '../store/index.js';
import { handleKey } from './keyboard.js';
import { ClusterSection } from './shell/ClusterSection.js';
import { Header, Notices } from './shell/Header.js';
import { LiveRegion } from './shell/LiveRegion.js';
import { PanelBoundary } from './shell/PanelBoundary.js';
import { ScenarioSlot } from './shell/ScenarioSlot.js';
import { EventsPanel, InspectorPanel, LogPanel, NetworkPanel, SettingsPanel, SpaceTimePanel } from './shell/Panels.js';
import { StoreContext, useRaft, useRaftStore } from './shell/store-context.js';
import { Tabs } from './shell/Tabs.js';
import { Timeline } from './timeline/Timeline.js';
import './theme.css';
import './shell/app.css';

// Shown only on demand: its own chunk, loaded when first opened (an overlay, so nothing moves meanwhile).
const HelpOverlay = lazy(() => import('./shell/HelpOverlay.js').then((m) => ({ default: m.HelpOverlay })));

export interface AppProps {
  readonly store: RaftStore;
  /** Focus the instance on mount so keys work at once (the standalone page). */
  readonly autoFocus?: boolean;
}

function Area({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  const tab = useRaft((s) => s.ui.tab);
  return (
    <section className={`rl-area rl-area-${id}`} id={`rl-area-${id}`} aria-label={label} data-active={tab === id} role="region">
      <h2 className="rl-area-title">{label}</h2>
      {children}
    </section>
  );
}

function Layout() {
  const store = useRaftStore();
  const theme = useRaft((s) => s.ui.theme);
  const helpOpen = useRaft((s) => s.ui.helpOpen);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (handleKey(store, e.nativeEvent)) e.preventDefault();
  };
  return (
    <div className="rl-root rl-app" data-theme={theme === 'system' ? undefined : theme} onKeyDown={onKeyDown} tabIndex={-1} data-testid="raftlab">
      <Header settingsOpen={settingsOpen} onSettings={() => setSettingsOpen((o) => !o)} />
      <Notices />
      {settingsOpen && (
        <section id="rl-settings" className="rl-settings" aria-label="Settings">
          <SettingsPanel />
        </section>
      )}
      <main className="rl-grid">
        <section className="rl-area rl-area-cluster" aria-label="Cluster">
          <PanelBoundary name="Cluster">
            <ClusterSection />
          </PanelBoundary>
        </section>
        {/* Team scenario's panel (presets, editor, captions, share link); absent until its module exists. */}
        <ScenarioSlot />
        <Tabs />
        <Area id="inspector" label="Inspector">
          <InspectorPanel />
          <NetworkPanel />
        </Area>
        <Area id="log" label="Log">
          <LogPanel />
        </Area>
        <section className="rl-area rl-area-timeline" aria-label="Timeline">
          <PanelBoundary name="Timeline">
            <Timeline />
          </PanelBoundary>
        </section>
        <Area id="events" label="Events">
          <EventsPanel />
        </Area>
        <Area id="spacetime" label="Space-time">
          <SpaceTimePanel />
        </Area>
      </main>
      <LiveRegion />
      {helpOpen && (
        <Suspense fallback={null}>
          <HelpOverlay onClose={() => store.actions.setHelp(false)} />
        </Suspense>
      )}
    </div>
  );
}

export function App({ store, autoFocus = false }: AppProps) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus) root.current?.querySelector<HTMLElement>('[data-testid="raftlab"]')?.focus();
  }, [autoFocus]);
  useEffect(() => () => store.actions.pause(), [store]);
  return (
    <StoreContext.Provider value={store}>
      <div ref={root} className="rl-host">
        <Layout />
      </div>
    </StoreContext.Provider>
  );
}
