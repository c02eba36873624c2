/**
 * The world's engine: nodes, their storage and state machines, timers, the network and every
 * message in flight, and the events that change them, processed in (time, seq) order with the
 * seeded PRNG as the only randomness. `World` (world.ts) adds what users can do to it.
 *
 * @module
 */
import { ClusterConfig, Log, LogEntries, LogPosition, Node, type CommitStatus, type CoreMutation, type Message } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import { drainActions, type ActionHandler } from './driver.js';
import { describeConfig } from '../describe.js';
import type { EventQueue } from './event-queue.js';
import { applyKv, formatKv, type KvCommand } from './kv.js';
import type { NetworkRules } from './network.js';
import { CORE_MUTATION_SET, type SimParams } from './params.js';
import { Prng } from './prng.js';
import { cloneDurable, durablyHolds, emptyDurable, writeEntries, writeSnapshot, type StoredSnapshot } from './storage.js';
import { positionKey, type EventKind, type Explainer, type InFlight, type NodeSlot, type Payload, type Proposal, type WorldEvent, type WorldObserver, type Write } from './world-types.js';


/** The drain in progress: its node, its writes (shared with the sync event once queued). */
interface Draining {
  readonly slot: NodeSlot;
  readonly writes: Write[];
  flushed: boolean;
  /** The writes were persisted at once: later ones are too. */
  immediate: boolean;
}

/** Everything but the interventions (see `World`). */
export class WorldEngine {
  now = 0;
  /** Events processed so far. */
  events = 0;
  nextItemId = 1;
  nextCommandId = 1;
  observer: WorldObserver | undefined = undefined;
  explainer: Explainer | undefined = undefined;
  /** During a deliver event, the item it delivers (observers read it at the event's end). */
  delivering: InFlight | undefined = undefined;
  private _params: SimParams;
  private draining: Draining | undefined = undefined;
  /** True while `proposals` may be shared with a clone. */
  private proposalsShared = false;
  /** The storage mutations, looked up once rather than on every write. */
  private readonly storageMutations: { readonly term: boolean; readonly vote: boolean };

  constructor(
    params: SimParams,
    readonly prng: Prng,
    readonly queue: EventQueue<WorldEvent>,
    readonly slots: NodeSlot[],
    readonly net: NetworkRules,
    readonly inFlight: Map<number, InFlight>,
    /** May be shared with clones; see `registerProposal` for when a world needs its own copy. */
    private proposals: Map<string, Proposal>,
  ) {
    this._params = params;
    this.storageMutations = { term: params.mutations.includes('currentTermNotPersisted'), vote: params.mutations.includes('votedForNotPersisted') };
  }

  /** The current parameters (timing and the AppendEntries cap change by intervention). */
  get params(): SimParams {
    return this._params;
  }
  protected set params(params: SimParams) {
    this._params = params;
  }

  /** An independent copy (the observer is not copied), of the same class. */
  clone(): this {
    const prng = new Prng(0);
    prng.state = this.prng.state;
    const slots = this.slots.map((s) => ({ ...s, node: s.node?.clone(), durable: cloneDurable(s.durable), nextIndex: new Map(s.nextIndex) }));
    const inFlight = new Map([...this.inFlight].map(([id, item]) => [id, { ...item }]));
    const Self = this.constructor as new (...args: ConstructorParameters<typeof WorldEngine>) => this;
    const copy = new Self(this.params, prng, this.queue.clone(), slots, this.net.clone(), inFlight, this.proposals);
    this.proposalsShared = copy.proposalsShared = true;
    copy.now = this.now;
    copy.events = this.events;
    copy.nextItemId = this.nextItemId;
    copy.nextCommandId = this.nextCommandId;
    return copy;
  }

  /** Attaches (or detaches) the observer and the explainer, wiring the nodes' decisions to the latter. */
  observe(observer: WorldObserver | undefined, explainer?: Explainer): void {
    this.observer = observer;
    this.explainer = explainer;
    for (const slot of this.slots) if (slot.node !== undefined) this.wire(slot.id, slot.node);
  }

  private wire(id: NodeId, node: Node): void {
    const explainer = this.explainer;
    node.onDecision = explainer === undefined ? undefined : (d) => explainer.decision(id, d);
  }

