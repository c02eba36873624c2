/**
 * The store's few reads of the simulator door that need a small adaptation for the view.
 * Everything else is the door contract as is (revision, check, markers, spaceTime, votes, timers,
 * structured messages), imported from `src/sim/index.ts`.
 *
 * @module
 */
import type { MessageView, NodeView, TimerView } from '../sim/index.js';
import type { NodeId } from '../raft/index.js';

export { MARKER, type Marker, type MessageKind, type SpaceTimeSlice, type TimerView } from '../sim/index.js';

/** The structured fields of a message (the door's MessageView carries them). */
export type MessageFields = Pick<MessageView, 'term' | 'granted' | 'success' | 'entryCount' | 'lastPosition'>;

/** A message's structured fields. */
export function messageFields(m: MessageView): MessageFields {
  return m;
}

/** The votes a candidate has been granted (incl. itself) and refused this term. */
export function votesOf(n: NodeView): { granted: readonly NodeId[]; refused: readonly NodeId[] } {
  return { granted: n.votesGranted, refused: n.votesRefused };
}

/** The node's armed timer while it is up, or undefined. */
export function timerOf(n: NodeView): TimerView | undefined {
  return n.up ? n.timer : undefined;
}
