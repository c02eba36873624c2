/**
 * What the invariant checker reads from a simulation, and the shape of what it reports.
 *
 * @module
 */
import type { LogPosition, Node } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import type { DurableState } from '../engine/storage.js';

/** Read-only access to the simulated cluster. */
export interface CheckerHost {
  /** Every node id ever created, ascending. */
  ids(): readonly NodeId[];
  /** The running node, or `undefined` while it is crashed. */
  node(id: NodeId): Node | undefined;
  /** The node's durable storage (also for crashed nodes). */
  durable(id: NodeId): DurableState;
  /** The id the simulator gave the command proposed at (term, index), if any. */
  commandAt(term: Term, index: LogIndex): number | undefined;
  /**
   * The commit index the driver acts on, if it differs from the core's: with storage latency the
   * simulator caps the core's commit at the node's own stable log (a leader counts itself only
   * once its entry is durable, Raft §5.3). Optional: without it the core's `commitIndex()` is used.
   */
  commitIndex?(id: NodeId): LogIndex;
  /**
   * The running node's applied state machine: the index it reflects and a canonical text of it
   * (optional: without it the application-level check of I8 is skipped).
   */
  appliedState?(id: NodeId): { readonly index: number; readonly state: string } | undefined;
}

/** Invariant ids, as numbered in docs/invariants.md. */
export type InvariantId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6' | 'I7' | 'I8' | 'I9' | 'I10' | 'I11' | 'I12' | 'I13';

/** One recorded violation: the run goes on; the UI pauses and highlights it. */
export interface Violation {
  /** The index of the event after which it was detected (0-based). */
  readonly eventIndex: number;
  readonly invariant: InvariantId;
  /** The property's name, e.g. "Election Safety". */
  readonly title: string;
  /** The nodes involved, ascending. */
  readonly nodes: readonly NodeId[];
  /** The log positions involved. */
  readonly positions: readonly LogPosition[];
  /** One line for humans, naming nodes as n1, n2, ... and positions as (t3, i7). */
  readonly message: string;
}