  addSlot(id: NodeId): NodeSlot {
    const node = Node.start(id, { mutations: this.coreMutations() });
    const slot: NodeSlot = {
      id,
      node,
      incarnation: 0,
      durable: emptyDurable(),
      kv: [],
      applied: 0 as LogIndex,
      commit: 0 as LogIndex,
      timerToken: 0,
      timerDeadline: undefined,
      lastLeaderContact: undefined,
      syncedUntil: 0,
      syncsQueued: 0,
      syncsDone: 0,
      nextIndex: new Map(),
      nextIndexTerm: 0 as Term,
    };
    this.wire(id, node);
    this.slots.push(slot);
    this.slots.sort((a, b) => a.id - b.id);
    return slot;
  }

  private coreMutations(): CoreMutation[] {
    return this.params.mutations.filter((m): m is CoreMutation => CORE_MUTATION_SET.has(m));
  }

  slot(id: NodeId): NodeSlot | undefined {
    const guess = this.slots[id - 1];
    return guess?.id === id ? guess : this.slots.find((s) => s.id === id);
  }

  /** The running leader with the highest term (lowest id on a tie), if any. */
  leader(): NodeSlot | undefined {
    let best: NodeSlot | undefined;
    for (const slot of this.slots) {
      const n = slot.node;
      if (n?.role() === 'Leader' && (best === undefined || n.currentTerm() > (best.node as Node).currentTerm())) best = slot;
    }
    return best;
  }

  // ---- Events ------------------------------------------------------------------------------

  /** The time of the next scheduled event that will do something, or undefined. */
  nextEventTime(): number | undefined {
    this.skipDeadEvents();
    return this.queue.peek()?.time;
  }

  /** Drops queued events that would do nothing (stale timers, removed or held messages). */
  private skipDeadEvents(): void {
    for (let top = this.queue.peek(); top !== undefined && !this.isLive(top.event); top = this.queue.peek()) this.queue.pop();
  }

  private isLive(event: WorldEvent): boolean {
    if (event.kind === 'timer') {
      const slot = this.slot(event.node);
      return slot?.node !== undefined && slot.timerToken === event.token;
    }
    if (event.kind === 'deliver') {
      const item = this.inFlight.get(event.id);
      return item !== undefined && !item.held && item.delivery === event.delivery;
    }
    return this.slot(event.node)?.incarnation === event.incarnation;
  }

  /** Processes the next live event; false if there is none. */
  step(): boolean {
    this.skipDeadEvents();
    const next = this.queue.pop();
    if (next === undefined) return false;
    this.now = next.time;
    this.process(next.event);
    return true;
  }

  private process(event: WorldEvent): void {
    switch (event.kind) {
      case 'deliver':
        return this.deliver(this.inFlight.get(event.id) as InFlight);
      case 'timer': {
        const slot = this.slot(event.node) as NodeSlot;
        slot.timerDeadline = undefined;
        this.callNode('timer', slot, (n) => n.handleElectionTimeout());
        return;
      }
      case 'sync':
        return this.event('sync', event.node, () => this.sync(event.node, event.writes));
    }
  }

  /** Runs `body` as one event touching `touched`, framed for the observer. */
  event<T>(kind: EventKind, touched: NodeId | undefined, body: () => T): T {
    this.observer?.beginEvent(this.events, touched, kind);
    const result = body();
    this.observer?.endEvent();
    this.events++;
    return result;
  }

  private deliver(item: InFlight): void {
    this.inFlight.delete(item.id);
    const slot = this.slot(item.to);
    const node = slot?.node;
    this.delivering = item;
    this.event('deliver', item.to, () => {
      if (slot === undefined || node === undefined) return this.explainer?.note({ kind: 'lost', from: item.from, to: item.to, payload: item.payload, why: 'down' });
      if (this.net.blocked(item.from, item.to)) return this.explainer?.note({ kind: 'lost', from: item.from, to: item.to, payload: item.payload, why: 'partition' });
      if (item.payload.kind === 'snapshot') return this.installSnapshot(slot, node, item.payload.snapshot);
      const message = item.payload.message;
      if (this.guarded(slot, node, message)) return;
      this.callInside(slot, node, (n) => n.handleMessage(message));
      if (message.kind === 'AppendEntriesCall' && node.leaderId() === message.from) slot.lastLeaderContact = this.now;
    });
    this.delivering = undefined;
  }

