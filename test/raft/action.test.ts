// Actions: a coalescing set with a fixed drain order (storage before sending), pipelining, and the
// merge rules for pending messages.
import { describe, expect, it } from 'vitest';
import {
  Actions,
  ClusterConfig,
  Log,
  LogEntries,
  LogPosition,
  Node,
  type Action,
  type ActionKind,
  type AppendEntriesCall,
  type Message,
} from '../../src/raft/index.js';
import { TestCluster } from './support/cluster.js';
import { COMMAND as CMD, commands as cmds, id, ix, list, pos, seq, t, termEntry as T } from './support/values.js';

const kinds = (actions: readonly Action[]): ActionKind[] => actions.map((a) => a.kind);
const frozen = <V>(value: V): V => JSON.parse(JSON.stringify(value)) as V;

const call = (seqno: number, entries: LogEntries, commitIndex = 0, term = 1, from = 0): AppendEntriesCall => ({
  kind: 'AppendEntriesCall',
  from: id(from),
  term: t(term),
  seqno: seq(seqno),
  commitIndex: ix(commitIndex),
  entries,
});
const voteCall = (seqno: number, term = 2, from = 0): Message => ({ kind: 'RequestVoteCall', from: id(from), term: t(term), seqno: seq(seqno), lastPosition: pos(1, 3) });
const voteReply = (seqno: number, term = 2, from = 0): Message => ({ kind: 'RequestVoteReply', from: id(from), term: t(term), seqno: seq(seqno), voteGranted: true });
const appendReply = (seqno: number, term = 1, from = 0): Message => ({ kind: 'AppendEntriesReply', from: id(from), term: t(term), seqno: seq(seqno), lastPosition: pos(1, 3) });

/** The pending message for `to`, via peek(). */
function pendingTo(actions: Actions, to: number): Message | undefined {
  const a = actions.peek().find((x) => x.kind === 'SendMessage' && x.to === to);
  return a?.kind === 'SendMessage' ? a.message : undefined;
}
function pendingBroadcast(actions: Actions): Message | undefined {
  const a = actions.peek().find((x) => x.kind === 'BroadcastMessage');
  return a?.kind === 'BroadcastMessage' ? a.message : undefined;
}

/** One of everything, queued in reverse drain order. */
function everything(): Actions {
  const a = new Actions();
  a.queueInstallSnapshot(id(5));
  a.queueInstallSnapshot(id(2));
  a.queueSend(id(3), appendReply(1));
  a.queueSend(id(1), voteReply(2));
  a.queueSend(id(2), appendReply(3));
  a.queueBroadcast(voteCall(4));
  a.queueAppend(list(pos(1, 2), CMD));
  a.saveVotedFor = true;
  a.saveCurrentTerm = true;
  a.setElectionTimeout = true;
  return a;
}
const DRAIN_ORDER: ActionKind[] = [
  'SetElectionTimeout',
  'SaveCurrentTerm',
  'SaveVotedFor',
  'AppendLogEntries',
  'BroadcastMessage',
  'SendMessage',
  'SendMessage',
  'SendMessage',
  'InstallSnapshot',
  'InstallSnapshot',
];

