/**
 * Watches a world event by event and notes what the nodes' accessors alone cannot tell later:
 * when each timer was armed and for what, and (at the frontier) the history a timeline draws —
 * markers, role changes, commit ticks, message spans and refused votes.
 *
 * Only the nodes an event can have changed are read: the touched node and those a hook named
 * (every node when the event touches none), a handful of accessor calls per event.
 *
 * @module
 */
import type { Message } from '../../raft/index.js';
import type { NodeId, Term } from '../../raft/types.js';
import { kindFlags, MARKER, type EventLog } from './history.js';
import type { SpaceTimeLog } from './spacetime.js';
import type { EventKind, InFlight, NodeSlot, World, WorldObserver } from '../engine/world.js';

const MAX_ID = 16;
const ROLE_CODE = { Follower: 1, Candidate: 2, Leader: 3 } as const;

/** The part of a track a checkpoint keeps: what the world itself does not remember. */
export interface TrackSnapshot {
  readonly armedAt: Float64Array;
  readonly election: number;
  readonly maxCommit: number;
}

/**
 * Per node: role code (0 down, -1 never seen), term, commit index, timer token, when the timer
 * was armed and whether it is an election timer; and the highest index committed so far.
 */
export class NodeTrack {
  readonly role = new Int8Array(MAX_ID).fill(-1);
  readonly term = new Float64Array(MAX_ID);
  readonly commit = new Float64Array(MAX_ID);
  readonly token = new Float64Array(MAX_ID).fill(-1);
  readonly armedAt = new Float64Array(MAX_ID);
  readonly election = new Uint8Array(MAX_ID);
  maxCommit = 0;
  /** How many nodes were seen at least once (a new slot must be read even if not touched). */
  known = 0;

  /** A track for `world` with the timers of `snapshot` (a world at the checkpoint's event). */
  static restore(world: World, snapshot: TrackSnapshot): NodeTrack {
    const track = new NodeTrack();
    const scratch: NodeChange = { roleChanged: false, before: 0, commitRose: false };
    for (const slot of world.slots) {
      observeNode(track, slot, 0, scratch);
      track.armedAt[slot.id] = snapshot.armedAt[slot.id] ?? 0;
      track.election[slot.id] = (snapshot.election >> slot.id) & 1;
    }
    track.maxCommit = snapshot.maxCommit;
    return track;
  }

  snapshot(): TrackSnapshot {
    let election = 0;
    for (let id = 0; id < MAX_ID; id++) if (this.election[id] === 1) election |= 1 << id;
    return { armedAt: this.armedAt.slice(), election, maxCommit: this.maxCommit };
  }

  /** The timer of `id` as armed: when and whether it is an election timer. */
  timer(id: NodeId): { readonly armedAt: number; readonly election: boolean } {
    return { armedAt: this.armedAt[id] ?? 0, election: this.election[id] === 1 };
  }
}

/** What changed on one node during an event. */
interface NodeChange {
  roleChanged: boolean;
  before: number;
  commitRose: boolean;
}

/** Reads `slot` after an event and updates `track`; returns what changed. */
function observeNode(track: NodeTrack, slot: NodeSlot, now: number, change: NodeChange): void {
  const id = slot.id;
  const node = slot.node;
  const role = node === undefined ? 0 : ROLE_CODE[node.role()];
  const term = node === undefined ? slot.durable.term : node.currentTerm();
  change.before = track.role[id] as number;
  if (change.before === -1) track.known++;
  change.roleChanged = role !== change.before || term !== track.term[id];
  track.role[id] = role;
  track.term[id] = term;
  const commit = node === undefined ? 0 : slot.commit; // the durable commit the world acts on (World.commitIndexOf)
  change.commitRose = commit > (track.commit[id] as number);
  track.commit[id] = commit;
  if (slot.timerToken !== track.token[id]) {
    track.token[id] = slot.timerToken;
    track.armedAt[id] = now;
    track.election[id] = role === ROLE_CODE.Leader ? 0 : 1;
  }
}

/**
 * The observer itself. Not recording (`history` undefined) it only keeps the track, as on a
 * replayed world in the past; recording, it also appends to the history at every event's end.
 */
export class Tracker implements WorldObserver {
  private kind: EventKind = 'bootstrap';
  private touched: NodeId | undefined;
  private hooked = 0;
  private violationsBefore = 0;
  private readonly change: NodeChange = { roleChanged: false, before: 0, commitRose: false };
  /** The item the next deliver event delivers (set by the simulation before it steps). */
  delivering: InFlight | undefined;
  private readonly open = new Set<number>();

  constructor(
    readonly track: NodeTrack,
    private readonly world: () => World,
    private readonly history?: { readonly events: EventLog; readonly spaceTime: SpaceTimeLog; readonly violations: () => number },
  ) {
    if (history !== undefined) for (const id of world().inFlight.keys()) this.open.add(id);
  }

