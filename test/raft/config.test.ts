// ClusterConfig values (Raft §6, joint consensus) and Node.proposeConfig's preconditions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterConfig, LogPosition, type CommitPromise, type Node, type ProposalRefusal } from '../../src/raft/index.js';
import type { NodeId } from '../../src/raft/types.js';
import { TestCluster } from './support/cluster.js';

const id = (n: number): NodeId => n as NodeId;
const ids = (...ns: number[]): NodeId[] => ns.map(id);
const cfg = (voters: number[], newVoters: number[] = [], nonVoters: number[] = []): ClusterConfig =>
  ClusterConfig.of({ voters: ids(...voters), newVoters: ids(...newVoters), nonVoters: ids(...nonVoters) });

describe('ClusterConfig.of', () => {
  it('sorts and dedupes every list', () => {
    const c = ClusterConfig.of({ voters: ids(2, 0, 1, 2), newVoters: ids(5, 3, 5, 3), nonVoters: ids(9, 7, 9) });
    expect(c).toEqual({ voters: [0, 1, 2], newVoters: [3, 5], nonVoters: [7, 9] });
  });

  it('sorts numerically, not as strings', () => {
    expect(ClusterConfig.of({ voters: ids(10, 9, 100, 1) }).voters).toEqual([1, 9, 10, 100]);
  });

  it('missing lists are empty; of({}) equals EMPTY', () => {
    expect(ClusterConfig.of({})).toEqual(ClusterConfig.EMPTY);
    expect(ClusterConfig.of({ voters: ids(1) })).toEqual({ voters: [1], newVoters: [], nonVoters: [] });
  });

  it('does not mutate its input arrays', () => {
    const voters = ids(3, 1, 2, 1);
    ClusterConfig.of({ voters });
    expect(voters).toEqual([3, 1, 2, 1]);
  });

  it('is idempotent and independent of input order (property)', () => {
    const list = fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 10 });
    fc.assert(
      fc.property(list, list, list, (v, nv, non) => {
        const c = cfg(v, nv, non);
        expect(ClusterConfig.of(c)).toEqual(c);
        expect(cfg([...v].reverse(), [...nv].reverse(), [...non].reverse())).toEqual(c);
        for (const xs of [c.voters, c.newVoters, c.nonVoters]) {
          expect(xs.every((x, k) => k === 0 || (xs[k - 1] as number) < x)).toBe(true);
        }
        expect([...c.voters]).toEqual([...new Set(v)].sort((a, b) => a - b));
      }),
    );
  });
});

describe('ClusterConfig queries', () => {
  const c = cfg([0, 1, 2], [1, 2, 3], [7]);

  it('isJointConsensus is true exactly when newVoters is non-empty', () => {
    expect(ClusterConfig.isJointConsensus(c)).toBe(true);
    expect(ClusterConfig.isJointConsensus(cfg([0, 1, 2], [], [7]))).toBe(false);
    expect(ClusterConfig.isJointConsensus(ClusterConfig.EMPTY)).toBe(false);
  });

  it('contains covers voters, new voters and non-voters', () => {
    expect([0, 1, 2, 3, 4, 7].map((n) => ClusterConfig.contains(c, id(n)))).toEqual([true, true, true, true, false, true]);
    expect(ClusterConfig.contains(ClusterConfig.EMPTY, id(0))).toBe(false);
  });

  it('isVoter covers voters and new voters, not non-voters', () => {
    expect([0, 1, 2, 3, 4, 7].map((n) => ClusterConfig.isVoter(c, id(n)))).toEqual([true, true, true, true, false, false]);
  });

  it('uniqueNodes is every member ascending, without duplicates', () => {
    expect(ClusterConfig.uniqueNodes(cfg([5, 1], [3, 1], [4, 0]))).toEqual([0, 1, 3, 4, 5]);
    expect(ClusterConfig.uniqueNodes(c)).toEqual([0, 1, 2, 3, 7]);
    expect(ClusterConfig.uniqueNodes(ClusterConfig.EMPTY)).toEqual([]);
  });

  it('uniqueVoters is voters ∪ newVoters ascending, non-voters excluded', () => {
    expect(ClusterConfig.uniqueVoters(cfg([5, 1], [3, 1], [4, 0]))).toEqual([1, 3, 5]);
    expect(ClusterConfig.uniqueVoters(c)).toEqual([0, 1, 2, 3]);
  });

  it('uniqueNodes and uniqueVoters are sorted unions (property)', () => {
    const list = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 });
    fc.assert(
      fc.property(list, list, list, (v, nv, non) => {
        const x = cfg(v, nv, non);
        const sortedSet = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
        expect(ClusterConfig.uniqueNodes(x)).toEqual(sortedSet([...v, ...nv, ...non]));
        expect(ClusterConfig.uniqueVoters(x)).toEqual(sortedSet([...v, ...nv]));
      }),
    );
  });
});