  /** Raft §6: ignore a RequestVote while the leader is heard from (the core's predicate, our clock). */
  private guarded(slot: NodeSlot, node: Node, message: Message): boolean {
    if (!this.params.disruptiveGuard || !node.couldBeDisruptiveRequestVote(message)) return false;
    const since = slot.lastLeaderContact === undefined ? Infinity : this.now - slot.lastLeaderContact;
    if (node.role() !== 'Leader' && since >= this.params.timing.electionMinMs) return false;
    this.explainer?.note({ kind: 'guarded', node: slot.id, message, sinceLeaderMs: node.role() === 'Leader' ? 0 : since });
    return true;
  }

  private installSnapshot(slot: NodeSlot, node: Node, snapshot: StoredSnapshot): void {
    this.callInside(slot, node, (n) => {
      if (!n.handleSnapshotInstalled(snapshot.position, snapshot.config)) return;
      // The state machine restarts from the snapshot before any entry after it is applied.
      writeSnapshot(slot.durable, snapshot);
      if (slot.applied < snapshot.position.index) {
        slot.kv = snapshot.kv;
        slot.applied = snapshot.position.index;
      }
      this.observer?.snapshotInstalled(slot.id, snapshot.position, snapshot.config, snapshot.config);
    });
  }

  private sync(id: NodeId, writes: readonly Write[]): void {
    const slot = this.slot(id) as NodeSlot;
    for (const w of writes) this.persist(slot, w);
    slot.syncsDone++;
    this.explainer?.note({ kind: 'synced', node: id, writes: writes.length });
    // Entries committed before they were durable here become committed and applicable now.
    if (slot.node === undefined) return;
    this.settleCommit(slot, slot.node);
    this.apply(slot, slot.node);
  }

  // ---- Calls into nodes --------------------------------------------------------------------

  /** One event: a call into a running node, its actions executed, committed commands applied. */
  callNode<T>(kind: EventKind, slot: NodeSlot, call: (node: Node) => T): T {
    const node = slot.node as Node;
    return this.event(kind, slot.id, () => this.callInside(slot, node, call));
  }

  /** A call inside an event already framed. */
  callInside<T>(slot: NodeSlot, node: Node, call: (node: Node) => T): T {
    const result = call(node);
    this.drain(slot, node);
    this.settleCommit(slot, node);
    this.apply(slot, node);
    this.maybeCompact(slot, node);
    return result;
  }

  /** Executes the node's actions in drain order; the writes reach storage before any message leaves. */
  private drain(slot: NodeSlot, node: Node): void {
    const previous = this.draining;
    this.draining = { slot, writes: [], flushed: false, immediate: false };
    drainActions(node, this.executor);
    this.flush();
    this.draining = previous;
  }

  /** What the actions of one node do to the world (see `drainActions`). */
  private readonly executor: ActionHandler = {
    setElectionTimeout: (node) => this.armTimer(this.drained().slot, node),
    saveCurrentTerm: (node) => this.queueWrite({ kind: 'term', term: node.currentTerm() }),
    saveVotedFor: (node) => this.queueWrite({ kind: 'vote', vote: node.votedFor() }),
    appendLogEntries: (_node, entries) => {
      this.observer?.append(this.drained().slot.id, entries);
      this.queueWrite({ kind: 'append', entries });
    },
    sendMessage: (_node, to, message) => {
      this.flush();
      this.send(this.drained().slot, to, { kind: 'message', message });
    },
    installSnapshot: (_node, to) => {
      this.flush();
      const slot = this.drained().slot;
      this.send(slot, to, { kind: 'snapshot', snapshot: slot.durable.snapshot });
    },
  };

  private drained(): Draining {
    return this.draining as Draining;
  }

