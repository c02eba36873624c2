// A port of raftbare 0.1.4's `tests/fixed_scenario_test.rs` (spec §8.1): messages are handed over
// by hand and every action a call queues is asserted, in the port's fixed drain order. Where this
// port follows the Raft paper instead of raftbare, the assertion says so in a comment ("Port:").
//
// The `Scenario` below plays raftbare's `TestNode` / `ThreeNodeCluster` helpers on top of
// TestCluster: each step calls into one node, which executes its actions (storage, network), and
// then checks the exact list of actions it executed (`lastActions`). Messages stay in the
// TestCluster network until a step takes the one it hands over; raftbare drops the messages it
// never hands over, and so do these tests, explicitly.
import { describe, expect, it } from 'vitest';
import type {
  LogPosition} from '../../src/raft/index.js';
import {
  ClusterConfig,
  LogEntries,
  LogIndex,
  MessageSeqNo,
  NodeId,
  Term,
  type Action,
  type AppendEntriesCall,
  type AppendEntriesReply,
  type CommitPromise,
  type HeartbeatPromise,
  type Message,
  type MessageKind,
  type Node,
  type RequestVoteCall,
  type RequestVoteReply,
} from '../../src/raft/index.js';
import { TestCluster, type Envelope } from './support/cluster.js';
import { applySnapshot, type Storage } from './support/storage.js';
import { appendLog, broadcast, COMMAND, configEntry, joint, pos, SAVE_TERM, SAVE_VOTE, send, termEntry, TIMER, voters, ZERO } from './support/values.js';

// ---- Values ---------------------------------------------------------------------------------

const installSnapshot = (to: number): Action => ({ kind: 'InstallSnapshot', to: NodeId(to) });

function requestVoteCall(from: number, term: number, seqno: MessageSeqNo, lastPosition: LogPosition): RequestVoteCall {
  return { kind: 'RequestVoteCall', from: NodeId(from), term: Term(term), seqno, lastPosition };
}
function requestVoteReply(from: number, term: number, seqno: MessageSeqNo, voteGranted: boolean): RequestVoteReply {
  return { kind: 'RequestVoteReply', from: NodeId(from), term: Term(term), seqno, voteGranted };
}
function appendEntriesCall(from: number, term: number, seqno: MessageSeqNo, commitIndex: number, entries: LogEntries): AppendEntriesCall {
  return { kind: 'AppendEntriesCall', from: NodeId(from), term: Term(term), seqno, commitIndex: LogIndex(commitIndex), entries };
}
function appendEntriesReply(from: number, term: number, seqno: MessageSeqNo, lastPosition: LogPosition): AppendEntriesReply {
  return { kind: 'AppendEntriesReply', from: NodeId(from), term: Term(term), seqno, lastPosition };
}

/** The log in the spec's notation: `index:kind+term` (`cfg0`, `T2`, `cmd2`). */
function describeLog(node: Node): string[] {
  const label = { Term: 'T', ClusterConfig: 'cfg', Command: 'cmd' } as const;
  return [...LogEntries.iterWithPositions(node.log().entries())].map(
    ({ position, entry }) => `${position.index}:${label[entry.kind]}${position.term}`,
  );
}

type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

// ---- raftbare's TestNode / ThreeNodeCluster, as steps over a TestCluster --------------------

class Scenario {
  readonly cluster: TestCluster;
  /** The seqno of each node's latest call: every call increments it; 0 after start and restart. */
  private readonly seqnos = new Map<number, number>();

  constructor(ids: readonly number[]) {
    this.cluster = new TestCluster(ids);
  }

  node(n: number): Node {
    return this.cluster.node(n);
  }

  /** Node `n`'s last event executed exactly `expected`, in drain order, and left nothing pending. */
  expectActions(n: number, expected: readonly Action[]): void {
    expect(this.cluster.lastActions.get(NodeId(n)), `actions of node ${n}`).toEqual(expected);
    expect(this.node(n).actions().isEmpty()).toBe(true);
  }

