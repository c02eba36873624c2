/**
 * Watches a world event by event and notes what the nodes' accessors alone cannot tell later:
 * when each timer was armed and for what, and (at the frontier) the history a timeline draws —
 * markers, role changes, commit ticks, message spans, losses at send and refused votes.
 *
 * Only the nodes an event can have changed are read: the touched node and those a hook named
 * (every node when the event touches none), a handful of accessor calls per event.
 *
 * @module
 */
import type { Message } from '../../raft/index.js';
import type { NodeId, Term } from '../../raft/types.js';
import { kindInfo, MARKER, type EventLog, type KindInfo } from './history.js';
import type { SpaceTimeLog } from './spacetime.js';
import type { EventKind, InFlight, NodeSlot, Payload, World, WorldObserver } from '../engine/world.js';

const MAX_ID = 16;
const ROLE_CODE = { Follower: 1, Candidate: 2, Leader: 3 } as const;

/** The part of a track a checkpoint keeps: what the world itself does not remember. */
export interface TrackSnapshot {
  readonly armedAt: Float64Array;
  readonly election: number;
  readonly maxCommit: number;
  readonly okReplies: readonly number[];
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
  /**
   * The in-flight AppendEntries replies that accept the call they answer (the message alone does
   * not say; the call was delivered when the reply was sent). Kept on every track, so a message
   * view in the past needs no space-time record (which `historyLimit` may have dropped).
   */
  readonly okReplies = new Set<number>();
  /** Items below this id were examined (for `okReplies`). */
  nextItem = 1;

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
    for (const id of snapshot.okReplies) track.okReplies.add(id);
    track.nextItem = world.nextItemId;
    return track;
  }

  snapshot(): TrackSnapshot {
    let election = 0;
    for (let id = 0; id < MAX_ID; id++) if (this.election[id] === 1) election |= 1 << id;
    return { armedAt: this.armedAt.slice(), election, maxCommit: this.maxCommit, okReplies: [...this.okReplies] };
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

/** Where the frontier's tracker records (see `Tracker`). */
export interface HistoryRecord {
  readonly events: EventLog;
  readonly spaceTime: SpaceTimeLog;
  /** The checker's violations (a list that only grows between forks), if it runs. */
  readonly violations: readonly unknown[] | undefined;
}

/**
 * The observer itself. Not recording (`history` undefined) it only keeps the track, as on a
 * replayed world in the past; recording, it also appends to the history at every event's end.
 *
 * Per event it costs one kind lookup and a few accessor reads: spans are opened for the ids handed
 * out since the last event and closed for the item delivered; only when the world holds fewer
 * items than the spans left open (a crash or a drop removed some) are the open spans scanned.
 */
export class Tracker implements WorldObserver {
  private info: KindInfo = kindInfo('bootstrap');
  private touched: NodeId | undefined;
  private hooked = 0;
  private violationsBefore = 0;
  private readonly change: NodeChange = { roleChanged: false, before: 0, commitRose: false };
  /** Spans recorded and still open (the items in flight, when nothing was removed unseen). */
  private open = 0;
  /** No span below this id is open. */
  private oldestOpen = 1;
  /** Items in flight whose spans were forgotten (a fork before `historyStart`); usually empty. */
  private readonly unrecorded = new Set<number>();

  constructor(
    readonly track: NodeTrack,
    private world: World,
    private readonly history?: HistoryRecord,
  ) {
    if (history === undefined) return;
    this.oldestOpen = world.nextItemId;
    for (const id of world.inFlight.keys()) {
      if (!history.spaceTime.isOpen(id)) {
        this.unrecorded.add(id);
        continue;
      }
      this.open++;
      this.oldestOpen = Math.min(this.oldestOpen, id);
    }
  }

  /** Follows `world`, a replay identical to the one observed so far. */
  retarget(world: World): void {
    this.world = world;
  }

  beginEvent(_index: number, touched: NodeId | undefined, kind: EventKind): void {
    this.info = kindInfo(kind);
    this.touched = touched;
    this.hooked = 0;
    this.violationsBefore = this.history?.violations?.length ?? 0;
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
  /** Recording, notes the loss (it changed no node; a replay finds it recorded already). */
  lostAtSend(from: NodeId, to: NodeId, payload: Payload, sentAt: number): void {
    if (this.history !== undefined) addLossOf(this.history.spaceTime, from, to, payload, sentAt, this.world);
  }

  endEvent(): void {
    const world = this.world;
    const touched = this.touched;
    let flags = this.info.flags;
    if (this.info.code === TIMER_CODE && touched !== undefined && this.track.election[touched] === 1) flags |= MARKER.timeout;
    const all = touched === undefined || world.slots.length !== this.track.known;
    for (const slot of world.slots) {
      if (all || slot.id === touched || (this.hooked & (1 << slot.id)) !== 0) flags |= this.observe(world, slot);
    }
    const history = this.history;
    if (history === undefined) return this.followReplies(world);
    this.recordMessages(world, history.spaceTime);
    if ((history.violations?.length ?? 0) > this.violationsBefore) flags |= MARKER.violation;
    history.events.push(world.now, this.info.code, touched ?? 0, flags);
  }

  /** Reads one node after the event; recording, notes its role change and commit rise. Returns marker flags. */
  private observe(world: World, slot: NodeSlot): number {
    const c = this.change;
    const track = this.track;
    observeNode(track, slot, world.now, c);
    const id = slot.id;
    const commit = track.commit[id] as number;
    // Kept on every track, recording or not, so a replayed present knows it exactly too.
    const firstCommit = c.commitRose && commit > track.maxCommit;
    if (firstCommit) track.maxCommit = commit;
    const history = this.history;
    if (history === undefined) return 0;
    let flags = firstCommit ? MARKER.commit : 0;
    const role = track.role[id] as number;
    if (c.roleChanged) {
      history.spaceTime.addRole(world.events, world.now, id, role, track.term[id] as Term);
      if (role === ROLE_CODE.Leader && c.before !== ROLE_CODE.Leader) flags |= MARKER.leaderElected;
      if (c.before === ROLE_CODE.Leader && role !== ROLE_CODE.Leader) flags |= MARKER.leaderLost;
    }
    if (c.commitRose) history.spaceTime.addCommit(world.events, id, commit);
    return flags;
  }

  /** Not recording: keeps `okReplies` (what `recordMessages` does for it at the frontier). */
  private followReplies(world: World): void {
    const ok = this.track.okReplies;
    for (let id = this.track.nextItem; id < world.nextItemId; id++) {
      const item = world.inFlight.get(id);
      const m = item?.payload.kind === 'message' ? item.payload.message : undefined;
      if (item !== undefined && m?.kind === 'AppendEntriesReply' && acceptsDelivered(m, item.from, item.to, world.delivering)) ok.add(id);
    }
    this.track.nextItem = world.nextItemId;
    if (ok.size === 0) return;
    if (this.info.code === DELIVER_CODE && world.delivering !== undefined) ok.delete(world.delivering.id);
    if (ok.size > 64) for (const id of ok) if (!world.inFlight.has(id)) ok.delete(id);
  }

  /** New items become spans; the delivered or removed ones are closed with their fate. */
  private recordMessages(world: World, log: SpaceTimeLog): void {
    const event = world.events;
    for (let id = log.spans + 1; id < world.nextItemId; id++) {
      const item = world.inFlight.get(id);
      if (item === undefined) {
        // Sent and removed within one event: never on the wire.
        log.addSpan(1 as NodeId, 1 as NodeId, 0, 0, world.now, world.now, false, 0);
        log.closeSpan(id, event, true, world.now);
      } else {
        if (addSpanOf(log, item, world)) this.track.okReplies.add(id);
        this.open++;
      }
    }
    this.track.nextItem = world.nextItemId;
    const delivered = this.info.code === DELIVER_CODE ? world.delivering : undefined;
    if (delivered !== undefined && log.isOpen(delivered.id)) {
      this.open--;
      if (this.track.okReplies.size > 0) this.track.okReplies.delete(delivered.id);
      this.delivered(world, log, delivered, event);
    }
    if (world.inFlight.size !== this.open + this.unrecorded.size) this.closeRemoved(world, log, event);
  }

  /** Closes the open spans whose items left the world unseen (a crash, a drop). */
  private closeRemoved(world: World, log: SpaceTimeLog, event: number): void {
    for (const id of this.unrecorded) if (!world.inFlight.has(id)) this.unrecorded.delete(id);
    let oldest = 0;
    for (let id = this.oldestOpen; id <= log.spans; id++) {
      if (!log.isOpen(id)) continue;
      if (world.inFlight.has(id)) {
        oldest ||= id;
        continue;
      }
      log.closeSpan(id, event, true, world.now);
      this.track.okReplies.delete(id);
      this.open--;
    }
    this.oldestOpen = oldest || log.spans + 1;
  }

  private delivered(world: World, log: SpaceTimeLog, item: InFlight, event: number): void {
    const receiver = world.slot(item.to)?.node;
    const lost = receiver === undefined || world.net.blocked(item.from, item.to);
    log.closeSpan(item.id, event, lost, world.now);
    if (lost || item.payload.kind !== 'message') return;
    const m = item.payload.message;
    if (m.kind === 'RequestVoteReply' && !m.voteGranted && receiver.role() === 'Candidate' && receiver.currentTerm() === m.term) {
      log.addRefusal(event, item.to, item.from, m.term);
    }
  }
}

const TIMER_CODE = kindInfo('timer').code;
const DELIVER_CODE = kindInfo('deliver').code;

const KIND_CODE = { RequestVoteCall: 0, RequestVoteReply: 1, AppendEntriesCall: 2, AppendEntriesReply: 3 } as const;
const SNAPSHOT_CODE = 4;

/** Records the span of `item`; true for an AppendEntries reply that accepts its call. */
function addSpanOf(log: SpaceTimeLog, item: InFlight, world: World): boolean {
  const p = item.payload;
  if (p.kind === 'snapshot') {
    log.addSpan(item.from, item.to, SNAPSHOT_CODE, p.snapshot.position.term, item.sentAt, world.now, true, 0);
    return false;
  }
  const m = p.message;
  const ok = okOf(m, item.from, item.to, world.delivering);
  log.addSpan(item.from, item.to, KIND_CODE[m.kind], m.term, item.sentAt, world.now, ok, entriesOf(m));
  return ok && m.kind === 'AppendEntriesReply';
}

/** Records a message or snapshot the network lost as it was sent (see `addSpanOf`). */
function addLossOf(log: SpaceTimeLog, from: NodeId, to: NodeId, p: Payload, sentAt: number, world: World): void {
  if (p.kind === 'snapshot') return log.addLoss(world.events, world.nextItemId, from, to, SNAPSHOT_CODE, p.snapshot.position.term, sentAt, world.now, true, 0);
  const m = p.message;
  log.addLoss(world.events, world.nextItemId, from, to, KIND_CODE[m.kind], m.term, sentAt, world.now, okOf(m, from, to, world.delivering), entriesOf(m));
}

/** Granted (vote replies) or accepting the call being delivered (append replies). */
function okOf(m: Message, from: NodeId, to: NodeId, delivering: InFlight | undefined): boolean {
  return m.kind === 'RequestVoteReply' ? m.voteGranted : m.kind === 'AppendEntriesReply' && acceptsDelivered(m, from, to, delivering);
}

/** The entries an AppendEntriesCall carries (0 for other messages). */
function entriesOf(m: Message): number {
  return m.kind === 'AppendEntriesCall' ? m.entries.lastPosition.index - m.entries.prevPosition.index : 0;
}

/** Whether append reply `m`, sent `from` → `to`, accepts the call being delivered (the one it answers). */
function acceptsDelivered(m: Extract<Message, { kind: 'AppendEntriesReply' }>, from: NodeId, to: NodeId, delivering: InFlight | undefined): boolean {
  const call = delivering?.payload.kind === 'message' ? delivering.payload.message : undefined;
  if (call?.kind !== 'AppendEntriesCall' || delivering?.to !== from || call.from !== to) return false;
  return m.term === call.term && m.lastPosition.index >= call.entries.lastPosition.index;
}