  /**
   * Hands the drain's writes to storage, once, before its first message: at once without latency
   * (unless earlier writes still wait, after a `timing` change: storage keeps their order), else as
   * one sync event. A write after that joins them (raftbare 0.1.4 drains writes first anyway).
   */
  private flush(): void {
    const d = this.drained();
    if (d.flushed || d.writes.length === 0) return;
    d.flushed = true;
    const slot = d.slot;
    if (this.params.timing.storageLatencyMs === 0 && slot.syncsQueued === slot.syncsDone) {
      d.immediate = true;
      for (const w of d.writes) this.persist(slot, w);
      return;
    }
    slot.syncsQueued++;
    this.queue.push(Math.max(this.now, slot.syncedUntil), { kind: 'sync', node: slot.id, incarnation: slot.incarnation, writes: d.writes });
  }

  private queueWrite(write: Write): void {
    const d = this.drained();
    if (d.immediate) return this.persist(d.slot, write);
    const latency = this.params.timing.storageLatencyMs;
    if (latency > 0 && d.writes.length === 0) d.slot.syncedUntil = Math.max(this.now, d.slot.syncedUntil) + latency;
    d.writes.push(write);
  }

  private persist(slot: NodeSlot, w: Write): void {
    if (w.kind === 'term') {
      if (!this.storageMutations.term) slot.durable.term = w.term;
    } else if (w.kind === 'vote') {
      if (!this.storageMutations.vote) slot.durable.votedFor = w.vote;
      this.observer?.voteSaved(slot.id);
    } else {
      writeEntries(slot.durable, w.entries);
    }
  }

  private armTimer(slot: NodeSlot, node: Node): void {
    const t = this.params.timing;
    const duration = node.role() === 'Leader' ? t.heartbeatMs : this.prng.int(t.electionMinMs, t.electionMaxMs);
    slot.timerToken++;
    slot.timerDeadline = this.now + duration;
    this.queue.push(slot.timerDeadline, { kind: 'timer', node: slot.id, token: slot.timerToken });
    this.explainer?.note({ kind: 'timerSet', node: slot.id, deadline: slot.timerDeadline, role: node.role() });
  }

  /** Puts a message or snapshot on the wire, subject to the network's rules. */
  send(slot: NodeSlot, to: NodeId, original: Payload, sendAt = Math.max(this.now, slot.syncedUntil)): void {
    const payload = this.capped(original);
    if (this.net.blocked(slot.id, to)) return this.lostAtSend(slot.id, to, payload, sendAt, 'partition');
    const t = this.params.timing;
    const link = this.net.behaviour(slot.id, to, t.delayMinMs, t.delayMaxMs);
    if (this.prng.chance(link.loss)) return this.lostAtSend(slot.id, to, payload, sendAt, 'loss');
    const factor = payload.kind === 'snapshot' ? t.snapshotDelayFactor : 1;
    const item = this.launch(slot, to, payload, sendAt, sendAt + factor * this.prng.int(link.delayMinMs, link.delayMaxMs));
    this.explainer?.note({ kind: 'sent', item });
    this.trackNextIndex(slot, to, payload);
    if (this.prng.chance(link.duplicate)) {
      const copy = this.launch(slot, to, payload, sendAt, sendAt + factor * this.prng.int(link.delayMinMs, link.delayMaxMs));
      this.explainer?.note({ kind: 'duplicated', item: copy });
    }
  }

  /**
   * [NOTE] A message lost as it is sent gets no in-flight id: scenarios and share links name
   * messages by id (`hold message 17`), and ids that shifted with every loss or partition would
   * change what they do. The observer still hears of it (the space-time diagram draws it).
   */
  private lostAtSend(from: NodeId, to: NodeId, payload: Payload, sentAt: number, why: 'partition' | 'loss'): void {
    this.observer?.lostAtSend(from, to, payload, sentAt);
    this.explainer?.note({ kind: 'lost', from, to, payload, why });
  }

  /** Registers an in-flight item and schedules its delivery. */
  launch(slot: NodeSlot, to: NodeId, payload: Payload, sentAt: number, deliverAt: number): InFlight {
    const afterSync = slot.syncsQueued > slot.syncsDone ? slot.syncsQueued : 0;
    const item: InFlight = { id: this.nextItemId++, from: slot.id, to, sentAt, deliverAt, payload, held: false, delivery: 0, incarnation: slot.incarnation, afterSync };
    this.inFlight.set(item.id, item);
    this.queue.push(deliverAt, { kind: 'deliver', id: item.id, delivery: 0 });
    return item;
  }

