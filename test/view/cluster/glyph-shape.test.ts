import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/sim/index.js';
import { glyphShape, isReply, replyAnswer } from '../../../src/view/cluster/glyph-shape.js';

const msg = (over: Partial<MessageView>): MessageView => ({ id: 1, from: 1, to: 2, text: '', sentAt: 0, deliverAt: 10, held: false, term: 1, seqno: 1, ...over }) as MessageView;

const KINDS: Record<string, MessageView> = {
  RequestVote: msg({ kind: 'RequestVoteCall' }),
  'vote reply': msg({ kind: 'RequestVoteReply', granted: true }),
  AppendEntries: msg({ kind: 'AppendEntriesCall', entryCount: 2 }),
  heartbeat: msg({ kind: 'AppendEntriesCall', entryCount: 0 }),
  'append reply': msg({ kind: 'AppendEntriesReply', success: true }),
  snapshot: msg({ kind: 'Snapshot' }),
};

describe('glyph shapes', () => {
  it('tells every kind apart by shape alone, the two replies (same ✓/✗, no label) included', () => {
    const shapes = Object.entries(KINDS).map(([name, m]) => [name, JSON.stringify(glyphShape(m))] as const);
    for (const [name, shape] of shapes) {
      const same = shapes.filter(([other, s]) => other !== name && s === shape).map(([other]) => other);
      expect(same, `${name} draws as ${shape}`).toEqual([]);
    }
  });

  it('draws a vote reply round like its RequestVote and an append reply square-ish like its AppendEntries, both room for the mark', () => {
    expect(glyphShape(KINDS['vote reply'] as MessageView)).toEqual({ kind: 'circle', r: 7 });
    expect(glyphShape(KINDS['append reply'] as MessageView)).toEqual({ kind: 'rect', width: 14, rx: 3 });
  });

  it("reads a reply's answer and none from a call", () => {
    expect(replyAnswer(msg({ kind: 'RequestVoteReply', granted: false }))).toBe(false);
    expect(replyAnswer(msg({ kind: 'AppendEntriesReply', success: true }))).toBe(true);
    expect(replyAnswer(msg({ kind: 'AppendEntriesCall' }))).toBeUndefined();
    expect(isReply(msg({ kind: 'AppendEntriesReply' }))).toBe(true);
    expect(isReply(msg({ kind: 'Snapshot' }))).toBe(false);
  });
});
