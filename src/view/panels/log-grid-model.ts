/**
 * What the log grid draws, computed from a `ClusterView` without React: the index columns shown,
 * and per node a row of segments (the compacted prefix as one block, entries, gaps, and the
 * positions past the end where a leader's nextIndex may point).
 *
 * @module
 */
import type { ClusterView, EntryView, NodeView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';

/** More columns than this and the oldest are folded away (a long-down node must not blow up the DOM). */
export const MAX_LOG_COLUMNS = 160;

/** The first and last index shown (hi < lo when every log is empty). */
export interface LogColumns {
  readonly lo: number;
  readonly hi: number;
}

/** Marks the leader's progress puts on a follower's row. */
export interface ProgressMarks {
  readonly matchIndex: number;
  readonly nextIndex: number;
}

export type LogSegment =
  | { readonly kind: 'snapshot'; readonly from: number; readonly to: number }
  | { readonly kind: 'elided'; readonly from: number; readonly to: number }
  | { readonly kind: 'entry'; readonly entry: EntryView; readonly committed: boolean; readonly highlighted: boolean }
  | { readonly kind: 'empty'; readonly index: number };

export interface LogRowModel {
  readonly node: NodeView;
  readonly segments: readonly LogSegment[];
  /** Set on a follower's row when the cluster has a leader tracking it. */
  readonly progress: ProgressMarks | undefined;
}

/** The index range every row shares. */
export function logColumns(view: ClusterView, maxColumns = MAX_LOG_COLUMNS): LogColumns {
  let lo = Infinity;
  let hi = 0;
  for (const node of view.nodes) {
    lo = Math.min(lo, node.log[0]?.index ?? node.snapshot.index + 1, node.snapshot.index > 0 ? node.snapshot.index : Infinity);
    hi = Math.max(hi, node.lastPosition.index);
  }
  const leader = leaderNode(view);
  for (const p of leader?.progress ?? []) hi = Math.max(hi, p.nextIndex);
  if (!Number.isFinite(lo)) lo = 1;
  return { lo: Math.max(lo, hi - maxColumns + 1, 1), hi };
}

/** The leader whose progress is drawn: the cluster's known leader, if it is up and leading. */
export function leaderNode(view: ClusterView): NodeView | undefined {
  const leader = view.nodes.find((n) => n.id === view.leader);
  return leader?.role === 'Leader' ? leader : undefined;
}

function segmentKind(node: NodeView, index: number, listed: ReadonlyMap<number, EntryView>): 'snapshot' | 'elided' | 'entry' | 'empty' {
  if (index <= node.snapshot.index) return 'snapshot';
  if (listed.has(index)) return 'entry';
  return index <= node.lastPosition.index ? 'elided' : 'empty';
}

function rowSegments(node: NodeView, cols: LogColumns, highlighted: ReadonlySet<string>): LogSegment[] {
  const listed = new Map(node.log.map((e) => [e.index as number, e]));
  const out: LogSegment[] = [];
  for (let i = cols.lo; i <= cols.hi; i++) {
    const kind = segmentKind(node, i, listed);
    const last = out.at(-1);
    if ((kind === 'snapshot' || kind === 'elided') && last?.kind === kind) {
      out[out.length - 1] = { ...last, to: i };
    } else if (kind === 'snapshot' || kind === 'elided') {
      out.push({ kind, from: i, to: i });
    } else if (kind === 'entry') {
      const entry = listed.get(i) as EntryView;
      out.push({ kind, entry, committed: i <= node.commitIndex, highlighted: highlighted.has(`${node.id}:${i}`) });
    } else {
      out.push({ kind, index: i });
    }
  }
  return out;
}

/** One row per node, in the view's (ascending id) order. */
export function logRows(view: ClusterView, cols: LogColumns, highlight: readonly { node: NodeId; index: number }[] = []): LogRowModel[] {
  const highlighted = new Set(highlight.map((h) => `${h.node}:${h.index}`));
  const progress = new Map((leaderNode(view)?.progress ?? []).map((p) => [p.id as number, p]));
  return view.nodes.map((node) => {
    const p = progress.get(node.id);
    return { node, segments: rowSegments(node, cols, highlighted), progress: p === undefined ? undefined : { matchIndex: p.matchIndex, nextIndex: p.nextIndex } };
  });
}

/** A short label for a cell: ∅ for a term's no-op, the member sets for a config, the command text. */
export function entryLabel(entry: EntryView): { readonly glyph: string; readonly text: string } {
  if (entry.kind === 'Term') return { glyph: '∅', text: 'no-op' };
  if (entry.kind === 'ClusterConfig') {
    const sets = entry.text.replace(/^config /, '').replace(' (joint)', '').replace(' → ', '→');
    return { glyph: '⚙', text: sets };
  }
  return { glyph: '', text: entry.text };
}
