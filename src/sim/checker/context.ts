/**
 * What every check of the invariant checker reads: the host, the history, the reporter, and a
 * node's state captured just before the event.
 *
 * @module
 */
import type { ClusterConfig, LogPosition, Node, Role } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import type { CheckerHost } from './host.js';
import type { Finding } from './format.js';
import type { History } from './history.js';

/** Shared by the check functions of `checker-*.ts`. */
export interface CheckContext {
  readonly host: CheckerHost;
  readonly history: History;
  readonly report: (f: Finding) => void;
  /**
   * Durable state equals memory after every event (no storage latency). When false, durable
   * state lags memory until a sync, so the checks that compare the two are skipped or relaxed.
   */
  readonly strictDurability: boolean;
}

/** The commit index the checks judge: the driver's (see `CheckerHost.commitIndex`), else the core's. */
export function commitOf(ctx: CheckContext, id: NodeId, node: Node): LogIndex {
  return ctx.host.commitIndex?.(id) ?? node.commitIndex();
}

/** A node just before the event (I5, I7, I8, I9(b), I10, I11 compare with it). */
export interface BeforeEvent {
  readonly commit: LogIndex;
  readonly role: Role;
  readonly term: Term;
  readonly vote: NodeId | undefined;
  readonly last: LogPosition;
  readonly snapshotIndex: LogIndex;
  readonly config: ClusterConfig;
  readonly configIndex: LogIndex;
}

/** Captures {@link BeforeEvent}; reads accessors only. `commit` is {@link commitOf}'s. */
export function captureBefore(node: Node, commit: LogIndex): BeforeEvent {
  const log = node.log();
  return {
    commit,
    role: node.role(),
    term: node.currentTerm(),
    vote: node.votedFor(),
    last: log.lastPosition(),
    snapshotIndex: log.snapshotPosition().index,
    config: node.config(),
    configIndex: log.latestConfigIndex(),
  };
}

/** True if `node` differs from `before` in anything the checks read. */
export function changedSince(node: Node, before: BeforeEvent, commit: LogIndex): boolean {
  const log = node.log();
  const last = log.lastPosition();
  return (
    commit !== before.commit ||
    node.role() !== before.role ||
    node.currentTerm() !== before.term ||
    node.votedFor() !== before.vote ||
    last.index !== before.last.index ||
    last.term !== before.last.term ||
    log.snapshotPosition().index !== before.snapshotIndex ||
    log.latestConfigIndex() !== before.configIndex ||
    node.config() !== before.config
  );
}

/** Per-incarnation state (reset by a crash or restart, §1). */
export interface Incarnation {
  /** I7: the commit index at the end of the node's last event in this incarnation. */
  commit: LogIndex | undefined;
  /** I5: the leader mark M, with the term it was taken in. */
  leaderMark: { readonly term: Term; readonly last: LogPosition } | undefined;
}
