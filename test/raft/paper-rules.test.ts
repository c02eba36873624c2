// One test per rule of the Raft paper's Figure 2 ("Rules for Servers", RequestVote and
// AppendEntries receiver rules), then one regression test per place where this port follows the
// paper instead of raftbare 0.1.4 (spec §6), titled "fix N: ...".
//
// Unit-level tests build a node in a given durable state with `Node.restart` and inspect its
// pending actions (`actions().peek()`); cluster-level tests use TestCluster and its safety checker.
import { describe, expect, it } from 'vitest';
import type {
  LogPosition} from '../../src/raft/index.js';
import {
  ClusterConfig,
  CommitPromise,
  Log,
  LogEntries,
  LogIndex,
  MessageSeqNo,
  Node,
  NodeId,
  Term,
  type AppendEntriesCall,
  type AppendEntriesReply,
  type Decision,
  type Message,
  type MessageKind,
  type RequestVoteCall,
  type RequestVoteReply,
} from '../../src/raft/index.js';
import { MutableLogEntries } from '../../src/raft/log.js';
import { TestCluster, type Envelope } from './support/cluster.js';
import { entriesOf } from './support/unit.js';
import { applyAppend, applySnapshot, emptyStorage, logFromStorage, storageFromNode, type Storage } from './support/storage.js';
import { appendLog, COMMAND, commands, configEntry, pos, SAVE_TERM, SAVE_VOTE, send, termEntry, TIMER, voters, ZERO } from './support/values.js';

// ---- Values and builders --------------------------------------------------------------------


function requestVoteCall(from: number, term: number, seqno: number, lastPosition: LogPosition): RequestVoteCall {
  return { kind: 'RequestVoteCall', from: NodeId(from), term: Term(term), seqno: MessageSeqNo(seqno), lastPosition };
}
function requestVoteReply(from: number, term: number, seqno: number, voteGranted: boolean): RequestVoteReply {
  return { kind: 'RequestVoteReply', from: NodeId(from), term: Term(term), seqno: MessageSeqNo(seqno), voteGranted };
}
function appendEntriesCall(from: number, term: number, seqno: number, commitIndex: number, entries: LogEntries): AppendEntriesCall {
  return { kind: 'AppendEntriesCall', from: NodeId(from), term: Term(term), seqno: MessageSeqNo(seqno), commitIndex: LogIndex(commitIndex), entries };
}
function appendEntriesReply(from: number, term: number, seqno: number, lastPosition: LogPosition): AppendEntriesReply {
  return { kind: 'AppendEntriesReply', from: NodeId(from), term: Term(term), seqno: MessageSeqNo(seqno), lastPosition };
}

/**
 * A log from the spec's notation without indices: `cfg` (a config entry of `config`), `T<t>` (the
 * Term entry of term t), `cmd` (a command of the running term). E.g. `cfg T1 cmd T3`.
 */
function logOf(spec: string, config = voters(0, 1, 2)): Log {
  return new Log(ClusterConfig.EMPTY, LogEntries.fromEntries(ZERO, entriesOf(spec, config)));
}

/** A node rebuilt from the given durable state, with the restart's own timer request drained. */
function nodeWith(n: number, term: number, votedFor: number | undefined, spec: string, config?: ClusterConfig): Node {
  const node = Node.restart(NodeId(n), Term(term), votedFor === undefined ? undefined : NodeId(votedFor), logOf(spec, config));
  node.actionsMut().drain();
  return node;
}

/** The log in the spec's notation: `index:kind+term` (`cfg0`, `T2`, `cmd2`). */
function describeLog(node: Node): string[] {
  const label = { Term: 'T', ClusterConfig: 'cfg', Command: 'cmd' } as const;
  return [...LogEntries.iterWithPositions(node.log().entries())].map(
    ({ position, entry }) => `${position.index}:${label[entry.kind]}${position.term}`,
  );
}

/** Starts recording a node's decisions. */
function decisionsOf(node: Node): Decision[] {
  const seen: Decision[] = [];
  node.onDecision = (decision) => {
    seen.push(decision);
  };
  return seen;
}

const pendingKinds = (node: Node): string[] => node.actions().peek().map((a) => a.kind);
const lastKinds = (c: TestCluster, n: number): string[] => (c.lastActions.get(NodeId(n)) ?? []).map((a) => a.kind);

type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

/** Removes the single in-flight `kind` message from `from` to `to`. */
function takeOne<K extends MessageKind>(c: TestCluster, from: number, to: number, kind: K): Envelope & { message: MessageOf<K> } {
  const taken = c.take((e) => e.from === from && e.to === to && e.message.kind === kind);
  expect(taken.map((e) => e.message.kind), `${kind} in flight from ${from} to ${to}`).toEqual([kind]);
  return taken[0] as Envelope & { message: MessageOf<K> };
}

/** Delivers the single in-flight `kind` message from `from` to `to`; returns it. */
function deliverOne<K extends MessageKind>(c: TestCluster, from: number, to: number, kind: K): MessageOf<K> {
  const envelope = takeOne(c, from, to, kind);
  c.deliver(envelope);
  return envelope.message;
}

/** Delivers messages one by one, calling `check` after each delivery. */
function deliverAllChecking(c: TestCluster, check: () => void): void {
  for (let i = 0; i < 10_000 && c.deliverNext(); i++) check();
  expect(c.network).toEqual([]);
}

// ---- Figure 2: Rules for Servers ------------------------------------------------------------