  beginEvent(_index: number, touched: NodeId | undefined, kind: EventKind): void {
    this.kind = kind;
    this.touched = touched;
    this.hooked = 0;
    if (this.history !== undefined) this.violationsBefore = this.history.violations();
  }
  append(node: NodeId): void {
    this.hooked |= 1 << node;
  }
  voteSaved(node: NodeId): void {
    this.hooked |= 1 << node;
  }
  snapshotInstalled(node: NodeId): void {
    this.hooked |= 1 << node;
  }
  restarted(node: NodeId): void {
    this.hooked |= 1 << node;
  }
  crashed(node: NodeId): void {
    this.hooked |= 1 << node;
  }

  endEvent(): void {
    const world = this.world();
    let flags = kindFlags(this.kind);
    if (this.kind === 'timer' && this.touched !== undefined && this.track.election[this.touched] === 1) flags |= MARKER.timeout;
    const all = this.touched === undefined || world.slots.length !== this.track.known;
    for (const slot of world.slots) {
      if (all || slot.id === this.touched || (this.hooked & (1 << slot.id)) !== 0) flags |= this.observe(world, slot);
    }
    const history = this.history;
    if (history === undefined) return;
    this.recordMessages(world, history.spaceTime);
    if (history.violations() > this.violationsBefore) flags |= MARKER.violation;
    history.events.push(world.now, this.kind, this.touched, flags);
  }

  private observe(world: World, slot: NodeSlot): number {
    const c = this.change;
    observeNode(this.track, slot, world.now, c);
    const history = this.history;
    if (history === undefined) return 0;
    let flags = 0;
    const id = slot.id;
    const role = this.track.role[id] as number;
    if (c.roleChanged) {
      history.spaceTime.addRole(world.events, id, role, this.track.term[id] as Term);
      if (role === ROLE_CODE.Leader && c.before !== ROLE_CODE.Leader) flags |= MARKER.leaderElected;
      if (c.before === ROLE_CODE.Leader && role !== ROLE_CODE.Leader) flags |= MARKER.leaderLost;
    }
    if (c.commitRose) {
      const commit = this.track.commit[id] as number;
      history.spaceTime.addCommit(world.events, id, commit);
      if (commit > this.track.maxCommit) {
        this.track.maxCommit = commit;
        flags |= MARKER.commit;
      }
    }
    return flags;
  }

  /** New items become spans; the delivered or removed ones are closed with their fate. */
  private recordMessages(world: World, log: SpaceTimeLog): void {
    const event = world.events;
    const delivering = this.kind === 'deliver' ? this.delivering : undefined;
    this.delivering = undefined;
    for (let id = log.spans + 1; id < world.nextItemId; id++) {
      const item = world.inFlight.get(id);
      if (item === undefined) {
        // Sent and removed within one event: never on the wire.
        log.addSpan(1 as NodeId, 1 as NodeId, 0, 0, world.now, false, 0);
        log.closeSpan(id, event, true);
      } else {
        addSpanOf(log, item, delivering);
        this.open.add(id);
      }
    }
    if (delivering !== undefined && this.open.delete(delivering.id)) this.delivered(world, log, delivering, event);
    if (world.inFlight.size === this.open.size) return;
    for (const id of this.open) {
      if (world.inFlight.has(id)) continue;
      this.open.delete(id);
      log.closeSpan(id, event, true);
    }
  }

  private delivered(world: World, log: SpaceTimeLog, item: InFlight, event: number): void {
    const receiver = world.slot(item.to)?.node;
    const lost = receiver === undefined || world.net.blocked(item.from, item.to);
    log.closeSpan(item.id, event, lost);
    if (lost || item.payload.kind !== 'message') return;
    const m = item.payload.message;
    if (m.kind === 'RequestVoteReply' && !m.voteGranted && receiver.role() === 'Candidate' && receiver.currentTerm() === m.term) {
      log.addRefusal(event, item.to, item.from, m.term);
    }
  }
}

const KIND_CODE = { RequestVoteCall: 0, RequestVoteReply: 1, AppendEntriesCall: 2, AppendEntriesReply: 3 } as const;
const SNAPSHOT_CODE = 4;

function addSpanOf(log: SpaceTimeLog, item: InFlight, delivering: InFlight | undefined): void {
  const p = item.payload;
  if (p.kind === 'snapshot') return log.addSpan(item.from, item.to, SNAPSHOT_CODE, p.snapshot.position.term, item.sentAt, true, 0);
  const m = p.message;
  const entries = m.kind === 'AppendEntriesCall' ? m.entries.lastPosition.index - m.entries.prevPosition.index : 0;
  log.addSpan(item.from, item.to, KIND_CODE[m.kind], m.term, item.sentAt, okOf(item, m, delivering), entries);
}

/** Granted, for a vote reply; for an append reply, whether it accepts the call being handled. */
function okOf(item: InFlight, m: Message, delivering: InFlight | undefined): boolean {
  if (m.kind === 'RequestVoteReply') return m.voteGranted;
  if (m.kind !== 'AppendEntriesReply') return false;
  const call = delivering?.payload.kind === 'message' ? delivering.payload.message : undefined;
  if (call?.kind !== 'AppendEntriesCall' || delivering?.to !== item.from || call.from !== item.to) return false;
  return m.term === call.term && m.lastPosition.index >= call.entries.lastPosition.index;
}
