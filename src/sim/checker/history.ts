/**
 * The checker's global history (docs/invariants.md §1): never reset, across crashes and restarts
 * alike. It only stores and compares; the checks that read it decide what a conflict means.
 *
 * @module
 */
import type { ClusterConfig, LogEntry } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import { sameConfig } from './config.js';
import { describeConfig } from '../describe.js';
import { JournaledMap, journaledWrite, type Journal } from '../history/journal.js';

/**
 * What the checker knows of one entry: its term, kind and payload. Commands carry no payload in
 * raftbare, so the simulator's command id (`commandAt`) stands in for it. `kind` is undefined when
 * only the position is known (a snapshot point whose entry was never seen being written).
 */
export interface EntryFact {
  readonly term: Term;
  readonly kind: LogEntry['kind'] | undefined;
  readonly config: ClusterConfig | undefined;
  readonly command: number | undefined;
}

/** The fact for `entry` at term `term`; `command` is the simulator's id for a command. */
export function factOf(entry: LogEntry, term: Term, command: number | undefined): EntryFact {
  if (entry.kind === 'ClusterConfig') return { term, kind: entry.kind, config: entry.config, command: undefined };
  return { term, kind: entry.kind, config: undefined, command: entry.kind === 'Command' ? command : undefined };
}

/** A fact that knows only the term (see {@link EntryFact}). */
export function termOnly(term: Term): EntryFact {
  return { term, kind: undefined, config: undefined, command: undefined };
}

/**
 * Same entry: same term and, where both sides know them, same kind and payload. An unknown kind or
 * command id is no evidence of a difference, so it never produces a violation on its own.
 */
export function sameEntry(a: EntryFact, b: EntryFact): boolean {
  if (a.term !== b.term) return false;
  if (a.kind === undefined || b.kind === undefined) return true;
  if (a.kind !== b.kind) return false;
  if (a.config !== undefined && b.config !== undefined && !sameConfig(a.config, b.config)) return false;
  return a.command === undefined || b.command === undefined || a.command === b.command;
}

/** `Term(3)`, `command #5`, `config {1,2,3}`, for messages. */
export function describeFact(f: EntryFact): string {
  switch (f.kind) {
    case 'Term':
      return `Term(${f.term})`;
    case 'ClusterConfig':
      return `config ${describeConfig(f.config as ClusterConfig)}`;
    case 'Command':
      return f.command === undefined ? 'a command' : `command #${f.command}`;
    default:
      return 'an entry';
  }
}

/** The more informative of two facts that agree. */
function richer(a: EntryFact, b: EntryFact): EntryFact {
  if (a.kind === undefined) return b;
  if (a.kind === 'Command' && a.command === undefined && b.command !== undefined) return b;
  return a;
}

/** `committed[i]`: the fact and the node that first reported index i committed. */
export interface CommittedRecord {
  readonly fact: EntryFact;
  readonly by: NodeId;
}

/** `prevOf[(i, t)]`: the term of the entry before (i, t), its fact and its first writer. */
export interface WriteRecord {
  readonly prevTerm: Term;
  readonly fact: EntryFact;
  readonly by: NodeId;
}

interface VoteRecord {
  readonly vote: NodeId;
  /** Seen in the durable copy (only matters without strict durability, see `forgetUnsynced`). */
  durable: boolean;
}

/** The highest terms a node held; its fields write through the journal (see `History`). */
class TermRecord {
  private values = { max: 0 as Term, durable: 0 as Term };
  constructor(private readonly journal: Journal | undefined) {}
  get max(): Term {
    return this.values.max;
  }
  set max(term: Term) {
    journaledWrite(this.journal, this.values, 'max', term);
  }
  get durable(): Term {
    return this.values.durable;
  }
  set durable(term: Term) {
    journaledWrite(this.journal, this.values, 'durable', term);
  }
}

/**
 * `leaderOf`, `voteOf`, `maxTerm`, `committed`, `maxCommitted` and `prevOf`. Given a journal, every
 * change goes through it, so the simulator can roll the history back (`Journal.rollback`, then
 * `restoreTop`) when it acts in the past.
 */
export class History {
  private readonly leaders: Map<number, NodeId>;
  private readonly votes: Map<NodeId, Map<number, VoteRecord>>;
  private readonly terms: Map<NodeId, TermRecord>;
  private readonly committedAt: Map<number, CommittedRecord>;
  private top = 0;
  private readonly writes: Map<number, Map<number, WriteRecord>>;

  constructor(private readonly journal?: Journal) {
    this.leaders = new JournaledMap(journal);
    this.votes = new JournaledMap(journal);
    this.terms = new JournaledMap(journal);
    this.committedAt = new JournaledMap(journal);
    this.writes = new JournaledMap(journal);
  }

