/**
 * Connects the invariant checker to a world: a `CheckerHost` that reads whichever world is
 * current, and a `WorldObserver` that forwards the event hooks.
 *
 * @module
 */
import type { ClusterConfig, LogEntries, LogPosition, Node } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import type { CheckerHost } from './host.js';
import { InvariantChecker } from './checker.js';
import type { KvState } from '../engine/kv.js';
import type { DurableState } from '../engine/storage.js';
import type { EventKind, Payload, World, WorldObserver } from '../engine/world.js';

/** Reads the world it currently points at. */
class WorldHost implements CheckerHost {
  /** `ids()` as last built, for the slots it was built from (they change only when a node is added). */
  private idsCache: { readonly slots: readonly unknown[]; readonly length: number; readonly ids: readonly NodeId[] } | undefined;
  /**
   * Per node, the last applied state handed out, with the key-value state it printed: states are
   * immutable, so the same array at the same index gives the same (frozen) answer, built once.
   */
  private readonly applied = new Map<NodeId, { readonly kv: KvState; readonly value: { readonly index: number; readonly state: string } }>();

  constructor(public world: World) {}
  ids(): readonly NodeId[] {
    const slots = this.world.slots;
    const c = this.idsCache;
    if (c?.slots === slots && c.length === slots.length) return c.ids;
    const ids = Object.freeze(slots.map((s) => s.id));
    this.idsCache = { slots, length: slots.length, ids };
    return ids;
  }
  node(id: NodeId): Node | undefined {
    return this.world.slot(id)?.node;
  }
  durable(id: NodeId): DurableState {
    return (this.world.slot(id) as { durable: DurableState }).durable;
  }
  commandAt(term: Term, index: LogIndex): number | undefined {
    return this.world.commandAt(term, index)?.id;
  }
  commitIndex(id: NodeId): LogIndex {
    const slot = this.world.slot(id);
    return slot === undefined ? (0 as LogIndex) : this.world.commitIndexOf(slot);
  }
  appliedState(id: NodeId): { index: number; state: string } | undefined {
    const slot = this.world.slot(id);
    if (slot?.node === undefined) return undefined;
    const last = this.applied.get(id);
    if (last?.kv === slot.kv && last.value.index === slot.applied) return last.value;
    const state = last?.kv === slot.kv ? last.value.state : `{${slot.kv.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
    const value = Object.freeze({ index: slot.applied, state });
    this.applied.set(id, { kv: slot.kv, value });
    return value;
  }
}

/** The checker, observing one world at a time. */
export class CheckerObserver implements WorldObserver {
  readonly checker: InvariantChecker;
  private readonly host: WorldHost;

  /** `restorable`: journal the checker's history so the simulator can `mark` and `rollback` it. */
  constructor(world: World, restorable = false) {
    this.host = new WorldHost(world);
    this.checker = new InvariantChecker(this.host, { strictDurability: world.params.timing.storageLatencyMs === 0, restorable });
  }

  /** Points the checker at `world` (an identical replay of the one it has seen so far). */
  retarget(world: World): void {
    this.host.world = world;
  }

  beginEvent(index: number, touched: NodeId | undefined, _kind: EventKind): void {
    this.checker.beginEvent(index, touched);
  }
  append(node: NodeId, entries: LogEntries): void {
    this.checker.onAppend(node, entries);
  }
  voteSaved(node: NodeId): void {
    this.checker.onVoteSaved(node);
  }
  snapshotInstalled(node: NodeId, position: LogPosition, config: ClusterConfig, expected: ClusterConfig): void {
    this.checker.onSnapshotInstalled(node, position, config, expected);
  }
  restarted(node: NodeId): void {
    this.checker.onRestart(node);
  }
  crashed(node: NodeId): void {
    this.checker.onCrash(node);
  }
  lostAtSend(_from: NodeId, _to: NodeId, _payload: Payload, _sentAt: number): void {} // nothing to check: it changed no node
  endEvent(): void {
    this.checker.endEvent();
  }
}
