/**
 * The one place that knows how the store talks to the simulator, so the rest of the store and the
 * view use the door contract's names (revision, check, markers, spaceTime, votes, timers, structured
 * messages) whether or not the simulator already offers them.
 *
 * @module
 */
import {
  InterventionError,
  validateIntervention,
  type ClusterView,
  type Intervention,
  type MessageView,
  type NodeView,
  type Simulation,
} from '../sim/index.js';
import type { LogPosition, NodeId, Term } from '../raft/index.js';

/** Per-event flags (the door's MARKER). */
export const MARKER = {
  leaderElected: 1,
  leaderLost: 2,
  commit: 4,
  crash: 8,
  restart: 16,
  intervention: 32,
  violation: 64,
  partition: 128,
  heal: 256,
  timeout: 512,
} as const;

/** One flagged event on the timeline. */
export interface Marker {
  readonly index: number;
  readonly time: number;
  readonly flags: number;
  readonly node: NodeId | undefined;
}

/** The message kinds the view draws. */
export type MessageKind = 'RequestVoteCall' | 'RequestVoteReply' | 'AppendEntriesCall' | 'AppendEntriesReply' | 'Snapshot';

/** The space-time diagram's data between two simulated times (the door's shape). */
export interface SpaceTimeSlice {
  readonly messages: readonly {
    id: number;
    from: NodeId;
    to: NodeId;
    kind: MessageKind;
    term: Term;
    sentAt: number;
    endAt: number;
    fate: 'delivered' | 'dropped' | 'inFlight' | 'held';
    label: string;
  }[];
  readonly roles: readonly { node: NodeId; role: 'Follower' | 'Candidate' | 'Leader' | 'Down'; term: Term; from: number; to: number }[];
  readonly commits: readonly { node: NodeId; time: number; index: number }[];
}

/** The structured fields of a message the glyphs need (present on the door's MessageView). */
export interface MessageFields {
  readonly term?: Term;
  readonly granted?: boolean;
  readonly success?: boolean;
  readonly entryCount?: number;
  readonly lastPosition?: LogPosition;
}

/** A node's timer as the ring draws it. */
export interface TimerView {
  readonly kind: 'election' | 'heartbeat';
  readonly armedAt: number;
  readonly deadline: number;
}

/** The structured fields of a message: from the view when the simulator gives them. */
export function messageFields(m: MessageView): MessageFields {
  return m as MessageView & MessageFields;
}

/** The votes a candidate has been granted (incl. itself) and refused this term. */
export function votesOf(n: NodeView): { granted: readonly NodeId[]; refused: readonly NodeId[] } {
  const v = n as NodeView & { votesGranted?: readonly NodeId[]; votesRefused?: readonly NodeId[] };
  return { granted: v.votesGranted ?? [], refused: v.votesRefused ?? [] };
}

/** The node's armed timer, or undefined. */
export function timerOf(n: NodeView, heartbeatMs: number, electionMaxMs: number): TimerView | undefined {
  const t = (n as NodeView & { timer?: TimerView }).timer;
  if (t !== undefined) return t;
  if (n.timerDeadline === undefined || !n.up) return undefined;
  // Without the door's armedAt: the longest span the timer could have been armed for.
  const heartbeat = n.role === 'Leader';
  return { kind: heartbeat ? 'heartbeat' : 'election', armedAt: n.timerDeadline - (heartbeat ? heartbeatMs : electionMaxMs), deadline: n.timerDeadline };
}

/** The refusal `sim.apply(iv)` would throw, or undefined; no side effect. */
export function checkIntervention(sim: Simulation, iv: Intervention): string | undefined {
  const door = sim as Simulation & { check?: (iv: Intervention) => string | undefined };
  if (typeof door.check === 'function') return door.check(iv);
  try {
    validateIntervention(sim.currentWorld(), iv);
    return undefined;
  } catch (e) {
    if (e instanceof InterventionError || e instanceof Error) return e.message;
    return String(e);
  }
}

/** The simulator's revision, when it keeps one. */
export function simRevision(sim: Simulation): number | undefined {
  const r = (sim as Simulation & { revision?: number }).revision;
  return typeof r === 'number' ? r : undefined;
}

/** The view of the present, with structured message fields filled in when the simulator lacks them. */
export function viewOfSim(sim: Simulation): ClusterView {
  const view = sim.view();
  if (view.inFlight.length === 0 || messageFields(view.inFlight[0] as MessageView).term !== undefined) return view;
  const world = sim.currentWorld();
  const inFlight = view.inFlight.map((m) => {
    const item = world.inFlight.get(m.id);
    if (item === undefined) return m;
    if (item.payload.kind === 'snapshot') return { ...m, term: item.payload.snapshot.position.term, lastPosition: item.payload.snapshot.position };
    const msg = item.payload.message;
    switch (msg.kind) {
      case 'RequestVoteCall':
        return { ...m, term: msg.term, lastPosition: msg.lastPosition };
      case 'RequestVoteReply':
        return { ...m, term: msg.term, granted: msg.voteGranted };
      case 'AppendEntriesCall':
        return { ...m, term: msg.term, entryCount: msg.entries.lastPosition.index - msg.entries.prevPosition.index };
      case 'AppendEntriesReply':
        return { ...m, term: msg.term, lastPosition: msg.lastPosition };
    }
  });
  return { ...view, inFlight };
}

type Door = Simulation & {
  markers?: (from?: number, to?: number) => readonly Marker[];
  spaceTime?: (from: number, to: number) => SpaceTimeSlice;
};

const KIND_FLAGS: Readonly<Record<string, number>> = {
  crash: MARKER.crash | MARKER.intervention,
  restart: MARKER.restart | MARKER.intervention,
  timeout: MARKER.timeout | MARKER.intervention,
  partition: MARKER.partition | MARKER.intervention,
  cut: MARKER.partition | MARKER.intervention,
  heal: MARKER.heal | MARKER.intervention,
};

/** Flagged events in [from, to): the simulator's, or (without the door) those the event kinds reveal. */
export function markersOf(sim: Simulation, from: number, to: number): readonly Marker[] {
  const door = sim as Door;
  if (typeof door.markers === 'function') return door.markers(from, to);
  const out: Marker[] = [];
  for (let i = Math.max(1, from); i < to; i++) {
    const e = sim.event(i);
    if (e === undefined) continue;
    const flags = KIND_FLAGS[e.kind] ?? (e.kind === 'deliver' || e.kind === 'timer' || e.kind === 'sync' ? 0 : MARKER.intervention);
    if (flags !== 0) out.push({ index: i, time: e.time, flags, node: e.node });
  }
  return out;
}

/** The space-time slice; without the door, only the messages now in flight. */
export function spaceTimeOf(sim: Simulation, view: ClusterView, from: number, to: number): SpaceTimeSlice {
  const door = sim as Door;
  if (typeof door.spaceTime === 'function') return door.spaceTime(from, to);
  const messages = view.inFlight.map((m) => ({
    id: m.id,
    from: m.from,
    to: m.to,
    kind: m.kind as MessageKind,
    term: messageFields(m).term ?? (0 as Term),
    sentAt: m.sentAt,
    endAt: m.deliverAt,
    fate: m.held ? ('held' as const) : ('inFlight' as const),
    label: m.text,
  }));
  return { messages, roles: [], commits: [] };
}