describe('Actions: the set and its drain order', () => {
  it('a new set is empty and drains nothing', () => {
    const a = new Actions();
    expect(a.isEmpty()).toBe(true);
    expect(a.take()).toBeUndefined();
    expect(a.next()).toEqual({ done: true, value: undefined });
    expect(a.drain()).toEqual([]);
    expect(a.peek()).toEqual([]);
  });

  it.each([
    ['setElectionTimeout', (a: Actions): void => {
      a.setElectionTimeout = true;
    }],
    ['saveCurrentTerm', (a: Actions): void => {
      a.saveCurrentTerm = true;
    }],
    ['saveVotedFor', (a: Actions): void => {
      a.saveVotedFor = true;
    }],
    ['an append', (a: Actions) => a.queueAppend(LogEntries.empty(pos(1, 1)))],
    ['a broadcast', (a: Actions) => a.queueBroadcast(voteCall(1))],
    ['a send', (a: Actions) => a.queueSend(id(1), voteReply(1))],
    ['a snapshot', (a: Actions) => a.queueInstallSnapshot(id(1))],
  ] as const)('isEmpty is false with only %s pending, true again once drained', (_name, add) => {
    const a = new Actions();
    add(a);
    expect(a.isEmpty()).toBe(false);
    expect(a.drain()).toHaveLength(1);
    expect(a.isEmpty()).toBe(true);
  });

  it('drains in the fixed order: timer, term, vote, append, broadcast, sends by id, snapshots by id', () => {
    const drained = everything().drain();
    expect(kinds(drained)).toEqual(DRAIN_ORDER);
    expect(drained.filter((x) => x.kind === 'SendMessage').map((x) => (x.kind === 'SendMessage' ? x.to : -1))).toEqual([1, 2, 3]);
    expect(drained.filter((x) => x.kind === 'InstallSnapshot').map((x) => (x.kind === 'InstallSnapshot' ? x.to : -1))).toEqual([2, 5]);
    expect(drained[3]).toEqual({ kind: 'AppendLogEntries', entries: list(pos(1, 2), CMD) });
    expect(drained[4]).toEqual({ kind: 'BroadcastMessage', message: voteCall(4) });
    expect(drained[5]).toEqual({ kind: 'SendMessage', to: 1, message: voteReply(2) });
  });

  it('take() removes one action at a time in the same order', () => {
    const a = everything();
    const taken: ActionKind[] = [];
    for (let x = a.take(); x !== undefined; x = a.take()) taken.push(x.kind);
    expect(taken).toEqual(DRAIN_ORDER);
    expect(a.isEmpty()).toBe(true);
  });

  it('peek() lists the pending actions in drain order without removing them', () => {
    const a = everything();
    const first = a.peek();
    expect(kinds(first)).toEqual(DRAIN_ORDER);
    expect(a.peek()).toEqual(first);
    expect(a.isEmpty()).toBe(false);
    expect(a.drain()).toEqual(first);
    expect(a.peek()).toEqual([]);
  });

  it('iterating drains', () => {
    const a = everything();
    const seen: ActionKind[] = [];
    for (const x of a) seen.push(x.kind);
    expect(seen).toEqual(DRAIN_ORDER);
    expect(a.isEmpty()).toBe(true);
    expect([...a]).toEqual([]);
  });

  it('breaking out of an iteration leaves the rest pending', () => {
    const a = everything();
    for (const x of a) {
      expect(x.kind).toBe('SetElectionTimeout');
      break;
    }
    expect(kinds(a.drain())).toEqual(DRAIN_ORDER.slice(1));
  });

  it('the three flags coalesce: setting one twice drains once', () => {
    const a = new Actions();
    a.setElectionTimeout = true;
    a.setElectionTimeout = true;
    a.saveCurrentTerm = true;
    expect(kinds(a.drain())).toEqual(['SetElectionTimeout', 'SaveCurrentTerm']);
  });

  it('a node drains storage before sending: a vote grant saves term and vote before the reply', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.timeout(1);
    const vote = c.take((e) => e.to === 2 && e.message.kind === 'RequestVoteCall');
    c.deliver(vote[0] as (typeof vote)[number]);
    expect(kinds(c.lastActions.get(id(2)) ?? [])).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor', 'SendMessage']);
  });
});

