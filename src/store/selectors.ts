/**
 * Pure selectors over a store's state: what each part of the view needs, computed from a frame.
 * No React, no simulation access; tested on plain objects.
 *
 * @module
 */
import { fmtNode, INVARIANT_TITLES, type MessageView, type NodeView, type Violation } from '../sim/index.js';
import type { NodeId } from '../raft/index.js';
import { MARKER, type Marker } from './door.js';
import type { Frame, RaftState } from './types.js';

/** The node ids of the cluster, ascending. */
export function nodeIds(frame: Frame): readonly NodeId[] {
  return frame.view.nodes.map((n) => n.id);
}

export function nodeById(frame: Frame, id: NodeId): NodeView | undefined {
  return frame.view.nodes.find((n) => n.id === id);
}

export function messageById(frame: Frame, id: number): MessageView | undefined {
  return frame.view.inFlight.find((m) => m.id === id);
}

/** The selected node's id, if a node is selected. */
export function selectedNode(state: RaftState): NodeId | undefined {
  const sel = state.ui.selection;
  return sel?.kind === 'node' ? sel.id : undefined;
}

/** `leader`, `candidate`, `follower` or `down`. */
export function roleWord(n: NodeView): string {
  return n.up ? (n.role ?? 'follower').toLowerCase() : 'down';
}

/** `Node 3, leader, term 5, commit 12` (the node's accessible name). */
export function nodeLabel(n: NodeView): string {
  return `Node ${n.id}, ${roleWord(n)}, term ${n.term}, commit ${n.commitIndex}`;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  RequestVoteCall: 'RequestVote',
  RequestVoteReply: 'vote reply',
  AppendEntriesCall: 'AppendEntries',
  AppendEntriesReply: 'append reply',
  Snapshot: 'snapshot',
};

/**
 * `Message 12, AppendEntries from n1 to n3 with 2 entries, arrives at 240 ms` (a message's
 * accessible name). It carries what the glyph shows beside its kind (✓/✗, entry count, term,
 * position), so a screen-reader user hears a vote granted or an append rejected, too.
 */
export function messageLabel(m: MessageView): string {
  const when = m.held ? 'held' : `arrives at ${m.deliverAt} ms`;
  return `Message ${m.id}, ${KIND_WORDS[m.kind] ?? m.kind} from ${fmtNode(m.from)} to ${fmtNode(m.to)}${messagePayload(m)}, ${when}`;
}

/** What follows a message's ends in its name (`, granted`, ` with 2 entries`): its outcome or payload, in few words. */
export function messagePayload(m: MessageView): string {
  switch (m.kind) {
    case 'RequestVoteCall':
      return ` for term ${m.term}`;
    case 'RequestVoteReply':
      return m.granted === undefined ? '' : m.granted ? ', granted' : ', refused';
    case 'AppendEntriesCall':
      return entriesWords(m.entryCount ?? 0);
    case 'AppendEntriesReply':
      if (m.success === undefined) return '';
      return m.success ? `, ok${m.lastPosition === undefined ? '' : `, match i${m.lastPosition.index}`}` : ', rejected';
    default:
      return m.lastPosition === undefined ? '' : ` up to i${m.lastPosition.index}`;
  }
}

function entriesWords(count: number): string {
  return count === 0 ? ', heartbeat' : ` with ${count} ${count === 1 ? 'entry' : 'entries'}`;
}

/** The log cells a violation involves: every listed node at every listed index. */
export function violationHighlight(v: Violation | undefined): readonly { node: NodeId; index: number }[] {
  if (v === undefined) return [];
  const out: { node: NodeId; index: number }[] = [];
  for (const node of v.nodes) for (const p of v.positions) out.push({ node, index: p.index });
  return out;
}

/** `1.234 s · #812`: the present as the timeline shows it. */
export function presentLabel(frame: Frame): string {
  return `${(frame.now / 1000).toFixed(3)} s · #${frame.position}`;
}

/** Marker symbols (design doc), most important first. */
const SYMBOLS: readonly [number, string, string][] = [
  [MARKER.violation, '⚠', 'violation'],
  [MARKER.leaderElected, '★', 'leader elected'],
  [MARKER.leaderLost, '☆', 'leader lost'],
  [MARKER.crash, '✕', 'crash'],
  [MARKER.restart, '↻', 'restart'],
  [MARKER.partition, '⟂', 'partition'],
  [MARKER.heal, '∞', 'heal'],
  [MARKER.intervention, '◆', 'intervention'],
  [MARKER.commit, '·', 'commit'],
  [MARKER.timeout, '○', 'timeout'],
];

/** The symbol and word of a marker's most important flag. */
export function markerSymbol(m: Marker): { symbol: string; word: string; danger: boolean } {
  for (const [flag, symbol, word] of SYMBOLS) if ((m.flags & flag) !== 0) return { symbol, word, danger: flag === MARKER.violation };
  return { symbol: '·', word: 'event', danger: false };
}

/** All words for a marker's flags, for its tooltip. */
export function markerWords(m: Marker): string {
  return SYMBOLS.filter(([flag]) => (m.flags & flag) !== 0)
    .map(([, , w]) => w)
    .join(', ');
}

/** At most this many decision lines are read per event; the rest are counted, not read. */
export const NARRATED_LINES = 4;

/**
 * What the live region reads after an event: every decision the event made, in order (its last is
 * often the outcome: "n2 got a vote …" then "n2 won term 1 …"), at most NARRATED_LINES of them.
 */
export function narration(frame: Pick<Frame, 'explanation'>): string {
  const e = frame.explanation;
  if (e === undefined) return '';
  const decisions = e.lines.filter((l) => l.kind === 'decision');
  const lines = decisions.length > 0 ? decisions : e.lines.slice(0, 1);
  if (lines.length === 0) return `Event ${e.index} at ${e.time} ms: ${e.kind}`;
  const said = lines.slice(0, NARRATED_LINES).map((l) => l.text.replace(/\.$/, ''));
  const more = lines.length - said.length;
  const rest = more > 0 ? `; and ${more} more decision${more === 1 ? '' : 's'}` : '';
  return `Event ${e.index} at ${e.time} ms: ${said.join('; ')}${rest}`;
}

/** The leader a client command goes to: the known leader, else none. */
export function leaderOf(frame: Frame): NodeId | undefined {
  return frame.view.leader;
}

/** `Leader Completeness (Leader commit rule)`: the property, then the checker's own title if it differs. */
export function propertyName(v: Pick<Violation, 'invariant' | 'title'>): string {
  const property = INVARIANT_TITLES[v.invariant];
  if (property === undefined || v.title.startsWith(property)) return v.title;
  return `${property} (${v.title})`;
}
