// CommitPromise, Node.getCommitStatus and HeartbeatPromise (raftbare 0.1.4's promises, with the
// v0.2.0 commit-status model including Unknown).
import { describe, expect, it } from 'vitest';
import {
  ClusterConfig,
  CommitPromise,
  HeartbeatPromise,
  Log,
  LogEntries,
  LogPosition,
  Node,
  type CommitStatus,
  type LogEntry,
} from '../../src/raft/index.js';
import { TestCluster } from './support/cluster.js';
import { COMMAND as CMD, id, pos, t } from './support/values.js';

const THREE = ClusterConfig.of({ voters: [id(0), id(1), id(2)] });

/** A restarted follower whose log is only a snapshot at (term, index): its commit index is `index`. */
function snapshotNode(term: number, index: number, entries: LogEntry[] = []): Node {
  const node = Node.restart(id(9), t(term), undefined, new Log(THREE, LogEntries.fromEntries(pos(term, index), entries)));
  node.actionsMut().drain();
  return node;
}

describe('CommitPromise', () => {
  it('pending(p) is Pending at p', () => {
    const p = CommitPromise.pending(pos(2, 7));
    expect(p.getState()).toBe('Pending');
    expect([p.isPending(), p.isAccepted(), p.isRejected(), p.isUnknown()]).toEqual([true, false, false, false]);
    expect(p.logPosition()).toEqual(pos(2, 7));
  });

  it('rejected() is Rejected at once, at INVALID, and stays so whatever node is polled', () => {
    const p = CommitPromise.rejected();
    expect(p.getState()).toBe('Rejected');
    expect([p.isPending(), p.isAccepted(), p.isRejected(), p.isUnknown()]).toEqual([false, false, true, false]);
    expect(LogPosition.isInvalid(p.logPosition())).toBe(true);
    const c = TestCluster.created([0, 1, 2]);
    for (const n of [0, 1, 2]) expect(p.poll(c.node(n)).getState()).toBe('Rejected');
    expect(p.poll(snapshotNode(5, 10)).getState()).toBe('Rejected');
  });

  // Nodes that disagree about (t5, i3): committed below a term-5 snapshot, rejected below a term-4
  // one (a newer term is beyond the snapshot), unknown below a term-6 one, in progress on a node
  // whose commit index is below 3 and of an older term.
  const at = pos(5, 3);
  const says = (node: Node): CommitStatus => node.getCommitStatus(at);
  const committing = (): Node => snapshotNode(5, 10);
  const rejecting = (): Node => snapshotNode(4, 10);
  const unknowing = (): Node => snapshotNode(6, 10);
  const waiting = (): Node => snapshotNode(1, 1);

  it('the fixture nodes say what the finality tests rely on', () => {
    expect([committing(), rejecting(), unknowing(), waiting()].map(says)).toEqual(['Committed', 'Rejected', 'Unknown', 'InProgress']);
  });

  it('stays Pending while the node says InProgress, then resolves', () => {
    const p = CommitPromise.pending(at);
    expect(p.poll(waiting()).getState()).toBe('Pending');
    expect(p.poll(committing()).getState()).toBe('Accepted');
  });

  it('Accepted is final', () => {
    const p = CommitPromise.pending(at).poll(committing());
    expect(p.isAccepted()).toBe(true);
    for (const node of [rejecting(), unknowing(), waiting()]) expect(p.poll(node).getState()).toBe('Accepted');
  });

  it('Rejected is final', () => {
    const p = CommitPromise.pending(at).poll(rejecting());
    expect(p.isRejected()).toBe(true);
    for (const node of [committing(), unknowing(), waiting()]) expect(p.poll(node).getState()).toBe('Rejected');
  });

  it('Unknown is final', () => {
    const p = CommitPromise.pending(at).poll(unknowing());
    expect(p.isUnknown()).toBe(true);
    expect([p.isPending(), p.isAccepted(), p.isRejected()]).toEqual([false, false, false]);
    for (const node of [committing(), rejecting(), waiting()]) expect(p.poll(node).getState()).toBe('Unknown');
  });

  it('poll returns the promise itself', () => {
    const p = CommitPromise.pending(at);
    expect(p.poll(waiting())).toBe(p);
  });

  it('proposing on a follower, a candidate or a fresh node returns a rejected promise, never throws', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.isolate(2);
    c.timeout(2);
    expect(c.node(2).role()).toBe('Candidate');
    const fresh = Node.start(id(7));
    for (const node of [c.node(1), c.node(2), fresh]) {
      const before = node.log().lastPosition();
      let promises: CommitPromise[] = [];
      expect(() => {
        promises = [node.proposeCommand(), node.proposeConfig(ClusterConfig.of({ voters: node.config().voters, nonVoters: [id(5)] }))];
      }).not.toThrow();
      for (const p of promises) {
        expect(p.isRejected()).toBe(true);
        expect(LogPosition.isInvalid(p.logPosition())).toBe(true);
      }
      expect(node.log().lastPosition()).toEqual(before);
      expect(node.actions().isEmpty()).toBe(true);
    }
  });

  it('createCluster is rejected on a member and with no voters', () => {
    const c = TestCluster.created([0, 1, 2]);
    for (const n of [0, 1]) expect(c.run(n, (node) => node.createCluster([id(0), id(1), id(2)])).isRejected()).toBe(true);
    expect(Node.start(id(0)).createCluster([]).isRejected()).toBe(true);
  });

  it('createCluster on a solo voter is committed at once at (t1, i2)', () => {
    const node = Node.start(id(0));
    const p = node.createCluster([id(0)]);
    expect(p.logPosition()).toEqual(pos(1, 2));
    expect(p.poll(node).isAccepted()).toBe(true);
  });

  it('createCluster on three voters is pending at (t0, i1) and accepted once elected', () => {
    const c = new TestCluster([0, 1, 2]);
    const p = c.run(0, (node) => node.createCluster([id(0), id(1), id(2)]));
    expect(p.logPosition()).toEqual(pos(0, 1));
    expect(p.poll(c.node(0)).isPending()).toBe(true);
    c.deliverAll();
    expect(p.poll(c.node(0)).isAccepted()).toBe(true);
  });

  it('a proposal is accepted on the leader, and on followers once they learn the commit', () => {
    const c = TestCluster.created([0, 1, 2]);
    const p = c.run(0, (node) => node.proposeCommand());
    const onFollower = CommitPromise.pending(p.logPosition());
    c.deliverAll();
    expect(onFollower.poll(c.node(1)).isPending()).toBe(true);
    expect(p.poll(c.node(0)).isAccepted()).toBe(true);
    c.run(0, (node) => node.heartbeat());
    c.deliverAll();
    expect(onFollower.poll(c.node(1)).isAccepted()).toBe(true);
  });
});

