/**
 * The simulated world at one instant: nodes, their storage and state machines, timers, the network
 * and every message in flight. Everything that changes it is an event, processed in (time, seq)
 * order; the only randomness is the seeded PRNG. A world can be cloned (checkpoints).
 *
 * @module
 */
import { ClusterConfig, Log, LogEntries, LogPosition, Node, type CommitPromise, type CommitStatus, type CoreMutation, type Message } from '../raft/index.js';
import type { LogIndex, NodeId, Term } from '../raft/types.js';
import { drainActions, type ActionHandler } from './driver.js';
import { EventQueue } from './event-queue.js';
import { describeConfig, describeLinkFault, describeTiming, fmtNode } from './describe.js';
import { applyKv, formatKv, isKvError, parseKv, type KvCommand } from './kv.js';
import { faultRefusal, NetworkRules, type LinkFault } from './network.js';
import { checkTiming, CORE_MUTATION_SET, MAX_NODES, type SimParams, type Timing } from './params.js';
import { Prng } from './prng.js';
import { cloneDurable, durablyHolds, emptyDurable, writeEntries, writeSnapshot, type StoredSnapshot } from './storage.js';
import { InterventionError, positionKey, type EventKind, type MembershipChange, type Explainer, type InFlight, type NodeSlot, type Payload, type Proposal, type WorldEvent, type WorldObserver, type Write } from './world-types.js';

export * from './world-types.js';


/** The drain in progress: its node, its writes (shared with the sync event once queued). */
interface Draining {
  readonly slot: NodeSlot;
  readonly writes: Write[];
  flushed: boolean;
  /** The writes were persisted at once: later ones are too. */
  immediate: boolean;
}


