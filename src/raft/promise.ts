/**
 * Synchronous promises polled against a node (raftbare 0.1.4's `CommitPromise` and
 * `HeartbeatPromise`). They are values that say how to find out, never JS `Promise`s: the core
 * has no event loop. Poll them after driving the node (see the README's driving loop).
 *
 * @module
 */
import { LogPosition } from './log.js';
import type { Node } from './node.js';
import type { MessageSeqNo, Term } from './types.js';

/**
 * What a node knows about a position proposed earlier (`Node.getCommitStatus`):
 * - `InProgress`: not committed yet, still possible.
 * - `Committed`: this exact entry is committed.
 * - `Rejected`: another entry is (or will be) committed at its index.
 * - `Unknown`: compacted into a snapshot before anyone could tell.
 */
export type CommitStatus = 'InProgress' | 'Committed' | 'Rejected' | 'Unknown';

/** The state of a {@link CommitPromise}; all but `Pending` are final. */
export type CommitPromiseState = 'Pending' | 'Accepted' | 'Rejected' | 'Unknown';

/**
 * The outcome of a proposal (`createCluster`, `proposeCommand`, `proposeConfig`).
 *
 * Notes: any node may be polled, not only the one that proposed; a follower learns the outcome
 * when its commit index passes the position. Wrong-role proposals return an already rejected
 * promise at {@link LogPosition.INVALID}.
 * @example
 * const promise = leader.proposeCommand();
 * // ... drive the cluster ...
 * if (promise.poll(leader).isAccepted()) apply(promise.logPosition());
 */
export class CommitPromise {
  private constructor(
    private state: CommitPromiseState,
    private readonly position: LogPosition,
  ) {}

  /** A pending promise for `position`. */
  static pending(position: LogPosition): CommitPromise {
    return new CommitPromise('Pending', position);
  }
  /** An already rejected promise at {@link LogPosition.INVALID}. */
  static rejected(): CommitPromise {
    return new CommitPromise('Rejected', LogPosition.INVALID);
  }

  /** The position of the proposed entry (`INVALID` if rejected at once). */
  logPosition(): LogPosition {
    return this.position;
  }
  /** The current state. */
  getState(): CommitPromiseState {
    return this.state;
  }
  /** Not decided yet: poll again after driving the cluster. */
  isPending(): boolean {
    return this.state === 'Pending';
  }
  /** Final: this exact entry is committed. */
  isAccepted(): boolean {
    return this.state === 'Accepted';
  }
  /** Final: another entry took its index, or the proposal was refused at once. */
  isRejected(): boolean {
    return this.state === 'Rejected';
  }
  /** Final `Unknown`: the node compacted the position before it could tell (see `CommitStatus`). */
  isUnknown(): boolean {
    return this.state === 'Unknown';
  }

  /** Updates a pending promise from `node`'s view and returns `this`. Final states never change. */
  poll(node: Node): this {
    if (this.state !== 'Pending') return this;
    const status = node.getCommitStatus(this.position);
    if (status === 'Committed') this.state = 'Accepted';
    else if (status === 'Rejected') this.state = 'Rejected';
    else if (status === 'Unknown') this.state = 'Unknown';
    return this;
  }
}

/** The state of a {@link HeartbeatPromise}. */
export type HeartbeatPromiseState = 'Pending' | 'Accepted' | 'Rejected';

/**
 * The outcome of `Node.heartbeat()`: accepted once a majority of every voter set (the leader
 * included) answered a call the leader made at or after the heartbeat, in the same term. That is
 * what a linearizable read needs (Raft §8): the leader was still leader after the read began.
 *
 * Rejected if the node's term changed or it is no longer leader (raftbare 0.1.4 stayed pending
 * forever after a same-term step-down).
 */
export class HeartbeatPromise {
  private constructor(
    private state: HeartbeatPromiseState,
    private readonly term: Term,
    private readonly seqno: MessageSeqNo,
  ) {}

  /** A pending promise for the call with `seqno` made in `term`. */
  static pending(term: Term, seqno: MessageSeqNo): HeartbeatPromise {
    return new HeartbeatPromise('Pending', term, seqno);
  }
  /** An already rejected promise. */
  static rejected(): HeartbeatPromise {
    return new HeartbeatPromise('Rejected', 0 as Term, 0 as MessageSeqNo);
  }

  /** The current state. */
  getState(): HeartbeatPromiseState {
    return this.state;
  }
  /** No majority has answered a later call yet, and the node still leads the same term. */
  isPending(): boolean {
    return this.state === 'Pending';
  }
  /** Final: a majority answered a call made at or after the heartbeat, in the same term. */
  isAccepted(): boolean {
    return this.state === 'Accepted';
  }
  /** Final: the node's term changed or it stopped leading before a majority answered. */
  isRejected(): boolean {
    return this.state === 'Rejected';
  }

  /** Updates a pending promise from `node` (the leader that made it) and returns `this`. */
  poll(node: Node): this {
    if (this.state !== 'Pending') return this;
    if (node.currentTerm() !== this.term || node.role() !== 'Leader') this.state = 'Rejected';
    else if (node.acknowledgedSeqno() >= this.seqno) this.state = 'Accepted';
    return this;
  }
}
