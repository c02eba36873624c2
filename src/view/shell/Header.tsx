/** The header: what is running (seed, nodes), settings, theme, and the keyboard help. */
import type { ThemeChoice } from '../../store/index.js';
import { useRaft, useRaftStore } from './store-context.js';

const NEXT_THEME: Readonly<Record<ThemeChoice, ThemeChoice>> = { system: 'dark', dark: 'light', light: 'system' };

/** A timeline forking in two (drawn: the ⑂ character is missing from many fonts). */
function ForkIcon() {
  return (
    <svg className="rl-fork-icon" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M3 1v10M3 6c0-2.5 6-1.5 6-4.5V1" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function Header({ settingsOpen, onSettings }: { readonly settingsOpen: boolean; readonly onSettings: () => void }) {
  const { actions } = useRaftStore();
  const params = useRaft((s) => s.frame.params);
  const theme = useRaft((s) => s.ui.theme);
  const mutations = params.mutations.length;
  return (
    <header className="rl-header">
      <h1>raftlab</h1>
      <span className="rl-run" data-testid="run-info">
        seed {params.seed} · nodes {params.nodes}
        {mutations > 0 && <strong className="rl-mutated"> · {mutations} injected bug{mutations === 1 ? '' : 's'} (deliberately wrong Raft)</strong>}
      </span>
      <span className="rl-header-actions">
        <button type="button" onClick={onSettings} aria-expanded={settingsOpen} aria-controls="rl-settings" data-testid="settings-toggle">
          ⚙ Settings
        </button>
        <button type="button" onClick={() => actions.setTheme(NEXT_THEME[theme])} data-testid="theme-toggle" aria-label={`${theme} theme: switch to ${NEXT_THEME[theme]}`}>
          <span aria-hidden="true">{theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'} </span>
          {theme} theme
        </button>
        <button type="button" onClick={() => actions.setHelp(true)} data-testid="help-toggle" aria-label="? keys: keyboard shortcuts">
          ? keys
        </button>
      </span>
    </header>
  );
}

/** Start-up problems, the fork notice and keyboard errors, each dismissible. */
export function Notices() {
  const { actions } = useRaftStore();
  const notices = useRaft((s) => s.ui.notices);
  const forked = useRaft((s) => s.ui.forked);
  const keyError = useRaft((s) => s.ui.errors.keyboard);
  return (
    <div className="rl-notices">
      {notices.map((n) => (
        <p key={n} className="rl-notice rl-notice-warn" role="status" data-testid="start-notice">
          {n}
        </p>
      ))}
      {forked !== undefined && (
        <p className="rl-notice" role="status" data-testid="forked">
          <ForkIcon /> {forked}{' '}
          <button type="button" onClick={actions.clearForked}>
            OK
          </button>
        </p>
      )}
      {keyError !== undefined && (
        <p className="rl-notice rl-notice-warn" role="status" data-testid="keyboard-error">
          {keyError}{' '}
          <button type="button" onClick={() => actions.setError('keyboard', undefined)}>
            OK
          </button>
        </p>
      )}
    </div>
  );
}