describe('ClusterConfig transitions', () => {
  const base = cfg([0, 1, 2], [], [7]);

  it('toJointConsensus adds and removes voters in newVoters; voters and nonVoters are kept', () => {
    expect(ClusterConfig.toJointConsensus(base, ids(3), ids(0))).toEqual({ voters: [0, 1, 2], newVoters: [1, 2, 3], nonVoters: [7] });
    expect(ClusterConfig.toJointConsensus(base, ids(4, 3, 4), [])).toEqual({ voters: [0, 1, 2], newVoters: [0, 1, 2, 3, 4], nonVoters: [7] });
    expect(ClusterConfig.toJointConsensus(base, [], ids(1, 2))).toEqual({ voters: [0, 1, 2], newVoters: [0], nonVoters: [7] });
  });

  it('toJointConsensus ignores adding an existing voter and removing an absent one', () => {
    expect(ClusterConfig.toJointConsensus(base, ids(1), ids(9))).toEqual({ voters: [0, 1, 2], newVoters: [0, 1, 2], nonVoters: [7] });
  });

  it('toJointConsensus with cancelling lists is still joint (newVoters == voters)', () => {
    const j = ClusterConfig.toJointConsensus(base, ids(3), ids(3));
    expect(j.newVoters).toEqual([0, 1, 2]);
    expect(ClusterConfig.isJointConsensus(j)).toBe(true);
  });

  it('toJointConsensus does not touch nonVoters, even when promoting one (proposeConfig then rejects it)', () => {
    const j = ClusterConfig.toJointConsensus(base, ids(7), []);
    expect(j.newVoters).toEqual([0, 1, 2, 7]);
    expect(j.nonVoters).toEqual([7]);
    expect(ClusterConfig.hasOverlappingNonVoters(j)).toBe(true);
  });

  it('toJointConsensus does not mutate its input', () => {
    const before = JSON.stringify(base);
    ClusterConfig.toJointConsensus(base, ids(3, 4), ids(0));
    expect(JSON.stringify(base)).toBe(before);
  });

  it('toFinal makes newVoters the voters and keeps nonVoters', () => {
    expect(ClusterConfig.toFinal(cfg([0, 1, 2], [1, 2, 3], [7]))).toEqual({ voters: [1, 2, 3], newVoters: [], nonVoters: [7] });
    const round = ClusterConfig.toFinal(ClusterConfig.toJointConsensus(base, ids(3), ids(0)));
    expect(ClusterConfig.isJointConsensus(round)).toBe(false);
    expect(round).toEqual(cfg([1, 2, 3], [], [7]));
  });

  it('equals compares all three lists', () => {
    expect(ClusterConfig.equals(cfg([0, 1], [2], [3]), cfg([1, 0], [2], [3]))).toBe(true);
    expect(ClusterConfig.equals(cfg([0, 1], [2], [3]), cfg([0, 1], [], [3]))).toBe(false);
    expect(ClusterConfig.equals(cfg([0, 1], [2], [3]), cfg([0, 1], [2], []))).toBe(false);
    expect(ClusterConfig.equals(cfg([0, 1]), cfg([0, 2]))).toBe(false);
    expect(ClusterConfig.equals(cfg([0, 1]), cfg([0, 1, 2]))).toBe(false);
    expect(ClusterConfig.equals(ClusterConfig.EMPTY, cfg([]))).toBe(true);
  });

  it('sameVoters compares voters only', () => {
    expect(ClusterConfig.sameVoters(cfg([0, 1], [5], [6]), cfg([0, 1], [], [9]))).toBe(true);
    expect(ClusterConfig.sameVoters(cfg([0, 1]), cfg([0, 1, 2]))).toBe(false);
    expect(ClusterConfig.sameVoters(cfg([0, 1]), cfg([1, 2]))).toBe(false);
  });

  it('hasOverlappingNonVoters catches a non-voter listed as voter or new voter', () => {
    expect(ClusterConfig.hasOverlappingNonVoters(cfg([0, 1, 2], [], [3]))).toBe(false);
    expect(ClusterConfig.hasOverlappingNonVoters(cfg([0, 1, 2], [], [2]))).toBe(true);
    expect(ClusterConfig.hasOverlappingNonVoters(cfg([0, 1, 2], [1, 2, 3], [3]))).toBe(true);
    expect(ClusterConfig.hasOverlappingNonVoters(cfg([0, 1, 2], [1, 2, 3], [4]))).toBe(false);
    expect(ClusterConfig.hasOverlappingNonVoters(ClusterConfig.EMPTY)).toBe(false);
  });
});

