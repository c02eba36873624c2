import { describe, expect, it } from 'vitest';
import { Simulation, type ClusterView, type MessageView, type NodeView } from '../../src/sim/index.js';
import type { NodeId } from '../../src/raft/index.js';

const SLOW = { electionMinMs: 1_000_000, electionMaxMs: 1_000_001 };

function node(view: ClusterView, id: number): NodeView {
  return view.nodes.find((n) => n.id === id) as NodeView;
}

describe('votes for drawings', () => {
  it('a candidate shows the votes granted and refused this term; others show none', () => {
    const sim = new Simulation({ nodes: 5, seed: 1, timing: SLOW });
    sim.runFor(10);
    sim.apply({ kind: 'timeout', node: 1 as never });
    sim.apply({ kind: 'timeout', node: 2 as never });
    expect(node(sim.view(), 1)).toMatchObject({ role: 'Candidate', votesGranted: [1], votesRefused: [] });
    expect(node(sim.view(), 3)).toMatchObject({ votesGranted: [], votesRefused: [] });
    // n2 already voted for itself in the same term, so its reply to n1 is a refusal.
    const found = sim.runUntilCondition((s) => node(s.view(), 1).votesRefused.includes(2 as never), 200);
    expect(found).toBe(true);
    const n1 = node(sim.view(), 1);
    expect(n1.role).toBe('Candidate');
    expect(n1.votesGranted).not.toContain(2);
    expect([...n1.votesGranted].sort((a, b) => a - b)).toEqual(n1.votesGranted);
    sim.runFor(500);
    const winner = sim.view().nodes.find((n) => n.role === 'Leader');
    expect(winner).toMatchObject({ votesGranted: [], votesRefused: [] });
  });

  it('votes granted grow one reply at a time', () => {
    const sim = new Simulation({ nodes: 5, seed: 2, timing: SLOW });
    sim.runFor(10);
    sim.apply({ kind: 'timeout', node: 3 as never });
    const seen: number[] = [];
    while (node(sim.view(), 3).role === 'Candidate') {
      seen.push(node(sim.view(), 3).votesGranted.length);
      sim.step();
    }
    expect(seen.filter((n, i) => i === 0 || n !== seen[i - 1])).toEqual([1, 2]);
    expect(node(sim.view(), 3).role).toBe('Leader');
  });
});

describe('timers, durable state and pending writes', () => {
  it('a timer is an arc from armedAt to its deadline, election or heartbeat by role', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(1000);
    for (const n of sim.view().nodes) {
      expect(n.timer?.deadline).toBe(n.timerDeadline);
      expect(n.timer?.armedAt).toBeLessThanOrEqual(sim.time);
      expect(n.timer?.deadline).toBeGreaterThanOrEqual(sim.time);
      expect(n.timer?.kind).toBe(n.role === 'Leader' ? 'heartbeat' : 'election');
      if (n.role === 'Leader') expect((n.timer?.deadline ?? 0) - (n.timer?.armedAt ?? 0)).toBe(50);
      else expect((n.timer?.deadline ?? 0) - (n.timer?.armedAt ?? 0)).toBeGreaterThanOrEqual(150);
    }
    sim.apply({ kind: 'crash', node: 1 as never });
    expect(node(sim.view(), 1).timer).toBeUndefined();
  });

  it('with storage latency, memory runs ahead of storage until the write lands', () => {
    const sim = new Simulation({ nodes: 3, seed: 1, timing: { storageLatencyMs: 20 } });
    sim.runUntilCondition((s) => s.view().leader !== undefined && s.view().nodes.every((n) => n.pendingWrites.length === 0));
    const leader = sim.view().leader as number;
    sim.apply({ kind: 'propose', command: 'set x 1' });
    const n = node(sim.view(), leader);
    expect(n.lastPosition.index).toBe(n.durable.lastPosition.index + 1);
    expect(n.pendingWrites).toHaveLength(1);
    expect(n.pendingWrites[0]).toMatch(/^entries \(t\d+, i\d+\)\.\.\(t\d+, i\d+\)$/);
    sim.runFor(25);
    const later = node(sim.view(), leader);
    expect(later.durable.lastPosition).toEqual(later.lastPosition);
    expect(later.durable).toMatchObject({ term: later.term, votedFor: later.votedFor });
  });

  it('without storage latency nothing is ever pending', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    for (let i = 0; i < 200 && sim.step(); i++) expect(sim.view().nodes.every((n) => n.pendingWrites.length === 0)).toBe(true);
  });

  it('membership is the node\'s place in its own latest configuration', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(1000);
    expect(sim.view().nodes.map((n) => n.membership)).toEqual(['voter', 'voter', 'voter']);
    sim.apply({ kind: 'membership', change: 'addNonVoter', node: 4 as never });
    expect(node(sim.view(), 4).membership).toBe('none');
    sim.runFor(1000);
    expect(node(sim.view(), 4).membership).toBe('nonVoter');
  });
});

