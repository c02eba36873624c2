/**
 * The ring connected to its instance's store. It re-renders when an event changes what the ring
 * shows (the view, selection, alarm, drops), never because the playhead moved: the playhead is
 * handed to the ring as a clock, and the ring's motion layer redraws timer arcs, message glyphs
 * and drop marks from it on every store update that moved only the playhead.
 */
import { useMemo } from 'react';
import type { RaftState, RaftStore, Selection } from '../../store/index.js';
import { useRaft, useRaftStore } from '../shell/store-context.js';
import { ClusterRing, type PlayheadClock } from './ClusterRing.js';

/** Whether LiveCluster would render the same for both states (what it selects, minus the playhead). */
function sameRing(a: RaftState, b: RaftState): boolean {
  return (
    a.frame.view === b.frame.view &&
    a.frame.params === b.frame.params &&
    a.paced.position === b.paced.position &&
    a.paced.end === b.paced.end &&
    a.paced.view.time === b.paced.view.time &&
    a.ui.selection === b.ui.selection &&
    a.ui.alarm === b.ui.alarm
  );
}

/**
 * The store's playhead as a clock: reduced motion draws the present event's time (positions
 * jump per event), otherwise the playhead between events. A move that came with a change the
 * ring renders is drawn by that render instead.
 */
export function playheadClock(store: RaftStore, reduced: boolean): PlayheadClock {
  return {
    now: () => (reduced ? store.getState().frame.time : store.getState().frame.now),
    subscribe: (onMove) =>
      store.subscribe((s, prev) => {
        if (s.frame !== prev.frame && sameRing(s, prev)) onMove();
      }),
  };
}

export function LiveCluster({ reduced }: { readonly reduced: boolean }) {
  const store = useRaftStore();
  const view = useRaft((s) => s.frame.view);
  const selection = useRaft((s) => s.ui.selection);
  const alarm = useRaft((s) => s.ui.alarm);
  // Drops are found at the paced rate (per event when paused or stepping, ≤ 10×/s while playing):
  // the query reads the space-time history (only the dropped spans are built, but every span of
  // the window is looked at), too much to repeat on every event of a crowded run.
  const position = useRaft((s) => s.paced.position);
  const end = useRaft((s) => s.paced.end);
  const eventTime = useRaft((s) => s.paced.view.time);
  const params = useRaft((s) => s.frame.params);
  // A drop mark fades over three of the longest message delays of simulated time.
  const fadeMs = 3 * Math.max(10, params.timing.delayMaxMs);
  const drops = useMemo(() => {
    return store.queries.dropped(Math.max(0, eventTime - fadeMs), eventTime).filter((m) => m.endAt >= eventTime - fadeMs);
  }, [store, eventTime, fadeMs, position, end]);
  const clock = useMemo(() => playheadClock(store, reduced), [store, reduced]);
  const onSelect = useMemo(() => (sel: Selection) => store.actions.select(sel), [store]);
  return <ClusterRing view={view} now={clock.now()} clock={clock} selection={selection} alarmed={alarm?.nodes} drops={drops} dropFadeMs={fadeMs} onSelect={onSelect} />;
}