describe('Raft Figure 2 — All Servers', () => {
  it('term rule: a message with a higher term makes a leader, candidate or follower adopt it and follow (§5.1)', () => {
    // A leader, on an AppendEntriesReply of term 5.
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const seen = decisionsOf(leader);
    c.run(0, (n) => n.handleMessage(appendEntriesReply(1, 5, 99, pos(1, 2))));
    expect([leader.role(), leader.currentTerm(), leader.votedFor(), leader.leaderId()]).toEqual(['Follower', 5, undefined, undefined]);
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor']);
    expect(c.storage.get(NodeId(0))).toMatchObject({ term: 5, votedFor: undefined });
    expect(seen.map((d) => d.kind)).toEqual(['termAdvanced', 'messageIgnored']);
    expect(seen[0]).toMatchObject({ rule: '§5.1', oldTerm: 1, newTerm: 5, oldRole: 'Leader' });

    // A candidate, on a refused vote of term 4.
    const candidate = nodeWith(1, 2, undefined, 'cfg T1');
    candidate.handleElectionTimeout();
    candidate.actionsMut().drain();
    expect([candidate.role(), candidate.currentTerm()]).toEqual(['Candidate', 3]);
    candidate.handleMessage(requestVoteReply(2, 4, 1, false));
    expect([candidate.role(), candidate.currentTerm(), candidate.votedFor()]).toEqual(['Follower', 4, undefined]);
    expect(pendingKinds(candidate)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor']);

    // A follower without a vote only saves the new term.
    const follower = nodeWith(2, 2, undefined, 'cfg T1');
    follower.handleMessage(requestVoteReply(0, 7, 1, true));
    expect([follower.role(), follower.currentTerm()]).toEqual(['Follower', 7]);
    expect(pendingKinds(follower)).toEqual(['SaveCurrentTerm']);
    follower.actionsMut().drain();
    // An older term never lowers it.
    follower.handleMessage(appendEntriesReply(0, 3, 2, pos(1, 2)));
    expect(follower.currentTerm()).toBe(7);
    expect(follower.actions().isEmpty()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });
});

describe('Raft Figure 2 — Followers', () => {
  it('respond to RPCs from candidates and leaders', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.run(0, (n) => n.heartbeat());
    const heartbeat = deliverOne(c, 0, 1, 'AppendEntriesCall');
    expect(c.lastActions.get(NodeId(1))).toEqual([TIMER, send(0, appendEntriesReply(1, 1, heartbeat.seqno, pos(1, 2)))]);
    c.deliverAll();

    c.timeout(2);
    const call = deliverOne(c, 2, 1, 'RequestVoteCall');
    expect(c.lastActions.get(NodeId(1))).toEqual([TIMER, SAVE_TERM, SAVE_VOTE, send(2, requestVoteReply(1, 2, call.seqno, true))]);
    expect(c.checker.violations).toEqual([]);
  });

  it('election timeout without hearing from a leader: become candidate', () => {
    const c = TestCluster.created([0, 1, 2]);
    const follower = c.node(1);
    expect(follower.role()).toBe('Follower');
    c.timeout(1);
    expect([follower.role(), follower.currentTerm(), follower.votedFor(), follower.leaderId()]).toEqual(['Candidate', 2, 1, undefined]);
    // A node that is no voter of its configuration (here: fresh, empty config) never campaigns (§6).
    const fresh = Node.start(NodeId(9));
    const seen = decisionsOf(fresh);
    fresh.handleElectionTimeout();
    expect([fresh.role(), fresh.currentTerm()]).toEqual(['Follower', 0]);
    expect(fresh.actions().isEmpty()).toBe(true);
    expect(seen).toEqual([{ kind: 'timeoutIgnored', rule: '§6', reason: 'notVoter' }]);
  });
});

describe('Raft Figure 2 — Candidates', () => {
  it('on conversion: increment the term, vote for self, reset the election timer, send RequestVote to all others', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.timeout(1);
    const actions = c.lastActions.get(NodeId(1)) ?? [];
    expect(actions.map((a) => a.kind)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor', 'BroadcastMessage']);
    const broadcast = actions[3];
    expect(broadcast).toMatchObject({ message: { kind: 'RequestVoteCall', from: 1, term: 2, lastPosition: pos(1, 2) } });
    expect(c.network.map((e) => [e.from, e.to, e.message.kind])).toEqual([
      [1, 0, 'RequestVoteCall'],
      [1, 2, 'RequestVoteCall'],
    ]);
    expect(c.storage.get(NodeId(1))).toMatchObject({ term: 2, votedFor: 1 });
  });

  it('votes from a majority of servers: become leader (refusals do not count)', () => {
    const c = TestCluster.created([0, 1, 2, 3, 4]);
    const candidate = c.node(1);
    const seen = decisionsOf(candidate);
    c.timeout(4); // node 4 votes for itself in term 2
    c.timeout(1);
    c.take((e) => e.from === 4);
    deliverOne(c, 1, 4, 'RequestVoteCall');
    deliverOne(c, 4, 1, 'RequestVoteReply');
    expect(candidate.role()).toBe('Candidate');
    deliverOne(c, 1, 2, 'RequestVoteCall');
    deliverOne(c, 2, 1, 'RequestVoteReply');
    expect(candidate.role()).toBe('Candidate'); // 2 of 5
    deliverOne(c, 1, 3, 'RequestVoteCall');
    deliverOne(c, 3, 1, 'RequestVoteReply');
    expect(candidate.role()).toBe('Leader'); // 3 of 5
    expect(seen.filter((d) => d.kind === 'voteReceived').map((d) => (d.kind === 'voteReceived' ? [d.voter, d.granted, d.votes.length] : []))).toEqual([
      [4, false, 1],
      [2, true, 2],
      [3, true, 3],
    ]);
    expect(seen.find((d) => d.kind === 'becameLeader')).toMatchObject({ term: 2, votes: [1, 2, 3] });
    c.deliverAll();
    expect(c.checker.violations).toEqual([]);
  });

  it('AppendEntries received from the new leader: convert to follower', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.timeout(1);
    c.timeout(2); // a split: both candidates of term 2
    c.timeout(1); // node 1 tries again in term 3
    c.take((e) => e.message.term === 2 || e.to === 2);
    deliverOne(c, 1, 0, 'RequestVoteCall');
    deliverOne(c, 0, 1, 'RequestVoteReply');
    expect(c.node(1).role()).toBe('Leader');
    const node2 = c.node(2);
    const seen = decisionsOf(node2);
    expect([node2.role(), node2.currentTerm()]).toEqual(['Candidate', 2]);
    deliverOne(c, 1, 2, 'AppendEntriesCall');
    expect([node2.role(), node2.currentTerm(), node2.leaderId()]).toEqual(['Follower', 3, 1]);
    expect(seen[0]).toMatchObject({ kind: 'termAdvanced', oldRole: 'Candidate', newTerm: 3 });
    c.deliverAll();
    expect(c.checker.violations).toEqual([]);
  });

  it('election timeout elapses: start a new election, with the votes of the old term forgotten', () => {
    const c = TestCluster.created([0, 1, 2, 3, 4]);
    const candidate = c.node(1);
    c.timeout(1);
    deliverOne(c, 1, 2, 'RequestVoteCall');
    deliverOne(c, 2, 1, 'RequestVoteReply');
    expect(candidate.role()).toBe('Candidate'); // votes {1, 2}
    c.take(() => true);

    c.timeout(1);
    expect([candidate.role(), candidate.currentTerm(), candidate.votedFor()]).toEqual(['Candidate', 3, 1]);
    expect(lastKinds(c, 1)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor', 'BroadcastMessage']);
    deliverOne(c, 1, 3, 'RequestVoteCall');
    deliverOne(c, 3, 1, 'RequestVoteReply');
    // Had node 2's term-2 vote been kept, {1, 2, 3} would be a majority.
    expect(candidate.role()).toBe('Candidate');
    deliverOne(c, 1, 4, 'RequestVoteCall');
    deliverOne(c, 4, 1, 'RequestVoteReply');
    expect([candidate.role(), candidate.currentTerm()]).toEqual(['Leader', 3]);
    expect(c.checker.violations).toEqual([]);
  });
});

describe('Raft Figure 2 — Leaders', () => {
  it('upon election: append a no-op of its term and send it to each server; heartbeats while idle', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.timeout(1);
    const vote = deliverOne(c, 1, 2, 'RequestVoteCall');
    deliverOne(c, 2, 1, 'RequestVoteReply');
    const leader = c.node(1);
    expect(leader.role()).toBe('Leader');
    const noop = LogEntries.fromEntries(pos(1, 2), [termEntry(2)]);
    const seqno = vote.seqno + 1;
    expect(c.lastActions.get(NodeId(1))).toEqual([
      TIMER,
      appendLog(noop),
      { kind: 'BroadcastMessage', message: appendEntriesCall(1, 2, seqno, 2, noop) },
    ]);

    c.timeout(1); // the leader's timer: a heartbeat
    expect(c.lastActions.get(NodeId(1))).toEqual([
      TIMER,
      { kind: 'BroadcastMessage', message: appendEntriesCall(1, 2, seqno + 1, 2, LogEntries.empty(pos(2, 3))) },
    ]);
    c.deliverAll();
    c.run(1, (n) => n.heartbeat());
    c.deliverAll();
    for (const n of [0, 1, 2]) {
      expect(describeLog(c.node(n))).toEqual(['1:cfg0', '2:T1', '3:T2']);
      expect(c.node(n).commitIndex()).toBe(3);
    }
    expect(c.checker.violations).toEqual([]);
  });

  it('command from a client: append it locally, replicate it, commit once a majority stored it', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    c.cut(0, 2);
    const promise = c.run(0, (n) => n.proposeCommand());
    expect(promise.logPosition()).toEqual(pos(1, 3));
    const entry = LogEntries.fromEntries(pos(1, 2), [COMMAND]);
    expect(c.lastActions.get(NodeId(0))).toEqual([
      TIMER,
      appendLog(entry),
      { kind: 'BroadcastMessage', message: expect.objectContaining({ kind: 'AppendEntriesCall', commitIndex: 2, entries: entry }) as Message },
    ]);
    expect(c.network.map((e) => e.to)).toEqual([1]); // node 2 is cut off
    c.deliverNext();
    expect(describeLog(c.node(1)).at(-1)).toBe('3:cmd1');
    expect(promise.poll(leader).isPending()).toBe(true);
    c.deliverNext(); // node 1's reply: {0, 1} is a majority
    expect(leader.commitIndex()).toBe(3);
    expect(promise.poll(leader).isAccepted()).toBe(true);

    // Proposals made before the actions are drained coalesce into one write and one broadcast.
    c.heal();
    const many = c.run(0, (n) => [n.proposeCommand(), n.proposeCommand(), n.proposeCommand()]);
    expect(many.map((p) => p.logPosition().index)).toEqual([4, 5, 6]);
    const four = LogEntries.fromEntries(pos(1, 3), commands(3));
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout', 'AppendLogEntries', 'BroadcastMessage']);
    expect(c.lastActions.get(NodeId(0))?.[1]).toEqual(appendLog(four));
    expect(c.lastActions.get(NodeId(0))?.[2]).toMatchObject({ message: { entries: four } });
    c.deliverAll();
    expect(many.every((p) => p.poll(leader).isAccepted())).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });

  it("repair (nextIndex): a lagging follower's reply position drives a one-round-trip catch-up", () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    c.isolate(2);
    c.run(0, (n) => [n.proposeCommand(), n.proposeCommand(), n.proposeCommand()]);
    c.deliverAll();
    expect(leader.commitIndex()).toBe(5);
    c.heal();
    c.run(0, (n) => n.heartbeat());
    c.take((e) => e.to === 1);
    deliverOne(c, 0, 2, 'AppendEntriesCall'); // a gap
    expect(c.network[0]?.message).toMatchObject({ kind: 'AppendEntriesReply', lastPosition: pos(1, 2) });
    c.deliverNext();
    const catchUp = takeOne(c, 0, 2, 'AppendEntriesCall');
    expect(catchUp.message.entries).toEqual(LogEntries.fromEntries(pos(1, 2), commands(3)));
    c.deliver(catchUp);
    expect(c.node(2).log().lastPosition()).toEqual(pos(1, 5));
    expect(c.node(2).commitIndex()).toBe(5);
    c.deliverAll();
    expect(leader.followers()?.get(NodeId(2))?.matchIndex).toBe(5);
    expect(c.checker.violations).toEqual([]);
  });

  it('repair (back-off): a divergent follower loses one conflicting entry per round trip, then catches up (§5.3)', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.isolate(0);
    c.run(0, (n) => [n.proposeCommand(), n.proposeCommand()]); // 3:cmd1 4:cmd1 on node 0 only
    c.timeout(1);
    c.deliverAll();
    c.run(1, (n) => [n.proposeCommand(), n.proposeCommand()]);
    c.deliverAll();
    const [old, leader] = [c.node(0), c.node(1)];
    expect(describeLog(leader)).toEqual(['1:cfg0', '2:T1', '3:T2', '4:cmd2', '5:cmd2']);
    expect(leader.commitIndex()).toBe(5);
    expect(describeLog(old)).toEqual(['1:cfg0', '2:T1', '3:cmd1', '4:cmd1']);

    c.heal();
    const leaderSaw = decisionsOf(leader);
    const oldSaw = decisionsOf(old);
    c.run(1, (n) => n.heartbeat());
    c.take((e) => e.to === 2);
    const stored = c.storage.get(NodeId(0)) as Storage;
    deliverAllChecking(c, () => expect(stored.entries.lastPosition).toEqual(old.log().lastPosition()));

    expect(oldSaw.filter((d) => d.kind === 'appendRejected').map((d) => (d.kind === 'appendRejected' ? [d.reason, d.prev] : []))).toEqual([
      ['gap', pos(2, 5)],
      ['conflict', pos(2, 4)],
      ['conflict', pos(2, 3)],
    ]);
    expect(leaderSaw.filter((d) => d.kind === 'replyMismatch')).toEqual([
      { kind: 'replyMismatch', rule: '§5.3', follower: 0, followerLast: pos(1, 4), next: 'backOff' },
      { kind: 'replyMismatch', rule: '§5.3', follower: 0, followerLast: pos(1, 3), next: 'backOff' },
    ]);
    expect(describeLog(old)).toEqual(describeLog(leader));
    expect(leader.followers()?.get(NodeId(0))?.matchIndex).toBe(5);
    expect(c.checker.violations).toEqual([]);
  });

  it('commit only current-term entries by counting replicas; older ones commit with them (§5.4.2)', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.isolate(0);
    const promise = c.run(0, (n) => n.proposeCommand()); // (t1,i3) on node 0 only
    c.crash(0);
    c.heal();
    c.cut(0, 2); // node 2 takes no part from here on
    const leader = c.restart(0);
    const seen = decisionsOf(leader);
    c.timeout(0);
    c.deliverNext(); // node 1 grants: (t1,i3) is more up-to-date than its (t1,i2)
    c.deliverNext();
    expect([leader.role(), leader.currentTerm()]).toEqual(['Leader', 2]);
    expect(describeLog(leader)).toEqual(['1:cfg0', '2:T1', '3:cmd1', '4:T2']);
    c.deliverNext(); // node 1: gap at (t2,i3)
    c.deliverNext(); // the leader answers with everything after (t1,i2)
    const catchUp = takeOne(c, 0, 1, 'AppendEntriesCall');
    expect(catchUp.message.entries).toEqual(LogEntries.fromEntries(pos(1, 2), [COMMAND, termEntry(2)]));
    // A driver caps the call to one entry: node 1 stores the term-1 entry only.
    c.deliver({ ...catchUp, message: { ...catchUp.message, entries: LogEntries.truncate(catchUp.message.entries, 1) } });
    expect(c.node(1).log().lastPosition()).toEqual(pos(1, 3));
    c.deliverNext();
    // Index 3 is now on a majority ({0, 1}), but it is of term 1: not committed by counting.
    expect(leader.followers()?.get(NodeId(1))?.matchIndex).toBe(3);
    expect(leader.commitIndex()).toBe(0);
    expect(promise.poll(leader).isPending()).toBe(true);
    c.deliverAll(); // the no-op reaches node 1
    expect(seen.filter((d) => d.kind === 'commitHeld' || d.kind === 'commitAdvanced')).toEqual([
      { kind: 'commitHeld', rule: '§5.4.2', index: 2, entryTerm: 1, currentTerm: 2 },
      { kind: 'commitHeld', rule: '§5.4.2', index: 3, entryTerm: 1, currentTerm: 2 },
      { kind: 'commitAdvanced', rule: '§5.3', from: 0, to: 4, role: 'Leader', entryTerm: 2, currentTerm: 2 },
    ]);
    expect(promise.poll(leader).isAccepted()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });
});

