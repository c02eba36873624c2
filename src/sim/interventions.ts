/**
 * What a user (or a scenario, or the fuzzer) can do to a running simulation. Every intervention is
 * plain JSON, validated against the world before it is applied, and recorded in the trace; applying
 * one is one event.
 *
 * @module
 */
import { ClusterConfig, type CommitPromise, type Node } from '../raft/index.js';
import type { NodeId } from '../raft/types.js';
import { describeLinkFault, describeTiming, fmtNode } from './describe.js';
import { formatKv, isKvError, parseKv } from './kv.js';
import type { LinkFault } from './network.js';
import { checkTiming, type Timing } from './params.js';
import { type InterventionKindName, type NodeSlot, type World } from './world.js';

/** A membership change, applied through the leader (joint consensus for voters, Raft §6). */
export type MembershipChange = 'addVoter' | 'removeVoter' | 'addNonVoter' | 'promote' | 'removeNonVoter';

export type Intervention =
  | { readonly kind: 'propose'; readonly command: string; readonly node?: NodeId }
  | { readonly kind: 'crash'; readonly node: NodeId }
  | { readonly kind: 'restart'; readonly node: NodeId }
  | { readonly kind: 'timeout'; readonly node: NodeId }
  | { readonly kind: 'partition'; readonly groups: readonly (readonly NodeId[])[] }
  | { readonly kind: 'cut'; readonly from: NodeId; readonly to: NodeId }
  | { readonly kind: 'heal' }
  | { readonly kind: 'linkFault'; readonly from: NodeId; readonly to: NodeId; readonly fault: LinkFault | null }
  | { readonly kind: 'globalFault'; readonly loss?: number; readonly duplicate?: number }
  | { readonly kind: 'hold' | 'release' | 'drop' | 'duplicate'; readonly message: number }
  | { readonly kind: 'snapshot'; readonly node: NodeId }
  | { readonly kind: 'membership'; readonly change: MembershipChange; readonly node: NodeId }
  | { readonly kind: 'timing'; readonly timing: Partial<Timing> }
  | { readonly kind: 'maxEntriesPerAppend'; readonly value: number };

/** The kinds of {@link Intervention}. */
export type InterventionKind = Intervention['kind'];

// Compile-time check that the world's list of intervention kinds matches this union.
const sameKinds: [InterventionKind, InterventionKindName] extends [InterventionKindName, InterventionKind] ? true : never = true;
void sameKinds;

/** What applying an intervention produced. */
export interface InterventionResult {
  /** For proposals: the promise (rejected if the target is not leader). */
  readonly promise?: CommitPromise;
}

/** Thrown for an intervention that does not fit the world (unknown node, message not in flight). */
export class InterventionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterventionError';
  }
}

const MAX_NODES = 9;

function need(ok: boolean, message: string): void {
  if (!ok) throw new InterventionError(message);
}

function slotOf(world: World, id: NodeId): NodeSlot {
  const slot = world.slot(id);
  need(slot !== undefined, `there is no node ${fmtNode(id)} (nodes are ${world.slots.map((s) => fmtNode(s.id)).join(', ')})`);
  return slot as NodeSlot;
}

function isProbability(v: number | undefined): boolean {
  return v === undefined || (typeof v === 'number' && v >= 0 && v <= 1);
}

