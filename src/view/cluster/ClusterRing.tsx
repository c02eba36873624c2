/**
 * The cluster as a ring of nodes (n1 at 12 o'clock, clockwise) with the network under them and
 * the messages in flight over them, all positioned from simulated time. React renders what an
 * event changes; what the playhead moves (timer arcs, message glyphs, drop marks) ClusterMotion
 * writes into the SVG: after each render for `now`, and, given a `clock`, on every playhead move
 * without a render.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { ClusterView, NodeView, SpaceTimeSlice } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { roleWord, timerOf, votesOf, type Selection } from '../../store/index.js';
import { nodeRadius, ringLayout, type Point } from '../geometry/ring.js';
import { ClusterMotion, type Scene } from './cluster-motion.js';
import { DropMarks } from './DropMarks.js';
import { Links } from './Links.js';
import { MessageBatch } from './message-batch.js';
import { MessageDom } from './message-dom.js';
import { MessageLayer } from './MessageLayer.js';
import { glyphNode, NodeGlyph, NodeWords, type VoteList } from './NodeGlyph.js';
import './cluster.css';

export interface ClusterRingProps {
  readonly view: ClusterView;
  /** Simulated time drawn (the playhead) when there is no `clock`. */
  readonly now: number;
  /** The live playhead: read after each render and redrawn on each move it reports. */
  readonly clock?: PlayheadClock;
  readonly selection: Selection | undefined;
  /** Nodes a violation involves. */
  readonly alarmed?: readonly NodeId[];
  /** Messages lost recently (fate `dropped`), drawn as fading ✕ marks. */
  readonly drops?: SpaceTimeSlice['messages'];
  /** Simulated ms over which a drop mark fades. */
  readonly dropFadeMs?: number;
  readonly onSelect: (selection: Selection) => void;
}

/** A playhead that moves between renders (the store's, while playing). */
export interface PlayheadClock {
  now(): number;
  /** Calls `onMove` when the playhead moved and nothing else the ring renders changed. */
  subscribe(onMove: () => void): () => void;
}

export const RING = { width: 600, height: 560, cx: 300, cy: 284, r: 200, maxNode: 34 } as const;

const NO_DROPS: SpaceTimeSlice['messages'] = [];

function votersOf(n: NodeView): readonly NodeId[] {
  return [...new Set<NodeId>([...n.config.voters, ...n.config.newVoters])].sort((a, b) => a - b);
}

/** One empty list for every non-candidate, so memoised glyphs see the same prop each frame. */
const NO_VOTES: VoteList = [];

function voteList(n: NodeView): VoteList {
  if (!n.up || n.role !== 'Candidate') return NO_VOTES;
  const { granted, refused } = votesOf(n);
  return votersOf(n).map((id) => ({ id, granted: granted.includes(id) ? true : refused.includes(id) ? false : undefined }));
}

function isLearner(n: NodeView): boolean {
  return n.membership === 'nonVoter';
}

interface RingNodesProps {
  readonly nodes: readonly NodeView[];
  readonly at: ReadonlyMap<NodeId, Point>;
  readonly r: number;
  readonly selection: Selection | undefined;
  readonly alarmed: readonly NodeId[];
  readonly onSelect: (id: NodeId) => void;
}

function RingNodes({ nodes, at, r, selection, alarmed, onSelect }: RingNodesProps) {
  return (
    <g className="rl-nodes">
      {nodes.map((n) => {
        const p = at.get(n.id) as Point;
        const timer = timerOf(n);
        return (
          <NodeGlyph
            key={n.id}
            {...glyphNode(n, isLearner(n))}
            x={p.x}
            y={p.y}
            r={r}
            timer={timer === undefined ? undefined : timer.kind === 'heartbeat' ? 'heartbeat' : 'election'}
            selected={selection?.kind === 'node' && selection.id === n.id}
            alarmed={alarmed.includes(n.id)}
            learner={isLearner(n)}
            onSelect={onSelect}
          />
        );
      })}
    </g>
  );
}

interface RingWordsProps extends Pick<RingNodesProps, 'nodes' | 'at' | 'r'> {
  readonly votes: ReadonlyMap<NodeId, VoteList>;
}

