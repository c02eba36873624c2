/**
 * The panels, connected to the instance's store: each reads its props through selectors and is
 * wrapped in its own error boundary. Settings, shown only on demand, loads as its own chunk.
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { Intervention } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { createExplanationCache } from '../../store/explanations.js';
import { selectedNode, violationHighlight } from '../../store/index.js';
import { EventLog } from '../panels/EventLog.js';
import { commandLeader, Inspector, InspectorEmpty } from '../panels/Inspector.js';
import { LogGrid } from '../panels/LogGrid.js';
import { NetworkControls } from '../panels/NetworkControls.js';
import { SpaceTime } from '../panels/SpaceTime.js';
import { PanelBoundary } from './PanelBoundary.js';
import { usePaced, useRaft, useRaftStore } from './store-context.js';

const Settings = lazy(() => import('../panels/Settings.js').then((m) => ({ default: m.Settings })));

/** A panel inside its error boundary. */
function Slot({ title, children }: { title: string; children: ReactNode }): ReactNode {
  return <PanelBoundary name={title}>{children}</PanelBoundary>;
}

function useIntervene(control: string): (iv: Intervention) => string | undefined {
  const { actions } = useRaftStore();
  return useMemo(() => (iv: Intervention) => actions.intervene(iv, control), [actions, control]);
}

export function LogPanel() {
  const { actions } = useRaftStore();
  const view = usePaced((f) => f.view);
  const selected = useRaft(selectedNode);
  const alarm = useRaft((s) => s.ui.alarm);
  const highlight = useMemo(() => violationHighlight(alarm), [alarm]);
  const onSelectNode = useMemo(() => (id: NodeId) => actions.select({ kind: 'node', id }), [actions]);
  return (
    <Slot title="Log">
      <LogGrid view={view} selectedNode={selected} highlight={highlight} onSelectNode={onSelectNode} />
    </Slot>
  );
}

