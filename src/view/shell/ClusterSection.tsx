/** The cluster area: the safety banner over the ring, connected to the store. */
import { useSyncExternalStore } from 'react';
import { LiveCluster } from '../cluster/LiveCluster.js';
import { SafetyBanner } from './SafetyBanner.js';
import { useRaft, useRaftStore } from './store-context.js';

const REDUCED = '(prefers-reduced-motion: reduce)';

let reducedQuery: MediaQueryList | undefined;

/** The media query, made once (calling matchMedia on every render costs a style lookup). */
function reducedMotionQuery(): MediaQueryList | undefined {
  if (reducedQuery === undefined && typeof matchMedia === 'function') reducedQuery = matchMedia(REDUCED);
  return reducedQuery;
}

function subscribeReduced(onChange: () => void): () => void {
  const q = reducedMotionQuery();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}

/** True when the user asked for reduced motion. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReduced, () => reducedMotionQuery()?.matches === true, () => false);
}

export function ClusterSection() {
  const { actions } = useRaftStore();
  const alarm = useRaft((s) => s.ui.alarm);
  const caption = useRaft((s) => s.ui.caption);
  const violations = useRaft((s) => s.frame.violations.length);
  const reduced = useReducedMotion();
  return (
    <>
      <SafetyBanner
        violation={alarm}
        count={violations}
        onShow={(i) => {
          actions.pause();
          actions.seek(i + 1);
        }}
        onDismiss={actions.dismissAlarm}
      />
      {caption !== undefined && (
        <p className="rl-caption" role="status" data-testid="cluster-caption">
          {caption}
        </p>
      )}
      {/* Reduced motion: things move only when an event happens (positions jump), not between events. */}
      <LiveCluster reduced={reduced} />
    </>
  );
}
