/** The cluster area: the safety banner over the ring, connected to the store. */
import { useMemo, useSyncExternalStore } from 'react';
import type { Selection } from '../../store/index.js';
import { ClusterRing } from '../cluster/ClusterRing.js';
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
  const store = useRaftStore();
  const { actions } = store;
  const view = useRaft((s) => s.frame.view);
  const time = useRaft((s) => s.frame.time);
  const now = useRaft((s) => s.frame.now);
  const selection = useRaft((s) => s.ui.selection);
  const alarm = useRaft((s) => s.ui.alarm);
  const caption = useRaft((s) => s.ui.caption);
  const violations = useRaft((s) => s.frame.violations.length);
  const reduced = useReducedMotion();
  const position = useRaft((s) => s.frame.position);
  const end = useRaft((s) => s.frame.end);
  const params = useRaft((s) => s.frame.params);
  // A drop mark fades over three of the longest message delays of simulated time.
  const fadeMs = 3 * Math.max(10, params.timing.delayMaxMs);
  // Recomputed per event (the view's time is that of the last change), not per animation frame.
  const eventTime = view.time;
  const drops = useMemo(() => {
    const slice = store.queries.spaceTime(Math.max(0, eventTime - fadeMs), eventTime);
    return slice.messages.filter((m) => m.fate === 'dropped' && m.endAt >= eventTime - fadeMs);
  }, [store, eventTime, fadeMs, position, end]);
  const onSelect = useMemo(() => (sel: Selection) => actions.select(sel), [actions]);
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
      <ClusterRing view={view} now={reduced ? time : now} selection={selection} alarmed={alarm?.nodes} drops={drops} dropFadeMs={fadeMs} onSelect={onSelect} />
    </>
  );
}