/** Every node's words (NodeWords), in a group drawn after the messages so nothing flies over them. */
function RingWords({ nodes, at, r, votes }: RingWordsProps) {
  return (
    <g className="rl-node-labels">
      {nodes.map((n) => {
        const p = at.get(n.id) as Point;
        return <NodeWords key={n.id} id={n.id} up={n.up} term={n.term} role={roleWord(n)} x={p.x} y={p.y} r={r} votes={votes.get(n.id) ?? NO_VOTES} learner={isLearner(n)} />;
      })}
    </g>
  );
}

/** Keeps the ring's moving parts drawn: after every render, and on every move of `clock`. */
function useMotion(scene: Scene, now: number, clock: PlayheadClock | undefined) {
  const svg = useRef<SVGSVGElement>(null);
  const layer = useRef<SVGGElement>(null);
  const batch = useRef<SVGGElement>(null);
  const motion = useRef<ClusterMotion | undefined>(undefined);
  useLayoutEffect(() => {
    if (svg.current === null || layer.current === null || batch.current === null) return;
    motion.current ??= new ClusterMotion(new MessageDom(layer.current, new MessageBatch(batch.current)));
    motion.current.rendered(svg.current, scene);
    motion.current.draw(clock === undefined ? now : clock.now());
  });
  useEffect(() => clock?.subscribe(() => motion.current?.draw(clock.now())), [clock]);
  const hit = useMemo(() => (x: number, y: number) => motion.current?.messages.hit(x, y), []);
  const onFocusMove = useMemo(() => () => motion.current?.messages.redraw(), []);
  return { svg, layer, batch, hit, onFocusMove };
}

export function ClusterRing({ view, now, clock, selection, alarmed = [], drops = NO_DROPS, dropFadeMs = 60, onSelect }: ClusterRingProps) {
  const count = view.nodes.length;
  // Positions depend only on which nodes exist: keyed by their ids, not the view's identity.
  const idsKey = view.nodes.map((n) => n.id).join(',');
  const at = useMemo(() => {
    const ids = idsKey.split(',').map((s) => Number(s) as NodeId);
    const radius = ids.length <= 2 ? RING.r * 0.8 : RING.r;
    const pts = ringLayout(ids.length, RING.cx, RING.cy, radius);
    return new Map<NodeId, Point>(ids.map((id, i) => [id, pts[i] as Point]));
  }, [idsKey]);
  const r = nodeRadius(count, RING.r, RING.maxNode);
  const selectNode = useMemo(() => (id: NodeId) => onSelect({ kind: 'node', id }), [onSelect]);
  const selectMessage = useMemo(() => (id: number) => onSelect({ kind: 'message', id }), [onSelect]);
  const selectedMessage = selection?.kind === 'message' ? selection.id : undefined;
  // Votes change per event, not per frame: computed once per view so NodeGlyph's memo holds.
  const votes = useMemo(() => new Map(view.nodes.map((n) => [n.id, voteList(n)])), [view.nodes]);
  // The network changes on partitions and cuts, not per event: a stable object keeps Links' memo.
  const network = useMemo(() => ({ nodes: idsKey.split(',').map((s) => ({ id: Number(s) as NodeId })), partition: view.partition, cuts: view.cuts }), [idsKey, view.partition, view.cuts]);
  const inset = r + 4;
  const { svg, layer, batch, hit, onFocusMove } = useMotion({ nodes: view.nodes, at, r, messages: view.inFlight, selectedMessage, inset, dropFadeMs }, now, clock);
  return (
    <svg ref={svg} className="rl-ring" viewBox={`0 0 ${RING.width} ${RING.height}`} role="group" aria-label={`Cluster of ${count} nodes${view.leader === undefined ? ', no leader' : `, leader n${view.leader}`}`} data-testid="cluster-ring">
      <defs>
        <pattern id="rl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="rl-hatch-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="rl-hatch-line" />
        </pattern>
      </defs>
      <Links view={network} at={at} r={r} />
      <RingNodes nodes={view.nodes} at={at} r={r} selection={selection} alarmed={alarmed} onSelect={selectNode} />
      <DropMarks drops={drops} at={at} inset={inset} />
      <MessageLayer layer={layer} batch={batch} count={view.inFlight.length} onSelect={selectMessage} hit={hit} onFocusMove={onFocusMove} />
      <RingWords nodes={view.nodes} at={at} r={r} votes={votes} />
    </svg>
  );
}