describe('Actions: pipelining through a real leader', () => {
  it.each([1, 2, 5, 20])('%i proposals before draining make one timer, one append and one broadcast', (n) => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const lastBefore = leader.log().lastPosition();
    const commit = leader.commitIndex();
    const promises = c.run(0, (node) => Array.from({ length: n }, () => node.proposeCommand()));
    expect(promises.map((p) => p.logPosition())).toEqual(Array.from({ length: n }, (_, k) => pos(lastBefore.term, lastBefore.index + k + 1)));

    const done = c.lastActions.get(id(0)) ?? [];
    expect(kinds(done)).toEqual(['SetElectionTimeout', 'AppendLogEntries', 'BroadcastMessage']);
    const [, append, broadcast] = done;
    const expectedEntries = list(lastBefore, ...cmds(n));
    expect(append).toEqual({ kind: 'AppendLogEntries', entries: expectedEntries });
    expect(broadcast?.kind).toBe('BroadcastMessage');
    const message = broadcast?.kind === 'BroadcastMessage' ? broadcast.message : undefined;
    expect(message).toMatchObject({ kind: 'AppendEntriesCall', from: 0, term: lastBefore.term, commitIndex: commit });
    expect(message?.kind === 'AppendEntriesCall' ? message.entries : undefined).toEqual(expectedEntries);
    // The network got exactly one call per follower.
    expect(c.network.map((e) => e.to)).toEqual([1, 2]);

    c.deliverAll();
    for (const p of promises) expect(p.poll(leader).isAccepted()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });

  it('proposals and a heartbeat before draining still make one broadcast, carrying every entry', () => {
    const c = TestCluster.created([0, 1, 2]);
    const lastBefore = c.node(0).log().lastPosition();
    c.run(0, (node) => {
      node.proposeCommand();
      node.proposeCommand();
      node.heartbeat();
      node.proposeCommand();
    });
    const done = c.lastActions.get(id(0)) ?? [];
    expect(kinds(done)).toEqual(['SetElectionTimeout', 'AppendLogEntries', 'BroadcastMessage']);
    const b = done[2];
    expect(b?.kind === 'BroadcastMessage' && b.message.kind === 'AppendEntriesCall' ? b.message.entries : undefined).toEqual(list(lastBefore, ...cmds(3)));
  });
});