  /** After a rollback: `maxCommitted` as it was at the mark. */
  restoreTop(top: number): void {
    this.top = top;
  }

  /** I1: records `id` as Leader of `term`; returns the other node that led it, if any. */
  claimLeader(term: Term, id: NodeId): NodeId | undefined {
    const holder = this.leaders.get(term);
    if (holder !== undefined) return holder === id ? undefined : holder;
    this.leaders.set(term, id);
    return undefined;
  }

  /** I3: records `vote` by `id` in `term`; returns the different vote recorded before, if any. */
  recordVote(id: NodeId, term: Term, vote: NodeId, durable: boolean): NodeId | undefined {
    let byTerm = this.votes.get(id);
    if (byTerm === undefined) this.votes.set(id, (byTerm = new JournaledMap(this.journal)));
    const seen = byTerm.get(term);
    if (seen === undefined) {
      byTerm.set(term, { vote, durable });
      return undefined;
    }
    if (seen.vote !== vote) return seen.vote;
    if (durable) journaledWrite(this.journal, seen, 'durable', true);
    return undefined;
  }

  /** I2: the highest term `id` has held (0 if never seen). */
  maxTerm(id: NodeId): Term {
    return this.terms.get(id)?.max ?? (0 as Term);
  }

  /** I2: `id` holds `term`, in memory or (`durable`) in its durable copy. */
  raiseTerm(id: NodeId, term: Term, durable: boolean): void {
    let t = this.terms.get(id);
    if (t === undefined) this.terms.set(id, (t = new TermRecord(this.journal)));
    if (term > t.max) t.max = term;
    if (durable && term > t.durable) t.durable = term;
  }

  /**
   * With storage latency only: a crash loses the writes that were not yet synced, and the simulator
   * sent nothing that depended on them (messages wait for the sync). What `id` held only in memory
   * therefore never happened for the rest of the cluster: drop the votes never seen durable, lower
   * the term maximum to the durable one, and drop the entries `id` wrote first that its storage
   * does not hold (`stored`). A lone voter whose term was lost may lead that term again and write
   * other entries at the same positions. Durable history is kept. Cost: one pass over the writes.
   */
  forgetUnsynced(id: NodeId, stored: (index: number, term: Term) => boolean): void {
    const t = this.terms.get(id);
    if (t !== undefined) t.max = t.durable;
    const byTerm = this.votes.get(id);
    if (byTerm !== undefined) for (const [term, record] of byTerm) if (!record.durable) byTerm.delete(term);
    for (const [index, records] of this.writes) {
      for (const [term, record] of records) if (record.by === id && !stored(index, term as Term)) records.delete(term);
    }
  }

  /** `committed[i]`. */
  committed(index: number): CommittedRecord | undefined {
    return this.committedAt.get(index);
  }

  /** `maxCommitted`: the highest index recorded as committed (0 if none). */
  get maxCommitted(): number {
    return this.top;
  }

  /** I8: records `fact` as committed at `index` by `by`; returns the conflicting record, if any. */
  recordCommitted(index: LogIndex, fact: EntryFact, by: NodeId): CommittedRecord | undefined {
    const seen = this.committedAt.get(index);
    if (seen !== undefined && !sameEntry(seen.fact, fact)) return seen;
    // A record that learns nothing new is left as it is (nothing for the journal to keep).
    if (seen === undefined || richer(seen.fact, fact) !== seen.fact) this.committedAt.set(index, seen === undefined ? { fact, by } : { fact: richer(seen.fact, fact), by: seen.by });
    if (index > this.top) this.top = index;
    return undefined;
  }

  /** `prevOf[(index, term)]`. */
  writeAt(index: number, term: number): WriteRecord | undefined {
    return this.writes.get(index)?.get(term);
  }

  /**
   * I6: records that `by` wrote `fact` at (index, term) after an entry of `prevTerm`; returns the
   * conflicting earlier record, if any (a different previous term, kind or payload).
   */
  recordWrite(index: LogIndex, prevTerm: Term, fact: EntryFact, by: NodeId): WriteRecord | undefined {
    let byTerm = this.writes.get(index);
    if (byTerm === undefined) this.writes.set(index, (byTerm = new JournaledMap(this.journal)));
    const seen = byTerm.get(fact.term);
    if (seen !== undefined && (seen.prevTerm !== prevTerm || !sameEntry(seen.fact, fact))) return seen;
    if (seen !== undefined && richer(seen.fact, fact) === seen.fact) return undefined;
    byTerm.set(fact.term, seen === undefined ? { prevTerm, fact, by } : { prevTerm, fact: richer(seen.fact, fact), by: seen.by });
    return undefined;
  }
}