  /** Real systems bound a batch; raftbare documents that drivers may cut AppendEntries short. */
  private capped(payload: Payload): Payload {
    const cap = this.params.maxEntriesPerAppend;
    if (cap === 0 || payload.kind !== 'message' || payload.message.kind !== 'AppendEntriesCall') return payload;
    const m = payload.message;
    if (LogEntries.len(m.entries) <= cap) return payload;
    return { kind: 'message', message: { ...m, entries: LogEntries.truncate(m.entries, cap) } };
  }

  private trackNextIndex(slot: NodeSlot, to: NodeId, payload: Payload): void {
    const node = slot.node;
    if (node === undefined || node.role() !== 'Leader') return;
    if (slot.nextIndexTerm !== node.currentTerm()) {
      slot.nextIndex.clear();
      slot.nextIndexTerm = node.currentTerm();
    }
    if (payload.kind === 'message' && payload.message.kind === 'AppendEntriesCall') slot.nextIndex.set(to, payload.message.entries.lastPosition.index + 1);
    else if (payload.kind === 'snapshot') slot.nextIndex.set(to, payload.snapshot.position.index + 1);
  }

  /**
   * The commit index the simulator acts on: the core's, capped at the node's own stable log.
   *
   * raftbare counts a leader's own entry as soon as it is appended, which is right when the driver
   * writes before anything else happens. With storage latency the write lands later, and Raft
   * §5.3 / Figure 2 count a leader only once the entry is in its stable log: a lone voter's
   * proposal is committed by the core at once but must not be applied (or reported committed)
   * before its sync. Followers are capped the same way, which only delays what they apply.
   */
  commitIndexOf(slot: NodeSlot): LogIndex {
    return slot.node === undefined ? slot.durable.snapshot.position.index : slot.commit;
  }

  /**
   * What running node `slot` knows of the entry proposed at `position`, as the simulator acts on
   * it: the core's `getCommitStatus`, except that Committed waits for `commitIndexOf` (a lone
   * voter's core reports its entry committed before it is durable). Undefined while it is down.
   */
  commitStatusOf(slot: NodeSlot, position: LogPosition): CommitStatus | undefined {
    const status = slot.node?.getCommitStatus(position);
    return status === 'Committed' && position.index > slot.commit ? 'InProgress' : status;
  }

  /**
   * Follows the core's commit index to wherever the node's stable log holds the entry there. It
   * waits at its previous value meanwhile rather than stopping halfway: a point between the two
   * may be an entry of an earlier term, which a leader must not commit by counting (§5.4.2).
   */
  private settleCommit(slot: NodeSlot, node: Node): void {
    const commit = node.commitIndex();
    if (commit < slot.commit || slot.syncsQueued === slot.syncsDone) {
      slot.commit = commit; // no write pending: everything the node holds is durable
      return;
    }
    const term = node.log().getTerm(commit);
    if (term !== undefined && durablyHolds(slot.durable, { term, index: commit })) slot.commit = commit;
  }

  /** Applies newly committed (and locally durable) commands to the node's key-value state. */
  private apply(slot: NodeSlot, node: Node): void {
    const commit = this.commitIndexOf(slot);
    const entries = node.log().entries();
    for (let i = slot.applied + 1; i <= commit; i++) {
      const term = LogEntries.getTerm(entries, i);
      if (term === undefined || LogEntries.getEntry(entries, i)?.kind !== 'Command') continue;
      const proposal = this.proposals.get(positionKey(term, i));
      if (proposal === undefined) continue;
      slot.kv = applyKv(slot.kv, proposal.command);
      this.explainer?.note({ kind: 'applied', node: slot.id, index: i as LogIndex, command: proposal.command });
    }
    if (commit > slot.applied) slot.applied = commit;
  }

  private maybeCompact(slot: NodeSlot, node: Node): void {
    const limit = this.params.compactAfter;
    if (limit > 0 && LogEntries.len(node.log().entries()) > limit && this.compactionPoint(slot, node) > node.log().snapshotPosition().index) {
      this.compactInside(slot, node);
    }
  }