// ---- Node.proposeConfig -----------------------------------------------------------------------

/** Runs `propose` on node `n` as one event, returning the promise and the refusal reasons seen. */
function propose(c: TestCluster, n: number, config: ClusterConfig): { promise: CommitPromise; reasons: ProposalRefusal[] } {
  const node = c.node(n);
  const reasons: ProposalRefusal[] = [];
  node.onDecision = (d) => {
    if (d.kind === 'proposalRejected') reasons.push(d.reason);
  };
  const promise = c.run(n, (x) => x.proposeConfig(config));
  node.onDecision = undefined;
  return { promise, reasons };
}

/** Asserts a rejection that changed nothing on the node. */
function expectRejected(c: TestCluster, n: number, config: ClusterConfig, reason: ProposalRefusal): void {
  const node: Node = c.node(n);
  const before = { last: node.log().lastPosition(), config: node.config(), commit: node.commitIndex() };
  const { promise, reasons } = propose(c, n, config);
  expect(reasons).toEqual([reason]);
  expect(promise.isRejected()).toBe(true);
  expect(LogPosition.isInvalid(promise.logPosition())).toBe(true);
  expect({ last: node.log().lastPosition(), config: node.config(), commit: node.commitIndex() }).toEqual(before);
  expect(c.lastActions.get(id(n))).toEqual([]);
}

