/** The phone layout's tabs (Log / Events / Space-time / Inspector); hidden on wide screens. */
import type { PhoneTab } from '../../store/index.js';
import { useRaft, useRaftStore } from './store-context.js';

export const TABS: readonly { readonly id: PhoneTab; readonly label: string }[] = [
  { id: 'log', label: 'Log' },
  { id: 'events', label: 'Events' },
  { id: 'spacetime', label: 'Space-time' },
  { id: 'inspector', label: 'Inspector' },
];

export function Tabs() {
  const { actions } = useRaftStore();
  const tab = useRaft((s) => s.ui.tab);
  return (
    <div className="rl-tabs" role="tablist" aria-label="Panels">
      {TABS.map((t) => (
        <button key={t.id} type="button" role="tab" id={`rl-tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`rl-area-${t.id}`} onClick={() => actions.setTab(t.id)} data-testid={`tab-${t.id}`}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