describe('Actions: merging pending messages', () => {
  it('newest wins for different kinds: a newer call with a smaller seqno is kept (0.1.4 dropped it)', () => {
    const a = new Actions();
    a.queueSend(id(1), voteReply(40));
    const newer = call(5, list(pos(1, 2), CMD), 2, 3);
    a.queueSend(id(1), newer);
    expect(pendingTo(a, 1)).toEqual(newer);
    expect(a.peek()).toHaveLength(1);
  });

  it('newest wins for different kinds: a newer reply with a smaller seqno is kept', () => {
    const a = new Actions();
    a.queueSend(id(1), call(40, list(pos(1, 2), CMD)));
    a.queueSend(id(1), voteReply(5, 3));
    expect(pendingTo(a, 1)).toEqual(voteReply(5, 3));
  });

  it('newest wins for a broadcast too', () => {
    const a = new Actions();
    a.queueBroadcast(voteCall(9));
    const hb = call(3, LogEntries.empty(pos(2, 4)), 4, 2);
    a.queueBroadcast(hb);
    expect(pendingBroadcast(a)).toEqual(hb);
    a.queueBroadcast(voteCall(1, 3));
    expect(pendingBroadcast(a)).toEqual(voteCall(1, 3));
  });

  it('newest wins for two messages of the same non-append kind', () => {
    const a = new Actions();
    a.queueSend(id(2), appendReply(9));
    a.queueSend(id(2), appendReply(4));
    expect(pendingTo(a, 2)).toEqual(appendReply(4));
  });

  it('messages to different destinations never merge', () => {
    const a = new Actions();
    a.queueSend(id(2), appendReply(1));
    a.queueSend(id(1), voteReply(2));
    a.queueSend(id(3), voteReply(3));
    expect(a.sendMessages.map(([to]) => to)).toEqual([1, 2, 3]);
    expect(pendingTo(a, 2)).toEqual(appendReply(1));
  });

  it('two AppendEntriesCalls concatenate when the pending entries contain the new prev', () => {
    const a = new Actions();
    a.queueSend(id(1), call(1, list(pos(1, 2), CMD, CMD), 2));
    a.queueSend(id(1), call(2, list(pos(1, 4), CMD, T(2)), 3));
    expect(pendingTo(a, 1)).toEqual(call(2, list(pos(1, 2), CMD, CMD, CMD, T(2)), 3));
  });

  it('a new prev inside the pending entries overwrites the pending suffix', () => {
    const a = new Actions();
    a.queueSend(id(1), call(1, list(pos(1, 2), CMD, CMD, CMD), 2));
    a.queueSend(id(1), call(2, list(pos(1, 3), T(2), CMD), 3, 2));
    expect(pendingTo(a, 1)).toEqual(call(2, list(pos(1, 2), CMD, T(2), CMD), 3, 2));
  });

  it('the newer AppendEntriesCall replaces the pending one when its prev is not contained', () => {
    const a = new Actions();
    a.queueSend(id(1), call(1, list(pos(1, 2), CMD, CMD), 2));
    const diverging = call(2, list(pos(2, 3), CMD), 2, 2);
    a.queueSend(id(1), diverging);
    expect(pendingTo(a, 1)).toEqual(diverging);
    const gap = call(3, list(pos(2, 9), CMD), 2, 2);
    a.queueSend(id(1), gap);
    expect(pendingTo(a, 1)).toEqual(gap);
    const before = call(4, list(pos(1, 1), CMD), 2, 2);
    a.queueSend(id(1), before);
    expect(pendingTo(a, 1)).toEqual(before);
  });

  it('merging never mutates the messages the caller queued', () => {
    const a = new Actions();
    const first = call(1, list(pos(1, 2), CMD, CMD), 2);
    const second = call(2, list(pos(1, 4), CMD), 3);
    const [j1, j2] = [frozen(first), frozen(second)];
    a.queueSend(id(1), first);
    a.queueSend(id(1), second);
    a.queueBroadcast(first);
    a.queueBroadcast(second);
    a.queueSend(id(1), call(3, list(pos(1, 5), CMD), 3));
    expect(frozen(first)).toEqual(j1);
    expect(frozen(second)).toEqual(j2);
  });

  it('appends concatenate and overwrite like storage would', () => {
    const a = new Actions();
    a.queueAppend(list(pos(1, 2), CMD, CMD));
    a.queueAppend(list(pos(1, 4), CMD));
    expect(a.appendLogEntries).toEqual(list(pos(1, 2), CMD, CMD, CMD));
    a.queueAppend(LogEntries.empty(pos(1, 3)));
    expect(a.appendLogEntries).toEqual(list(pos(1, 2), CMD));
    a.queueAppend(list(pos(1, 3), T(2)));
    expect(a.appendLogEntries).toEqual(list(pos(1, 2), CMD, T(2)));
    expect(kinds(a.drain())).toEqual(['AppendLogEntries']);
  });

  it('a real node keeps its newer catch-up call behind a pending vote reply (spec §6.10)', () => {
    // X (node 0) grants a vote to node 1 echoing seqno 40, then, before draining, becomes leader of
    // a later term and queues a catch-up call to node 1 under its own seqno (a few).
    const log = new Log(ClusterConfig.EMPTY, list(LogPosition.ZERO, { kind: 'ClusterConfig', config: ClusterConfig.of({ voters: [id(0), id(1), id(2)] }) }));
    const x = Node.restart(id(0), t(1), undefined, log);
    x.handleElectionTimeout(); // candidate of term 2
    x.handleMessage({ kind: 'RequestVoteCall', from: id(1), term: t(3), seqno: seq(40), lastPosition: pos(0, 1) });
    expect(pendingTo(x.actionsMut(), 1)).toMatchObject({ kind: 'RequestVoteReply', seqno: 40, voteGranted: true });
    x.handleElectionTimeout(); // candidate of term 4
    x.handleMessage({ kind: 'RequestVoteReply', from: id(2), term: t(4), seqno: seq(2), voteGranted: true });
    expect(x.role()).toBe('Leader');
    const bcast = pendingBroadcast(x.actionsMut());
    expect(bcast?.kind).toBe('AppendEntriesCall');
    x.handleMessage({ kind: 'AppendEntriesReply', from: id(1), term: t(4), seqno: bcast?.seqno ?? seq(0), lastPosition: pos(0, 1) });
    const pending = pendingTo(x.actionsMut(), 1);
    expect(pending?.kind).toBe('AppendEntriesCall');
    expect(pending?.term).toBe(4);
    expect(pending?.seqno).toBeLessThan(40);
    expect(pending?.kind === 'AppendEntriesCall' ? pending.entries : undefined).toEqual(list(pos(0, 1), T(4)));
  });
});