// ---- Figure 2: RequestVote and AppendEntries receiver rules -----------------------------------

describe('Raft Figure 2 — RequestVote receiver', () => {
  it('rule 1: reply false if term < currentTerm', () => {
    const voter = nodeWith(0, 3, undefined, 'cfg T1 cmd T3');
    const seen = decisionsOf(voter);
    voter.handleMessage(requestVoteCall(1, 2, 7, pos(2, 10)));
    expect(voter.actions().peek()).toEqual([send(1, requestVoteReply(0, 3, 7, false))]);
    expect([voter.currentTerm(), voter.votedFor()]).toEqual([3, undefined]);
    expect(seen).toEqual([expect.objectContaining({ kind: 'voteRefused', reason: 'staleTerm', rule: '§5.1' })]);
  });

  it("rule 2: grant if votedFor is null or the candidate, and the candidate's log is at least as up-to-date", () => {
    // votedFor null, equal logs: granted, vote persisted, timer reset.
    const voter = nodeWith(0, 3, undefined, 'cfg T1 cmd T3');
    voter.handleMessage(requestVoteCall(1, 3, 4, pos(3, 4)));
    expect(voter.actions().peek()).toEqual([TIMER, SAVE_VOTE, send(1, requestVoteReply(0, 3, 4, true))]);
    expect(voter.votedFor()).toBe(1);
    voter.actionsMut().drain();
    // votedFor = the candidate (a retried request): granted again, nothing new to persist.
    voter.handleMessage(requestVoteCall(1, 3, 5, pos(3, 4)));
    expect(voter.actions().peek()).toEqual([TIMER, send(1, requestVoteReply(0, 3, 5, true))]);
    voter.actionsMut().drain();
    // votedFor = another node: refused.
    voter.handleMessage(requestVoteCall(2, 3, 1, pos(3, 9)));
    expect(voter.actions().peek()).toEqual([send(2, requestVoteReply(0, 3, 1, false))]);
    expect(voter.votedFor()).toBe(1);

    // Up-to-date (§5.4.1): the later last term wins; equal terms compare the last index.
    const cases: [LogPosition, boolean][] = [
      [pos(2, 9), false], // older last term, longer log
      [pos(3, 3), false], // same last term, shorter log
      [pos(3, 4), true], // identical
      [pos(3, 5), true], // same last term, longer log
      [pos(4, 2), true], // newer last term, shorter log
    ];
    for (const [candidateLast, granted] of cases) {
      const fresh = nodeWith(0, 3, undefined, 'cfg T1 cmd T3');
      fresh.handleMessage(requestVoteCall(1, 5, 1, candidateLast));
      expect(fresh.actions().peek().at(-1), JSON.stringify(candidateLast)).toEqual(send(1, requestVoteReply(0, 5, 1, granted)));
      expect(fresh.votedFor()).toBe(granted ? 1 : undefined);
    }
  });
});