  /** Where a snapshot can be taken: what is committed and applied (so durable here too). */
  private compactionPoint(slot: NodeSlot, node: Node): LogIndex {
    return Math.min(node.commitIndex(), slot.applied) as LogIndex;
  }

  /** Local compaction at the applied commit index (the state machine reflects exactly it). */
  protected compactInside(slot: NodeSlot, node: Node): boolean {
    const at = node.log().getPositionAndConfig(this.compactionPoint(slot, node));
    if (at === undefined) return false;
    const [position, config] = at;
    if (!node.handleSnapshotInstalled(position, config)) return false;
    this.drain(slot, node);
    writeSnapshot(slot.durable, { position, config, kv: slot.kv });
    this.observer?.snapshotInstalled(slot.id, position, config, config);
    this.explainer?.note({ kind: 'compacted', node: slot.id, position });
    return true;
  }


  // ---- Crashes -----------------------------------------------------------------------------

  /**
   * Loses the node's memory, timer, unsynced writes and the messages waiting for them. A sync due
   * at this very instant has not run yet (it is a later event), so what waits for it is lost too.
   */
  protected crash(slot: NodeSlot): void {
    slot.node = undefined;
    slot.incarnation++;
    slot.timerToken++;
    slot.timerDeadline = undefined;
    slot.syncedUntil = this.now;
    for (const [id, item] of this.inFlight) {
      if (item.from === slot.id && item.afterSync > slot.syncsDone) this.inFlight.delete(id);
    }
    slot.syncsDone = slot.syncsQueued;
    this.observer?.crashed(slot.id);
  }

  /**
   * Event 0: every initial node boots knowing the initial configuration (it sits at (t0, i1) in
   * each log, as a statically configured cluster starts), so whoever times out first campaigns.
   */
  bootstrap(): void {
    const config = ClusterConfig.of({ voters: this.slots.map((s) => s.id) });
    const entries = LogEntries.fromEntries(LogPosition.ZERO, [{ kind: 'ClusterConfig', config }]);
    this.event('bootstrap', undefined, () => {
      this.explainer?.note({ kind: 'intervention', text: `the cluster boots: every node knows the configuration ${describeConfig(config)}` });
      for (const slot of this.slots) {
        writeEntries(slot.durable, entries);
        this.callInside(slot, this.restart(slot), () => undefined);
      }
    });
  }

  /** Rebuilds a crashed node from its durable state. */
  protected restart(slot: NodeSlot): Node {
    const d = slot.durable;
    const log = new Log(d.snapshot.config, d.entries);
    const node = Node.restart(slot.id, d.term, d.votedFor, log, { mutations: this.coreMutations() });
    slot.node = node;
    slot.kv = d.snapshot.kv;
    slot.applied = d.snapshot.position.index;
    slot.commit = node.commitIndex();
    slot.lastLeaderContact = undefined;
    this.wire(slot.id, node);
    this.observer?.restarted(slot.id);
    return node;
  }

  /** Adds a simulator note about an intervention to the explanation. */
  protected note(text: string): void {
    this.explainer?.note({ kind: 'intervention', text });
  }

  /**
   * Records the command a leader accepted at `position`; returns it with its id. A world reads a
   * position only after its own history registered it, so a registry shared with clones may take
   * new positions and identical re-registrations (replays); only a different proposal at a known
   * position (after a fork, or a lone voter's term reuse) needs a copy of its own first.
   */
  registerProposal(position: LogPosition, command: KvCommand): Proposal {
    const key = positionKey(position.term, position.index);
    const id = this.nextCommandId++;
    const known = this.proposals.get(key);
    if (known !== undefined && known.id === id && formatKv(known.command) === formatKv(command)) return known;
    if (known !== undefined && this.proposalsShared) {
      this.proposals = new Map(this.proposals);
      this.proposalsShared = false;
    }
    const proposal: Proposal = { id, command };
    this.proposals.set(key, proposal);
    return proposal;
  }

  /** The command proposed at (term, index), if any. */
  commandAt(term: number, index: number): Proposal | undefined {
    return this.proposals.get(positionKey(term, index));
  }
}
