// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/index.js';
import type { NodeId } from '../../../src/raft/index.js';
import type { Selection } from '../../../src/store/index.js';
import { ClusterRing } from '../../../src/view/cluster/ClusterRing.js';
import { dropOpacity } from '../../../src/view/cluster/DropMarks.js';

afterEach(cleanup);

const n = (id: number) => id as NodeId;

function electedSim(): Simulation {
  const sim = new Simulation({ seed: 4 });
  sim.runUntil(400);
  return sim;
}

describe('ClusterRing', () => {
  it('names every node by id, role, term and commit, and marks the leader', () => {
    const sim = electedSim();
    const view = sim.view();
    render(<ClusterRing view={view} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    const leader = view.leader as NodeId;
    const node = view.nodes.find((x) => x.id === leader);
    const el = screen.getByRole('button', { name: new RegExp(`^Node ${leader}, leader, term ${node?.term}, commit ${node?.commitIndex}`) });
    expect(el.getAttribute('data-role')).toBe('leader');
    expect(screen.getByTestId(`node-${leader}-words`).textContent).toContain('L');
    expect(screen.getAllByRole('button', { name: /^Node \d, follower/ })).toHaveLength(4);
  });

  it('draws the nodes\' words after the messages, so a glyph leaving a node never covers its name', () => {
    const sim = electedSim();
    render(<ClusterRing view={sim.view()} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    const messages = screen.getByTestId('messages');
    const batch = screen.getByTestId('messages-batch');
    for (const node of sim.view().nodes) {
      const words = screen.getByTestId(`node-${node.id}-words`);
      expect(messages.compareDocumentPosition(words) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(batch.compareDocumentPosition(words) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(words.textContent).toContain(`n${node.id}`);
    }
  });

  it("outlines a leader in its term's stroke colour (3:1 on the page), filled in the term colour", () => {
    const sim = electedSim();
    const view = sim.view();
    render(<ClusterRing view={view} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    const leader = view.nodes.find((x) => x.id === view.leader);
    const outline = screen.getByTestId(`node-${view.leader}`).querySelector('circle[fill-opacity]');
    expect(outline?.getAttribute('stroke')).toBe(`var(--rl-term-stroke-${(leader?.term ?? 0) % 8})`);
    expect(outline?.getAttribute('fill')).toBe(`var(--rl-term-${(leader?.term ?? 0) % 8})`);
  });

  it('draws a crashed node as down, keeping its durable term', () => {
    const sim = electedSim();
    const term = sim.view().nodes[0]?.term;
    sim.apply({ kind: 'crash', node: n(1) });
    render(<ClusterRing view={sim.view()} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    const el = screen.getByTestId('node-1');
    expect(el.getAttribute('aria-label')).toMatch(new RegExp(`^Node 1, down, term ${term}`));
    expect(screen.getByTestId('node-1-words').textContent).toContain('down');
    expect(screen.queryByTestId('timer-1')).toBeNull();
  });

  it('drains the timer arc as simulated time passes', () => {
    const sim = new Simulation({ seed: 2 });
    sim.step();
    const view = sim.view();
    const timer = view.nodes[0]?.timer;
    expect(timer?.kind).toBe('election');
    const { rerender } = render(<ClusterRing view={view} now={timer?.armedAt ?? 0} selection={undefined} onSelect={() => undefined} />);
    expect(screen.getByTestId('timer-1').getAttribute('data-left')).toBe('1.000');
    const mid = ((timer?.armedAt ?? 0) + (timer?.deadline ?? 0)) / 2;
    rerender(<ClusterRing view={view} now={mid} selection={undefined} onSelect={() => undefined} />);
    expect(screen.getByTestId('timer-1').getAttribute('data-left')).toBe('0.500');
  });

  it('shows messages in flight as focusable glyphs by kind and selects on click and Enter', () => {
    const sim = new Simulation({ seed: 1 });
    sim.runUntilCondition((s) => s.view().inFlight.some((m) => m.kind === 'RequestVoteCall'));
    const view = sim.view();
    const selections: Selection[] = [];
    render(<ClusterRing view={view} now={sim.time} selection={undefined} onSelect={(s) => selections.push(s)} />);
    expect(screen.getByTestId('messages').getAttribute('data-count')).toBe(String(view.inFlight.length));
    const rv = view.inFlight.find((m) => m.kind === 'RequestVoteCall');
    const glyph = screen.getByTestId(`msg-${rv?.id}`);
    expect(glyph.getAttribute('aria-label')).toMatch(/RequestVote from n\d to n\d for term \d+, arrives at \d+ ms/);
    expect(screen.getByTestId(`msg-${rv?.id}-words`).textContent).toContain(`RV t${rv?.term}`);
    expect(glyph.parentElement?.getAttribute('transform')).toMatch(/^translate\(/);
    fireEvent.click(glyph);
    fireEvent.keyDown(screen.getByTestId('node-2'), { key: 'Enter' });
    expect(selections).toEqual([{ kind: 'message', id: rv?.id }, { kind: 'node', id: 2 }]);
  });

  it('moves a message linearly by simulated time (the transform changes with now only)', () => {
    const sim = new Simulation({ seed: 1 });
    sim.runUntilCondition((s) => s.view().inFlight.length > 0);
    const view = sim.view();
    const m = view.inFlight[0];
    const { rerender } = render(<ClusterRing view={view} now={m?.sentAt ?? 0} selection={undefined} onSelect={() => undefined} />);
    const start = screen.getByTestId(`msg-${m?.id}`).parentElement?.getAttribute('transform');
    rerender(<ClusterRing view={view} now={m?.deliverAt ?? 0} selection={undefined} onSelect={() => undefined} />);
    const end = screen.getByTestId(`msg-${m?.id}`).parentElement?.getAttribute('transform');
    expect(end).not.toBe(start);
  });

  it('draws a partition: blocked links and labelled hulls', () => {
    const sim = electedSim();
    sim.apply({ kind: 'partition', groups: [[n(1), n(2)], [n(3), n(4), n(5)]] });
    render(<ClusterRing view={sim.view()} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    expect(screen.getByTestId('cut-1-3').getAttribute('aria-label')).toBe('link n1–n3 cut');
    expect(screen.queryByTestId('cut-1-2')).toBeNull();
    expect(screen.getByTestId('hull-0').textContent).toBe('minority 2/5');
    expect(screen.getByTestId('hull-1').textContent).toBe('majority 3/5');
  });

  it('puts one pip per answered voter around a candidate: filled when granted', () => {
    const sim = new Simulation({ seed: 1 });
    sim.runUntilCondition((s) => s.view().nodes.some((x) => x.role === 'Candidate' && x.votesGranted.length >= 2));
    const view = sim.view();
    const cand = view.nodes.find((x) => x.role === 'Candidate');
    const { container } = render(<ClusterRing view={view} now={sim.time} selection={undefined} onSelect={() => undefined} />);
    expect(screen.getByTestId(`node-${cand?.id}`).getAttribute('data-role')).toBe('candidate');
    const el = screen.getByTestId(`node-${cand?.id}-words`);
    expect(el.querySelectorAll('.rl-pip-granted')).toHaveLength(cand?.votesGranted.length ?? -1);
    expect(el.querySelectorAll('.rl-pip-refused')).toHaveLength(cand?.votesRefused.length ?? -1);
    expect(container.querySelectorAll('.rl-pip').length).toBeGreaterThanOrEqual(2);
  });

  it('marks lost messages with an ✕ that fades over simulated time', () => {
    expect(dropOpacity(100, 100, 60)).toBe(1);
    expect(dropOpacity(100, 130, 60)).toBe(0.5);
    expect(dropOpacity(100, 200, 60)).toBe(0);
    const sim = electedSim();
    sim.apply({ kind: 'partition', groups: [[n(1)], [n(2), n(3), n(4), n(5)]] });
    sim.runFor(60);
    const drops = sim.spaceTime(sim.time - 60, sim.time).messages.filter((m) => m.fate === 'dropped');
    expect(drops.length).toBeGreaterThan(0);
    const props = { view: sim.view(), selection: undefined, onSelect: () => undefined, drops, dropFadeMs: 60 };
    const shown = () => Array.from(screen.getByTestId('drops').querySelectorAll('.rl-drop')).filter((e) => e.getAttribute('visibility') !== 'hidden');
    const { rerender } = render(<ClusterRing {...props} now={sim.time} />);
    expect(shown().length).toBeGreaterThan(0);
    expect(shown().every((e) => Number(e.getAttribute('opacity')) > 0)).toBe(true);
    rerender(<ClusterRing {...props} now={sim.time + 1000} />);
    expect(shown()).toHaveLength(0);
  });

  it('lays out 1 to 9 nodes', () => {
    for (const nodes of [1, 3, 9]) {
      const sim = new Simulation({ nodes, seed: 1 });
      render(<ClusterRing view={sim.view()} now={0} selection={undefined} onSelect={() => undefined} />);
      expect(screen.getAllByRole('button', { name: /^Node \d/ })).toHaveLength(nodes);
      cleanup();
    }
  });
});
