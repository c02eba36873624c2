/**
 * What a user (or a scenario, or the fuzzer) can do to a running simulation. Every intervention is
 * plain JSON, validated against the world before it is applied, and recorded in the trace; applying
 * one is one event. The work is done by the world's methods (`World.crashNode`, ...), which check
 * their own preconditions; this module maps the JSON onto them.
 *
 * @module
 */
import type { CommitPromise } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';
import { isKvError, parseKv } from './kv.js';
import { faultRefusal, type LinkFault } from './network.js';
import { checkTiming, type Timing } from './params.js';
import { capRefusal, InterventionError, partitionRefusal, type InterventionKind, type MembershipChange, type World } from './world.js';

export { INTERVENTION_KINDS, InterventionError, MEMBERSHIP_CHANGES, type InterventionKind, type MembershipChange } from './world.js';

/** The fields of each intervention kind, besides `kind`. */
interface InterventionFields {
  /** A client command (`set x 1`, `incr x`, `del x`, `noop`) for the leader, or for `node`. */
  propose: { readonly command: string; readonly node?: NodeId };
  crash: { readonly node: NodeId };
  restart: { readonly node: NodeId };
  /** Forces the node's election timer to expire. */
  timeout: { readonly node: NodeId };
  partition: { readonly groups: readonly (readonly NodeId[])[] };
  /** One-way. */
  cut: { readonly from: NodeId; readonly to: NodeId };
  heal: object;
  /** null clears the link's own faults. */
  linkFault: { readonly from: NodeId; readonly to: NodeId; readonly fault: LinkFault | null };
  globalFault: { readonly loss?: number; readonly duplicate?: number };
  hold: { readonly message: number };
  release: { readonly message: number };
  drop: { readonly message: number };
  duplicate: { readonly message: number };
  /** Compacts the node's log at its applied commit index. */
  snapshot: { readonly node: NodeId };
  membership: { readonly change: MembershipChange; readonly node: NodeId };
  timing: { readonly timing: Partial<Timing> };
  /** 0 = no cap. */
  maxEntriesPerAppend: { readonly value: number };
}

/** One intervention: `kind` (one of `INTERVENTION_KINDS`) and that kind's fields. */
export type Intervention = { [K in InterventionKind]: { readonly kind: K } & InterventionFields[K] }[InterventionKind];

/** What applying an intervention produced. */
export interface InterventionResult {
  /** For proposals and membership changes: the core's promise (undefined if no node took it). */
  readonly promise?: CommitPromise;
}

/**
 * Why `iv` cannot apply to `world` now, or undefined. Asks the same precondition checks the world's
 * methods make; no side effect. Timing is checked by `setTiming` (a `ParamsError`).
 */
export function interventionRefusal(world: World, iv: Intervention): string | undefined {
  switch (iv.kind) {
    case 'propose': {
      const parsed = parseKv(iv.command);
      if (isKvError(parsed)) return `command "${iv.command}", column ${parsed.column}: ${parsed.error}`;
      return iv.node === undefined ? undefined : world.whyNotRunning(iv.node);
    }
    case 'crash':
      return world.whyNotRunning(iv.node, 'is already down');
    case 'restart':
      return world.whyNotDown(iv.node);
    case 'timeout':
    case 'snapshot':
      return world.whyNotRunning(iv.node);
    case 'partition':
      return partitionRefusal(world, iv.groups);
    case 'cut':
      return world.whyNotLink(iv.from, iv.to);
    case 'linkFault':
      return world.whyNotLink(iv.from, iv.to) ?? (iv.fault === null ? undefined : faultRefusal(iv.fault));
    case 'globalFault':
      return faultRefusal(iv);
    case 'hold':
    case 'release':
    case 'drop':
    case 'duplicate':
      return world.whyNotInFlight(iv.message);
    case 'membership':
      return world.whyNotMembership(iv.change, iv.node);
    case 'maxEntriesPerAppend':
      return capRefusal(iv.value);
    case 'timing':
    case 'heal':
      return undefined;
  }
}

/** Throws `InterventionError` (or `ParamsError` for timing) if `iv` cannot apply to `world` now. */
export function validateIntervention(world: World, iv: Intervention): void {
  const refusal = interventionRefusal(world, iv);
  if (refusal !== undefined) throw new InterventionError(refusal);
  if (iv.kind === 'timing') checkTiming({ ...world.params.timing, ...iv.timing });
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
  return world.event(iv.kind, touchedBy(world, iv), () => perform(world, iv));
}

function perform(world: World, iv: Intervention): InterventionResult {
  if (iv.kind === 'propose') return { promise: world.propose(iv.command, iv.node) };
  if (iv.kind === 'membership') return { promise: world.changeMembership(iv.change, iv.node) };
  act(world, iv);
  return {};
}

/** The interventions that return nothing. */
function act(world: World, iv: Exclude<Intervention, { kind: 'propose' | 'membership' }>): void {
  switch (iv.kind) {
    case 'crash':
      return world.crashNode(iv.node);
    case 'restart':
      return world.restartNode(iv.node);
    case 'timeout':
      return world.forceTimeout(iv.node);
    case 'snapshot':
      return world.compactNode(iv.node);
    case 'partition':
      return world.partition(iv.groups);
    case 'cut':
      return world.cutLink(iv.from, iv.to);
    case 'heal':
      return world.heal();
    case 'linkFault':
      return world.setLinkFault(iv.from, iv.to, iv.fault);
    case 'globalFault':
      return world.setGlobalFault(iv.loss, iv.duplicate);
    case 'timing':
      return world.setTiming(iv.timing);
    case 'maxEntriesPerAppend':
      return world.setMaxEntriesPerAppend(iv.value);
    case 'hold':
      return world.holdMessage(iv.message);
    case 'release':
      return world.releaseMessage(iv.message);
    case 'drop':
      return world.dropMessage(iv.message);
    case 'duplicate':
      return world.duplicateMessage(iv.message);
  }
}