describe('messages carry their fields', () => {
  function collect(sim: Simulation, events: number): MessageView[] {
    const seen = new Map<number, MessageView>();
    for (let i = 0; i < events && sim.step(); i++) for (const m of sim.view().inFlight) seen.set(m.id, m);
    return [...seen.values()];
  }

  it('every kind has its structured fields, consistent with the text', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(300);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    const all = collect(sim, 100);
    const kinds = new Set(all.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['AppendEntriesCall', 'AppendEntriesReply']);
    for (const m of all) {
      expect(m.text).toContain(`t${m.term}`);
      expect(typeof m.seqno).toBe('number');
      if (m.kind === 'AppendEntriesCall') {
        expect(m.text).toContain(`commit ${m.commit}`);
        expect(m.text).toContain(m.entryCount === 0 ? 'heartbeat' : `+${m.entryCount}`);
        expect(m.prev).toBeDefined();
      } else {
        expect(m.success).toBe(true);
        expect(m.lastPosition).toBeDefined();
      }
    }
    expect(all.some((m) => m.kind === 'AppendEntriesCall' && (m.entryCount ?? 0) > 0)).toBe(true);
  });

  it('vote traffic: RequestVote calls carry the last position, replies granted', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    const all = collect(sim, 12);
    const call = all.find((m) => m.kind === 'RequestVoteCall');
    expect(call?.lastPosition).toEqual({ term: 0, index: 1 });
    expect(all.find((m) => m.kind === 'RequestVoteReply')?.granted).toBe(true);
  });

  it('a follower that lacks entries answers with success false', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(500);
    const leader = sim.view().leader as number;
    const follower = [1, 2, 3].find((n) => n !== leader) as number;
    sim.apply({ kind: 'crash', node: follower as never });
    for (let i = 0; i < 3; i++) sim.apply({ kind: 'propose', command: `set k ${i}` });
    sim.runFor(300);
    sim.apply({ kind: 'restart', node: follower as never });
    const replies = collect(sim, 60).filter((m) => m.kind === 'AppendEntriesReply' && m.from === follower);
    expect(replies.some((m) => m.success === false)).toBe(true);
    expect(replies.some((m) => m.success === true)).toBe(true);
    expect(sim.spaceTime(0, Infinity).messages.some((m) => m.kind === 'AppendEntriesReply' && m.label.endsWith('✗'))).toBe(true);
  });
});

