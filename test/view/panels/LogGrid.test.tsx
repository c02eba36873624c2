// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/index.js';
import { LogGrid } from '../../../src/view/panels/LogGrid.js';
import { sameNodeShown } from '../../../src/view/panels/LogRow.js';
import { compactedSim, n, replicatingSim } from './fixtures.js';

afterEach(cleanup);

describe('LogGrid', () => {
  it('draws one row per node and one cell per entry with term, kind and text', () => {
    const view = replicatingSim().view();
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    for (const node of view.nodes) expect(screen.getByTestId(`log-row-${node.id}`)).toBeTruthy();
    const config = screen.getByTestId('log-cell-2-1');
    expect(config.textContent).toContain('t0');
    expect(config.textContent).toContain('⚙');
    expect(config.textContent).toContain('config {1,2,3,4,5}');
    const noop = screen.getByTestId('log-cell-2-2');
    expect(noop.textContent).toContain('t1');
    expect(noop.textContent).toContain('∅');
    expect(screen.getByTestId('log-cell-2-3').textContent).toContain('set x 3');
    expect(screen.getByTestId('log-cell-2-4').textContent).toContain('incr y');
    expect(noop.getAttribute('style')).toContain('var(--rl-term-1)');
  });

  it('keys the commit and applied marks in the legend with the shapes the cells draw', () => {
    const { container } = render(<LogGrid view={replicatingSim().view()} onSelectNode={() => undefined} />);
    const legend = container.querySelector('.rl-log-legend');
    expect(legend?.querySelector('.rl-key-commit')).not.toBeNull();
    expect(legend?.querySelector('.rl-key-applied')).not.toBeNull();
    expect(container.querySelector('.rl-mark-applied')).not.toBeNull();
    expect(legend?.textContent).not.toContain('╷');
  });

  it('labels each configuration by all its sets, so the old, joint and new configurations differ; the full text is the name', () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(2000);
    sim.apply({ kind: 'membership', change: 'addVoter', node: n(6) });
    sim.runFor(500);
    render(<LogGrid view={sim.view()} onSelectNode={() => undefined} />);
    const label = (i: number) => screen.getByTestId(`log-cell-2-${i}`).querySelector('.rl-cell-text')?.textContent;
    expect([label(1), label(3), label(4)]).toEqual(['{1..5}', '{1..5}→{1..6}', '{1..6}']);
    const joint = screen.getByTestId('log-cell-2-3');
    expect(joint.getAttribute('title')).toBe('n2 i3 term 1: config {1,2,3,4,5} → {1,2,3,4,5,6} (joint) (committed)');
    // Screen readers read the full text, not the short label.
    expect(joint.querySelector('.rl-cell-text')?.getAttribute('aria-hidden')).toBe('true');
    expect(joint.querySelector('.rl-sr')?.textContent).toBe('term 1: config {1,2,3,4,5} → {1,2,3,4,5,6} (joint), committed');
    // The joint label may break after its arrow: the old set on one line, the new on the next.
    expect(joint.querySelector('.rl-cell-text wbr')).not.toBeNull();
  });

  it("shows a down node's commit and applied indexes as lost, not the values from before the crash", () => {
    const sim = replicatingSim();
    sim.runFor(200);
    sim.apply({ kind: 'crash', node: n(3) });
    const view = sim.view();
    const down = view.nodes.find((x) => x.id === 3);
    expect(down?.appliedIndex).toBeGreaterThan(down?.commitIndex ?? 0); // the stale values the view still carries
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    const row = screen.getByTestId('log-row-3');
    expect(row.querySelector('.rl-log-meta')?.textContent).toBe('down · c– a–');
    expect(screen.getByRole('button', { name: /^Select n3/ }).getAttribute('aria-label')).toBe('Select n3: down, commit and applied indexes lost in the crash, rebuilt on restart');
    expect(row.querySelector('.rl-mark-applied, .rl-mark-commit')).toBeNull();
    expect(screen.getByTestId('log-row-4').querySelector('.rl-mark-applied')).not.toBeNull();
  });

  it('tells committed from uncommitted entries by border class and by text', () => {
    const view = replicatingSim().view();
    const leader = view.nodes.find((x) => x.id === 2);
    expect(leader?.commitIndex).toBe(2);
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    const committed = screen.getByTestId('log-cell-2-2');
    const pending = screen.getByTestId('log-cell-2-3');
    expect(committed.className).toContain('rl-committed');
    expect(committed.textContent).toContain(', committed');
    expect(pending.className).toContain('rl-uncommitted');
    expect(pending.textContent).toContain('not committed');
  });

  it("marks the leader's matchIndex ▲ and nextIndex ▸ on each follower's row", () => {
    const view = replicatingSim().view();
    const progress = view.nodes.find((x) => x.id === 2)?.progress ?? [];
    expect(progress.length).toBe(4);
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    for (const p of progress) {
      const match = screen.getByTestId(`log-match-${p.id}`);
      expect(match.closest('td')?.getAttribute('data-testid')).toBe(`log-cell-${p.id}-${p.matchIndex}`);
      const next = screen.getByTestId(`log-next-${p.id}`);
      expect(next.closest('td')?.getAttribute('data-testid')).toBe(`log-cell-${p.id}-${p.nextIndex}`);
    }
    expect(screen.queryByTestId('log-match-2')).toBeNull();
  });

  it('shows commit and applied markers and the counts in each row header', () => {
    const view = replicatingSim().view();
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    const row = screen.getByTestId('log-row-1');
    expect(within(row).getByText(/follower · c2 a2/)).toBeTruthy();
    expect(within(screen.getByTestId('log-cell-1-2')).getByTitle('commit index 2')).toBeTruthy();
    expect(within(screen.getByTestId('log-cell-1-2')).getByTitle('applied index 2')).toBeTruthy();
  });

  it('follows the simulation: re-rendered with a later view, the replicated entries turn committed', () => {
    const sim = replicatingSim();
    const onSelect = (): void => undefined;
    const { rerender } = render(<LogGrid view={sim.view()} onSelectNode={onSelect} />);
    expect(screen.getByTestId('log-cell-2-3').className).toContain('rl-uncommitted');
    expect(screen.queryByTestId('log-cell-1-3')?.className ?? '').not.toContain('rl-log-entry');
    sim.runFor(200);
    rerender(<LogGrid view={sim.view()} onSelectNode={onSelect} />);
    expect(screen.getByTestId('log-cell-2-3').className).toContain('rl-committed');
    expect(screen.getByTestId('log-cell-1-4').textContent).toContain('incr y');
    expect(screen.getByTestId('log-row-1').textContent).toContain('c4 a4');
  });

  it('starts scrolled to the newest index and stays there, unless the user scrolled back', () => {
    const proto = HTMLElement.prototype;
    const saved = ['scrollWidth', 'clientWidth'].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
    Object.defineProperty(proto, 'scrollWidth', { configurable: true, get: () => 2000 });
    Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 500 });
    try {
      const sim = replicatingSim();
      const onSelect = (): void => undefined;
      const { rerender } = render(<LogGrid view={sim.view()} onSelectNode={onSelect} />);
      const box = screen.getByTestId('log-scroll');
      expect(box.scrollLeft).toBe(2000);
      box.scrollLeft = 100;
      fireEvent.scroll(box);
      sim.apply({ kind: 'propose', command: 'set z 1' });
      sim.runFor(50);
      rerender(<LogGrid view={sim.view()} onSelectNode={onSelect} />);
      expect(screen.getByTestId('log-cell-2-5').textContent).toContain('set z 1');
      expect(box.scrollLeft).toBe(100);
    } finally {
      for (const [k, d] of saved) {
        if (d === undefined) Reflect.deleteProperty(proto, k);
        else Object.defineProperty(proto, k, d);
      }
    }
  });

  it('draws the compacted prefix as one snapshot block', () => {
    const view = compactedSim().view();
    const snap = view.nodes[0]?.snapshot;
    expect(snap?.index).toBeGreaterThan(0);
    render(<LogGrid view={view} onSelectNode={() => undefined} />);
    const block = screen.getByTestId('log-snapshot-1');
    expect(block.textContent).toBe(`≤ i${snap?.index} snapshot t${snap?.term}`);
    expect(screen.queryByTestId(`log-cell-1-${snap?.index}`)).toBeNull();
  });

  it('selects a node from its row header and shows the selection', () => {
    const view = replicatingSim().view();
    const picked: number[] = [];
    render(<LogGrid view={view} selectedNode={n(3)} onSelectNode={(id) => picked.push(id)} />);
    const three = screen.getByRole('button', { name: /^Select n3/ });
    expect(three.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /^Select n4/ }));
    expect(picked).toEqual([4]);
  });

  it('highlights the cells named by a violation', () => {
    const view = replicatingSim().view();
    render(<LogGrid view={view} highlight={[{ node: n(5), index: 2 }]} onSelectNode={() => undefined} />);
    const cell = screen.getByTestId('log-cell-5-2');
    expect(cell.className).toContain('rl-violation');
    expect(cell.textContent).toContain('involved in a violation');
    expect(screen.getByTestId('log-cell-4-2').className).not.toContain('rl-violation');
  });

  it('a row follows what it shows, not the node view: a moved timer is no change, a new commit index is', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 }).runFor(500);
    let timerOnly = 0;
    let shownChanged = 0;
    for (let i = 0; i < 80 && sim.step(); i++) {
      const before = sim.view();
      sim.step();
      for (const node of sim.view().nodes) {
        const old = before.nodes.find((x) => x.id === node.id);
        if (old === undefined || old === node) continue;
        const shown = (v: typeof node) => [v.up, v.role, v.commitIndex, v.appliedIndex, v.snapshot.index, v.snapshot.term].join();
        expect(sameNodeShown(old, node)).toBe(shown(old) === shown(node));
        if (shown(old) === shown(node)) timerOnly++;
        else shownChanged++;
      }
    }
    sim.apply({ kind: 'propose', command: 'set x 1' });
    for (let i = 0; i < 40 && sim.step(); i++) {
      const before = sim.view();
      sim.step();
      for (const node of sim.view().nodes) {
        const old = before.nodes.find((x) => x.id === node.id);
        if (old !== undefined && old !== node && old.commitIndex !== node.commitIndex) {
          expect(sameNodeShown(old, node)).toBe(false);
          shownChanged++;
        }
      }
    }
    expect(timerOnly).toBeGreaterThan(10);
    expect(shownChanged).toBeGreaterThan(0);
  });
});
