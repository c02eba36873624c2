/**
 * The simulated world at one instant and what can be done to it: the engine (`WorldEngine`: nodes,
 * storage, timers, the network, events) plus one method per intervention. Every such method checks
 * its preconditions first (the `why*` methods, which `validateIntervention` asks too) and throws an
 * `InterventionError` without changing anything if one fails. A world can be cloned (checkpoints).
 *
 * @module
 */
import { ClusterConfig, type CommitPromise, type Node } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';
import { describeLinkFault, describeTiming, fmtNode } from '../describe.js';
import { EventQueue } from './event-queue.js';
import { formatKv, isKvError, parseKv } from './kv.js';
import { faultRefusal, NetworkRules, type LinkFault } from './network.js';
import { checkTiming, MAX_NODES, type SimParams, type Timing } from './params.js';
import { Prng } from './prng.js';
import { WorldEngine } from './world-engine.js';
import { InterventionError, type InFlight, type MembershipChange, type NodeSlot } from './world-types.js';

export * from './world-types.js';

/** A world: the engine and the interventions. */
export class World extends WorldEngine {
  /** A fresh world of `params.nodes` nodes with ids 1..n, none started as a cluster yet. */
  static create(params: SimParams): World {
    const world = new World(params, new Prng(params.seed), new EventQueue(), [], new NetworkRules(params.loss, params.duplicate), new Map(), new Map());
    for (let id = 1; id <= params.nodes; id++) world.addSlot(id as NodeId);
    return world;
  }

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

  /** Makes `id`'s timer expire now (a leader's is its heartbeat timer: it sends heartbeats, it does not campaign). */
  forceTimeout(id: NodeId): void {
    need(this.whyNotRunning(id));
    const slot = this.slot(id) as NodeSlot;
    const leader = slot.node?.role() === 'Leader';
    this.note(leader ? `${fmtNode(id)}'s heartbeat timer was forced to fire: a leader sends heartbeats, it does not campaign` : `${fmtNode(id)}'s election timer was forced to expire`);
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