/** Throws `InterventionError` if `iv` cannot apply to `world` now. */
export function validateIntervention(world: World, iv: Intervention): void {
  switch (iv.kind) {
    case 'propose': {
      const parsed = parseKv(iv.command);
      need(!isKvError(parsed), isKvError(parsed) ? `command "${iv.command}", column ${parsed.column}: ${parsed.error}` : '');
      if (iv.node !== undefined) need(slotOf(world, iv.node).node !== undefined, `${fmtNode(iv.node)} is down`);
      return;
    }
    case 'crash':
      return need(slotOf(world, iv.node).node !== undefined, `${fmtNode(iv.node)} is already down`);
    case 'restart':
      return need(slotOf(world, iv.node).node === undefined, `${fmtNode(iv.node)} is running; crash it first`);
    case 'timeout':
    case 'snapshot':
      return need(slotOf(world, iv.node).node !== undefined, `${fmtNode(iv.node)} is down`);
    case 'partition': {
      const seen = new Set<NodeId>();
      for (const id of iv.groups.flat()) {
        slotOf(world, id);
        need(!seen.has(id), `${fmtNode(id)} is in two partition groups`);
        seen.add(id);
      }
      return;
    }
    case 'cut':
    case 'linkFault':
      slotOf(world, iv.from);
      slotOf(world, iv.to);
      need(iv.from !== iv.to, 'a link joins two different nodes');
      if (iv.kind === 'linkFault' && iv.fault !== null) need(isProbability(iv.fault.loss) && isProbability(iv.fault.duplicate), 'loss and duplicate are probabilities in [0, 1]');
      return;
    case 'globalFault':
      return need(isProbability(iv.loss) && isProbability(iv.duplicate), 'loss and duplicate are probabilities in [0, 1]');
    case 'hold':
    case 'release':
    case 'drop':
    case 'duplicate':
      return need(world.inFlight.has(iv.message), `message #${iv.message} is not in flight`);
    case 'membership':
      return validateMembership(world, iv.change, iv.node);
    case 'timing':
      return checkTiming({ ...world.params.timing, ...iv.timing });
    case 'maxEntriesPerAppend':
      return need(Number.isInteger(iv.value) && iv.value >= 0, 'maxEntriesPerAppend is a whole number (0 = no cap)');
    case 'heal':
      return;
  }
}

function validateMembership(world: World, change: MembershipChange, id: NodeId): void {
  need(Number.isInteger(id) && id >= 1 && id <= MAX_NODES, `node ids run from 1 to ${MAX_NODES}`);
  const leader = world.leader();
  need(leader?.node !== undefined, 'membership changes go through the leader, and there is none now');
  const config = (leader as NodeSlot).node?.config() as ClusterConfig;
  const n = fmtNode(id);
  if (change === 'addVoter' || change === 'addNonVoter') need(!ClusterConfig.contains(config, id), `${n} is already a member`);
  if (change === 'removeVoter') need(config.voters.includes(id), `${n} is not a voter`);
  if (change === 'promote' || change === 'removeNonVoter') need(config.nonVoters.includes(id), `${n} is not a non-voter`);
}

/** The node an intervention calls into, if any (proposals and membership changes: the leader). */
function touchedBy(world: World, iv: Intervention): NodeId | undefined {
  if (iv.kind === 'propose') return iv.node ?? world.leader()?.id;
  if (iv.kind === 'membership') return world.leader()?.id;
  return 'node' in iv ? iv.node : undefined;
}

/** Validates, then applies `iv` as one event. */
export function applyIntervention(world: World, iv: Intervention): InterventionResult {
  validateIntervention(world, iv);
  return world.event(iv.kind, touchedBy(world, iv), () => apply(world, iv));
}

function note(world: World, text: string): void {
  world.explainer?.note({ kind: 'intervention', text });
}

function apply(world: World, iv: Intervention): InterventionResult {
  switch (iv.kind) {
    case 'propose':
      return { promise: propose(world, iv.command, iv.node) };
    case 'crash':
      note(world, `${fmtNode(iv.node)} crashed: it keeps only its durable term, vote, snapshot and log`);
      world.crash(slotOf(world, iv.node));
      return {};
    case 'restart': {
      const slot = slotOf(world, iv.node);
      note(world, `${fmtNode(iv.node)} restarted from its durable state, as a follower`);
      world.callInside(slot, world.restart(slot), () => undefined);
      return {};
    }
    case 'timeout': {
      const slot = slotOf(world, iv.node);
      note(world, `${fmtNode(iv.node)}'s election timer was forced to expire`);
      world.callInside(slot, slot.node as Node, (n) => n.handleElectionTimeout());
      return {};
    }
    case 'snapshot': {
      const slot = slotOf(world, iv.node);
      const ok = world.compactInside(slot, slot.node as Node);
      if (!ok) note(world, `${fmtNode(iv.node)} has nothing new to compact`);
      return {};
    }
    case 'membership':
      return { promise: changeMembership(world, iv.change, iv.node) };
    default:
      applyNetwork(world, iv);
      return {};
  }
}

