/**
 * Branded number types: plain `number`s at runtime, distinct types at compile time, so a term can
 * not be passed where a log index is expected. raftbare uses `u64` newtypes for the same reason.
 *
 * The constructor functions validate their argument (a non-negative safe integer) and throw a
 * `RangeError` otherwise: they are for values coming from outside (user input, storage, tests).
 * The core itself only derives new values from valid ones.
 *
 * @module
 */

declare const brand: unique symbol;

/** A `number` tagged with a compile-time-only brand `B`. */
export type Brand<B extends string> = number & { readonly [brand]: B };

/** Identifies one node of a cluster. */
export type NodeId = Brand<'NodeId'>;
/** A Raft term (Raft §5.1): a logical clock that only grows. */
export type Term = Brand<'Term'>;
/** The position of an entry in the log; the first entry has index 1, index 0 is "before all". */
export type LogIndex = Brand<'LogIndex'>;
/**
 * A per-node counter of outgoing calls (raftbare 0.1.4's `MessageSeqNo`). Replies echo the seqno
 * of the call they answer, which lets a leader discard stale replies and know that a majority
 * answered after it asked (see `HeartbeatPromise`).
 */
export type MessageSeqNo = Brand<'MessageSeqNo'>;

function check(kind: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${kind} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/**
 * Makes a {@link NodeId}.
 *
 * Preconditions: `value` is a non-negative safe integer (else `RangeError`).
 * @example const n0 = NodeId(0);
 */
export function NodeId(value: number): NodeId {
  check('NodeId', value);
  return value as NodeId;
}

/**
 * Makes a {@link Term}.
 *
 * Preconditions: `value` is a non-negative safe integer (else `RangeError`).
 * @example const t = Term(3);
 */
export function Term(value: number): Term {
  check('Term', value);
  return value as Term;
}

/**
 * Makes a {@link LogIndex}.
 *
 * Preconditions: `value` is a non-negative safe integer (else `RangeError`).
 * @example const i = LogIndex(12);
 */
export function LogIndex(value: number): LogIndex {
  check('LogIndex', value);
  return value as LogIndex;
}

/**
 * Makes a {@link MessageSeqNo}.
 *
 * Preconditions: `value` is a non-negative safe integer (else `RangeError`).
 * @example const s = MessageSeqNo(1);
 */
export function MessageSeqNo(value: number): MessageSeqNo {
  check('MessageSeqNo', value);
  return value as MessageSeqNo;
}
