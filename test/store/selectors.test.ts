import { describe, expect, it } from 'vitest';
import {
  createRaftStore,
  MARKER,
  markerSymbol,
  markerWords,
  messageLabel,
  NARRATED_LINES,
  narration,
  propertyName,
  nodeLabel,
  presentLabel,
  readStartParams,
  sliderOf,
  speedAt,
  speedLabel,
  violationHighlight,
  type Frame,
} from '../../src/store/index.js';
import type { Explanation, ExplanationLine, MessageView, NodeView, Violation } from '../../src/sim/index.js';
import type { LogIndex, LogPosition, NodeId, Term } from '../../src/raft/index.js';

const node = (over: Partial<NodeView>): NodeView => ({ id: 3 as NodeId, up: true, role: 'Leader', term: 5 as Term, commitIndex: 12 as LogIndex, ...over }) as NodeView;

describe('selectors', () => {
  it('names a node by id, role, term and commit', () => {
    expect(nodeLabel(node({}))).toBe('Node 3, leader, term 5, commit 12');
    expect(nodeLabel(node({ up: false, role: undefined, term: 2 as Term, commitIndex: 0 as LogIndex }))).toBe('Node 3, down, term 2, commit 0');
    expect(nodeLabel(node({ role: 'Candidate' }))).toBe('Node 3, candidate, term 5, commit 12');
  });

  it('names a message by kind, ends and arrival', () => {
    const m = { id: 12, from: 1, to: 3, kind: 'AppendEntriesCall', text: '', sentAt: 200, deliverAt: 240, held: false, term: 4, entryCount: 2 } as unknown as MessageView;
    expect(messageLabel(m)).toBe('Message 12, AppendEntries from n1 to n3 with 2 entries, arrives at 240 ms');
    expect(messageLabel({ ...m, held: true, kind: 'RequestVoteReply', granted: true })).toBe('Message 12, vote reply from n1 to n3, granted, held');
  });

  it("names a message's outcome or payload, which its glyph shows only as ✓/✗ or a shape", () => {
    const m = { id: 5, from: 4, to: 2, text: '', sentAt: 160, deliverAt: 179, held: false, term: 4 } as unknown as MessageView;
    const pos = (index: number) => ({ term: 3, index }) as unknown as LogPosition;
    const named = (over: Partial<MessageView>) => messageLabel({ ...m, ...over });
    expect(named({ kind: 'RequestVoteCall', lastPosition: pos(3) })).toBe('Message 5, RequestVote from n4 to n2 for term 4, arrives at 179 ms');
    expect(named({ kind: 'RequestVoteReply', granted: true })).toBe('Message 5, vote reply from n4 to n2, granted, arrives at 179 ms');
    expect(named({ kind: 'RequestVoteReply', granted: false })).toBe('Message 5, vote reply from n4 to n2, refused, arrives at 179 ms');
    expect(named({ kind: 'AppendEntriesCall', entryCount: 0 })).toBe('Message 5, AppendEntries from n4 to n2, heartbeat, arrives at 179 ms');
    expect(named({ kind: 'AppendEntriesCall', entryCount: 1 })).toBe('Message 5, AppendEntries from n4 to n2 with 1 entry, arrives at 179 ms');
    expect(named({ kind: 'AppendEntriesReply', success: true, lastPosition: pos(7) })).toBe('Message 5, append reply from n4 to n2, ok, match i7, arrives at 179 ms');
    expect(named({ kind: 'AppendEntriesReply', success: false, lastPosition: pos(4) })).toBe('Message 5, append reply from n4 to n2, rejected, arrives at 179 ms');
    expect(named({ kind: 'Snapshot', lastPosition: pos(12) })).toBe('Message 5, snapshot from n4 to n2 up to i12, arrives at 179 ms');
  });

  it('narrates every decision of an event, the outcome too, at most NARRATED_LINES of them', () => {
    const decision = (text: string) => ({ kind: 'decision', text }) as unknown as ExplanationLine;
    const note = (text: string) => ({ kind: 'note', text }) as unknown as ExplanationLine;
    const event = (lines: ExplanationLine[]) => ({ explanation: { index: 7, time: 179, kind: 'deliver', node: 2, lines } as unknown as Explanation });
    const won = event([note('a note'), decision('n2 got a vote from n4 — §5.2'), decision('n2 won term 1 (a majority) — §5.2')]);
    expect(narration(won)).toBe('Event 7 at 179 ms: n2 got a vote from n4 — §5.2; n2 won term 1 (a majority) — §5.2');
    expect(narration(event([note('only a note')]))).toBe('Event 7 at 179 ms: only a note');
    expect(narration(event([]))).toBe('Event 7 at 179 ms: deliver');
    const many = event(Array.from({ length: NARRATED_LINES + 2 }, (_, i) => decision(`d${i}.`)));
    expect(narration(many)).toBe('Event 7 at 179 ms: d0; d1; d2; d3; and 2 more decisions');
    expect(narration({ explanation: undefined })).toBe('');
  });

  it('narrates the election a screen-reader user would otherwise miss (seed 1: the vote that wins)', () => {
    const store = createRaftStore({ seed: 1, nodes: 5 });
    for (let i = 0; i < 50 && store.getState().frame.view.leader === undefined; i++) store.actions.step();
    const said = narration(store.getState().frame);
    expect(said).toMatch(/^Event \d+ at \d+ ms: n\d got a vote from n\d .*; n\d won term 1 .*a majority/);
  });

  it('highlights every involved node at every involved index', () => {
    const v = { nodes: [1, 2], positions: [{ term: 1, index: 4 }, { term: 2, index: 5 }] as unknown as LogPosition[] } as unknown as Violation;
    expect(violationHighlight(v)).toEqual([
      { node: 1, index: 4 },
      { node: 1, index: 5 },
      { node: 2, index: 4 },
      { node: 2, index: 5 },
    ]);
    expect(violationHighlight(undefined)).toEqual([]);
  });

  it('names the paper property a violation breaks', () => {
    expect(propertyName({ invariant: 'I9', title: 'Leader commit rule' })).toBe('Leader Completeness (Leader commit rule)');
    expect(propertyName({ invariant: 'I1', title: 'Election Safety' })).toBe('Election Safety');
    expect(propertyName({ invariant: 'I8', title: 'State Machine Safety (applied state)' })).toBe('State Machine Safety (applied state)');
  });

  it('labels the present in seconds and event number', () => {
    expect(presentLabel({ now: 1234, position: 812 } as Frame)).toBe('1.234 s · #812');
  });

  it('picks the most important marker flag and lists all', () => {
    const m = { index: 1, time: 0, node: undefined, flags: MARKER.crash | MARKER.intervention };
    expect(markerSymbol(m)).toEqual({ symbol: '✕', word: 'crash', danger: false });
    expect(markerWords(m)).toBe('crash, intervention');
    expect(markerSymbol({ ...m, flags: MARKER.violation | MARKER.commit }).danger).toBe(true);
  });
});