function applyNetwork(world: World, iv: Intervention): void {
  const net = world.net;
  switch (iv.kind) {
    case 'partition':
      net.groups = iv.groups.map((g) => [...g].sort((a, b) => a - b));
      return note(world, `network partitioned into ${iv.groups.map((g) => `{${g.map(fmtNode).join(',')}}`).join(' | ')}`);
    case 'cut':
      net.cut(iv.from, iv.to);
      return note(world, `link ${fmtNode(iv.from)} → ${fmtNode(iv.to)} cut (one way)`);
    case 'heal':
      net.heal();
      return note(world, 'network healed: every link works again');
    case 'linkFault':
      net.setLink(iv.from, iv.to, iv.fault ?? undefined);
      return note(world, `link ${fmtNode(iv.from)} → ${fmtNode(iv.to)}: ${iv.fault === null ? 'faults cleared' : describeLinkFault(iv.fault)}`);
    case 'globalFault':
      net.loss = iv.loss ?? net.loss;
      net.duplicate = iv.duplicate ?? net.duplicate;
      return note(world, `network-wide loss ${net.loss}, duplication ${net.duplicate}`);
    case 'timing':
      world.params = { ...world.params, timing: { ...world.params.timing, ...iv.timing } };
      return note(world, `timing changed: ${describeTiming(iv.timing)}`);
    case 'maxEntriesPerAppend':
      world.params = { ...world.params, maxEntriesPerAppend: iv.value };
      return note(world, iv.value === 0 ? 'AppendEntries no longer capped' : `AppendEntries capped at ${iv.value} entries`);
    default:
      return applyMessageControl(world, iv);
  }
}

function applyMessageControl(world: World, iv: Intervention): void {
  if (iv.kind !== 'hold' && iv.kind !== 'release' && iv.kind !== 'drop' && iv.kind !== 'duplicate') return;
  const item = world.inFlight.get(iv.message);
  if (item === undefined) return;
  if (iv.kind === 'hold') world.inFlight.set(item.id, { ...item, held: true });
  if (iv.kind === 'drop') world.inFlight.delete(item.id);
  if (iv.kind === 'release') {
    // A fresh delivery; the token kills the original one, which may or may not still be queued.
    const released = { ...item, held: false, deliverAt: Math.max(world.now, item.deliverAt), delivery: item.delivery + 1 };
    world.inFlight.set(item.id, released);
    world.queue.push(released.deliverAt, { kind: 'deliver', id: item.id, delivery: released.delivery });
  }
  if (iv.kind === 'duplicate') {
    const sender = world.slot(item.from) as NodeSlot;
    const t = world.params.timing;
    world.launch(sender, item.to, item.payload, world.now, world.now + world.prng.int(t.delayMinMs, t.delayMaxMs));
  }
  note(world, `message #${item.id} (${fmtNode(item.from)} → ${fmtNode(item.to)}) ${iv.kind === 'drop' ? 'dropped' : iv.kind === 'hold' ? 'held' : iv.kind === 'release' ? 'released' : 'duplicated'}`);
}

function propose(world: World, text: string, target: NodeId | undefined): CommitPromise | undefined {
  const command = parseKv(text);
  if (isKvError(command)) return undefined;
  const slot = target === undefined ? world.leader() : world.slot(target);
  if (slot?.node === undefined) {
    note(world, `no leader to take "${formatKv(command)}": the client retries later`);
    return undefined;
  }
  note(world, `a client asks ${fmtNode(slot.id)} to commit "${formatKv(command)}"`);
  return world.callInside(slot, slot.node, (n) => {
    const promise = n.proposeCommand();
    const p = promise.logPosition();
    // Recorded before the actions run, so the checker can compare commands when they are written.
    if (promise.isPending()) world.registerProposal(p, command);
    return promise;
  });
}

function changeMembership(world: World, change: MembershipChange, id: NodeId): CommitPromise | undefined {
  const leader = world.leader() as NodeSlot;
  const node = leader.node as Node;
  const config = node.config();
  if ((change === 'addVoter' || change === 'addNonVoter') && world.slot(id) === undefined) {
    world.addSlot(id);
    note(world, `${fmtNode(id)} started as a fresh, empty node`);
  }
  const next = membershipTarget(config, change, id);
  note(world, `${fmtNode(leader.id)} is asked to ${change} ${fmtNode(id)}`);
  return world.callInside(leader, node, (n) => n.proposeConfig(next));
}

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