  /** The seqno node `n`'s next call must carry. */
  nextSeqno(n: number): MessageSeqNo {
    const next = (this.seqnos.get(n) ?? 0) + 1;
    this.seqnos.set(n, next);
    return MessageSeqNo(next);
  }

  /** Removes the single in-flight `kind` message from `from` to `to` and returns it. */
  inFlight<K extends MessageKind>(from: number, to: number, kind: K): MessageOf<K> {
    const taken = this.cluster.take((e) => e.from === from && e.to === to && e.message.kind === kind);
    expect(taken.map((e) => e.message.kind), `${kind} in flight from ${from} to ${to}`).toEqual([kind]);
    return (taken[0] as Envelope).message as MessageOf<K>;
  }

  /** Hands the single in-flight `kind` message from `from` over to `to`. */
  handOver<K extends MessageKind>(from: number, to: number, kind: K): MessageOf<K> {
    const message = this.inFlight(from, to, kind);
    this.cluster.run(to, (node) => node.handleMessage(message));
    return message;
  }

  /** Drops in-flight messages that raftbare's test never hands over; returns their kinds. */
  drop(filter: (e: Envelope) => boolean): string[] {
    return this.cluster.take(filter).map((e) => `${e.message.kind} ${e.from}>${e.to}`);
  }

  /** Crashes node `n` and rebuilds it from its storage (`Node.restart`). */
  restart(n: number): Node {
    this.cluster.crash(n);
    this.seqnos.delete(n);
    return this.cluster.restart(n);
  }

  /** raftbare's `asserted_start`: a fresh node; with voters, `createCluster` and its actions. */
  start(n: number, initialVoters: readonly number[]): CommitPromise | undefined {
    const node = this.cluster.isUp(n) ? this.node(n) : this.cluster.add(n);
    expect(node.role()).toBe('Follower');
    expect(node.currentTerm()).toBe(0);
    expect(node.votedFor()).toBeUndefined();
    expect(node.actions().isEmpty()).toBe(true);
    if (initialVoters.length === 0) return undefined;

    const promise = this.cluster.run(n, (it) => it.createCluster(initialVoters.map(NodeId)));
    expect(promise.isPending()).toBe(true);
    const config = voters(...initialVoters);
    if (initialVoters.length === 1 && initialVoters[0] === n) {
      expect(node.role()).toBe('Leader');
      this.expectActions(n, [TIMER, SAVE_TERM, SAVE_VOTE, appendLog(LogEntries.fromEntries(ZERO, [configEntry(config), termEntry(1)]))]);
    } else {
      expect(node.role()).toBe('Candidate');
      const call = requestVoteCall(n, 1, this.nextSeqno(n), pos(0, 1));
      this.expectActions(n, [TIMER, SAVE_TERM, SAVE_VOTE, appendLog(LogEntries.fromEntries(ZERO, [configEntry(config)])), broadcast(call)]);
      // raftbare's asserted_start consumes this first vote request without handing it over.
      this.drop((e) => e.from === n);
    }
    return promise;
  }

  /** raftbare's `asserted_{follower,candidate}_election_timeout`. */
  electionTimeout(n: number, from: 'Follower' | 'Candidate'): RequestVoteCall {
    const node = this.node(n);
    expect(node.role()).toBe(from);
    const term = node.currentTerm();
    this.cluster.timeout(n);
    expect(node.role()).toBe('Candidate');
    expect(node.currentTerm()).toBe(term + 1);
    expect(node.votedFor()).toBe(n);
    const call = requestVoteCall(n, term + 1, this.nextSeqno(n), node.log().lastPosition());
    this.expectActions(n, [TIMER, SAVE_TERM, SAVE_VOTE, broadcast(call)]);
    return call;
  }

  /** raftbare's `asserted_handle_request_vote_call_success` (always a higher-term request there). */
  grantVote(voter: number, candidate: number): RequestVoteReply {
    const node = this.node(voter);
    const termBefore = node.currentTerm();
    const call = this.handOver(candidate, voter, 'RequestVoteCall');
    expect(call.term).toBeGreaterThan(termBefore);
    expect(node.role()).toBe('Follower');
    expect(node.currentTerm()).toBe(call.term);
    expect(node.votedFor()).toBe(candidate);
    const reply = requestVoteReply(voter, call.term, call.seqno, true);
    this.expectActions(voter, [TIMER, SAVE_TERM, SAVE_VOTE, send(candidate, reply)]);
    return reply;
  }