describe('Node.getCommitStatus', () => {
  it('InProgress before replication, Committed after', () => {
    const c = TestCluster.created([0, 1, 2]);
    const p = c.run(0, (node) => node.proposeCommand()).logPosition();
    expect(c.node(0).getCommitStatus(p)).toBe('InProgress');
    expect(c.node(1).getCommitStatus(p)).toBe('InProgress');
    c.deliverAll();
    expect(c.node(0).getCommitStatus(p)).toBe('Committed');
    expect(c.node(0).getCommitStatus(pos(1, 2))).toBe('Committed');
    expect(c.node(0).getCommitStatus(pos(0, 1))).toBe('Committed');
  });

  it('an entry of a deposed leader: Rejected where the new term committed, InProgress on the old leader', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.isolate(0);
    const lost = c.run(0, (node) => node.proposeCommand());
    const lostLater = c.run(0, (node) => node.proposeCommand());
    expect(lost.logPosition()).toEqual(pos(1, 3));
    c.timeout(1);
    c.deliverAll();
    const leader = c.node(1);
    expect(leader.role()).toBe('Leader');
    expect(leader.commitIndex()).toBe(3);
    expect(leader.log().getTerm(3)).toBe(2);
    // Another entry sits at index 3, at or below the commit index.
    expect(leader.getCommitStatus(pos(1, 3))).toBe('Rejected');
    // Index 4 is beyond the commit index, but a newer term is committed before it.
    expect(leader.getCommitStatus(pos(1, 4))).toBe('Rejected');
    expect(lost.poll(leader).isRejected()).toBe(true);
    // The isolated old leader cannot tell yet.
    expect(c.node(0).getCommitStatus(lost.logPosition())).toBe('InProgress');
    expect(lostLater.poll(c.node(0)).isPending()).toBe(true);
    c.heal();
    c.run(1, (node) => node.heartbeat());
    c.deliverAll();
    expect(c.node(0).role()).toBe('Follower');
    expect(lostLater.poll(c.node(0)).isRejected()).toBe(true);
    expect(c.checker.violations).toEqual([]);
  });

  it('above the commit index: InProgress unless the term at the commit index is newer', () => {
    const node = snapshotNode(4, 10, [CMD, CMD]);
    expect(node.commitIndex()).toBe(10);
    expect(node.getCommitStatus(pos(3, 11))).toBe('Rejected');
    expect(node.getCommitStatus(pos(4, 11))).toBe('InProgress');
    expect(node.getCommitStatus(pos(5, 11))).toBe('InProgress');
    expect(node.getCommitStatus(pos(4, 20))).toBe('InProgress');
    expect(node.getCommitStatus(pos(3, 20))).toBe('Rejected');
  });

  it('at or below the commit index: Committed only for the entry the log holds', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    expect(leader.commitIndex()).toBe(2);
    expect(leader.getCommitStatus(pos(1, 2))).toBe('Committed');
    expect(leader.getCommitStatus(pos(2, 2))).toBe('Rejected');
    expect(leader.getCommitStatus(pos(0, 2))).toBe('Rejected');
    expect(leader.getCommitStatus(pos(1, 1))).toBe('Rejected');
  });

  it('below the snapshot: Committed for the snapshot term, Rejected for a newer, Unknown for an older', () => {
    const node = snapshotNode(5, 10);
    expect(node.getCommitStatus(pos(5, 3))).toBe('Committed');
    expect(node.getCommitStatus(pos(5, 9))).toBe('Committed');
    expect(node.getCommitStatus(pos(6, 9))).toBe('Rejected');
    expect(node.getCommitStatus(pos(4, 9))).toBe('Unknown');
    expect(node.getCommitStatus(pos(0, 1))).toBe('Unknown');
  });

  it('at the snapshot index: Committed only for the snapshot position itself', () => {
    const node = snapshotNode(5, 10);
    expect(node.getCommitStatus(pos(5, 10))).toBe('Committed');
    expect(node.getCommitStatus(pos(4, 10))).toBe('Rejected');
    expect(node.getCommitStatus(pos(6, 10))).toBe('Rejected');
  });

  it('after a real compaction, a follower still answers for positions below its snapshot', () => {
    const c = TestCluster.created([0, 1, 2]);
    const p = c.run(0, (node) => node.proposeCommand());
    c.run(0, (node) => node.proposeCommand());
    c.deliverAll();
    c.run(0, (node) => node.heartbeat());
    c.deliverAll();
    expect(c.node(1).commitIndex()).toBe(4);
    expect(c.compact(1)).toBe(true);
    const follower = c.node(1);
    expect(follower.log().snapshotPosition()).toEqual(pos(1, 4));
    expect(follower.getCommitStatus(p.logPosition())).toBe('Committed');
    expect(CommitPromise.pending(p.logPosition()).poll(follower).isAccepted()).toBe(true);
    expect(follower.getCommitStatus(pos(0, 1))).toBe('Unknown');
    expect(follower.getCommitStatus(pos(2, 3))).toBe('Rejected');
  });

  it('INVALID is always Rejected', () => {
    const c = TestCluster.created([0, 1, 2]);
    for (const node of [c.node(0), c.node(1), Node.start(id(5)), snapshotNode(5, 10), snapshotNode(0, 0)]) {
      expect(node.getCommitStatus(LogPosition.INVALID)).toBe('Rejected');
    }
  });
});

