/**
 * The panels, connected to the instance's store: each reads its props through selectors and is
 * wrapped in its own error boundary. A panel whose file does not exist yet shows a placeholder.
 */
import { useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { Intervention } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { createExplanationCache } from '../../store/explanations.js';
import { selectedNode, violationHighlight } from '../../store/index.js';
import { PanelBoundary } from './PanelBoundary.js';
import { panel, type PanelProps } from './panel-registry.js';
import { useRaft, useRaftStore } from './store-context.js';

function Placeholder({ name }: { name: string }) {
  return (
    <p className="rl-placeholder" data-testid={`placeholder-${name}`}>
      The {name} panel is not available in this build.
    </p>
  );
}

/** Renders panel `name` with `props`, or its placeholder, inside an error boundary. */
export function Slot<K extends keyof PanelProps>({ name, title, props }: { name: K; title: string; props: PanelProps[K] }): ReactNode {
  const Found = panel(name);
  return <PanelBoundary name={title}>{Found === undefined ? <Placeholder name={title} /> : <Found {...props} />}</PanelBoundary>;
}

function useIntervene(control: string): (iv: Intervention) => string | undefined {
  const { actions } = useRaftStore();
  return useMemo(() => (iv: Intervention) => actions.intervene(iv, control), [actions, control]);
}

export function LogPanel() {
  const { actions } = useRaftStore();
  const view = useRaft((s) => s.frame.view);
  const selected = useRaft(selectedNode);
  const alarm = useRaft((s) => s.ui.alarm);
  const highlight = useMemo(() => violationHighlight(alarm), [alarm]);
  const onSelectNode = useMemo(() => (id: NodeId) => actions.select({ kind: 'node', id }), [actions]);
  return <Slot name="LogGrid" title="Log" props={{ view, selectedNode: selected, highlight, onSelectNode }} />;
}

/** `value`, but while `active` changing at most every `ms` (the latest value wins). */
function useThrottled<T>(value: T, active: boolean, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (!active) {
      setShown(value);
      return;
    }
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
/** While playing, the space-time diagram's present moves at most 10 times a second. */
const SPACETIME_FOLLOW_MS = 100;

export function EventsPanel() {
  const store = useRaftStore();
  const playing = useRaft((s) => s.ui.playing);
  const end = useThrottled(useRaft((s) => s.frame.end), playing, LOG_FOLLOW_MS);
  const position = useThrottled(useRaft((s) => s.frame.position), playing, LOG_FOLLOW_MS);
  const generation = useRaft((s) => s.frame.generation);
  const nodes = useRaft((s) => s.frame.view.nodes);
  const alarm = useRaft((s) => s.ui.alarm);
  const [version, loaded] = useReducer((v: number) => v + 1, 0);
  const cache = useMemo(() => createExplanationCache(store.queries.history, loaded), [store, generation]);
  useMemo(() => cache.sync(), [cache, end, position]);
  const props = useMemo(
    () => ({
      total: end,
      present: position,
      summaryAt: (i: number) => store.queries.summaryAt(i),
      explanationAt: (i: number) => cache.get(i),
      requestExplanations: (from: number, to: number) => cache.request(from, to),
      nodes: nodes.map((x) => x.id),
      onSeek: (i: number) => {
        store.actions.pause();
        store.actions.seek(i);
      },
      jumpTo: alarm?.eventIndex,
    }),
    // `version` makes new accessors when explanations arrive, so the log re-renders.
    [store, cache, end, position, nodes, alarm, version],
  );
  return <Slot name="EventLog" title="Events" props={props} />;
}

/** The space-time window follows the present until the user pans or zooms it. */
const FOLLOW_SPAN_MS = 1500;

export function SpaceTimePanel() {
  const store = useRaftStore();
  const playing = useRaft((s) => s.ui.playing);
  // While playing, several events happen per frame: the slice (and its arrows) is rebuilt at most
  // ten times a second, not once per event.
  const position = useThrottled(useRaft((s) => s.frame.position), playing, SPACETIME_FOLLOW_MS);
  const end = useThrottled(useRaft((s) => s.frame.end), playing, SPACETIME_FOLLOW_MS);
  const now = useThrottled(useRaft((s) => s.frame.now), playing, SPACETIME_FOLLOW_MS);
  // The lanes depend on which nodes exist, not on the node views (new whenever a node changes).
  const idsKey = useRaft((s) => s.frame.view.nodes.map((n) => n.id).join(','));
  const [fixed, setFixed] = useState<{ from: number; to: number } | undefined>(undefined);
  const follow = fixed === undefined;
  // While following, the window moves in whole steps so the slice is rebuilt per event, not per frame.
  const to = follow ? Math.max(FOLLOW_SPAN_MS, Math.ceil(now / 100) * 100) : fixed.to;
  const from = follow ? to - FOLLOW_SPAN_MS : fixed.from;
  const slice = useMemo(() => store.queries.spaceTime(from, to), [store, from, to, position, end]);
  const ids = useMemo(() => (idsKey === '' ? [] : idsKey.split(',').map((id) => Number(id) as NodeId)), [idsKey]);
  useEffect(() => setFixed(undefined), [store]);
  return (
    <Slot
      name="SpaceTime"
      title="Space-time"
      props={{
        slice,
        nodes: ids,
        now,
        fromTime: from,
        toTime: to,
        onSeekTime: (t: number) => {
          store.actions.pause();
          store.actions.seekTime(t);
        },
        onWindowChange: (f: number, t: number) => setFixed(t - f <= 0 ? undefined : { from: f, to: t }),
      }}
    />
  );
}

export function InspectorPanel() {
  const view = useRaft((s) => s.frame.view);
  const selection = useRaft((s) => s.ui.selection);
  const onIntervene = useIntervene('inspector');
  return <Slot name="Inspector" title="Inspector" props={{ view, selection, onIntervene }} />;
}

export function NetworkPanel() {
  const view = useRaft((s) => s.frame.view);
  const onIntervene = useIntervene('network');
  return <Slot name="NetworkControls" title="Network" props={{ view, onIntervene }} />;
}

export function SettingsPanel() {
  const { actions } = useRaftStore();
  const params = useRaft((s) => s.frame.params);
  return <Slot name="Settings" title="Settings" props={{ params, onApply: actions.reset }} />;
}