  /** raftbare's `asserted_handle_request_vote_reply_majority_vote_granted`. */
  winElection(candidate: number, voter: number): AppendEntriesCall {
    const node = this.node(candidate);
    const tail = node.log().lastPosition();
    this.handOver(voter, candidate, 'RequestVoteReply');
    expect(node.role()).toBe('Leader');
    expect(node.leaderId()).toBe(candidate);
    const term = node.currentTerm();
    const entries = LogEntries.fromEntries(tail, [termEntry(term)]);
    const call = appendEntriesCall(candidate, term, this.nextSeqno(candidate), node.commitIndex(), entries);
    this.expectActions(candidate, [TIMER, appendLog(entries), broadcast(call)]);
    return call;
  }

  /**
   * raftbare's `asserted_handle_append_entries_call_{success,success_new_leader}`.
   * Port: accepting a leader never writes votedFor (raftbare queued SaveVotedFor(leader) there);
   * the follower records `leaderId()` instead. A higher term still clears and persists the vote.
   */
  appendSuccess(follower: number, leader: number): AppendEntriesReply {
    const node = this.node(follower);
    const call = this.inFlight(leader, follower, 'AppendEntriesCall');
    const before = { term: node.currentTerm(), vote: node.votedFor(), commit: node.commitIndex() };
    this.cluster.run(follower, (it) => it.handleMessage(call));
    expect(node.log().lastPosition()).toEqual(call.entries.lastPosition);
    expect(node.role()).toBe('Follower');
    expect(node.currentTerm()).toBe(call.term);
    expect(node.leaderId()).toBe(leader);
    const expected: Action[] = [TIMER];
    if (call.term > before.term) {
      expected.push(SAVE_TERM);
      if (before.vote !== undefined) expected.push(SAVE_VOTE);
      expect(node.votedFor()).toBeUndefined();
    } else {
      expect(node.votedFor()).toBe(before.vote);
    }
    if (!LogEntries.isEmpty(call.entries)) expected.push(appendLog(call.entries));
    const reply = appendEntriesReply(follower, call.term, call.seqno, call.entries.lastPosition);
    expected.push(send(leader, reply));
    this.expectActions(follower, expected);
    // Figure 2, AppendEntries rule 5.
    expect(node.commitIndex()).toBe(Math.max(before.commit, Math.min(call.commitIndex, call.entries.lastPosition.index)));
    return reply;
  }

  /** raftbare's `asserted_handle_append_entries_call_failure` (a gap: nothing to truncate). */
  appendFailure(follower: number, leader: number): AppendEntriesReply {
    const node = this.node(follower);
    const call = this.inFlight(leader, follower, 'AppendEntriesCall');
    const before = { term: node.currentTerm(), vote: node.votedFor(), last: node.log().lastPosition() };
    this.cluster.run(follower, (it) => it.handleMessage(call));
    expect(node.log().lastPosition()).not.toEqual(call.entries.lastPosition);
    expect(node.log().lastPosition()).toEqual(before.last);
    expect(node.leaderId()).toBe(leader);
    const expected: Action[] = [TIMER];
    if (call.term > before.term) {
      expected.push(SAVE_TERM);
      if (before.vote !== undefined) expected.push(SAVE_VOTE);
    }
    // Port: no SaveVotedFor for adopting the leader (raftbare wrote votedFor = leader here).
    expect(node.votedFor()).toBe(call.term > before.term ? undefined : before.vote);
    const reply = appendEntriesReply(follower, call.term, call.seqno, before.last);
    expected.push(send(leader, reply));
    this.expectActions(follower, expected);
    return reply;
  }