describe('Raft Figure 2 — AppendEntries receiver', () => {
  it('rule 1: reply false (with the current term) if term < currentTerm; the stale leader steps down', () => {
    const follower = nodeWith(1, 3, undefined, 'cfg T1 cmd T3');
    const seen = decisionsOf(follower);
    follower.handleMessage(appendEntriesCall(0, 2, 8, 3, LogEntries.fromEntries(pos(1, 3), [COMMAND])));
    // The refusal echoes seqno 0: it answers no call of the follower's term (see fix 9).
    expect(follower.actions().peek()).toEqual([send(0, appendEntriesReply(1, 3, 0, pos(3, 4)))]);
    expect(describeLog(follower)).toEqual(['1:cfg0', '2:T1', '3:cmd1', '4:T3']);
    expect([follower.commitIndex(), follower.leaderId()]).toEqual([0, undefined]);
    expect(seen).toEqual([expect.objectContaining({ kind: 'appendRejected', reason: 'staleTerm' })]);

    // In a cluster: the deposed leader of term 1 learns term 2 from the reply and steps down.
    const c = TestCluster.created([0, 1, 2]);
    c.isolate(0);
    c.timeout(1);
    c.deliverAll();
    c.heal();
    c.run(0, (n) => n.heartbeat());
    c.deliverAll();
    expect([c.node(0).role(), c.node(0).currentTerm()]).toEqual(['Follower', 2]);
    expect(c.node(1).role()).toBe('Leader');
    expect(c.checker.violations).toEqual([]);
  });

  it('rule 2: reply false if the log has no entry at prevLogIndex (a gap); nothing is written', () => {
    const follower = nodeWith(1, 1, undefined, 'cfg T1');
    const seen = decisionsOf(follower);
    follower.handleMessage(appendEntriesCall(0, 1, 4, 2, LogEntries.fromEntries(pos(1, 5), [COMMAND])));
    expect(follower.actions().peek()).toEqual([TIMER, send(0, appendEntriesReply(1, 1, 4, pos(1, 2)))]);
    expect(follower.log().lastPosition()).toEqual(pos(1, 2));
    expect(follower.leaderId()).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ kind: 'appendRejected', reason: 'gap', localTerm: undefined })]);
  });

  it('rule 3: an existing entry that conflicts with a new one is deleted with all that follow', () => {
    // prev matches, later entries conflict: they are overwritten from the first conflict on.
    const a = nodeWith(1, 1, undefined, 'cfg T1 cmd cmd cmd');
    const entries = LogEntries.fromEntries(pos(1, 3), [termEntry(2), COMMAND]);
    a.handleMessage(appendEntriesCall(0, 2, 1, 3, entries));
    expect(describeLog(a)).toEqual(['1:cfg0', '2:T1', '3:cmd1', '4:T2', '5:cmd2']);
    expect(a.actions().peek()).toEqual([TIMER, SAVE_TERM, appendLog(entries), send(0, appendEntriesReply(1, 2, 1, pos(2, 5)))]);
    expect(a.commitIndex()).toBe(3);

    // prev itself conflicts: the follower drops it and what follows, and persists the truncation.
    const b = nodeWith(1, 1, undefined, 'cfg T1 cmd cmd cmd');
    const stored = storageFromNode(b);
    const seen = decisionsOf(b);
    b.handleMessage(appendEntriesCall(0, 2, 1, 3, LogEntries.empty(pos(2, 4))));
    expect(describeLog(b)).toEqual(['1:cfg0', '2:T1', '3:cmd1']);
    expect(b.actions().peek()).toEqual([TIMER, SAVE_TERM, appendLog(LogEntries.empty(pos(1, 3))), send(0, appendEntriesReply(1, 2, 1, pos(1, 3)))]);
    expect(seen).toContainEqual(expect.objectContaining({ kind: 'appendRejected', reason: 'conflict', localTerm: 1 }));
    for (const action of b.actionsMut()) if (action.kind === 'AppendLogEntries') applyAppend(stored, action.entries);
    expect(logFromStorage(stored).entries()).toEqual(b.log().entries());
  });

  it('rule 4: append only the entries not already in the log; a duplicate call changes nothing', () => {
    const follower = nodeWith(1, 1, undefined, 'cfg T1 cmd');
    const seen = decisionsOf(follower);
    follower.handleMessage(appendEntriesCall(0, 1, 1, 2, LogEntries.fromEntries(pos(1, 2), commands(3))));
    expect(follower.actions().peek()).toEqual([
      TIMER,
      appendLog(LogEntries.fromEntries(pos(1, 3), commands(2))),
      send(0, appendEntriesReply(1, 1, 1, pos(1, 5))),
    ]);
    expect(seen.filter((d) => d.kind === 'appendAccepted').at(-1)).toMatchObject({ written: 2 });
    follower.actionsMut().drain();

    // An older, reordered call: everything is already there; later entries are kept.
    follower.handleMessage(appendEntriesCall(0, 1, 2, 2, LogEntries.fromEntries(pos(1, 2), [COMMAND])));
    expect(follower.actions().peek()).toEqual([TIMER, send(0, appendEntriesReply(1, 1, 2, pos(1, 5)))]);
    expect(follower.log().lastPosition()).toEqual(pos(1, 5));
    expect(seen.filter((d) => d.kind === 'appendAccepted').at(-1)).toMatchObject({ written: 0 });
  });

  it('rule 5: if leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of the last new entry)', () => {
    const follower = nodeWith(1, 1, undefined, 'cfg T1');
    // A capped call: the leader committed 5, the call carries entries up to 3.
    follower.handleMessage(appendEntriesCall(0, 1, 1, 5, LogEntries.fromEntries(pos(1, 2), [COMMAND])));
    expect(follower.commitIndex()).toBe(3);
    follower.handleMessage(appendEntriesCall(0, 1, 2, 4, LogEntries.fromEntries(pos(1, 3), commands(2))));
    expect(follower.commitIndex()).toBe(4);
    // A reordered older call never lowers it.
    follower.handleMessage(appendEntriesCall(0, 1, 3, 2, LogEntries.fromEntries(pos(1, 2), [COMMAND])));
    expect(follower.commitIndex()).toBe(4);
    // Nor does a duplicate raise it beyond the entries the call vouches for.
    follower.handleMessage(appendEntriesCall(0, 1, 4, 5, LogEntries.fromEntries(pos(1, 2), [COMMAND])));
    expect(follower.commitIndex()).toBe(4);
  });
});

// ---- Regression tests for the fixes over raftbare 0.1.4 -----------------------------------------

/**
 * Spec §6.1, steps 1-4 (A=0, B=1, C=2): C leads term 1 and appends 3..7 while cut off; A wins
 * term 3 with B's vote and commits 3:T3 4:cmd3; A stops; C learns term 3 and steps down.
 */
function section61Steps1to4(): { c: TestCluster; committed: CommitPromise; a: Node } {
  // Step 1.
  const c = TestCluster.created([0, 1, 2], 2);
  const [a, b, cNode] = [c.node(0), c.node(1), c.node(2)];
  for (const n of [a, b]) expect([n.role(), n.currentTerm(), describeLog(n), n.commitIndex()]).toEqual(['Follower', 1, ['1:cfg0', '2:T1'], 2]);
  expect([cNode.role(), cNode.commitIndex()]).toEqual(['Leader', 2]);
  // Step 2.
  c.isolate(2);
  for (let i = 0; i < 5; i++) c.run(2, (n) => n.proposeCommand());
  expect(describeLog(cNode).slice(2)).toEqual(['3:cmd1', '4:cmd1', '5:cmd1', '6:cmd1', '7:cmd1']);
  expect(cNode.commitIndex()).toBe(2);
  // Step 3: a split vote in term 2 (port: refusals are answered), then A wins term 3.
  c.timeout(0);
  c.timeout(1);
  c.deliverAll();
  expect([a.role(), b.role(), a.currentTerm(), b.currentTerm()]).toEqual(['Candidate', 'Candidate', 2, 2]);
  c.timeout(0);
  c.deliverAll();
  expect([a.role(), a.currentTerm()]).toEqual(['Leader', 3]);
  const committed = c.run(0, (n) => n.proposeCommand());
  c.deliverAll();
  c.run(0, (n) => n.heartbeat());
  c.deliverAll();
  expect(committed.logPosition()).toEqual(pos(3, 4));
  expect(committed.poll(a).isAccepted()).toBe(true);
  for (const n of [a, b]) expect([describeLog(n), n.commitIndex()]).toEqual([['1:cfg0', '2:T1', '3:T3', '4:cmd3'], 4]);
  expect([b.role(), b.currentTerm(), b.votedFor()]).toEqual(['Follower', 3, 0]);
  // Step 4.
  c.crash(0);
  c.heal();
  c.run(2, (n) => n.heartbeat());
  c.deliverAll();
  expect([cNode.role(), cNode.currentTerm(), cNode.votedFor()]).toEqual(['Follower', 3, undefined]);
  expect(describeLog(cNode)).toHaveLength(7);
  return { c, committed, a };
}

/**
 * Every node (A restarted and caught up) reports the committed entry (t3,i4) as Accepted. A's own
 * promise is final once Accepted, so each node is asked through a fresh promise for (t3,i4).
 */
function expectAcceptedEverywhere(c: TestCluster, committed: CommitPromise, a: Node): void {
  expect(committed.poll(a).isAccepted()).toBe(true);
  c.restart(0);
  const leader = c.leader() as Node;
  c.run(leader.id(), (n) => n.heartbeat());
  c.deliverAll();
  for (const n of [0, 1, 2]) {
    const node = c.node(n);
    expect(node.log().contains(pos(3, 4)), `node ${n}`).toBe(true);
    expect(node.getCommitStatus(pos(3, 4))).toBe('Committed');
    expect(CommitPromise.pending(pos(3, 4)).poll(node).isAccepted(), `node ${n}`).toBe(true);
  }
}

