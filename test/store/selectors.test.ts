import { describe, expect, it } from 'vitest';
import {
  MARKER,
  markerSymbol,
  markerWords,
  messageLabel,
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
import type { MessageView, NodeView, Violation } from '../../src/sim/index.js';
import type { LogIndex, LogPosition, NodeId, Term } from '../../src/raft/index.js';

const node = (over: Partial<NodeView>): NodeView => ({ id: 3 as NodeId, up: true, role: 'Leader', term: 5 as Term, commitIndex: 12 as LogIndex, ...over }) as NodeView;

describe('selectors', () => {
  it('names a node by id, role, term and commit', () => {
    expect(nodeLabel(node({}))).toBe('Node 3, leader, term 5, commit 12');
    expect(nodeLabel(node({ up: false, role: undefined, term: 2 as Term, commitIndex: 0 as LogIndex }))).toBe('Node 3, down, term 2, commit 0');
    expect(nodeLabel(node({ role: 'Candidate' }))).toBe('Node 3, candidate, term 5, commit 12');
  });

  it('names a message by kind, ends and arrival', () => {
    const m = { id: 12, from: 1, to: 3, kind: 'AppendEntriesCall', text: '', sentAt: 200, deliverAt: 240, held: false } as unknown as MessageView;
    expect(messageLabel(m)).toBe('Message 12, AppendEntries from n1 to n3, arrives at 240 ms');
    expect(messageLabel({ ...m, held: true, kind: 'RequestVoteReply' })).toBe('Message 12, vote reply from n1 to n3, held');
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