  /** raftbare's `asserted_handle_append_entries_reply_success`. */
  replySuccess(leader: number, follower: number, commitWillBeUpdated: boolean): void {
    const node = this.node(leader);
    const commitBefore = node.commitIndex();
    const reply = this.handOver(follower, leader, 'AppendEntriesReply');
    expect(node.commitIndex()).toBe(commitWillBeUpdated ? reply.lastPosition.index : commitBefore);
    expect(node.followers()?.get(NodeId(follower))?.matchIndex).toBe(reply.lastPosition.index);
    this.expectActions(leader, []);
  }

  /** raftbare's `asserted_handle_append_entries_reply_failure`: the leader sends what the follower lacks. */
  replyFailure(leader: number, follower: number): AppendEntriesCall {
    const node = this.node(leader);
    const reply = this.handOver(follower, leader, 'AppendEntriesReply');
    const entries = LogEntries.since(node.log().entries(), reply.lastPosition);
    expect(entries).toBeDefined();
    const call = appendEntriesCall(leader, node.currentTerm(), this.nextSeqno(leader), node.commitIndex(), entries as LogEntries);
    this.expectActions(leader, [send(follower, call)]);
    return call;
  }

  /** raftbare's `asserted_handle_append_entries_reply_failure_need_snapshot`. */
  replyNeedSnapshot(leader: number, follower: number): void {
    const node = this.node(leader);
    const reply = this.handOver(follower, leader, 'AppendEntriesReply');
    expect(LogEntries.since(node.log().entries(), reply.lastPosition)).toBeUndefined();
    this.expectActions(leader, [installSnapshot(follower)]);
  }

  /** Executes the pending snapshot transfer from `leader` to `follower`. */
  transferSnapshot(leader: number, follower: number): void {
    expect(this.cluster.snapshotRequests.shift()).toEqual({ from: NodeId(leader), to: NodeId(follower) });
    const source = this.node(leader);
    const position = source.log().snapshotPosition();
    const config = source.log().snapshotConfig();
    expect(this.cluster.run(follower, (it) => it.handleSnapshotInstalled(position, config))).toBe(true);
    applySnapshot(this.cluster.storage.get(NodeId(follower)) as Storage, position, config);
    this.expectActions(follower, []);
  }

  /** raftbare's `asserted_heartbeat`, or the leader's periodic heartbeat (`handleElectionTimeout`). */
  heartbeat(leader: number, via: 'heartbeat' | 'timeout' = 'heartbeat'): HeartbeatPromise | undefined {
    const node = this.node(leader);
    const promise = via === 'heartbeat' ? this.cluster.run(leader, (it) => it.heartbeat()) : undefined;
    if (via === 'timeout') this.cluster.timeout(leader);
    expect(node.role()).toBe('Leader');
    const entries = LogEntries.empty(node.log().lastPosition());
    const call = appendEntriesCall(leader, node.currentTerm(), this.nextSeqno(leader), node.commitIndex(), entries);
    this.expectActions(leader, [TIMER, broadcast(call)]);
    if (promise !== undefined) expect(promise.isPending()).toBe(true);
    return promise;
  }

  /** raftbare's `asserted_change_cluster_config`. */
  changeConfig(leader: number, config: ClusterConfig): CommitPromise {
    const node = this.node(leader);
    const prev = node.log().lastPosition();
    const promise = this.cluster.run(leader, (it) => it.proposeConfig(config));
    expect(promise.isPending()).toBe(true);
    expect(promise.logPosition()).toEqual(pos(node.currentTerm(), prev.index + 1));
    const entries = LogEntries.fromEntries(prev, [configEntry(config)]);
    const call = appendEntriesCall(leader, node.currentTerm(), this.nextSeqno(leader), node.commitIndex(), entries);
    this.expectActions(leader, [TIMER, appendLog(entries), broadcast(call)]);
    return promise;
  }

