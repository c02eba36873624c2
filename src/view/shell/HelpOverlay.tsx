/** The keyboard help: every shortcut, from the same table the handler uses. */
import { useEffect, useRef } from 'react';
import { KEYMAP } from '../keyboard.js';

export function HelpOverlay({ onClose }: { readonly onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <div className="rl-overlay" role="dialog" aria-modal="true" aria-labelledby="rl-help-title" data-testid="help">
      <div className="rl-overlay-card">
        <h2 id="rl-help-title">Keyboard shortcuts</h2>
        <p>Keys act on this visualizer when it has focus, and never while you type in a field.</p>
        <table>
          <tbody>
            {KEYMAP.map((k) => (
              <tr key={k.keys}>
                <th scope="row">
                  <kbd>{k.keys}</kbd>
                </th>
                <td>{k.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={closeButton} onClick={onClose} data-testid="help-close">
          Close help
        </button>
      </div>
    </div>
  );
}