describe('HeartbeatPromise', () => {
  it('rejected() is Rejected', () => {
    const h = HeartbeatPromise.rejected();
    expect(h.getState()).toBe('Rejected');
    expect([h.isPending(), h.isAccepted(), h.isRejected()]).toEqual([false, false, true]);
  });

  it('a solo leader is accepted at once', () => {
    const node = Node.start(id(0));
    node.createCluster([id(0)]);
    node.actionsMut().drain();
    const h = node.heartbeat();
    expect(h.isPending()).toBe(true);
    expect(h.poll(node).isAccepted()).toBe(true);
    expect(node.actionsMut().drain().map((a) => a.kind)).toEqual(['SetElectionTimeout']);
  });

  it('is rejected on a follower and on a candidate', () => {
    const c = TestCluster.created([0, 1, 2]);
    const onFollower = c.run(1, (node) => node.heartbeat());
    expect(onFollower.isRejected()).toBe(true);
    expect(c.lastActions.get(id(1))).toEqual([]);
    c.isolate(2);
    c.timeout(2);
    expect(c.node(2).role()).toBe('Candidate');
    expect(c.run(2, (node) => node.heartbeat()).isRejected()).toBe(true);
  });

  it('is accepted once a majority (the leader included) answered, not before', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    const h = c.run(0, (node) => node.heartbeat());
    expect(c.network.map((e) => e.to)).toEqual([1, 2]);
    expect(h.poll(leader).isPending()).toBe(true);
    for (const e of c.take((x) => x.to === 1)) c.deliver(e);
    expect(h.poll(leader).isPending()).toBe(true);
    for (const e of c.take((x) => x.from === 1 && x.to === 0)) c.deliver(e);
    expect(h.poll(leader).isAccepted()).toBe(true);
    // Node 2 never answered.
    expect(c.network.map((e) => e.to)).toEqual([2]);
  });

  it('replies to calls made before the heartbeat do not count', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    c.run(0, (node) => node.proposeCommand());
    const earlier = c.take(() => true);
    const h = c.run(0, (node) => node.heartbeat());
    for (const e of earlier) c.deliver(e);
    // Deliver only the answers to the earlier calls.
    const answers = c.take((e) => e.to === 0);
    expect(answers).toHaveLength(2);
    for (const e of answers) c.deliver(e);
    expect(h.poll(leader).isPending()).toBe(true);
    c.deliverAll();
    expect(h.poll(leader).isAccepted()).toBe(true);
  });

  it('is rejected after a term change, even if the replies arrive later', () => {
    const c = TestCluster.created([0, 1, 2]);
    const h = c.run(0, (node) => node.heartbeat());
    const heartbeats = c.take(() => true);
    c.timeout(1);
    for (const e of c.take((x) => x.to === 0 && x.message.kind === 'RequestVoteCall')) c.deliver(e);
    expect(c.node(0).currentTerm()).toBe(2);
    for (const e of heartbeats) c.deliver(e);
    c.deliverAll();
    expect(h.poll(c.node(0)).isRejected()).toBe(true);
  });

  it('pending and accepted promises are not rejected', () => {
    const c = TestCluster.created([0, 1, 2]);
    const h = c.run(0, (node) => node.heartbeat());
    expect([h.isPending(), h.isAccepted(), h.isRejected(), h.getState()]).toEqual([true, false, false, 'Pending']);
    c.deliverAll();
    h.poll(c.node(0));
    expect([h.isPending(), h.isAccepted(), h.isRejected(), h.getState()]).toEqual([false, true, false, 'Accepted']);
  });

  it('made in term T and first polled once the node leads again in a later term: Rejected (§8)', () => {
    const c = TestCluster.created([0, 1, 2]);
    const h = c.run(0, (node) => node.heartbeat());
    c.take(() => true); // the heartbeat calls are lost
    // Node 1 campaigns in term 2 and deposes node 0, which then wins term 3.
    c.timeout(1);
    for (const e of c.take((x) => x.to === 0 && x.message.kind === 'RequestVoteCall')) c.deliver(e);
    c.take(() => true);
    expect([c.node(0).role(), c.node(0).currentTerm()]).toEqual(['Follower', 2]);
    c.timeout(0);
    c.deliverAll();
    c.run(0, (node) => node.heartbeat());
    c.deliverAll();
    const leader = c.node(0);
    expect([leader.role(), leader.currentTerm()]).toEqual(['Leader', 3]);
    // A majority has answered calls newer than the heartbeat's, but in another term: the read it
    // guarded began under a leadership that may have ended in between.
    expect(leader.acknowledgedSeqno()).toBeGreaterThan(0);
    expect(h.poll(leader).isRejected()).toBe(true);
  });

  it('Accepted is final, even after a term change', () => {
    const c = TestCluster.created([0, 1, 2]);
    const h = c.run(0, (node) => node.heartbeat());
    c.deliverAll();
    expect(h.poll(c.node(0)).isAccepted()).toBe(true);
    c.timeout(1);
    c.deliverAll();
    expect(c.node(0).role()).toBe('Follower');
    expect(h.poll(c.node(0)).isAccepted()).toBe(true);
  });

  it('is rejected after a same-term step-down (raftbare 0.1.4 stayed pending forever)', () => {
    const c = TestCluster.created([0, 1, 2]);
    const leader = c.node(0);
    c.run(0, (node) => node.proposeConfig(ClusterConfig.toJointConsensus(node.config(), [], [id(0)])));
    const h = c.run(0, (node) => node.heartbeat());
    c.take((e) => e.message.kind === 'AppendEntriesCall' && LogEntries.isEmpty(e.message.entries));
    c.deliverAll();
    expect(leader.role()).toBe('Follower');
    expect(leader.currentTerm()).toBe(1);
    expect(h.poll(leader).isRejected()).toBe(true);
  });
});