  /** raftbare's `asserted_handle_append_entries_reply_success_with_joint_config_committed`. */
  replyCommitsJointConfig(leader: number, follower: number): ClusterConfig {
    const node = this.node(leader);
    const config = node.config();
    expect(ClusterConfig.isJointConsensus(config)).toBe(true);
    const prev = node.log().lastPosition();
    const final = ClusterConfig.of({ voters: config.newVoters, nonVoters: config.nonVoters });
    const reply = this.handOver(follower, leader, 'AppendEntriesReply');
    expect(node.commitIndex()).toBe(reply.lastPosition.index);
    const entries = LogEntries.fromEntries(prev, [configEntry(final)]);
    const call = appendEntriesCall(leader, node.currentTerm(), this.nextSeqno(leader), node.commitIndex(), entries);
    this.expectActions(leader, [TIMER, appendLog(entries), broadcast(call)]);
    return final;
  }

  /** raftbare's `ThreeNodeCluster::new` + `init_cluster`: node 0 is elected in term 2. */
  initCluster(): void {
    this.start(0, [0, 1, 2]);
    this.start(1, []);
    this.start(2, []);
    this.electionTimeout(0, 'Candidate');
    this.grantVote(1, 0);
    this.winElection(0, 1);
    this.grantVote(2, 0);
    expect(this.node(0).role()).toBe('Leader');
    for (const n of [1, 2]) {
      this.appendFailure(n, 0);
      this.replyFailure(0, n);
      this.appendSuccess(n, 0);
      if (n === 1) this.replySuccess(0, 1, true);
    }
    expect(this.node(0).config()).toEqual(this.node(1).config());
    expect(this.node(0).config()).toEqual(this.node(2).config());
    // The two messages init_cluster never hands over.
    expect(this.drop(() => true)).toEqual(['RequestVoteReply 2>0', 'AppendEntriesReply 2>0']);
  }

  /** raftbare's `ThreeNodeCluster::propose_command`: one command, replicated everywhere, committed. */
  proposeCommand(): CommitPromise {
    const leaderId = [0, 1, 2].find((n) => this.node(n).role() === 'Leader');
    if (leaderId === undefined) throw new Error('No leader found.');
    const leader = this.node(leaderId);
    const prev = leader.log().lastPosition();
    const promise = this.cluster.run(leaderId, (it) => it.proposeCommand());
    expect(promise.isPending()).toBe(true);
    expect(promise.logPosition()).toEqual(pos(leader.currentTerm(), prev.index + 1));
    const entries = LogEntries.fromEntries(prev, [COMMAND]);
    const call = appendEntriesCall(leaderId, leader.currentTerm(), this.nextSeqno(leaderId), leader.commitIndex(), entries);
    this.expectActions(leaderId, [TIMER, appendLog(entries), broadcast(call)]);

    const followers = [0, 1, 2].filter((n) => n !== leaderId);
    for (const f of followers) this.appendSuccess(f, leaderId);
    followers.forEach((f, i) => {
      this.replySuccess(leaderId, f, i === 0);
      expect(leader.commitIndex()).toBe(promise.logPosition().index);
    });
    expect(promise.poll(leader).isAccepted()).toBe(true);
    return promise;
  }
}

// ---- The seven tests ------------------------------------------------------------------------