describe('Actions: snapshots', () => {
  it('installSnapshot is a set, drained in ascending order', () => {
    const a = new Actions();
    for (const n of [3, 1, 3, 2, 1]) a.queueInstallSnapshot(id(n));
    expect(a.installSnapshots).toEqual([1, 2, 3]);
    expect(a.drain()).toEqual([
      { kind: 'InstallSnapshot', to: 1 },
      { kind: 'InstallSnapshot', to: 2 },
      { kind: 'InstallSnapshot', to: 3 },
    ]);
  });

  it('rebaseOnSnapshot keeps the pending entries after the snapshot point', () => {
    const a = new Actions();
    a.queueAppend(list(pos(1, 2), CMD, CMD, T(2), CMD));
    a.rebaseOnSnapshot(pos(1, 4), true);
    expect(a.appendLogEntries).toEqual(list(pos(1, 4), T(2), CMD));
  });

  it('rebaseOnSnapshot below the pending prev changes nothing', () => {
    const a = new Actions();
    a.queueAppend(list(pos(2, 5), CMD, CMD));
    a.rebaseOnSnapshot(pos(1, 3), true);
    expect(a.appendLogEntries).toEqual(list(pos(2, 5), CMD, CMD));
  });

  it('rebaseOnSnapshot drops a pending append when the log did not hold the snapshot point', () => {
    const diverging = new Actions();
    diverging.queueAppend(list(pos(1, 2), CMD, CMD));
    diverging.rebaseOnSnapshot(pos(2, 3), false);
    expect(diverging.appendLogEntries).toBeUndefined();
    const beyond = new Actions();
    beyond.queueAppend(list(pos(1, 2), CMD, CMD));
    beyond.rebaseOnSnapshot(pos(1, 9), false);
    expect(beyond.appendLogEntries).toBeUndefined();
    expect(beyond.isEmpty()).toBe(true);
  });

  it('rebaseOnSnapshot at the pending last leaves nothing to write after the snapshot', () => {
    const a = new Actions();
    a.queueAppend(list(pos(1, 2), CMD, CMD));
    a.rebaseOnSnapshot(pos(1, 4), true);
    const pending = a.appendLogEntries;
    // Either dropped or an empty write at the snapshot point; both leave storage as the snapshot made it.
    expect(pending === undefined || (LogEntries.isEmpty(pending) && LogPosition.equals(pending.prevPosition, pos(1, 4)))).toBe(true);
  });

  it('rebaseOnSnapshot drops a pending append below the snapshot when the log did not hold it (review finding)', () => {
    const a = new Actions();
    a.queueAppend(list(pos(1, 4), CMD));
    a.rebaseOnSnapshot(pos(2, 3), false);
    expect(a.appendLogEntries).toBeUndefined();
  });

  it('a follower installing a snapshot mid-append keeps the entries after it pending (spec §6.8 fix)', () => {
    const config = ClusterConfig.of({ voters: [id(0), id(1), id(2)] });
    const log = new Log(ClusterConfig.EMPTY, list(LogPosition.ZERO, { kind: 'ClusterConfig', config }, T(1)));
    const f = Node.restart(id(2), t(1), id(0), log);
    f.actionsMut().drain();
    f.handleMessage(call(1, list(pos(1, 2), ...cmds(4)), 2, 1, 0));
    expect(f.actionsMut().appendLogEntries).toEqual(list(pos(1, 2), ...cmds(4)));
    expect(f.handleSnapshotInstalled(pos(1, 4), config)).toBe(true);
    expect(f.actionsMut().appendLogEntries).toEqual(list(pos(1, 4), CMD, CMD));
    expect(f.log().lastPosition()).toEqual(pos(1, 6));
    expect(f.log().snapshotPosition()).toEqual(pos(1, 4));
    expect(f.commitIndex()).toBe(4);
  });
});