/** `value`, but while `active` changing at most every `ms` (the latest value wins). */
function useThrottled<T>(value: T, active: boolean, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  // Catch up when throttling starts (before paint). While inactive, `value` is returned as it is and
  // nothing is stored: a state update per change would cost every seek a second render.
  useLayoutEffect(() => {
    if (active) setShown(value);
    // Only the start of throttling matters here; the effect below follows `value`.
  }, [active]);
  useEffect(() => {
    if (!active) return;
    const wait = last.current + ms - performance.now();
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [value, active, ms]);
  return active ? shown : value;
}

/**
 * While playing, the event log follows the present once a second, not every frame: each follow
 * scrolls the virtualized list, which forces a layout of the page (measured as the largest
 * main-thread cost at 9 nodes). Paused or stepping, it follows every event.
 */
const LOG_FOLLOW_MS = 1000;

/** The ids of the nodes, as a stable array: the same while the cluster's membership is the same. */
function useNodeIds(): readonly NodeId[] {
  // The node views are new whenever a node changes; the lanes and filters need only the ids.
  const idsKey = usePaced((f) => f.view.nodes.map((n) => n.id).join(','));
  return useMemo(() => (idsKey === '' ? [] : idsKey.split(',').map((id) => Number(id) as NodeId)), [idsKey]);
}

export function EventsPanel() {
  const store = useRaftStore();
  const playing = useRaft((s) => s.ui.playing);
  const end = useThrottled(usePaced((f) => f.end), playing, LOG_FOLLOW_MS);
  const position = useThrottled(usePaced((f) => f.position), playing, LOG_FOLLOW_MS);
  const generation = usePaced((f) => f.generation);
  const nodes = useNodeIds();
  const jumpTo = useRaft((s) => s.ui.alarm?.eventIndex);
  const markers = usePaced((f) => f.markers);
  const [version, loaded] = useReducer((v: number) => v + 1, 0);
  const cache = useMemo(() => createExplanationCache(store.queries.history, loaded), [store, generation]);
  useMemo(() => cache.sync(), [cache, end, position]);
  // Stable across renders, so the log's lines (memoized) re-render only when what they show changed.
  const summaryAt = useCallback((i: number) => store.queries.summaryAt(i), [store]);
  const requestExplanations = useCallback((from: number, to: number) => cache.request(from, to), [cache]);
  const onSeek = useCallback(
    (i: number) => {
      store.actions.pause();
      store.actions.seek(i);
    },
    [store],
  );
  // A new accessor when explanations arrive (`version`) or the cache changes, so the log re-renders.
  const explanationAt = useMemo(() => (i: number) => cache.get(i), [cache, version]);
  return (
    <Slot title="Events">
      <EventLog total={end} present={position} summaryAt={summaryAt} explanationAt={explanationAt} requestExplanations={requestExplanations} nodes={nodes} onSeek={onSeek} jumpTo={jumpTo} markers={markers} />
    </Slot>
  );
}

/**
 * The span of the window that follows the present (until the user pans or zooms): a dozen
 * heartbeat rounds, so each round's arrows stay apart in a panel a few hundred pixels wide (at a
 * fixed 1,500 ms, the default 50 ms heartbeat drew 30 rounds as one mesh), and never under 400 ms,
 * which holds an election at the default timing.
 */
export function followSpanMs(heartbeatMs: number): number {
  return Math.min(3000, Math.max(400, Math.round((12 * heartbeatMs) / 100) * 100));
}

export function SpaceTimePanel() {
  const store = useRaftStore();
  // The paced present: while playing, several events happen per frame, and the slice (and its
  // arrows) is rebuilt at most ten times a second, not once per event.
  const position = usePaced((f) => f.position);
  const end = usePaced((f) => f.end);
  const now = usePaced((f) => f.now);
  const ids = useNodeIds();
  const span = followSpanMs(useRaft((s) => s.frame.params.timing.heartbeatMs));
  const [fixed, setFixed] = useState<{ from: number; to: number } | undefined>(undefined);
  const follow = fixed === undefined;
  // While following, the window moves in whole steps so the slice is rebuilt per event, not per frame.
  const to = follow ? Math.max(span, Math.ceil(now / 100) * 100) : fixed.to;
  const from = follow ? to - span : fixed.from;
  const slice = useMemo(() => store.queries.spaceTime(from, to), [store, from, to, position, end]);
  useEffect(() => setFixed(undefined), [store]);
  const onSeekTime = useCallback(
    (t: number) => {
      store.actions.pause();
      store.actions.seekTime(t);
    },
    [store],
  );
  const onWindowChange = useCallback((f: number, t: number) => setFixed(t - f <= 0 ? undefined : { from: f, to: t }), []);
  return (
    <Slot title="Space-time">
      <SpaceTime slice={slice} nodes={ids} now={now} fromTime={from} toTime={to} onSeekTime={onSeekTime} onWindowChange={onWindowChange} />
    </Slot>
  );
}

export function InspectorPanel() {
  const store = useRaftStore();
  const selection = useRaft((s) => s.ui.selection);
  // With nothing selected the inspector shows only the command form and "add a member": it
  // follows the leader and the node ids, not the whole view (which changes with every event).
  const view = usePaced((f) => (selection === undefined ? undefined : f.view));
  const leader = usePaced((f) => commandLeader(f.view));
  const nodes = useNodeIds();
  const onIntervene = useIntervene('inspector');
  return (
    <Slot title="Inspector">
      {view === undefined ? <InspectorEmpty leader={leader} nodes={nodes} onIntervene={onIntervene} check={store.queries.check} /> : <Inspector view={view} selection={selection} onIntervene={onIntervene} check={store.queries.check} />}
    </Slot>
  );
}

export function NetworkPanel() {
  // Each part keeps its identity while unchanged (shared by the simulator's view), so the panel
  // re-renders when the network changes, not at the paced rate.
  const nodes = useNodeIds();
  const partition = usePaced((f) => f.view.partition);
  const cuts = usePaced((f) => f.view.cuts);
  const params = usePaced((f) => f.view.params);
  const onIntervene = useIntervene('network');
  return (
    <Slot title="Network">
      <NetworkControls nodes={nodes} partition={partition} cuts={cuts} params={params} onIntervene={onIntervene} />
    </Slot>
  );
}

export function SettingsPanel() {
  const { actions } = useRaftStore();
  const params = useRaft((s) => s.frame.params);
  return (
    <Slot title="Settings">
      <Suspense fallback={<p className="rl-muted">Loading the settings…</p>}>
        <Settings params={params} onApply={actions.reset} />
      </Suspense>
    </Slot>
  );
}