describe('raftbare fixed scenarios (tests/fixed_scenario_test.rs)', () => {
  it('single_node_start: createCluster([self]) makes an immediate leader that commits alone', () => {
    const s = new Scenario([0]);
    const promise = s.start(0, [0]) as CommitPromise;
    const node = s.node(0);
    expect(node.currentTerm()).toBe(1);
    expect(node.votedFor()).toBe(0);
    expect(node.leaderId()).toBe(0);
    expect(describeLog(node)).toEqual(['1:cfg0', '2:T1']);
    // No broadcast: the solo voter has no peers.
    expect(s.cluster.network).toEqual([]);
    expect(promise.logPosition()).toEqual(pos(1, 2));
    expect(node.commitIndex()).toBe(2);
    expect(promise.poll(node).isAccepted()).toBe(true);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it('create_two_nodes_cluster: the creator times out, wins, repairs the fresh node from ZERO and commits', () => {
    const s = new Scenario([0, 1]);
    const created = s.start(0, [0, 1]) as CommitPromise;
    s.start(1, []);
    const node0 = s.node(0);
    const node1 = s.node(1);

    // A timeout keeps the candidate a candidate, in the next term.
    s.electionTimeout(0, 'Candidate');
    expect(node0.currentTerm()).toBe(2);
    s.grantVote(1, 0);
    s.winElection(0, 1);
    s.appendFailure(1, 0);
    const repair = s.replyFailure(0, 1);
    expect(repair.entries).toEqual(LogEntries.fromEntries(ZERO, [configEntry(voters(0, 1)), termEntry(2)]));

    expect(ClusterConfig.isJointConsensus(node0.config())).toBe(false);
    expect(node0.config().voters).toEqual([0, 1]);
    expect(ClusterConfig.uniqueNodes(node1.config())).toEqual([]);

    s.appendSuccess(1, 0);
    s.replySuccess(0, 1, true);
    expect(node0.config()).toEqual(node1.config());
    expect(describeLog(node0)).toEqual(['1:cfg0', '2:T2']);
    expect(describeLog(node1)).toEqual(['1:cfg0', '2:T2']);
    expect(node0.commitIndex()).toBe(2);
    expect(created.logPosition()).toEqual(pos(0, 1));
    expect(created.poll(node0).isAccepted()).toBe(true);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it('create_three_nodes_cluster: node 0 is elected in term 2 and every node holds the same config', () => {
    const s = new Scenario([0, 1, 2]);
    s.initCluster();
    const node0 = s.node(0);
    expect(ClusterConfig.isJointConsensus(node0.config())).toBe(false);
    expect(node0.config()).toEqual(voters(0, 1, 2));
    expect(node0.config()).toEqual(s.node(1).config());
    expect(node0.config()).toEqual(s.node(2).config());
    expect(node0.currentTerm()).toBe(2);
    for (const n of [0, 1, 2]) expect(describeLog(s.node(n))).toEqual(['1:cfg0', '2:T2']);
    // Node 1's repair carried commit 0 (sent before the leader committed), node 2's commit 2.
    expect([0, 1, 2].map((n) => s.node(n).commitIndex())).toEqual([2, 0, 2]);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it('election: node 1 wins term 4, the old leader steps down, heartbeats are acknowledged', () => {
    const s = new Scenario([0, 1, 2]);
    s.initCluster();
    const [node0, node1, node2] = [s.node(0), s.node(1), s.node(2)];

    // Trigger a new election: both followers time out, node 1 again (a higher term).
    s.electionTimeout(1, 'Follower');
    s.electionTimeout(2, 'Follower');
    s.electionTimeout(1, 'Candidate');
    expect(node1.currentTerm()).toBe(4);
    expect(s.drop((e) => e.message.term === 3)).toHaveLength(4);

    // Node 2, a candidate of the lower term 3, grants.
    s.grantVote(2, 1);
    s.winElection(1, 2);
    s.appendSuccess(2, 1);
    // The old leader steps down on node 1's AppendEntries of term 4.
    s.appendSuccess(0, 1);
    expect(node0.role()).toBe('Follower');
    expect(node0.currentTerm()).toBe(4);
    // Port: SaveVotedFor persists the *cleared* vote of the new term; raftbare stored votedFor = 1.
    expect(s.cluster.lastActions.get(NodeId(0))?.map((a) => a.kind)).toEqual([
      'SetElectionTimeout',
      'SaveCurrentTerm',
      'SaveVotedFor',
      'AppendLogEntries',
      'SendMessage',
    ]);
    expect(node0.votedFor()).toBeUndefined();
    expect(node0.leaderId()).toBe(1);
    expect(s.cluster.storage.get(NodeId(0))?.votedFor).toBeUndefined();

    s.replySuccess(1, 0, true);
    s.replySuccess(1, 2, false);
    expect(node1.commitIndex()).toBe(3);

    // Manual heartbeat: accepted after one follower (a majority with the leader) answered it.
    const heartbeat = s.heartbeat(1) as HeartbeatPromise;
    expect(s.drop((e) => e.to === 2)).toEqual(['AppendEntriesCall 1>2']);
    s.appendSuccess(0, 1);
    expect(heartbeat.poll(node1).isPending()).toBe(true);
    s.handOver(0, 1, 'AppendEntriesReply');
    expect(heartbeat.poll(node1).isAccepted()).toBe(true);
    s.expectActions(1, []);

    // Periodic heartbeat: the leader's timeout broadcasts an empty AppendEntries and re-arms.
    s.heartbeat(1, 'timeout');
    s.appendSuccess(2, 1);
    s.handOver(2, 1, 'AppendEntriesReply');
    s.expectActions(1, []);
    expect(s.drop(() => true)).toEqual(['RequestVoteCall 1>0', 'AppendEntriesCall 1>0']);
    expect([node0, node1, node2].map((n) => n.commitIndex())).toEqual([3, 3, 3]);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it('restart: a follower rebuilt from its storage keeps replicating and committing', () => {
    const s = new Scenario([0, 1, 2]);
    s.initCluster();
    s.proposeCommand();

    const node1 = s.node(1);
    expect(node1.role()).toBe('Follower');
    const before = { term: node1.currentTerm(), vote: node1.votedFor(), log: describeLog(node1) };
    // raftbare rebuilds node 1 from its in-memory state; here from its storage, which holds the
    // same state because every action was executed.
    const restarted = s.restart(1);
    expect(restarted).not.toBe(node1);
    expect(restarted.role()).toBe('Follower');
    expect({ term: restarted.currentTerm(), vote: restarted.votedFor(), log: describeLog(restarted) }).toEqual(before);
    expect(restarted.commitIndex()).toBe(0);
    s.expectActions(1, [TIMER]);

    s.proposeCommand();
    expect(describeLog(restarted)).toEqual(['1:cfg0', '2:T2', '3:cmd2', '4:cmd2']);
    expect(restarted.commitIndex()).toBe(3);
    expect(s.node(0).commitIndex()).toBe(4);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it("truncate_log: a new leader truncates the old leader's uncommitted entry, whose promise is then rejected", () => {
    const s = new Scenario([0, 1, 2]);
    s.initCluster();
    s.proposeCommand();
    const [node0, node1, node2] = [s.node(0), s.node(1), s.node(2)];

    // Propose a command, but do not broadcast it.
    expect(node0.role()).toBe('Leader');
    const prev = node0.log().lastPosition();
    const promise = s.cluster.run(0, (n) => n.proposeCommand());
    expect(promise.logPosition()).toEqual(node0.log().lastPosition());
    expect(promise.logPosition()).toEqual(pos(2, 4));
    const entries = LogEntries.fromEntries(prev, [COMMAND]);
    s.expectActions(0, [TIMER, appendLog(entries), broadcast(appendEntriesCall(0, 2, s.nextSeqno(0), 3, entries))]);
    // raftbare drains these actions unexecuted; here the entry is stored and the broadcast lost.
    expect(s.drop((e) => e.from === 0)).toEqual(['AppendEntriesCall 0>1', 'AppendEntriesCall 0>2']);

    // Make node 2 the leader.
    s.electionTimeout(2, 'Follower');
    s.electionTimeout(2, 'Candidate');
    expect(s.drop((e) => e.message.term === 3)).toHaveLength(2);

    // raftbare: node 0, as leader, ignores the higher-term RequestVote with no action at all (its
    // votedFor filter inside handleMessage). Port: handleMessage has no filter; the driver applies
    // couldBeDisruptiveRequestVote, which holds for a leader (it always "hears from its leader"),
    // so the request is dropped before reaching node 0.
    const toNode0 = s.inFlight(2, 0, 'RequestVoteCall');
    expect(node0.couldBeDisruptiveRequestVote(toNode0)).toBe(true);
    expect(node0.role()).toBe('Leader');
    expect(node0.actions().isEmpty()).toBe(true);

    // The last log index of node 1 equals node 2's: granted.
    s.electionTimeout(1, 'Follower');
    expect(s.drop((e) => e.from === 1)).toEqual(['RequestVoteCall 1>0', 'RequestVoteCall 1>2']);
    const toNode1 = s.cluster.network.find((e) => e.from === 2 && e.to === 1)?.message as Message;
    expect(node1.couldBeDisruptiveRequestVote(toNode1)).toBe(false); // a candidate: never filtered
    s.grantVote(1, 2);
    s.winElection(2, 1);
    expect(node2.role()).toBe('Leader');
    expect(node2.currentTerm()).toBe(4);

    // The uncommitted entry of node 0 is truncated: overwritten by node 2's Term entry.
    s.appendSuccess(0, 2);
    expect(describeLog(node0)).toEqual(['1:cfg0', '2:T2', '3:cmd2', '4:T4']);
    expect(promise.poll(node0).isPending()).toBe(true);

    s.replySuccess(2, 0, true);
    expect(node2.commitIndex()).toBe(4);

    s.heartbeat(2);
    s.appendSuccess(0, 2);
    expect(node0.commitIndex()).toBe(4);
    expect(promise.poll(node0).isRejected()).toBe(true);

    for (const node of [node0, node1, node2]) expect(node.actions().isEmpty()).toBe(true);
    expect(s.cluster.checker.violations).toEqual([]);
  });

  it('snapshot: after compaction, a joint change adds a fresh node that needs InstallSnapshot, then commits', () => {
    const s = new Scenario([0, 1, 2]);
    s.initCluster();
    s.proposeCommand();
    const node0 = s.node(0);
    expect(node0.role()).toBe('Leader');

    // Take a snapshot on every node, at its last position.
    for (const n of [0, 1, 2]) {
      const node = s.node(n);
      expect(node.log().snapshotPosition().index).toBe(0);
      const config = node.log().latestConfig();
      const position = node.log().lastPosition();
      expect(s.cluster.run(n, (it) => it.handleSnapshotInstalled(position, config))).toBe(true);
      applySnapshot(s.cluster.storage.get(NodeId(n)) as Storage, position, config);
      s.expectActions(n, []);
      expect(node.log().snapshotPosition()).toEqual(pos(2, 3));
      // Port: installing raises commitIndex to the snapshot index (raftbare left nodes 1, 2 at 2).
      expect(node.commitIndex()).toBe(3);
    }

    // Add a new node and remove two nodes.
    s.start(3, []);
    const node3 = s.node(3);
    const config = joint([0, 1, 2], [0, 3]);
    const change = s.changeConfig(0, config);
    for (const n of [1, 2]) {
      s.appendSuccess(n, 0);
      s.replySuccess(0, n, false);
    }
    expect(node0.commitIndex()).toBe(3); // the new voter set {0, 3} has no majority yet

    // Cannot append: node 3 needs the snapshot.
    s.appendFailure(3, 0);
    expect(node3.currentTerm()).toBe(2);
    s.replyNeedSnapshot(0, 3);
    s.transferSnapshot(0, 3);
    expect(node3.log().snapshotPosition()).toEqual(pos(2, 3));
    expect(node3.log().snapshotConfig()).toEqual(voters(0, 1, 2));

    // Append after the snapshot: the heartbeat fails (gap), the leader sends since the snapshot.
    s.heartbeat(0);
    expect(s.drop((e) => e.to !== 3)).toEqual(['AppendEntriesCall 0>1', 'AppendEntriesCall 0>2']);
    s.appendFailure(3, 0);
    const repair = s.replyFailure(0, 3);
    expect(repair.entries).toEqual(LogEntries.fromEntries(pos(2, 3), [configEntry(config)]));
    s.appendSuccess(3, 0);
    const final = s.replyCommitsJointConfig(0, 3);
    expect(final).toEqual(voters(0, 3));
    expect(node0.commitIndex()).toBe(4);
    expect(change.poll(node0).isAccepted()).toBe(true);
    expect(node0.peers()).toEqual([3]);

    // Beyond raftbare's test: node 3 stores the final config and the leader commits it.
    s.appendSuccess(3, 0);
    s.replySuccess(0, 3, true);
    expect(node0.commitIndex()).toBe(5);
    expect(describeLog(node3)).toEqual(['4:cfg2', '5:cfg2']);
    expect(node3.config()).toEqual(voters(0, 3));
    expect(s.cluster.checker.violations).toEqual([]);
  });
});
