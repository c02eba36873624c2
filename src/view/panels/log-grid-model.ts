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

/** A set written short: listed in full up to four members, else runs of three or more as `a..b`. */
export function compactSet(ids: readonly number[]): string {
  if (ids.length <= 4) return `{${ids.join(',')}}`;
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && (ids[j + 1] as number) === (ids[j] as number) + 1) j++;
    const run = ids.slice(i, j + 1);
    parts.push(run.length >= 3 ? `${run[0]}..${run.at(-1)}` : run.join(','));
    i = j + 1;
  }
  return `{${parts.join(',')}}`;
}

const SET = String.raw`\{([\d,]*)\}`;
/** `config {1,2,3}`, `config {1,2,3} → {1,2,4} (joint)`, either `+ non-voters {5}` (as `describeConfig` writes them). */
const CONFIG_TEXT = new RegExp(`^config ${SET}(?: → ${SET} \\(joint\\))?(?: \\+ non-voters ${SET})?$`);

const ids = (list: string): number[] => (list === '' ? [] : list.split(',').map(Number));

/**
 * A configuration entry in a cell's width: `{1..5}`, joint `{1..5}→{1..6}`, learners `+L{6}`.
 * Every member set stays (compacted, never cut), so entries that differ read differently.
 */
export function compactConfig(text: string): string {
  const m = CONFIG_TEXT.exec(text);
  if (m === null) return text.replace(/^config /, '');
  const [, voters = '', newVoters, learners] = m;
  const sets = newVoters === undefined ? compactSet(ids(voters)) : `${compactSet(ids(voters))}→${compactSet(ids(newVoters))}`;
  return learners === undefined ? sets : `${sets} +L${compactSet(ids(learners))}`;
}

/**
 * A short label for a cell: ∅ for a term's no-op, ⚙ and the member sets for a config, else the
 * command text. The cell shows it on up to two lines; the entry's full text stays in its title.
 */
export function entryLabel(entry: EntryView): { readonly glyph: string; readonly text: string } {
  if (entry.kind === 'Term') return { glyph: '∅', text: 'no-op' };
  if (entry.kind === 'ClusterConfig') return { glyph: '⚙', text: compactConfig(entry.text) };
  return { glyph: '', text: entry.text };
}