export class World {
  now = 0;
  /** Events processed so far. */
  events = 0;
  nextItemId = 1;
  nextCommandId = 1;
  observer: WorldObserver | undefined = undefined;
  explainer: Explainer | undefined = undefined;
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
    /** Shared with clones until one of them registers a proposal (copy on write, see `Proposal`). */
    private proposals: Map<string, Proposal>,
  ) {
    this._params = params;
    this.storageMutations = { term: params.mutations.includes('currentTermNotPersisted'), vote: params.mutations.includes('votedForNotPersisted') };
  }

  /** The current parameters (timing and the AppendEntries cap change by intervention). */
  get params(): SimParams {
    return this._params;
  }
  private set params(params: SimParams) {
    this._params = params;
  }

  /** A fresh world of `params.nodes` nodes with ids 1..n, none started as a cluster yet. */
  static create(params: SimParams): World {
    const world = new World(params, new Prng(params.seed), new EventQueue(), [], new NetworkRules(params.loss, params.duplicate), new Map(), new Map());
    for (let id = 1; id <= params.nodes; id++) world.addSlot(id as NodeId);
    return world;
  }

  /** An independent copy (the observer is not copied). */
  clone(): World {
    const prng = new Prng(0);
    prng.state = this.prng.state;
    const slots = this.slots.map((s) => ({ ...s, node: s.node?.clone(), durable: cloneDurable(s.durable), nextIndex: new Map(s.nextIndex) }));
    const inFlight = new Map([...this.inFlight].map(([id, item]) => [id, { ...item }]));
    const copy = new World(this.params, prng, this.queue.clone(), slots, this.net.clone(), inFlight, this.proposals);
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
    this.event('deliver', item.to, () => {
      if (slot === undefined || node === undefined) return this.explainer?.note({ kind: 'lost', from: item.from, to: item.to, payload: item.payload, why: 'down' });
      if (this.net.blocked(item.from, item.to)) return this.explainer?.note({ kind: 'lost', from: item.from, to: item.to, payload: item.payload, why: 'partition' });
      if (item.payload.kind === 'snapshot') return this.installSnapshot(slot, node, item.payload.snapshot);
      const message = item.payload.message;
      if (this.guarded(slot, node, message)) return;
      this.callInside(slot, node, (n) => n.handleMessage(message));
      if (message.kind === 'AppendEntriesCall' && node.leaderId() === message.from) slot.lastLeaderContact = this.now;
    });
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
    if (this.net.blocked(slot.id, to)) return this.explainer?.note({ kind: 'lost', from: slot.id, to, payload, why: 'partition' });
    const t = this.params.timing;
    const link = this.net.behaviour(slot.id, to, t.delayMinMs, t.delayMaxMs);
    if (this.prng.chance(link.loss)) return this.explainer?.note({ kind: 'lost', from: slot.id, to, payload, why: 'loss' });
    const factor = payload.kind === 'snapshot' ? t.snapshotDelayFactor : 1;
    const item = this.launch(slot, to, payload, sendAt, sendAt + factor * this.prng.int(link.delayMinMs, link.delayMaxMs));
    this.explainer?.note({ kind: 'sent', item });
    this.trackNextIndex(slot, to, payload);
    if (this.prng.chance(link.duplicate)) {
      const copy = this.launch(slot, to, payload, sendAt, sendAt + factor * this.prng.int(link.delayMinMs, link.delayMaxMs));
      this.explainer?.note({ kind: 'duplicated', item: copy });
    }
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
  private compactInside(slot: NodeSlot, node: Node): boolean {
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


  // ---- Interventions -----------------------------------------------------------------------
  // What a user, a scenario or the fuzzer can do, one method each. Every method first checks its
  // preconditions (the `why*` methods, which `validateIntervention` asks too) and throws an
  // `InterventionError` without changing anything if one fails. Call them inside `event` (as
  // `applyIntervention` does): each explains itself with a note.

  /** Why node `id` does not exist, or undefined. */
  whyNoNode(id: NodeId): string | undefined {
    if (this.slot(id) !== undefined) return undefined;
    return `there is no node ${fmtNode(id)} (nodes are ${this.slots.map((s) => fmtNode(s.id)).join(', ')})`;
  }

  /** Why `id` is not a running node (`downText` follows its name when it is down), or undefined. */
  whyNotRunning(id: NodeId, downText = 'is down'): string | undefined {
    return this.whyNoNode(id) ?? (this.slot(id)?.node === undefined ? `${fmtNode(id)} ${downText}` : undefined);
  }

  /** Why `id` is not a crashed node, or undefined. */
  whyNotDown(id: NodeId): string | undefined {
    return this.whyNoNode(id) ?? (this.slot(id)?.node !== undefined ? `${fmtNode(id)} is running; crash it first` : undefined);
  }

  /** Why `from` → `to` is not a link, or undefined. */
  whyNotLink(from: NodeId, to: NodeId): string | undefined {
    return this.whyNoNode(from) ?? this.whyNoNode(to) ?? (from === to ? 'a link joins two different nodes' : undefined);
  }

  /** Why message `id` is not in flight, or undefined. */
  whyNotInFlight(id: number): string | undefined {
    return this.inFlight.has(id) ? undefined : `message #${id} is not in flight`;
  }

  /** Why the leader cannot be asked for `change` of `id` now, or undefined. */
  whyNotMembership(change: MembershipChange, id: NodeId): string | undefined {
    if (!Number.isInteger(id) || id < 1 || id > MAX_NODES) return `node ids run from 1 to ${MAX_NODES}`;
    const config = this.leader()?.node?.config();
    if (config === undefined) return 'membership changes go through the leader, and there is none now';
    const n = fmtNode(id);
    if ((change === 'addVoter' || change === 'addNonVoter') && ClusterConfig.contains(config, id)) return `${n} is already a member`;
    if (change === 'removeVoter' && !config.voters.includes(id)) return `${n} is not a voter`;
    if ((change === 'promote' || change === 'removeNonVoter') && !config.nonVoters.includes(id)) return `${n} is not a non-voter`;
    return undefined;
  }

  /** A client command for the leader (or `target`); returns the core's promise, or undefined if nobody could take it. */
  propose(text: string, target?: NodeId): CommitPromise | undefined {
    const command = parseKv(text);
    if (isKvError(command)) throw new InterventionError(`command "${text}", column ${command.column}: ${command.error}`);
    if (target !== undefined) need(this.whyNotRunning(target));
    const slot = target === undefined ? this.leader() : this.slot(target);
    if (slot?.node === undefined) {
      this.note(`no leader to take "${formatKv(command)}": the client retries later`);
      return undefined;
    }
    this.note(`a client asks ${fmtNode(slot.id)} to commit "${formatKv(command)}"`);
    return this.callInside(slot, slot.node, (n) => {
      const promise = n.proposeCommand();
      // Registered before the actions run, so the checker can compare commands when they are written.
      if (promise.isPending()) this.registerProposal(promise.logPosition(), command);
      return promise;
    });
  }

  crashNode(id: NodeId): void {
    need(this.whyNotRunning(id, 'is already down'));
    this.note(`${fmtNode(id)} crashed: it keeps only its durable term, vote, snapshot and log`);
    this.crash(this.slot(id) as NodeSlot);
  }

  restartNode(id: NodeId): void {
    need(this.whyNotDown(id));
    const slot = this.slot(id) as NodeSlot;
    this.note(`${fmtNode(id)} restarted from its durable state, as a follower`);
    this.callInside(slot, this.restart(slot), () => undefined);
  }

  /** Makes `id`'s election timer expire now. */
  forceTimeout(id: NodeId): void {
    need(this.whyNotRunning(id));
    const slot = this.slot(id) as NodeSlot;
    this.note(`${fmtNode(id)}'s election timer was forced to expire`);
    this.callInside(slot, slot.node as Node, (n) => n.handleElectionTimeout());
  }

  /** Compacts `id`'s log at its applied commit index. */
  compactNode(id: NodeId): void {
    need(this.whyNotRunning(id));
    const slot = this.slot(id) as NodeSlot;
    if (!this.compactInside(slot, slot.node as Node)) this.note(`${fmtNode(id)} has nothing new to compact`);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    need(partitionRefusal(this, groups));
    this.net.partition(groups);
    this.note(`network partitioned into ${groups.map((g) => `{${g.map(fmtNode).join(',')}}`).join(' | ')}`);
  }

  /** Cuts the link from `from` to `to` (one way). */
  cutLink(from: NodeId, to: NodeId): void {
    need(this.whyNotLink(from, to));
    this.net.cut(from, to);
    this.note(`link ${fmtNode(from)} → ${fmtNode(to)} cut (one way)`);
  }

  heal(): void {
    this.net.heal();
    this.note('network healed: every link works again');
  }

  /** Sets (or, with null, clears) the faults of the link from `from` to `to`. */
  setLinkFault(from: NodeId, to: NodeId, fault: LinkFault | null): void {
    need(this.whyNotLink(from, to) ?? (fault === null ? undefined : faultRefusal(fault)));
    this.net.setLink(from, to, fault ?? undefined);
    this.note(`link ${fmtNode(from)} → ${fmtNode(to)}: ${fault === null ? 'faults cleared' : describeLinkFault(fault)}`);
  }

  /** Sets the network-wide loss and duplication (an omitted value is kept). */
  setGlobalFault(loss: number | undefined, duplicate: number | undefined): void {
    need(faultRefusal({ loss, duplicate }));
    this.net.setGlobal(loss, duplicate);
    this.note(`network-wide loss ${this.net.loss}, duplication ${this.net.duplicate}`);
  }

  /** Changes some timing parameters; throws `ParamsError` for invalid values. */
  setTiming(timing: Partial<Timing>): void {
    const next = { ...this.params.timing, ...timing };
    checkTiming(next);
    this.params = { ...this.params, timing: next };
    this.note(`timing changed: ${describeTiming(timing)}`);
  }

  /** Caps the entries of each AppendEntries (0 = no cap). */
  setMaxEntriesPerAppend(value: number): void {
    need(capRefusal(value));
    this.params = { ...this.params, maxEntriesPerAppend: value };
    this.note(value === 0 ? 'AppendEntries no longer capped' : `AppendEntries capped at ${value} entries`);
  }

  /** Keeps message `id` in flight until it is released. */
  holdMessage(id: number): void {
    const item = this.messageToControl(id);
    this.inFlight.set(id, { ...item, held: true });
    this.noteMessage(item, 'held');
  }

  /** Delivers a held message now, or at its planned time if that is later. */
  releaseMessage(id: number): void {
    const item = this.messageToControl(id);
    // A fresh delivery; the token kills the original one, which may or may not still be queued.
    const released = { ...item, held: false, deliverAt: Math.max(this.now, item.deliverAt), delivery: item.delivery + 1 };
    this.inFlight.set(id, released);
    this.queue.push(released.deliverAt, { kind: 'deliver', id, delivery: released.delivery });
    this.noteMessage(item, 'released');
  }

  dropMessage(id: number): void {
    const item = this.messageToControl(id);
    this.inFlight.delete(id);
    this.noteMessage(item, 'dropped');
  }

  /** Sends a second copy of message `id`, with a fresh delay. */
  duplicateMessage(id: number): void {
    const item = this.messageToControl(id);
    const t = this.params.timing;
    this.launch(this.slot(item.from) as NodeSlot, item.to, item.payload, this.now, this.now + this.prng.int(t.delayMinMs, t.delayMaxMs));
    this.noteMessage(item, 'duplicated');
  }

  /** Asks the leader for a membership change (joint consensus for voters, Raft §6); returns its promise. */
  changeMembership(change: MembershipChange, id: NodeId): CommitPromise {
    need(this.whyNotMembership(change, id));
    const leader = this.leader() as NodeSlot;
    const node = leader.node as Node;
    if ((change === 'addVoter' || change === 'addNonVoter') && this.slot(id) === undefined) {
      this.addSlot(id);
      this.note(`${fmtNode(id)} started as a fresh, empty node`);
    }
    const next = membershipTarget(node.config(), change, id);
    this.note(`${fmtNode(leader.id)} is asked to ${change} ${fmtNode(id)}`);
    return this.callInside(leader, node, (n) => n.proposeConfig(next));
  }

  private messageToControl(id: number): InFlight {
    need(this.whyNotInFlight(id));
    return this.inFlight.get(id) as InFlight;
  }

  private noteMessage(item: InFlight, what: string): void {
    this.note(`message #${item.id} (${fmtNode(item.from)} → ${fmtNode(item.to)}) ${what}`);
  }

  private note(text: string): void {
    this.explainer?.note({ kind: 'intervention', text });
  }

  // ---- Crashes -----------------------------------------------------------------------------

  /**
   * Loses the node's memory, timer, unsynced writes and the messages waiting for them. A sync due
   * at this very instant has not run yet (it is a later event), so what waits for it is lost too.
   */
  private crash(slot: NodeSlot): void {
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
  private restart(slot: NodeSlot): Node {
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

  /** Records the command a leader accepted at `position`; returns it with its id. */
  registerProposal(position: LogPosition, command: KvCommand): Proposal {
    if (this.proposalsShared) {
      this.proposals = new Map(this.proposals);
      this.proposalsShared = false;
    }
    const proposal: Proposal = { id: this.nextCommandId++, command };
    this.proposals.set(positionKey(position.term, position.index), proposal);
    return proposal;
  }

  /** The command proposed at (term, index), if any. */
  commandAt(term: number, index: number): Proposal | undefined {
    return this.proposals.get(positionKey(term, index));
  }
}

/** Throws an `InterventionError` with `refusal`, if there is one. */
function need(refusal: string | undefined): void {
  if (refusal !== undefined) throw new InterventionError(refusal);
}

/** Why `groups` is not a partition of existing nodes, or undefined. */
export function partitionRefusal(world: World, groups: readonly (readonly NodeId[])[]): string | undefined {
  const seen = new Set<NodeId>();
  for (const id of groups.flat()) {
    const missing = world.whyNoNode(id);
    if (missing !== undefined) return missing;
    if (seen.has(id)) return `${fmtNode(id)} is in two partition groups`;
    seen.add(id);
  }
  return undefined;
}

/** Why `value` is not a cap on AppendEntries, or undefined. */
export function capRefusal(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 ? undefined : 'maxEntriesPerAppend is a whole number (0 = no cap)';
}

/** The config the leader proposes for `change` of `id`. */
function membershipTarget(config: ClusterConfig, change: MembershipChange, id: NodeId): ClusterConfig {
  const nonVotersWithout = config.nonVoters.filter((n) => n !== id);
  switch (change) {
    case 'addVoter':
    case 'promote':
      return { ...ClusterConfig.toJointConsensus(config, [id], []), nonVoters: nonVotersWithout };
    case 'removeVoter':
      return ClusterConfig.toJointConsensus(config, [], [id]);
    case 'addNonVoter':
      return ClusterConfig.of({ ...config, nonVoters: [...config.nonVoters, id] });
    case 'removeNonVoter':
      return { ...config, nonVoters: nonVotersWithout };
  }
}
