// A test-only safety checker over a whole run (Raft Figure 3), fed after every event.
// It keeps its history across crashes and restarts, as ../../../../shared/invariants.md asks.
import { LogEntries, type LogEntry, type Node } from '../../../src/raft/index.js';
import type { LogIndex, NodeId, Term } from '../../../src/raft/types.js';

export interface Violation {
  readonly invariant: string;
  readonly detail: string;
}

interface NodeHistory {
  maxTerm: number;
  votes: Map<number, NodeId>;
  wasLeaderOf: number | undefined;
  commit: number;
}

function entryKey(entry: LogEntry | undefined, term: Term | undefined): string {
  if (entry === undefined) return `?@${String(term)}`;
  if (entry.kind === 'ClusterConfig') return `cfg@${term}:${JSON.stringify(entry.config)}`;
  return `${entry.kind}@${term}`;
}

export class SafetyChecker {
  readonly violations: Violation[] = [];
  private readonly leaderOf = new Map<number, NodeId>();
  private readonly committed = new Map<number, string>();
  private readonly committedTerm = new Map<number, number>();
  private maxCommitted = 0;
  private readonly prevOf = new Map<string, string>();
  private readonly history = new Map<NodeId, NodeHistory>();

  private fail(invariant: string, detail: string): void {
    this.violations.push({ invariant, detail });
  }

  private of(id: NodeId): NodeHistory {
    let h = this.history.get(id);
    if (h === undefined) {
      h = { maxTerm: 0, votes: new Map(), wasLeaderOf: undefined, commit: 0 };
      this.history.set(id, h);
    }
    return h;
  }

  /** A node was rebuilt from storage: its commit baseline and leader mark are per incarnation. */
  restarted(node: Node): void {
    const h = this.of(node.id());
    h.commit = node.commitIndex();
    h.wasLeaderOf = undefined;
  }

  /** Log Matching at write time (I6): an (index, term) always has the same entry and predecessor term. */
  written(node: Node, entries: LogEntries, commitAtEventStart: number): void {
    let prevTerm: number = entries.prevPosition.term;
    for (const { position, entry } of LogEntries.iterWithPositions(entries)) {
      if (position.index <= commitAtEventStart) {
        this.fail('I8 own committed prefix', `n${node.id()} rewrote index ${position.index} at or below its commit ${commitAtEventStart}`);
      }
      const key = `${position.index}/${position.term}`;
      const value = `${prevTerm}|${entryKey(entry, position.term)}`;
      const seen = this.prevOf.get(key);
      if (seen === undefined) this.prevOf.set(key, value);
      else if (seen !== value) this.fail('I6 log matching', `n${node.id()} wrote ${key} as ${value}, seen ${seen}`);
      if (position.term < prevTerm) this.fail('I6 log matching', `n${node.id()} term decreases at ${key}`);
      prevTerm = position.term;
    }
  }

  /** Checks one live node after an event on it. */
  observe(node: Node): void {
    const id = node.id();
    const h = this.of(id);
    const term = node.currentTerm();
    if (term < h.maxTerm) this.fail('I2 term monotonic', `n${id} term ${term} < ${h.maxTerm}`);
    h.maxTerm = Math.max(h.maxTerm, term);
    this.checkVote(node, h);
    this.checkLeader(node, h);
    this.checkCommit(node, h);
  }

  private checkVote(node: Node, h: NodeHistory): void {
    const vote = node.votedFor();
    if (vote === undefined) return;
    const term = node.currentTerm();
    const seen = h.votes.get(term);
    if (seen !== undefined && seen !== vote) this.fail('I3 one vote per term', `n${node.id()} voted ${seen} then ${vote} in term ${term}`);
    h.votes.set(term, vote);
  }

  private checkLeader(node: Node, h: NodeHistory): void {
    if (node.role() !== 'Leader') {
      h.wasLeaderOf = undefined;
      return;
    }
    const term = node.currentTerm();
    const holder = this.leaderOf.get(term);
    if (holder !== undefined && holder !== node.id()) this.fail('I1 election safety', `n${holder} and n${node.id()} both lead term ${term}`);
    this.leaderOf.set(term, node.id());
    if (h.wasLeaderOf !== term) this.checkCompleteness(node);
    h.wasLeaderOf = term;
  }

  /** I9(a): a new leader holds every committed entry (the highest suffices, by Log Matching). */
  private checkCompleteness(node: Node): void {
    const snapshot = node.log().snapshotPosition().index;
    const top = this.maxCommitted;
    if (top <= snapshot) return;
    if (node.log().getTerm(top) !== this.committedTerm.get(top)) {
      this.fail('I9 leader completeness', `n${node.id()} leads term ${node.currentTerm()} without committed index ${top}`);
    }
  }

  /** I7 and I8: commit within the log, monotonic per incarnation, one entry per committed index. */
  private checkCommit(node: Node, h: NodeHistory): void {
    const commit = node.commitIndex();
    const log = node.log();
    if (commit > log.lastPosition().index) this.fail('I7 commit bound', `n${node.id()} commit ${commit} beyond last ${log.lastPosition().index}`);
    if (commit < h.commit) this.fail('I7 commit monotonic', `n${node.id()} commit fell from ${h.commit} to ${commit}`);
    if (node.role() === 'Leader' && commit > h.commit && log.getTerm(commit) !== node.currentTerm()) {
      // I9(b), Raft §5.4.2: a leader only commits (by counting) an entry of its own term.
      this.fail('I9 commit rule', `n${node.id()} (leader, term ${node.currentTerm()}) committed index ${commit} of term ${String(log.getTerm(commit))}`);
    }
    const from = Math.max(h.commit, log.snapshotPosition().index) + 1;
    for (let i = from; i <= commit; i++) this.record(node, i as LogIndex);
    if (commit > 0 && commit > log.snapshotPosition().index) {
      const term = log.getTerm(commit);
      const known = this.committedTerm.get(commit);
      if (known !== undefined && term !== known) this.fail('I8 state machine safety', `n${node.id()} lost committed index ${commit}`);
    }
    h.commit = Math.max(h.commit, commit);
  }

  private record(node: Node, i: LogIndex): void {
    const entries = node.log().entries();
    const key = entryKey(LogEntries.getEntry(entries, i), LogEntries.getTerm(entries, i));
    const known = this.committed.get(i);
    if (known === undefined) {
      this.committed.set(i, key);
      this.committedTerm.set(i, LogEntries.getTerm(entries, i) as number);
      this.maxCommitted = Math.max(this.maxCommitted, i);
    } else if (known !== key) {
      this.fail('I8 state machine safety', `n${node.id()} committed ${key} at ${i}, another node committed ${known}`);
    }
  }
}
