// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/index.js';
import { EventLine } from '../../../src/view/panels/EventLine.js';

afterEach(cleanup);

describe('EventLine', () => {
  it('shows time, node and kind from the explanation where the record is forgotten', () => {
    // Past a bounded history's start, summaryAt gives nothing; the explanation is rebuilt by replay.
    const sim = new Simulation({ seed: 2, nodes: 3 });
    sim.runFor(400);
    let explanation;
    sim.explainRange(3, 4, (e) => (explanation = e));
    expect(explanation).toBeDefined();
    const e = explanation as unknown as { time: number; node: number | undefined; kind: string };
    render(<EventLine index={3} summary={undefined} explanation={explanation} present={false} top={0} height={24} onSeek={() => {}} />);
    const line = screen.getByTestId('event-row');
    expect(line.textContent).toContain(`${e.time} ms`);
    expect(line.textContent).toContain(e.kind);
    expect(line.textContent).toContain(e.node === undefined ? '—' : `n${e.node}`);
    expect(line.textContent).not.toContain('? ms');
  });
});
