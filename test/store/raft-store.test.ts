import { describe, expect, it } from 'vitest';
import { createRaftStore, MARKER, PACED_MS, type Scheduler } from '../../src/store/index.js';
import type { NodeId } from '../../src/raft/index.js';
import { Simulation } from '../../src/sim/index.js';

/** A scheduler the test drives by hand. */
function manualScheduler(): Scheduler & { fire(ms: number): void; running: boolean } {
  let tick: ((ms: number) => void) | undefined;
  return {
    running: false,
    start(t) {
      tick = t;
      this.running = true;
    },
    stop() {
      tick = undefined;
      this.running = false;
    },
    fire(ms) {
      tick?.(ms);
    },
  };
}

const n = (id: number) => id as NodeId;

describe('createRaftStore', () => {
  it('step runs exactly one event and publishes a new frame', () => {
    const store = createRaftStore({ seed: 3 });
    const before = store.getState().frame;
    store.actions.step();
    const after = store.getState().frame;
    expect(after.position).toBe(before.position + 1);
    expect(after).not.toBe(before);
    expect(after.explanation?.index).toBe(before.position);
  });

  it('stepBack then step returns to an identical view (exact time travel)', () => {
    const store = createRaftStore({ seed: 5 });
    for (let i = 0; i < 30; i++) store.actions.step();
    const at30 = store.getState().frame;
    for (let i = 0; i < 10; i++) store.actions.stepBack();
    expect(store.getState().frame.position).toBe(at30.position - 10);
    for (let i = 0; i < 10; i++) store.actions.step();
    const again = store.getState().frame;
    expect(again.position).toBe(at30.position);
    expect(JSON.stringify(again.view)).toBe(JSON.stringify(at30.view));
  });

  it('publishes nothing when nothing moved (frame keeps its identity)', () => {
    const store = createRaftStore({ seed: 1 });
    store.actions.step();
    const frame = store.getState().frame;
    let published = 0;
    store.subscribe(() => published++);
    store.actions.seek(frame.position);
    store.actions.advance(0);
    expect(store.getState().frame).toBe(frame);
    expect(published).toBe(0);
  });

  it('play advances simulated time by wall-dt × speed through the injected scheduler', () => {
    const scheduler = manualScheduler();
    const store = createRaftStore({ seed: 2 }, { scheduler, speed: 100 });
    store.actions.play();
    expect(scheduler.running).toBe(true);
    const t0 = store.getState().frame.now;
    scheduler.fire(100); // 100 ms of wall time at 100 ms/s = 10 ms simulated
    expect(store.getState().frame.now).toBeCloseTo(t0 + 10, 6);
    store.actions.pause();
    expect(scheduler.running).toBe(false);
    const frozen = store.getState().frame;
    scheduler.fire(100);
    expect(store.getState().frame).toBe(frozen);
  });

  it('the playhead moves between events so messages fly mid-span; events in the span run', () => {
    const store = createRaftStore({ seed: 4 });
    store.actions.advance(400); // long enough for an election
    const f = store.getState().frame;
    expect(f.now).toBe(400);
    expect(f.time).toBe(400);
    expect(f.view.leader).toBeDefined();
  });

  it('seekTime lands on the last event at or before the time', () => {
    const store = createRaftStore({ seed: 4 });
    store.actions.advance(400);
    store.actions.seekTime(200);
    const f = store.getState().frame;
    expect(f.time).toBeLessThanOrEqual(200);
    expect(store.queries.summaryAt(f.position)?.time ?? Infinity).toBeGreaterThan(200);
  });

  it('stepToNext(commit) stops right after a commit; stepToPrevious goes back to the one before', () => {
    const store = createRaftStore({ seed: 6 });
    store.actions.advance(500);
    store.actions.intervene({ kind: 'propose', command: 'set a 1', node: store.getState().frame.view.leader });
    expect(store.actions.stepToNext('commit')).toBe(true);
    const f = store.getState().frame;
    const commits = (pos: typeof f) => pos.view.nodes.reduce((s, x) => s + x.commitIndex, 0);
    store.actions.stepBack();
    expect(commits(store.getState().frame)).toBeLessThan(commits(f));
    store.actions.step();
    expect(store.actions.stepToPrevious('commit')).toBe(true);
    expect(store.getState().frame.position).toBeLessThan(f.position);
  });

  it('checks an intervention without applying it, in the simulator\'s words (what the inspector disables controls with)', () => {
    const store = createRaftStore({ seed: 1, nodes: 3 });
    store.actions.advance(400);
    const position = store.getState().frame.position;
    expect(store.queries.check({ kind: 'crash', node: 2 as NodeId })).toBeUndefined();
    store.actions.intervene({ kind: 'crash', node: 2 as NodeId });
    expect(store.queries.check({ kind: 'timeout', node: 2 as NodeId })).toBe('n2 is down');
    expect(store.getState().frame.position).toBe(position + 1);
  });

  it('an invalid intervention is refused with the simulator’s words, stored next to its control, nothing applied', () => {
    const store = createRaftStore({ seed: 1 });
    store.actions.step();
    const before = store.getState().frame;
    const error = store.actions.intervene({ kind: 'restart', node: n(2) }, 'inspector');
    expect(error).toMatch(/n2 is running/);
    expect(store.getState().ui.errors.inspector).toBe(error);
    expect(store.getState().frame.end).toBe(before.end);
    expect(store.actions.intervene({ kind: 'crash', node: n(2) }, 'inspector')).toBeUndefined();
    expect(store.getState().ui.errors.inspector).toBeUndefined();
    expect(store.getState().frame.view.nodes[1]?.up).toBe(false);
  });

  it('a refusal in the past does not fork; acting in the past forks and says so', () => {
    const store = createRaftStore({ seed: 1 });
    store.actions.advance(300);
    const end = store.getState().frame.end;
    store.actions.seek(10);
    expect(store.actions.intervene({ kind: 'restart', node: n(1) })).toBeDefined();
    expect(store.getState().frame.end).toBe(end);
    expect(store.getState().ui.forked).toBeUndefined();
    expect(store.actions.intervene({ kind: 'crash', node: n(1) })).toBeUndefined();
    expect(store.getState().frame.end).toBe(11);
    expect(store.getState().ui.forked).toMatch(/forked/);
  });

  it('a violation (Figure 8 under commit-by-counting) pauses the run and raises the alarm; none without the mutation', () => {
    const figure8 = (mutated: boolean) => {
      const store = createRaftStore({
        nodes: 5,
        seed: 1,
        disruptiveGuard: false,
        mutations: mutated ? ['commitOldTermByCounting'] : [],
        timing: { electionMinMs: 100_000, electionMaxMs: 100_000, heartbeatMs: 50, delayMinMs: 10, delayMaxMs: 10 },
      });
      const a = store.actions;
      const elect = (id: number) => {
        for (let i = 0; i < 3 && store.getState().frame.view.leader !== id; i++) {
          a.intervene({ kind: 'timeout', node: n(id) });
          a.advance(200);
        }
      };
      elect(1);
      a.intervene({ kind: 'partition', groups: [[n(1), n(2)], [n(3), n(4), n(5)]] });
      a.intervene({ kind: 'propose', command: 'set x 1', node: n(1) });
      a.advance(100);
      a.intervene({ kind: 'crash', node: n(1) });
      a.intervene({ kind: 'timeout', node: n(5) });
      for (let i = 0; i < 200 && store.getState().frame.view.leader !== 5; i++) a.step();
      a.intervene({ kind: 'partition', groups: [[n(5)], [n(1), n(2), n(3), n(4)]] });
      a.advance(100);
      a.intervene({ kind: 'crash', node: n(5) });
      a.intervene({ kind: 'restart', node: n(1) });
      a.intervene({ kind: 'partition', groups: [[n(1), n(2), n(3)], [n(4), n(5)]] });
      a.intervene({ kind: 'maxEntriesPerAppend', value: 1 });
      elect(1);
      a.advance(300);
      return store.getState();
    };
    const bad = figure8(true);
    expect(bad.ui.alarm?.title).toBe('Leader commit rule');
    expect(bad.ui.alarm?.nodes.length).toBeGreaterThan(0);
    expect(bad.ui.playing).toBe(false);
    expect(bad.frame.markers.some((m) => (m.flags & 64) !== 0)).toBe(true);
    const good = figure8(false);
    expect(good.ui.alarm).toBeUndefined();
    expect(good.frame.violations).toEqual([]);
  });

  it('reset with bad params reports the field and keeps the old simulation', () => {
    const store = createRaftStore({ seed: 1 });
    store.actions.step();
    const frame = store.getState().frame;
    const error = store.actions.reset({ nodes: 12 });
    expect(error).toMatch(/nodes/);
    expect(store.getState().ui.errors.settings).toBe(error);
    expect(store.getState().frame).toBe(frame);
    expect(store.actions.reset({ nodes: 3, seed: 9 })).toBeUndefined();
    expect(store.getState().frame.view.nodes).toHaveLength(3);
    expect(store.getState().ui.errors.settings).toBeUndefined();
  });

  it('markers cover the history (election, crash) and are cut back by a fork', () => {
    const store = createRaftStore({ seed: 3 });
    store.actions.advance(400);
    const leader = store.getState().frame.view.leader as NodeId;
    store.actions.intervene({ kind: 'crash', node: leader });
    const crashAt = store.getState().frame.position - 1;
    const marks = store.getState().frame.markers;
    expect(marks.some((m) => (m.flags & MARKER.leaderElected) !== 0)).toBe(true);
    expect(marks.find((m) => m.index === crashAt)?.flags ?? 0).toBe(MARKER.crash | MARKER.intervention | MARKER.leaderLost);
    store.actions.seek(crashAt - 5);
    store.actions.intervene({ kind: 'heal' });
    expect(store.getState().frame.markers.every((m) => m.index < crashAt)).toBe(true);
  });

  it('adopts a simulation built elsewhere: new generation, its present, UI reset, a notice', () => {
    const store = createRaftStore({ seed: 1 });
    store.actions.advance(300);
    store.actions.select({ kind: 'node', id: n(1) });
    store.actions.intervene({ kind: 'restart', node: n(1) });
    const sim = new Simulation({ seed: 9, nodes: 3 });
    sim.runUntil(500);
    sim.seek(40);
    store.actions.adopt(sim, 'Opened a shared link.');
    const s = store.getState();
    expect(s.frame.generation).toBe(2);
    expect(s.frame.position).toBe(40);
    expect(s.frame.end).toBe(sim.end);
    expect(s.frame.view.nodes).toHaveLength(3);
    expect(s.ui.selection).toBeUndefined();
    expect(s.ui.errors).toEqual({});
    expect(s.ui.notices).toEqual(['Opened a shared link.']);
    store.actions.step();
    expect(sim.position).toBe(41);
  });

  it('two stores do not interact', () => {
    const a = createRaftStore({ seed: 7 });
    const b = createRaftStore({ seed: 7 });
    let bPublished = 0;
    b.subscribe(() => bPublished++);
    for (let i = 0; i < 20; i++) a.actions.step();
    a.actions.select({ kind: 'node', id: n(2) });
    a.actions.intervene({ kind: 'crash', node: n(1) });
    expect(bPublished).toBe(0);
    expect(b.getState().frame.position).toBe(1);
    expect(b.getState().ui.selection).toBeUndefined();
    for (let i = 0; i < 20; i++) b.actions.step();
    expect(b.getState().frame.view.nodes[0]?.up).toBe(true);
  });

  it('paced follows the frame at once except while playing, when it lags at most PACED_MS of wall time', () => {
    const scheduler = manualScheduler();
    const store = createRaftStore({ seed: 2 }, { scheduler, speed: 1000 });
    store.actions.step();
    expect(store.getState().paced).toBe(store.getState().frame);
    store.actions.play();
    const start = store.getState().paced;
    const tick = PACED_MS / 4;
    for (let i = 0; i < 3; i++) scheduler.fire(tick);
    expect(store.getState().frame.now).toBeGreaterThan(start.now);
    expect(store.getState().paced).toBe(start);
    scheduler.fire(tick);
    expect(store.getState().paced).toBe(store.getState().frame);
    scheduler.fire(tick);
    expect(store.getState().paced).not.toBe(store.getState().frame);
    store.actions.pause();
    expect(store.getState().paced).toBe(store.getState().frame);
    store.actions.play();
    scheduler.fire(tick);
    store.actions.step();
    expect(store.getState().paced).toBe(store.getState().frame);
  });

  it('with a scheduler that runs tasks after the frame, a tick refreshes paced in its own task, to the latest frame', () => {
    const tasks: (() => void)[] = [];
    const scheduler = { ...manualScheduler(), afterFrame: (task: () => void) => tasks.push(task) };
    const store = createRaftStore({ seed: 2 }, { scheduler, speed: 1000 });
    store.actions.play();
    const start = store.getState().paced;
    scheduler.fire(PACED_MS);
    // The frame moved at once; the panels' refresh waits for its task.
    expect(store.getState().frame.now).toBeGreaterThan(start.now);
    expect(store.getState().paced).toBe(start);
    expect(tasks).toHaveLength(1);
    scheduler.fire(PACED_MS / 4);
    tasks.shift()?.();
    expect(store.getState().paced).toBe(store.getState().frame);
    // A pause publishes paced at once; a refresh still queued then changes nothing.
    scheduler.fire(PACED_MS);
    store.actions.pause();
    const paused = store.getState();
    expect(paused.paced).toBe(paused.frame);
    tasks.shift()?.();
    expect(store.getState()).toBe(paused);
  });
});