describe('speed scale', () => {
  it('maps the slider logarithmically from 1 to 10,000 ms/s', () => {
    expect(speedAt(0)).toBe(1);
    expect(speedAt(50)).toBe(100);
    expect(speedAt(75)).toBe(1000);
    expect(speedAt(100)).toBe(10_000);
    expect(sliderOf(100)).toBe(50);
    expect(sliderOf(10_000)).toBe(100);
    expect(speedLabel(100)).toBe('100 ms/s (0.1×)');
    expect(speedLabel(2000)).toBe('2000 ms/s (2×)');
  });
});

describe('start parameters', () => {
  it('reads seed, nodes and speed', () => {
    expect(readStartParams('?seed=7&nodes=9&speed=300')).toEqual({ seed: 7, nodes: 9, speed: 300, problems: [] });
    expect(readStartParams('')).toEqual({ seed: 1, nodes: 5, speed: 100, problems: [] });
  });
  it('reports each bad value and falls back to its default', () => {
    const p = readStartParams('?seed=abc&nodes=12&speed=0');
    expect(p).toMatchObject({ seed: 1, nodes: 5, speed: 100 });
    expect(p.problems).toEqual([
      '“seed=abc” is not a whole number from 0 to 4294967295; using seed=1.',
      '“nodes=12” is not a whole number from 1 to 9; using nodes=5.',
      '“speed=0” is not a whole number from 1 to 10000; using speed=100.',
    ]);
  });
});
