/**
 * A message glyph's shape and a reply's answer (the design doc's table), shared by the detailed
 * glyphs (message-dom.ts) and the crowded drawing (message-batch.ts) so both draw the same thing.
 *
 * @module
 */
import type { MessageView } from '../../sim/index.js';

/** Glyph height of the rectangles (AppendEntries with entries, snapshots). */
export const GLYPH_HEIGHT = 12;

export type GlyphShape = { readonly kind: 'circle'; readonly r: number } | { readonly kind: 'rect'; readonly width: number; readonly rx: number };

/**
 * RequestVote: a circle; its reply: a larger circle; heartbeat: a dot; AppendEntries: a pill; its
 * reply: a rounded square; snapshot: a bar. The two replies carry the same ✓/✗ and no label, so
 * each takes its call's family of shape (round for votes, square for appends) to tell them apart.
 */
export function glyphShape(m: MessageView): GlyphShape {
  switch (m.kind) {
    case 'RequestVoteCall':
      return { kind: 'circle', r: 6 };
    case 'RequestVoteReply':
      return { kind: 'circle', r: 7 };
    case 'AppendEntriesReply':
      return { kind: 'rect', width: 14, rx: 3 };
    case 'AppendEntriesCall':
      return (m.entryCount ?? 0) === 0 ? { kind: 'circle', r: 3.5 } : { kind: 'rect', width: 18, rx: 4 };
    default:
      return { kind: 'rect', width: 30, rx: 2 };
  }
}

/** True for the replies, which carry an answer mark. */
export function isReply(m: MessageView): boolean {
  return m.kind === 'RequestVoteReply' || m.kind === 'AppendEntriesReply';
}

/** A reply's answer: true (✓ granted / accepted), false (✗) or undefined (↩ no answer field); undefined for calls. */
export function replyAnswer(m: MessageView): boolean | undefined {
  return m.kind === 'RequestVoteReply' ? m.granted : m.kind === 'AppendEntriesReply' ? m.success : undefined;
}