describe('fixes over raftbare 0.1.4', () => {
  it('fix 1: vote restriction §5.4.1 — spec §6.1 step by step: B refuses C, whose long log has an older last term', () => {
    const { c, committed, a } = section61Steps1to4();
    const [b, cNode] = [c.node(1), c.node(2)];
    const bSaw = decisionsOf(b);
    const holdsCommitted = (): void => {
      expect(b.log().contains(pos(3, 4))).toBe(true);
      expect(b.commitIndex()).toBeGreaterThanOrEqual(4);
    };

    // A is gone; C campaigns with last (t1,i7) and asks B, whose last is (t3,i4).
    c.timeout(2);
    const request = c.network.find((e) => e.to === 1)?.message as Message;
    expect(request).toMatchObject({ kind: 'RequestVoteCall', term: 4, lastPosition: pos(1, 7) });
    // B knows a leader (A): a §6 driver would hold the request back while A is fresh; A is dead.
    expect(b.couldBeDisruptiveRequestVote(request)).toBe(true);
    deliverAllChecking(c, holdsCommitted);
    expect(bSaw).toContainEqual({
      kind: 'voteRefused',
      rule: '§5.4.1',
      reason: 'logNotUpToDate',
      candidate: 2,
      term: 4,
      votedFor: undefined,
      ownLast: pos(3, 4),
      candidateLast: pos(1, 7),
    });
    expect([cNode.role(), cNode.currentTerm()]).toEqual(['Candidate', 4]);

    // raftbare's step 6: C tries again in term 5 and is refused again.
    c.timeout(2);
    deliverAllChecking(c, holdsCommitted);
    expect(cNode.role()).toBe('Candidate');
    expect(bSaw.filter((d) => d.kind === 'voteRefused').map((d) => (d.kind === 'voteRefused' ? [d.term, d.reason] : []))).toEqual([
      [4, 'logNotUpToDate'],
      [5, 'logNotUpToDate'],
    ]);

    // B campaigns: C grants (last term 3 > 1); B's leadership truncates C's uncommitted term-1 tail.
    c.timeout(1);
    deliverAllChecking(c, holdsCommitted);
    expect([b.role(), b.currentTerm()]).toEqual(['Leader', 6]);
    c.run(1, (n) => n.heartbeat());
    deliverAllChecking(c, holdsCommitted);
    expect(describeLog(cNode)).toEqual(['1:cfg0', '2:T1', '3:T3', '4:cmd3', '5:T6']);
    expect([b.commitIndex(), cNode.commitIndex()]).toEqual([5, 5]);

    expectAcceptedEverywhere(c, committed, a);
    expect(c.checker.violations).toEqual([]);
  });

  it("fix 1: vote restriction §5.4.1 — spec §6.1 in its own step order diverges at step 5: C grants B, A's entry survives", () => {
    const { c, committed, a } = section61Steps1to4();
    const [b, cNode] = [c.node(1), c.node(2)];
    const cSaw = decisionsOf(cNode);
    // Step 5: B campaigns with last (t3,i4). raftbare's C refused (index 7 > 4); the port grants.
    c.timeout(1);
    c.deliverAll();
    expect(cSaw).toContainEqual(expect.objectContaining({ kind: 'voteGranted', candidate: 1, ownLast: pos(1, 7), candidateLast: pos(3, 4) }));
    expect([b.role(), b.currentTerm()]).toEqual(['Leader', 4]);
    c.run(1, (n) => n.heartbeat());
    c.deliverAll();
    expect(describeLog(cNode)).toEqual(['1:cfg0', '2:T1', '3:T3', '4:cmd3', '5:T4']);
    expectAcceptedEverywhere(c, committed, a);
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 1: a voter refuses a longer log of an older last term and grants a shorter log of a newer last term', () => {
    const newer = nodeWith(1, 3, undefined, 'cfg T1 cmd T3'); // last (t3,i4)
    const newerSaw = decisionsOf(newer);
    newer.handleMessage(requestVoteCall(2, 4, 1, pos(1, 7)));
    expect(newer.actions().peek().at(-1)).toEqual(send(2, requestVoteReply(1, 4, 1, false)));
    expect(newer.votedFor()).toBeUndefined();
    expect(newerSaw.at(-1)).toMatchObject({ kind: 'voteRefused', reason: 'logNotUpToDate', rule: '§5.4.1', ownLast: pos(3, 4) });

    const longer = nodeWith(1, 3, undefined, 'cfg T1 cmd cmd cmd cmd cmd'); // last (t1,i7)
    const longerSaw = decisionsOf(longer);
    longer.handleMessage(requestVoteCall(0, 4, 1, pos(3, 4)));
    expect(longer.actions().peek().at(-1)).toEqual(send(0, requestVoteReply(1, 4, 1, true)));
    expect(longer.votedFor()).toBe(0);
    expect(longerSaw.at(-1)).toMatchObject({ kind: 'voteGranted', ownLast: pos(1, 7), candidateLast: pos(3, 4) });
  });

  it('fix 2: a candidate hearing AppendEntries of its own term follows; a follower accepts a leader it did not vote for', () => {
    // Spec §6.3's example: n1 and n2 split term 2; n1 wins with n3 and n4; n0 voted for n2.
    const c = TestCluster.created([0, 1, 2, 3, 4]);
    c.timeout(1);
    c.timeout(2);
    deliverOne(c, 2, 0, 'RequestVoteCall');
    for (const to of [3, 4]) deliverOne(c, 1, to, 'RequestVoteCall');
    c.take((e) => e.message.kind === 'RequestVoteCall');
    const [n0, n1, n2] = [c.node(0), c.node(1), c.node(2)];
    const n0Saw = decisionsOf(n0);
    const n2Saw = decisionsOf(n2);
    c.deliverAll();
    expect([n1.role(), n1.currentTerm()]).toEqual(['Leader', 2]);
    expect([n2.role(), n2.currentTerm(), n2.leaderId(), n2.votedFor()]).toEqual(['Follower', 2, 1, 2]);
    expect(n2Saw).toContainEqual({ kind: 'becameFollower', rule: '§5.2', term: 2, leader: 1 });
    expect([n0.role(), n0.currentTerm(), n0.leaderId(), n0.votedFor()]).toEqual(['Follower', 2, 1, 2]);
    expect(n0Saw.filter((d) => d.kind === 'appendAccepted')).not.toHaveLength(0);
    expect(c.storage.get(NodeId(0))?.votedFor).toBe(2);
    c.run(1, (n) => n.heartbeat());
    c.deliverAll();
    for (const n of [0, 1, 2, 3, 4]) {
      expect(c.node(n).currentTerm()).toBe(2);
      expect(c.node(n).commitIndex()).toBe(3);
    }
    expect(c.checker.violations).toEqual([]);

    // Unit level: the candidate's exact actions (no term to save, no vote written).
    const candidate = nodeWith(1, 2, undefined, 'cfg T1');
    candidate.handleElectionTimeout();
    candidate.actionsMut().drain();
    const noop = LogEntries.fromEntries(pos(1, 2), [termEntry(3)]);
    candidate.handleMessage(appendEntriesCall(0, 3, 1, 2, noop));
    expect(candidate.actions().peek()).toEqual([TIMER, appendLog(noop), send(0, appendEntriesReply(1, 3, 1, pos(3, 3)))]);
    expect([candidate.role(), candidate.votedFor(), candidate.leaderId()]).toEqual(['Follower', 1, 0]);
  });

  it('fix 3: refused RequestVotes are answered with voteGranted:false (stale term, already voted, log not up to date)', () => {
    const voter = (): Node => nodeWith(0, 3, 2, 'cfg T1 cmd T3'); // term 3, voted for 2, last (t3,i4)
    const stale = voter();
    stale.handleMessage(requestVoteCall(1, 2, 11, pos(3, 9)));
    expect(stale.actions().peek()).toEqual([send(1, requestVoteReply(0, 3, 11, false))]);

    const voted = voter();
    voted.handleMessage(requestVoteCall(1, 3, 12, pos(3, 9)));
    expect(voted.actions().peek()).toEqual([send(1, requestVoteReply(0, 3, 12, false))]);

    const behind = voter();
    behind.handleMessage(requestVoteCall(1, 4, 13, pos(2, 9)));
    expect(behind.actions().peek()).toEqual([SAVE_TERM, SAVE_VOTE, send(1, requestVoteReply(0, 4, 13, false))]);

    // The candidate hears of the refusal and does not count it.
    const candidate = nodeWith(1, 2, undefined, 'cfg T1');
    candidate.handleElectionTimeout();
    candidate.actionsMut().drain();
    const seen = decisionsOf(candidate);
    candidate.handleMessage(requestVoteReply(0, 3, 1, false));
    expect(seen).toEqual([{ kind: 'voteReceived', rule: '§5.2', voter: 0, granted: false, votes: [1], term: 3 }]);
    expect(candidate.role()).toBe('Candidate');
  });

  it('fix 4: a follower re-arms its timer only for its leader or a granted vote; refused higher-term requests do not; role changes do', () => {
    const c = TestCluster.created([0, 1, 2]);
    // Hearing from the current leader.
    c.run(0, (n) => n.heartbeat());
    deliverOne(c, 0, 1, 'AppendEntriesCall');
    expect(lastKinds(c, 1)).toEqual(['SetElectionTimeout', 'SendMessage']);
    c.deliverAll();

    // A stale candidate (node 2, cut off while the others commit index 3) climbs terms.
    c.isolate(2);
    c.run(0, (n) => n.proposeCommand());
    c.deliverAll();
    for (let i = 0; i < 3; i++) c.timeout(2);
    c.heal();
    c.timeout(2); // term 5
    deliverOne(c, 2, 1, 'RequestVoteCall');
    // Node 1 adopts term 5 and refuses, but keeps its running timer.
    expect(lastKinds(c, 1)).toEqual(['SaveCurrentTerm', 'SaveVotedFor', 'SendMessage']);
    expect(c.node(1).currentTerm()).toBe(5);
    // The leader steps down: a role change asks for a timer.
    deliverOne(c, 2, 0, 'RequestVoteCall');
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor', 'SendMessage']);
    expect(c.node(0).role()).toBe('Follower');
    c.deliverAll();

    // Granting a vote.
    c.timeout(1); // term 6
    deliverOne(c, 1, 0, 'RequestVoteCall');
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor', 'SendMessage']);
    expect(c.node(0).votedFor()).toBe(1);
    c.take(() => true);
    // A same-term request refused (node 0 already voted for node 1 in term 6).
    c.run(0, (n) => n.handleMessage(requestVoteCall(2, 6, 99, pos(1, 3))));
    expect(c.lastActions.get(NodeId(0))).toEqual([send(2, requestVoteReply(0, 6, 99, false))]);
    // An AppendEntries of an older term (a deposed leader's) re-arms nothing either.
    c.run(0, (n) => n.handleMessage(appendEntriesCall(2, 1, 99, 2, LogEntries.empty(pos(1, 2)))));
    expect(lastKinds(c, 0)).toEqual(['SendMessage']);

    // A candidate stepping down.
    const candidate = nodeWith(1, 2, undefined, 'cfg T1');
    candidate.handleElectionTimeout();
    candidate.actionsMut().drain();
    candidate.handleMessage(appendEntriesReply(0, 9, 1, pos(1, 2)));
    expect(pendingKinds(candidate)).toEqual(['SetElectionTimeout', 'SaveCurrentTerm', 'SaveVotedFor']);
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 4: a leader stepping down after its removal asks for a timer, then ignores timeouts', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const seen = decisionsOf(leader);
    const change = c.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [], [NodeId(0)])));
    expect(change.isPending()).toBe(true);
    for (let i = 0; i < 100 && leader.role() === 'Leader'; i++) expect(c.deliverNext()).toBe(true);
    expect(leader.role()).toBe('Follower');
    expect(leader.currentTerm()).toBe(1);
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout']);
    expect(seen).toContainEqual({ kind: 'steppedDown', rule: '§6', reason: 'removedFromConfig' });
    expect(leader.config()).toEqual(voters(1, 2));
    c.timeout(0);
    expect([leader.role(), leader.currentTerm()]).toEqual(['Follower', 1]);
    expect(lastKinds(c, 0)).toEqual([]);
    c.deliverAll();
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 5: couldBeDisruptiveRequestVote flags higher-term requests to a leader or a follower with a known leader only', () => {
    const c = TestCluster.created([0, 1, 2]);
    const [leader, follower] = [c.node(0), c.node(1)];
    expect(follower.leaderId()).toBe(0);
    const higher = requestVoteCall(2, 2, 1, pos(1, 2));
    expect(leader.couldBeDisruptiveRequestVote(higher)).toBe(true);
    expect(follower.couldBeDisruptiveRequestVote(higher)).toBe(true);
    // Same or lower term, other kinds, or from self: never.
    expect(follower.couldBeDisruptiveRequestVote(requestVoteCall(2, 1, 1, pos(1, 2)))).toBe(false);
    expect(follower.couldBeDisruptiveRequestVote(requestVoteCall(2, 0, 1, pos(1, 2)))).toBe(false);
    expect(follower.couldBeDisruptiveRequestVote(appendEntriesCall(2, 2, 1, 2, LogEntries.empty(pos(1, 2))))).toBe(false);
    expect(follower.couldBeDisruptiveRequestVote(requestVoteReply(2, 2, 1, true))).toBe(false);
    expect(follower.couldBeDisruptiveRequestVote(appendEntriesReply(2, 2, 1, pos(1, 2)))).toBe(false);
    expect(leader.couldBeDisruptiveRequestVote(requestVoteCall(0, 2, 1, pos(1, 2)))).toBe(false);
    // A follower that knows no leader (restarted), and a candidate: never.
    expect(nodeWith(1, 1, 0, 'cfg T1').couldBeDisruptiveRequestVote(higher)).toBe(false);
    c.timeout(2);
    expect(c.node(2).couldBeDisruptiveRequestVote(requestVoteCall(1, 3, 1, pos(1, 2)))).toBe(false);
  });

  it('fix 5: without any filter, handleMessage processes every higher-term request, so no election stalls', () => {
    // Followers that voted for a dead leader still vote for the next candidate at once.
    const c = TestCluster.created([0, 1, 2]);
    expect([c.node(1).votedFor(), c.node(2).votedFor()]).toEqual([0, 0]);
    c.crash(0);
    c.timeout(1);
    const request = c.network.find((e) => e.to === 2)?.message as Message;
    expect(c.node(2).couldBeDisruptiveRequestVote(request)).toBe(true); // up to the driver's clock
    c.deliverAll();
    expect([c.node(1).role(), c.node(1).currentTerm(), c.node(2).votedFor()]).toEqual(['Leader', 2, 1]);

    // A healthy leader given a higher-term request (no driver filter) steps down and votes.
    const d = TestCluster.created([0, 1, 2]);
    d.timeout(2);
    deliverOne(d, 2, 0, 'RequestVoteCall');
    expect(d.node(0).role()).toBe('Follower');
    expect(d.lastActions.get(NodeId(0))?.at(-1)).toEqual(send(2, requestVoteReply(0, 2, 1, true)));
    // Even a refusal is processed: node 1 (longer log) answers, it never ignores the request.
    const e = nodeWith(1, 1, 0, 'cfg T1 cmd');
    e.handleMessage(requestVoteCall(2, 2, 1, pos(1, 2)));
    expect(e.actions().peek()).toEqual([SAVE_TERM, SAVE_VOTE, send(2, requestVoteReply(1, 2, 1, false))]);
    expect(c.checker.violations).toEqual([]);
    expect(d.checker.violations).toEqual([]);
  });

  it('fix 6: a follower installing a leader snapshot mid-append keeps the later entries, in memory and pending; commit rises', () => {
    const config = voters(0, 1, 2);
    const node = Node.start(NodeId(1));
    const storage = emptyStorage();
    const execute = (): void => {
      for (const action of node.actionsMut()) {
        if (action.kind === 'SaveCurrentTerm') storage.term = node.currentTerm();
        if (action.kind === 'SaveVotedFor') storage.votedFor = node.votedFor();
        if (action.kind === 'AppendLogEntries') applyAppend(storage, action.entries);
      }
    };
    node.handleMessage(appendEntriesCall(0, 1, 1, 2, LogEntries.fromEntries(ZERO, [configEntry(config), termEntry(1)])));
    execute();
    expect([node.log().lastPosition(), node.commitIndex()]).toEqual([pos(1, 2), 2]);

    // Entries 3..6 arrive; before the driver drains the append, the leader's snapshot at 4 lands.
    node.handleMessage(appendEntriesCall(0, 1, 2, 2, LogEntries.fromEntries(pos(1, 2), commands(4))));
    expect(node.actions().appendLogEntries).toEqual(LogEntries.fromEntries(pos(1, 2), commands(4)));
    expect(node.handleSnapshotInstalled(pos(1, 4), config)).toBe(true);
    applySnapshot(storage, pos(1, 4), config);

    expect(node.commitIndex()).toBe(4);
    expect(node.log().snapshotPosition()).toEqual(pos(1, 4));
    expect(node.log().lastPosition()).toEqual(pos(1, 6));
    expect(node.actions().peek()).toEqual([
      TIMER,
      appendLog(LogEntries.fromEntries(pos(1, 4), commands(2))),
      send(0, appendEntriesReply(1, 1, 2, pos(1, 6))),
    ]);
    execute();
    const recovered = Node.restart(NodeId(1), storage.term, storage.votedFor, logFromStorage(storage));
    expect(recovered.log().entries()).toEqual(node.log().entries());
    expect(recovered.log().snapshotConfig()).toEqual(config);
  });

  it('fix 7: a leader whose config shrinks to itself as the only voter still commits', () => {
    const c = TestCluster.created([0, 1]);
    const leader = c.node(0);
    const change = c.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [], [NodeId(1)])));
    expect(leader.config()).toEqual(ClusterConfig.of({ voters: [NodeId(0), NodeId(1)], newVoters: [NodeId(0)] }));
    c.deliverAll();
    expect(change.poll(leader).isAccepted()).toBe(true);
    expect(leader.config()).toEqual(voters(0));
    expect(leader.commitIndex()).toBe(leader.log().lastPosition().index); // the final config, committed alone
    expect(leader.followers()?.size).toBe(0);

    c.crash(1);
    const promise = c.run(0, (n) => n.proposeCommand());
    expect(lastKinds(c, 0)).toEqual(['SetElectionTimeout', 'AppendLogEntries']);
    expect(promise.poll(leader).isAccepted()).toBe(true);
    expect(leader.commitIndex()).toBe(promise.logPosition().index);
    c.run(0, (n) => [n.proposeCommand(), n.proposeCommand()]);
    expect(leader.commitIndex()).toBe(promise.logPosition().index + 2);
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 7: a solo leader growing to two voters commits once the new voter has replicated', () => {
    const c = new TestCluster([0, 1]);
    c.run(0, (n) => n.createCluster([NodeId(0)]));
    const leader = c.node(0);
    expect([leader.role(), leader.commitIndex()]).toEqual(['Leader', 2]);
    const change = c.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [NodeId(1)], [])));
    expect(change.poll(leader).isPending()).toBe(true); // {0, 1} must agree
    c.deliverAll();
    expect(change.poll(leader).isAccepted()).toBe(true);
    expect(leader.config()).toEqual(voters(0, 1));
    expect(leader.commitIndex()).toBe(4);

    const promise = c.run(0, (n) => n.proposeCommand());
    expect(promise.poll(leader).isPending()).toBe(true);
    c.deliverNext(); // node 1 stores it
    expect(promise.poll(leader).isPending()).toBe(true);
    c.deliverNext(); // its reply
    expect(promise.poll(leader).isAccepted()).toBe(true);
    c.run(0, (n) => n.heartbeat());
    c.deliverAll();
    expect(c.node(1).commitIndex()).toBe(5);
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 8: a user-truncated AppendEntries without a diverging Term entry is handled (spec §6.9)', () => {
    const follower = nodeWith(1, 3, undefined, 'cfg T1 cmd T3');
    // The term-4 leader holds [.. 3:cmd1 4:cmd1 5:T4]; the user capped its call to two entries.
    const full = LogEntries.fromEntries(pos(1, 2), [COMMAND, COMMAND, termEntry(4)]);
    const capped = LogEntries.truncate(full, 2);
    expect(capped).toEqual(LogEntries.fromEntries(pos(1, 2), commands(2)));
    expect(() => follower.handleMessage(appendEntriesCall(0, 4, 1, 2, capped))).not.toThrow();
    expect(follower.log().lastPosition()).toEqual(pos(1, 4));
    expect(describeLog(follower)).toEqual(['1:cfg0', '2:T1', '3:cmd1', '4:cmd1']);
    expect(follower.actions().peek()).toEqual([
      TIMER,
      SAVE_TERM,
      appendLog(LogEntries.fromEntries(pos(1, 3), [COMMAND])),
      send(0, appendEntriesReply(1, 4, 1, pos(1, 4))),
    ]);
  });

  it('fix 8: a follower catches up over several rounds when the driver caps every call with LogEntries.truncate', () => {
    const c = TestCluster.created([0, 1, 2]);
    const [leader, lagging] = [c.node(0), c.node(2)];
    c.isolate(2);
    c.run(0, (n) => Array.from({ length: 10 }, () => n.proposeCommand()));
    c.deliverAll();
    expect(leader.commitIndex()).toBe(12);
    c.heal();
    c.run(0, (n) => n.heartbeat());

    const rounds: [number, number][] = []; // node 2's [last index, commit] after each capped call
    for (let envelope = c.network.shift(); envelope !== undefined; envelope = c.network.shift()) {
      const { message } = envelope;
      if (message.kind === 'AppendEntriesCall' && LogEntries.len(message.entries) > 3) {
        c.deliver({ ...envelope, message: { ...message, entries: LogEntries.truncate(message.entries, 3) } });
      } else {
        c.deliver(envelope);
      }
      if (envelope.to === 2 && message.kind === 'AppendEntriesCall' && !LogEntries.isEmpty(message.entries)) {
        rounds.push([lagging.log().lastPosition().index, lagging.commitIndex()]);
      }
    }
    expect(rounds).toEqual([
      [5, 5],
      [8, 8],
      [11, 11],
      [12, 12],
    ]);
    expect(lagging.log().entries()).toEqual(leader.log().entries());
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 9: messages from self are ignored', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const seen = decisionsOf(leader);
    const own = requestVoteCall(0, 9, 1, pos(9, 9));
    c.run(0, (n) => n.handleMessage(own));
    c.run(0, (n) => n.handleMessage(appendEntriesReply(0, 9, 99, pos(1, 2))));
    expect([leader.role(), leader.currentTerm(), leader.votedFor()]).toEqual(['Leader', 1, 0]);
    expect(lastKinds(c, 0)).toEqual([]);
    expect(seen.map((d) => (d.kind === 'messageIgnored' ? d.reason : d.kind))).toEqual(['fromSelf', 'fromSelf']);
  });

  it('fix 9: an AppendEntriesReply whose seqno is not above the recorded maxSeqno is ignored', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    c.run(0, (n) => n.heartbeat());
    c.take((e) => e.to === 2);
    deliverOne(c, 0, 1, 'AppendEntriesCall');
    const older = takeOne(c, 1, 0, 'AppendEntriesReply'); // answers the heartbeat: last (t1,i2)
    c.run(0, (n) => n.proposeCommand());
    c.take((e) => e.to === 2);
    deliverOne(c, 0, 1, 'AppendEntriesCall');
    const newer = deliverOne(c, 1, 0, 'AppendEntriesReply'); // last (t1,i3)
    expect(newer.seqno).toBeGreaterThan(older.message.seqno);
    expect(leader.followers()?.get(NodeId(1))).toEqual({ matchIndex: 3, maxSeqno: newer.seqno });
    expect(leader.commitIndex()).toBe(3);

    const seen = decisionsOf(leader);
    c.deliver(older); // reordered: processing it would lower matchIndex to 2 and resend entry 3
    expect(seen).toEqual([{ kind: 'messageIgnored', rule: '§5.3', reason: 'staleSeqno', message: older.message }]);
    expect(lastKinds(c, 0)).toEqual([]);
    expect(leader.followers()?.get(NodeId(1))).toEqual({ matchIndex: 3, maxSeqno: newer.seqno });
    c.deliver(older); // a duplicate of a handled reply: the same
    expect(seen).toHaveLength(2);
    expect(c.checker.violations).toEqual([]);
  });

  it("fix 9: a restarted follower's replies echo the leader's seqnos: they never lower the commit or raise matchIndex wrongly", () => {
    // Index 3 can commit only through node 2: node 1 is cut off.
    const scenario = (): { c: TestCluster; leader: Node; promise: CommitPromise; stale: Envelope } => {
      const c = TestCluster.created([0, 1, 2]);
      c.isolate(1);
      const promise = c.run(0, (n) => n.proposeCommand());
      c.deliverNext(); // node 2 stores (t1,i3)
      const stale = takeOne(c, 2, 0, 'AppendEntriesReply');
      // Node 2 restarts having lost its last, unsynced write: its storage ends at index 2. Its own
      // seqno counter restarts at 0, but replies echo the leader's seqnos.
      MutableLogEntries.truncateInPlace((c.storage.get(NodeId(2)) as Storage).entries, 2);
      c.crash(2);
      expect(c.restart(2).log().lastPosition()).toEqual(pos(1, 2));
      c.run(0, (n) => n.heartbeat());
      return { c, leader: c.node(0), promise, stale };
    };

    // (a) The pre-crash reply arrives after the restarted node's first reply: it is stale.
    const a = scenario();
    a.c.deliverNext(); // node 2: gap at (t1,i3)
    const fresh = deliverOne(a.c, 2, 0, 'AppendEntriesReply');
    expect(fresh.seqno).toBeGreaterThan(a.stale.message.seqno);
    const catchUp = takeOne(a.c, 0, 2, 'AppendEntriesCall');
    a.c.deliver(a.stale);
    expect(a.leader.followers()?.get(NodeId(2))?.matchIndex).toBe(2);
    expect(a.leader.commitIndex()).toBe(2); // index 3 is on the leader only: not committed
    expect(a.promise.poll(a.leader).isPending()).toBe(true);
    a.c.deliver(catchUp);
    a.c.deliverAll();
    expect(a.leader.commitIndex()).toBe(3);
    expect(a.promise.poll(a.leader).isAccepted()).toBe(true);
    expect(a.c.checker.violations).toEqual([]);

    // (b) The pre-crash reply arrives first (the leader cannot know it is outdated): commit 3.
    // The restarted node's later reply lowers matchIndex to what it holds; the commit stays.
    const b = scenario();
    b.c.deliver(b.stale);
    expect(b.leader.commitIndex()).toBe(3);
    b.c.deliverNext(); // node 2: gap at (t1,i3)
    deliverOne(b.c, 2, 0, 'AppendEntriesReply');
    expect(b.leader.followers()?.get(NodeId(2))?.matchIndex).toBe(2);
    expect(b.leader.commitIndex()).toBe(3);
    b.c.deliverAll();
    expect(b.leader.followers()?.get(NodeId(2))?.matchIndex).toBe(3);
    expect(b.c.node(2).log().lastPosition()).toEqual(pos(1, 3));
    expect(b.leader.commitIndex()).toBe(3);
  });

  it('fix 9: a HeartbeatPromise is Accepted only after a majority answered a call made after heartbeat()', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const command = c.run(0, (n) => n.proposeCommand());
    c.deliverNext();
    c.deliverNext(); // both followers stored it; their replies are in flight
    const heartbeat = c.run(0, (n) => n.heartbeat());
    expect(heartbeat.poll(leader).isPending()).toBe(true);
    deliverOne(c, 1, 0, 'AppendEntriesReply');
    deliverOne(c, 2, 0, 'AppendEntriesReply');
    expect(command.poll(leader).isAccepted()).toBe(true);
    expect(heartbeat.poll(leader).isPending()).toBe(true); // those answered an older call
    deliverOne(c, 0, 1, 'AppendEntriesCall');
    deliverOne(c, 1, 0, 'AppendEntriesReply');
    expect(heartbeat.poll(leader).isAccepted()).toBe(true); // leader + node 1
    c.deliverAll();
    expect(c.checker.violations).toEqual([]);
  });

  it('fix 9: a HeartbeatPromise is Rejected when the leader steps down, for a higher term or after its removal', () => {
    const c = TestCluster.created([0, 1, 2]);
    const heartbeat = c.run(0, (n) => n.heartbeat());
    c.take(() => true);
    expect(heartbeat.poll(c.node(0)).isPending()).toBe(true);
    c.timeout(1);
    deliverOne(c, 1, 0, 'RequestVoteCall');
    expect(heartbeat.poll(c.node(0)).isRejected()).toBe(true);

    const d = TestCluster.created([0, 1, 2]);
    const leader = d.node(0);
    d.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [], [NodeId(0)])));
    for (let i = 0; i < 100 && ClusterConfig.isJointConsensus(leader.config()); i++) d.deliverNext();
    expect(leader.role()).toBe('Leader'); // the final config {1, 2} is appended, not yet committed
    const removal = d.run(0, (n) => n.heartbeat());
    expect(removal.poll(leader).isPending()).toBe(true);
    d.deliverAll();
    expect([leader.role(), leader.currentTerm()]).toEqual(['Follower', 1]); // same term
    expect(removal.poll(leader).isRejected()).toBe(true);
    expect(d.checker.violations).toEqual([]);
  });
});