describe('Node.proposeConfig', () => {
  it('rejects on a follower (notLeader), without throwing', () => {
    const c = TestCluster.created([0, 1, 2]);
    expectRejected(c, 1, cfg([0, 1, 2], [], [3]), 'notLeader');
  });

  it('rejects while a joint configuration is in progress (jointInProgress)', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.add(3);
    const joint = ClusterConfig.toJointConsensus(c.node(0).config(), ids(3), []);
    expect(propose(c, 0, joint).promise.isPending()).toBe(true);
    expectRejected(c, 0, cfg([0, 1, 2], [], [4]), 'jointInProgress');
    expectRejected(c, 0, ClusterConfig.toFinal(joint), 'jointInProgress');
  });

  it('rejects while the previous configuration is not committed (configNotCommitted)', () => {
    const c = TestCluster.created([0, 1, 2]);
    expect(propose(c, 0, cfg([0, 1, 2], [], [3])).promise.isPending()).toBe(true);
    expectRejected(c, 0, cfg([0, 1, 2], [], [4]), 'configNotCommitted');
    c.deliverAll();
    const after = propose(c, 0, cfg([0, 1, 2], [], [4]));
    expect(after.reasons).toEqual([]);
    expect(after.promise.isPending()).toBe(true);
  });

  it('rejects a voter change made without a joint configuration (votersChanged)', () => {
    const c = TestCluster.created([0, 1, 2]);
    expectRejected(c, 0, cfg([0, 1, 2, 3]), 'votersChanged');
    expectRejected(c, 0, cfg([0, 1]), 'votersChanged');
    expectRejected(c, 0, cfg([1, 2, 3], [1, 2, 3]), 'votersChanged');
  });

  it('rejects a non-voter that overlaps a voter or a new voter (nonVoterOverlap)', () => {
    const c = TestCluster.created([0, 1, 2]);
    expectRejected(c, 0, cfg([0, 1, 2], [], [2]), 'nonVoterOverlap');
    expectRejected(c, 0, cfg([0, 1, 2], [0, 1, 2, 3], [3]), 'nonVoterOverlap');
    expectRejected(c, 0, ClusterConfig.toJointConsensus(cfg([0, 1, 2], [], [3]), ids(3), []), 'nonVoterOverlap');
  });

  it('accepts a direct non-voter change and commits it', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.add(3);
    const next = cfg([0, 1, 2], [], [3]);
    const { promise, reasons } = propose(c, 0, next);
    expect(reasons).toEqual([]);
    c.deliverAll();
    expect(promise.poll(c.node(0)).isAccepted()).toBe(true);
    expect(c.node(3).config()).toEqual(next);
    expect(c.node(3).log().lastPosition()).toEqual(c.node(0).log().lastPosition());
    expect(c.checker.violations).toEqual([]);
  });

  it('accepts a joint change, which the leader finalizes itself once committed', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.add(3);
    const joint = ClusterConfig.toJointConsensus(c.node(0).config(), ids(3), ids(0));
    const { promise, reasons } = propose(c, 0, joint);
    expect(reasons).toEqual([]);
    expect(c.node(0).config()).toEqual(joint);
    c.deliverAll();
    expect(promise.poll(c.node(0)).isAccepted()).toBe(true);
    const final = cfg([1, 2, 3]);
    for (const n of [1, 2, 3]) expect(c.node(n).config()).toEqual(final);
    // The leader left the voters: it stepped down once the final configuration committed.
    expect(c.node(0).role()).toBe('Follower');
    expect(c.node(0).commitIndex()).toBe(c.node(0).log().lastPosition().index);
    expect(c.checker.violations).toEqual([]);
  });

  it('accepts exactly the leader proposals that keep the voters and have no overlap (property)', () => {
    const list = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 });
    fc.assert(
      fc.property(list, list, list, fc.constantFrom(0, 1, 2), (v, nv, non, n) => {
        const c = TestCluster.created([0, 1, 2]);
        const before = c.node(n).log().lastPosition();
        const config = cfg(v, nv, non);
        const { promise, reasons } = propose(c, n, config);
        const valid = n === 0 && ClusterConfig.sameVoters(config, cfg([0, 1, 2])) && !ClusterConfig.hasOverlappingNonVoters(config);
        expect(promise.isPending()).toBe(valid);
        expect(reasons).toHaveLength(valid ? 0 : 1);
        if (valid) {
          expect(promise.logPosition()).toEqual({ term: before.term, index: before.index + 1 });
          expect(c.node(0).config()).toEqual(config);
        } else {
          expect(c.node(n).log().lastPosition()).toEqual(before);
        }
        c.deliverAll();
        expect(c.checker.violations).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
