/**
 * The log grid: one row per node (same order and labels as the ring), one column per log index.
 * Cell colour = the entry's term, always with the term number on it; committed entries have a
 * solid border, uncommitted ones a dashed border (never colour alone).
 *
 * @module
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { ClusterView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { leaderNode, logColumns, logRows } from './log-grid-model.js';
import { LogRow } from './LogRow.js';
import './panels.css';

export interface LogGridProps {
  readonly view: ClusterView;
  readonly selectedNode?: NodeId;
  /** Cells involved in a safety violation. */
  readonly highlight?: readonly { node: NodeId; index: number }[];
  readonly onSelectNode: (id: NodeId) => void;
}

/**
 * Keeps the newest index in view: the grid starts scrolled to its right end and stays there as
 * entries arrive, unless the user scrolled left to read older ones.
 */
function usePinnedRight(hi: number): { ref: RefObject<HTMLDivElement | null>; onScroll: () => void } {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && pinned.current) el.scrollLeft = el.scrollWidth;
  }, [hi]);
  const onScroll = (): void => {
    const el = ref.current;
    if (el !== null) pinned.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - 8;
  };
  return { ref, onScroll };
}

export function LogGrid({ view, selectedNode, highlight, onSelectNode }: LogGridProps) {
  const cols = logColumns(view);
  const scroll = usePinnedRight(cols.hi);
  const rows = logRows(view, cols, highlight);
  const leader = leaderNode(view);
  const indices: number[] = [];
  for (let i = cols.lo; i <= cols.hi; i++) indices.push(i);
  return (
    <div className="rl-log" data-testid="log-grid">
      <div className="rl-log-scroll" ref={scroll.ref} onScroll={scroll.onScroll} data-testid="log-scroll">
        <table className="rl-log-table">
          <caption className="rl-sr">
            Replicated logs: one row per node, one column per log index
            {leader === undefined ? '' : `; ▲ match index and ▸ next index as seen by leader n${leader.id}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">node</th>
              {indices.map((i) => (
                <th scope="col" key={i} className="rl-log-index">
                  {i}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <LogRow key={row.node.id} row={row} selected={row.node.id === selectedNode} leaderTerm={leader?.term} onSelect={onSelectNode} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="rl-log-legend" aria-hidden="true">
        {/* The commit and applied keys are drawn as the cells draw them (a bar, a green dash), not as characters. */}
        solid border = committed · dashed = not yet · <span className="rl-key-commit" /> commit · <span className="rl-key-applied" /> applied · ▲ match · ▸ next · ⚙ config: {'{1..5}'} = n1 to n5, a→b joint, +L learners
      </p>
    </div>
  );
}
