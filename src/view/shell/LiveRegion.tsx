/**
 * Narrates events for screen readers: each event while stepping, and while playing slowly (at
 * most one sentence a second, so the reader is not flooded).
 */
import { useEffect, useRef, useState } from 'react';
import { narration } from '../../store/index.js';
import { useRaft } from './store-context.js';

/** Playing faster than this (simulated ms per second) is not narrated. */
export const NARRATE_MAX_SPEED = 100;
const MIN_GAP_MS = 1000;

export function LiveRegion() {
  // The explanation changes per event; the frame itself changes every animation frame.
  const explanation = useRaft((s) => s.frame.explanation);
  const playing = useRaft((s) => s.ui.playing);
  const speed = useRaft((s) => s.ui.speed);
  const [text, setText] = useState('');
  const lastSaid = useRef(0);
  const index = explanation?.index;
  useEffect(() => {
    if (index === undefined) return;
    if (playing && speed > NARRATE_MAX_SPEED) return;
    const now = performance.now();
    if (playing && now - lastSaid.current < MIN_GAP_MS) return;
    lastSaid.current = now;
    setText(narration({ explanation }));
    // Narrate once per event, not per frame.
  }, [index]);
  return (
    <div className="rl-sr" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {text}
    </div>
  );
}
