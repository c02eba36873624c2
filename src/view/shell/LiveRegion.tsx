/**
 * Narrates events for screen readers: each event while stepping, and while playing slowly (at
 * most one sentence a second, so the reader is not flooded).
 */
import { useEffect, useState } from 'react';
import { narration, type RaftState } from '../../store/index.js';
import { useRaftStore } from './store-context.js';

/** Playing faster than this (simulated ms per second) is not narrated. */
export const NARRATE_MAX_SPEED = 100;
const MIN_GAP_MS = 1000;

export function LiveRegion() {
  const store = useRaftStore();
  const [text, setText] = useState('');
  // Listens to the store itself rather than re-rendering with every event (while playing, the
  // explanation changes on nearly every animation frame): the region renders only when it speaks.
  useEffect(() => {
    let lastSaid = 0;
    let lastIndex: number | undefined;
    const onState = (s: RaftState): void => {
      const explanation = s.frame.explanation;
      const index = explanation?.index;
      if (index === undefined || index === lastIndex) return;
      lastIndex = index;
      const { playing, speed } = s.ui;
      if (playing && speed > NARRATE_MAX_SPEED) return;
      const now = performance.now();
      if (playing && now - lastSaid < MIN_GAP_MS) return;
      lastSaid = now;
      setText(narration({ explanation }));
    };
    onState(store.getState());
    return store.subscribe(onState);
  }, [store]);
  return (
    <div className="rl-sr" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {text}
    </div>
  );
}