describe('fix 10: a voter left out of an uncommitted configuration still campaigns (thesis §4.2.2)', () => {
  it('a leader removing itself, deposed before its final configuration spreads, completes the change', () => {
    const c = TestCluster.created([0, 1]);
    const leader = c.node(0);
    // Joint {0,1} → {1}: commits with both; the final {1} is appended on node 0 only.
    c.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [], [NodeId(0)])));
    c.deliverNext(); // node 1 appends the joint configuration
    c.deliverNext(); // node 0 commits it and appends the final {1}
    c.take(() => true); // the final configuration never leaves node 0
    expect(leader.config()).toEqual({ voters: [1], newVoters: [], nonVoters: [] });
    const finalIndex = leader.log().latestConfigIndex();
    expect(leader.commitIndex()).toBe(finalIndex - 1);
    expect(c.node(1).log().lastPosition().index).toBeLessThan(finalIndex);
    // Node 1 campaigns (joint config: it needs node 0's vote) and is refused, deposing node 0.
    c.timeout(1);
    c.deliverAll();
    expect(leader.role()).toBe('Follower');
    expect(c.leader()).toBeUndefined();
    // Node 0 is outside its latest configuration {1}, but still needed: it campaigns and wins on
    // node 1's vote alone (its own does not count), commits {1}, and steps down.
    c.timeout(0);
    c.deliverAll();
    expect(leader.commitIndex()).toBeGreaterThan(finalIndex); // {1} and node 0's no-op committed
    expect(c.node(1).config()).toEqual({ voters: [1], newVoters: [], nonVoters: [] });
    expect(leader.role()).toBe('Follower');
    c.timeout(1); // node 1, now the only voter, leads alone
    expect(c.leader()?.id()).toBe(1);
    expect(c.node(1).commitIndex()).toBeGreaterThan(finalIndex);
    expect(c.checker.violations).toEqual([]);
  });

  it('a node outside every configuration, or with its removal committed, does not campaign', () => {
    const fresh = new TestCluster([5]);
    fresh.timeout(5);
    expect(fresh.node(5).role()).toBe('Follower');
    expect(fresh.lastActions.get(NodeId(5))).toEqual([]);
  });
});

