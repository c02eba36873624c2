// Raft §5.3 / Figure 2: a leader counts its own entry only once it is in its stable log. The
// simulator caps what it applies at that point (bug D); the door must report the same: neither the
// view's commit index nor commitStatus may say "committed" before the entry is durable.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.js';

describe('the door reports a commit only once it is durable', () => {
  it('a lone voter with storage latency: InProgress until its write lands, then Committed', () => {
    const sim = new Simulation({ nodes: 1, seed: 3, timing: { storageLatencyMs: 20 } });
    sim.runFor(1000);
    const { position } = sim.apply({ kind: 'propose', command: 'set solo 1' });
    expect(position).toBeDefined();
    const at = position as NonNullable<typeof position>;
    expect(sim.commitStatus(at)).toBe('InProgress');
    expect(sim.view().nodes[0]?.commitIndex).toBeLessThan(at.index);
    sim.runFor(25);
    expect(sim.commitStatus(at)).toBe('Committed');
    expect(sim.view().nodes[0]?.commitIndex).toBeGreaterThanOrEqual(at.index);
    expect(sim.view().proposals.at(-1)?.status).toBe('Committed');
  });
});
