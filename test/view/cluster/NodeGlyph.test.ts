import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/index.js';
import { Simulation, type NodeView } from '../../../src/sim/index.js';
import { nodeLabel } from '../../../src/store/index.js';
import { glyphNode } from '../../../src/view/cluster/NodeGlyph.js';

/** Views of node `id` after each of the next `events` events, with a leader elected first. */
function viewsOf(id: NodeId, events: number): NodeView[] {
  const sim = new Simulation({ seed: 1 });
  sim.runUntilCondition((s) => s.view().leader !== undefined && s.view().leader !== id);
  const out: NodeView[] = [];
  for (let i = 0; i < events; i++) {
    sim.step();
    const n = sim.view().nodes.find((v) => v.id === id);
    if (n !== undefined) out.push(n);
  }
  return out;
}

describe('glyphNode', () => {
  it('gives equal values for views that differ only in what the glyph does not draw (a heartbeat re-arming the timer)', () => {
    const views = viewsOf(3 as NodeId, 200);
    const rearmed = views.filter((v, i) => i > 0 && v !== views[i - 1] && v.timerDeadline !== views[i - 1]?.timerDeadline && v.term === views[i - 1]?.term && v.commitIndex === views[i - 1]?.commitIndex && v.role === views[i - 1]?.role);
    expect(rearmed.length, 'heartbeats that re-armed the follower timer').toBeGreaterThan(0);
    for (const v of rearmed) {
      const before = views[views.indexOf(v) - 1] as NodeView;
      // Equal field by field: React's memo (a shallow compare) skips the glyph's render.
      expect(glyphNode(v, false)).toEqual(glyphNode(before, false));
    }
  });

  it('changes with the term, the role, the commit index and up/down, and names the node as nodeLabel does', () => {
    const views = viewsOf(3 as NodeId, 400);
    const first = views[0] as NodeView;
    const g = glyphNode(first, false);
    expect(g).toMatchObject({ id: 3, up: first.up, term: first.term });
    expect(g.label.startsWith(nodeLabel(first))).toBe(true);
    const committed = { ...first, commitIndex: first.commitIndex + 1 } as NodeView;
    expect(glyphNode(committed, false).label).not.toBe(g.label);
    expect(glyphNode({ ...first, term: first.term + 1 } as NodeView, false).term).toBe(first.term + 1);
    expect(glyphNode({ ...first, up: false, role: undefined } as NodeView, false)).toMatchObject({ up: false, role: 'down' });
    expect(glyphNode(first, true).label).toContain(', learner');
  });
});