describe('review findings, pinned', () => {
  /** n0 leads, sends many heartbeats, one call to n1 is held; n0 restarts and leads term 2; the held call arrives. */
  function poisonedSeqnoSetup(): { c: TestCluster; heldSeqno: number } {
    const c = TestCluster.created([0, 1, 2]);
    for (let i = 0; i < 50; i++) {
      c.run(0, (n) => n.heartbeat());
      c.deliverAll();
    }
    c.run(0, (n) => n.heartbeat());
    const held = c.take((e) => e.to === NodeId(1) && e.message.kind === 'AppendEntriesCall');
    c.deliverAll();
    c.crash(0);
    c.restart(0);
    c.timeout(0);
    c.deliverAll();
    expect([c.node(0).role(), c.node(0).currentTerm()]).toEqual(['Leader', 2]);
    c.deliver(held[0] as Envelope); // n1, in term 2, refuses the term-1 call
    c.deliverAll();
    return { c, heldSeqno: (held[0] as Envelope).message.seqno };
  }

  it("a delayed call from a leader's previous incarnation does not confirm a later read", () => {
    const { c, heldSeqno } = poisonedSeqnoSetup();
    expect(c.node(0).followers()?.get(NodeId(1))?.maxSeqno).toBeLessThan(heldSeqno);
    c.isolate(0);
    c.timeout(1);
    c.deliverAll();
    expect(c.node(1).role()).toBe('Leader');
    const read = c.run(0, (n) => n.heartbeat());
    c.deliverAll();
    expect(read.poll(c.node(0)).isAccepted()).toBe(false); // nobody answered the isolated n0
  });

  it("a delayed call from a leader's previous incarnation does not stall its commits", () => {
    const { c } = poisonedSeqnoSetup();
    c.crash(2);
    const p = c.run(0, (n) => n.proposeCommand());
    c.deliverAll();
    expect(p.poll(c.node(0)).isAccepted()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });

  it('a leader that commits its own removal stops acting as leader at once', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.run(0, (n) => n.proposeConfig(ClusterConfig.toJointConsensus(n.config(), [], [NodeId(0)])));
    const isFinal = (e: Envelope): boolean =>
      e.message.kind === 'AppendEntriesCall' && e.message.entries.configs.some(([, cfg]) => cfg.newVoters.length === 0 && !cfg.voters.includes(NodeId(0)));
    while (c.network.length > 0 && !isFinal(c.network[0] as Envelope)) c.deliverNext();
    for (const e of c.take((x) => x.message.kind === 'AppendEntriesCall')) c.deliver(e);
    c.run(0, (n) => n.proposeCommand());
    c.take((e) => e.from === NodeId(0)); // the command's broadcast is lost
    for (const r of c.take((e) => e.to === NodeId(0))) c.deliver(r); // the replies commit the final config
    const n0 = c.node(0);
    expect(n0.role()).toBe('Follower');
    expect(n0.leaderId()).toBeUndefined();
    const stepDown = c.lastActions.get(NodeId(0)) ?? [];
    expect(stepDown.map((a) => a.kind)).toEqual(['SetElectionTimeout']); // nothing sent once stepped down
    const request = { kind: 'RequestVoteCall', from: NodeId(1), term: Term(n0.currentTerm() + 1), seqno: MessageSeqNo(1), lastPosition: n0.log().lastPosition() } as const;
    expect(n0.couldBeDisruptiveRequestVote(request)).toBe(false);
  });

  it('a configuration change that commits and finalizes inside propose broadcasts both entries', () => {
    const c = new TestCluster([0, 1]);
    c.run(0, (n) => n.createCluster([NodeId(0)]));
    c.run(0, (n) => n.proposeConfig(ClusterConfig.of({ voters: [NodeId(0)], nonVoters: [NodeId(1)] })));
    c.deliverAll();
    const leader = c.node(0);
    const before = leader.log().lastPosition();
    const promise = leader.proposeConfig(ClusterConfig.toJointConsensus(leader.config(), [], [NodeId(5)])); // lists cancel out
    expect(promise.logPosition()).toEqual({ term: before.term, index: before.index + 1 }); // the joint entry's position
    const broadcast = leader.actions().peek().find((a) => a.kind === 'BroadcastMessage');
    const m = broadcast?.kind === 'BroadcastMessage' ? broadcast.message : undefined;
    expect(m?.kind === 'AppendEntriesCall' ? LogEntries.len(m.entries) : 0).toBe(2); // joint and final
    expect(m?.kind === 'AppendEntriesCall' ? m.commitIndex : 0).toBe(leader.commitIndex());
  });
});