describe('structural sharing', () => {
  it('two views without a change are the same object; everything is frozen', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(500);
    const a = sim.view();
    expect(sim.view()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.nodes[0])).toBe(true);
    expect(Object.isFrozen(a.nodes[0]?.log)).toBe(true);
    expect(Object.isFrozen(a.params.timing)).toBe(true);
    expect(() => {
      (a.nodes as NodeView[]).push(a.nodes[0] as NodeView);
    }).toThrow(TypeError);
  });

  it('every part of a view is frozen; a node whose timer moved keeps its configuration, positions and key-value state', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(500);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(200);
    const unfrozen: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v !== 'object' || v === null) return;
      if (!Object.isFrozen(v)) unfrozen.push(path);
      for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`);
    };
    const before = sim.view();
    walk(before, 'view');
    expect(unfrozen).toEqual([]);
    let checked = 0;
    for (let i = 0; i < 40 && sim.step(); i++) {
      const after = sim.view();
      walk(after, 'view');
      for (const n of after.nodes) {
        const old = node(before, n.id);
        if (n === old || n.term !== old.term) continue;
        expect(n.config, `n${n.id} config`).toBe(old.config);
        expect(n.kv, `n${n.id} kv`).toBe(old.kv);
        if (n.lastPosition.index === old.lastPosition.index) expect(n.lastPosition).toBe(old.lastPosition);
        expect(n.durable.snapshot).toBe(old.durable.snapshot);
        checked++;
      }
    }
    expect(unfrozen).toEqual([]);
    expect(checked).toBeGreaterThan(10);
    expect(node(sim.view(), 1).kv).toEqual([['x', '1']]);
  });

  it('an event that touches one node leaves the other nodes, entries and messages identical', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.runFor(500);
    sim.apply({ kind: 'propose', command: 'set x 1' });
    let checked = 0;
    for (let i = 0; i < 60 && sim.step(); i++) {
      const before = sim.view();
      sim.step();
      const after = sim.view();
      const e = sim.event(sim.position - 1);
      if (e?.kind !== 'deliver') continue;
      for (const n of after.nodes) if (n.id !== e.node) expect(n).toBe(node(before, n.id));
      const touched = node(after, e.node as number);
      for (const entry of touched.log) {
        const old = node(before, touched.id).log.find((x) => x.index === entry.index && x.term === entry.term);
        if (old !== undefined) expect(entry).toBe(old);
      }
      for (const m of after.inFlight) {
        const old = before.inFlight.find((x) => x.id === m.id);
        if (old !== undefined) expect(m).toBe(old);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('seeking back to a moment gives a view equal to the one seen live', () => {
    const sim = new Simulation({ nodes: 3, seed: 7, timing: { storageLatencyMs: 3 } }, { checkpointEvery: 8 });
    const views: string[] = [];
    sim.runFor(200);
    sim.apply({ kind: 'propose', command: 'set a 1' });
    for (let i = 0; i < 150 && sim.step(); i++) views[sim.position] = JSON.stringify(sim.view());
    for (const target of [3, 9, 17, 64, 120, sim.end]) {
      sim.seek(target);
      if (views[target] !== undefined) expect(JSON.stringify(sim.view())).toBe(views[target]);
    }
  });

  it('a message keeps its view while unchanged; holding, releasing and forking give views as a fresh run would', () => {
    const sim = new Simulation({ nodes: 5, seed: 3, timing: { delayMinMs: 40, delayMaxMs: 80 } });
    sim.runUntilCondition((s) => s.view().inFlight.length >= 3);
    const before = sim.view().inFlight;
    const [held, other] = before as [MessageView, MessageView];
    sim.apply({ kind: 'hold', message: held.id });
    const after = sim.view().inFlight;
    expect(after.find((m) => m.id === held.id)?.held).toBe(true);
    expect(after.find((m) => m.id === other.id), 'an untouched message is the same object').toBe(other);
    sim.apply({ kind: 'release', message: held.id });
    const released = sim.view().inFlight.find((m) => m.id === held.id);
    expect(released === undefined || released.held === false).toBe(true);
    // Fork in the past: the views equal those of a run that took the other path from the start.
    const at = Math.floor(sim.position / 2);
    sim.seek(at);
    sim.apply({ kind: 'crash', node: 2 as NodeId });
    sim.runFor(300);
    const fresh = new Simulation({ nodes: 5, seed: 3, timing: { delayMinMs: 40, delayMaxMs: 80 } });
    fresh.seek(0);
    while (fresh.position < at) fresh.step();
    fresh.apply({ kind: 'crash', node: 2 as NodeId });
    fresh.runFor(300);
    expect(JSON.stringify(sim.view())).toBe(JSON.stringify(fresh.view()));
  });
});
