/**
 * The live safety checker: watches a simulation event by event and records violations of the
 * invariants I1–I13 of docs/invariants.md. It only observes (accessors, durable copies, the
 * actions the simulator executes) and never throws at a violation: the run goes on and the UI
 * shows what was recorded.
 *
 * The simulator frames every event:
 * `beginEvent` → the call into the touched node → for each executed action `onAppend` /
 * `onVoteSaved` → `onSnapshotInstalled` after a successful install → `endEvent`. `onRestart` and
 * `onCrash` come inside the restart and crash events.
 *
 * Where each check lives:
 * - `terms.ts`: I2, I3;
 * - `roles.ts`: I1, I4, I5, I9(a), I13's no-op rule;
 * - `writes.ts`: I6, I8's write clause, the storage protocol;
 * - `config.ts`: I11;
 * - `commit.ts`: I7, I8, I9(b), I10;
 * - `snapshot.ts`: I12, I13's status rule;
 * - `history.ts` keeps the global history, `format.ts` names things and
 *   deduplicates, `context.ts` holds what the checks share.
 *
 * @module
 */
import type { ClusterConfig, LogEntries, LogPosition, Node } from '../../raft/index.js';
import type { LogIndex, NodeId } from '../../raft/types.js';
import { AppliedStates } from './applied.js';
import { checkCommitBounds, checkCommitRule, checkDurableQuorum, isLeaderAdvance, recordCommits } from './commit.js';
import { checkConfigChange } from './config.js';
import { captureBefore, changedSince, commitOf, type BeforeEvent, type CheckContext, type Incarnation } from './context.js';
import { ascending, Reporter } from './format.js';
import { History } from './history.js';
import type { CheckerHost, Violation } from './host.js';
import { checkRoles } from './roles.js';
import { checkSnapshotInstall, reportSnapshotBeyondCommit, StatusWatch } from './snapshot.js';
import { checkDurableTermAndVote, checkMemoryTermAndVote } from './terms.js';
import { checkWrite } from './writes.js';
import { durablyHolds } from '../engine/storage.js';
import { Journal } from '../history/journal.js';

/** Options of {@link InvariantChecker}. */
export interface InvariantCheckerOptions {
  /**
   * True (the default) when every durable write lands before the event ends (no storage latency).
   * Then I2's optional rule "D(n) equals the accessors" and the storage-protocol check run, and the
   * history treats everything a node held in memory as having happened. With storage latency pass
   * false: those two checks are skipped, a crash withdraws what was never synced (the simulator
   * sends nothing before the sync). The commit judged is the host's (`CheckerHost.commitIndex`):
   * the simulator caps it at the node's stable log, so I10 counts every voter durably.
   */
  readonly strictDurability?: boolean;
  /** Journal every change of the whole-run history, so that `mark` / `rollback` work (default false). */
  readonly restorable?: boolean;
}

/** The checker between two events, as `rollback` needs it (see `InvariantChecker.mark`). */
export interface CheckerMark {
  readonly journal: number;
  readonly violations: number;
  readonly maxCommitted: number;
  readonly tracks: ReadonlyMap<NodeId, Track>;
}

interface Track extends Incarnation {
  readonly statuses: StatusWatch;
}

function freshTrack(): Track {
  return { commit: undefined, leaderMark: undefined, statuses: new StatusWatch() };
}

function cloneTracks(tracks: ReadonlyMap<NodeId, Track>): Map<NodeId, Track> {
  return new Map([...tracks].map(([id, t]) => [id, { ...t, statuses: t.statuses.clone() }]));
}

/** A snapshot installed in this event beyond `maxCommitted`, settled at the end of the event. */
interface PendingSnapshot {
  readonly id: NodeId;
  readonly position: LogPosition;
  readonly maxCommitted: number;
}

/**
 * Checks I1–I13 after every event. `violations` only grows; each distinct problem appears once.
 * Deterministic: no clock, no randomness, nodes visited in ascending id order.
 *
 * Which nodes an event checks: the touched node and every node a hook named (`onAppend`, ...).
 * An event framed with no touched node is not trusted to leave every node alone: all running nodes
 * are captured at its start and those whose observable state changed are checked too (a few
 * accessor calls per node; clusters have at most nine).
 */
export class InvariantChecker {
  private readonly journal: Journal | undefined;
  private readonly reporter: Reporter;
  /** What was found so far, oldest first (append-only, but for `rollback`). */
  readonly violations: Violation[];
  private readonly history: History;
  private readonly ctx: CheckContext;
  /** Per-incarnation state, by node. */
  private tracks = new Map<NodeId, Track>();
  private touched: NodeId | undefined = undefined;
  /** The touched node (every running node if none) as the event began; a restarted node right after its restart. */
  private readonly befores = new PerEvent<BeforeEvent>();
  /** Nodes a hook named during the event. */
  private readonly hooked = new PerEvent<true>();
  private pending: PendingSnapshot[] = [];
  private readonly applied: AppliedStates;

  constructor(host: CheckerHost, options: InvariantCheckerOptions = {}) {
    this.journal = options.restorable === true ? new Journal() : undefined;
    this.reporter = new Reporter(this.journal);
    this.violations = this.reporter.violations;
    this.history = new History(this.journal);
    this.applied = new AppliedStates(this.journal);
    const reporter = this.reporter;
    this.ctx = { host, history: this.history, report: (f) => reporter.report(f), strictDurability: options.strictDurability ?? true };
  }

  /** Between events, with `restorable`: what `rollback` needs to come back to this point. */
  mark(): CheckerMark {
    if (this.journal === undefined) throw new Error('mark() needs a checker created with restorable: true');
    return { journal: this.journal.length, violations: this.violations.length, maxCommitted: this.history.maxCommitted, tracks: cloneTracks(this.tracks) };
  }

  /** Returns to the state of `mark` (taken earlier on this checker; later marks become invalid). */
  rollback(mark: CheckerMark): void {
    if (this.journal === undefined) throw new Error('rollback() needs a checker created with restorable: true');
    this.journal.rollback(mark.journal);
    this.reporter.truncate(mark.violations);
    this.history.restoreTop(mark.maxCommitted);
    this.applied.forgetLastSeen();
    this.tracks = cloneTracks(mark.tracks);
  }

  /** Before the call into `touched` (undefined for events that touch no node). */
  beginEvent(eventIndex: number, touched: NodeId | undefined): void {
    this.reporter.eventIndex = eventIndex;
    this.touched = touched;
    if (this.pending.length > 0) this.pending = [];
    this.hooked.clear();
    this.befores.clear();
    if (touched !== undefined) this.captureBefore(touched);
    else for (const id of ascending(this.ctx.host.ids())) this.captureBefore(id);
  }

  private captureBefore(id: NodeId): void {
    const node = this.ctx.host.node(id);
    if (node !== undefined) this.befores.set(id, captureBefore(node, commitOf(this.ctx, id, node)));
  }

  /** For each AppendLogEntries action on `id`, before storage applies it (I6, I8, I11). */
  onAppend(id: NodeId, entries: LogEntries): void {
    this.hooked.set(id, true);
    checkWrite(this.ctx, id, entries, this.befores.get(id)?.commit);
  }

  /** After a SaveVotedFor reached `id`'s durable copy (I3 on the durable copy). */
  onVoteSaved(id: NodeId): void {
    this.hooked.set(id, true);
    checkDurableTermAndVote(this.ctx, id, false);
  }

  /**
   * After `handleSnapshotInstalled(position, config)` returned true on `id`. `expected` is the
   * producer's config at `position` (I12).
   *
   * "position ≤ maxCommitted" is settled at the end of the event: the simulator compacts right
   * after a call that raised the commit index, before the end of the event records that commit. A
   * snapshot beyond `maxCommitted` is then accepted only if this event was a leader advance of `id`
   * reaching it (which I9(b) and I10 vouch for). A follower compacts at most at a `leaderCommit`
   * already recorded, and a transfer ships a snapshot that its producer recorded.
   */
  onSnapshotInstalled(id: NodeId, position: LogPosition, config: ClusterConfig, expected: ClusterConfig): void {
    this.hooked.set(id, true);
    checkSnapshotInstall(this.ctx, id, position, config, expected);
    const maxCommitted = this.history.maxCommitted;
    if (position.index > maxCommitted) this.pending.push({ id, position, maxCommitted });
  }

  /** After `Node.restart` for `id`: a new incarnation (I5, I7, I13 start over). */
  onRestart(id: NodeId): void {
    this.hooked.set(id, true);
    this.newIncarnation(id);
    const node = this.ctx.host.node(id);
    if (node === undefined) return;
    const commit = commitOf(this.ctx, id, node);
    this.track(id).commit = commit;
    this.befores.set(id, captureBefore(node, commit));
  }

  /** After `id` crashed: its incarnation ends. */
  onCrash(id: NodeId): void {
    this.hooked.set(id, true);
    this.newIncarnation(id);
  }

  /** After every action of the event executed: the checks on the nodes the event involved. */
  endEvent(): void {
    for (const id of ascending(this.ctx.host.ids())) if (this.involved(id)) this.checkNode(id);
    this.touched = undefined;
    this.befores.clear();
    this.hooked.clear();
    if (this.pending.length > 0) this.pending = [];
  }

  private involved(id: NodeId): boolean {
    if (id === this.touched || this.hooked.get(id) === true) return true;
    if (this.touched !== undefined) return false;
    const node = this.ctx.host.node(id);
    const before = this.befores.get(id);
    if (node === undefined || before === undefined) return node !== undefined || before !== undefined;
    return changedSince(node, before, commitOf(this.ctx, id, node));
  }

  private track(id: NodeId): Track {
    let t = this.tracks.get(id);
    if (t === undefined) this.tracks.set(id, (t = freshTrack()));
    return t;
  }

  /**
   * Per-incarnation state starts over. Without strict durability the history also withdraws what
   * the node held only in memory (see `History.forgetUnsynced`), after noting its durable copy.
   */
  private newIncarnation(id: NodeId): void {
    this.tracks.set(id, freshTrack());
    if (this.ctx.strictDurability) return;
    checkDurableTermAndVote(this.ctx, id, false);
    const durable = this.ctx.host.durable(id);
    this.history.forgetUnsynced(id, (index, term) => durablyHolds(durable, { term, index: index as LogIndex }));
  }

  private checkNode(id: NodeId): void {
    const node = this.ctx.host.node(id);
    if (node === undefined) {
      checkDurableTermAndVote(this.ctx, id, true);
      return;
    }
    checkMemoryTermAndVote(this.ctx, id, node);
    checkDurableTermAndVote(this.ctx, id, false);
    this.checkRunning(id, node);
  }

  private checkRunning(id: NodeId, node: Node): void {
    const ctx = this.ctx;
    const track = this.track(id);
    const before = this.befores.get(id);
    const commit = commitOf(ctx, id, node);
    const c0 = before?.commit ?? track.commit ?? commit;
    checkRoles(ctx, id, node, before, track);
    checkCommitBounds(ctx, id, node, commit, track.commit ?? before?.commit);
    const vouched = this.checkCommitRise(id, node, before, c0, commit);
    recordCommits(ctx, id, node, c0, commit, vouched);
    checkConfigChange(ctx, id, node, before);
    // A status can only change with the commit index, the log or the snapshot.
    if (before === undefined || changedSince(node, before, commit)) track.statuses.check(ctx, id, node, watchCandidates(node, before));
    track.commit = commit;
    this.applied.check(ctx, id);
  }

  /**
   * I9(b) and I10 on a leader advance; then settles `id`'s snapshots of this event that lie beyond
   * `maxCommitted` (I12). Returns false if one of them is not vouched for.
   */
  private checkCommitRise(id: NodeId, node: Node, before: BeforeEvent | undefined, c0: number, commit: LogIndex): boolean {
    const advance = commit > c0 && isLeaderAdvance(node, before);
    if (advance) {
      checkCommitRule(this.ctx, id, node, commit);
      checkDurableQuorum(this.ctx, id, node, before, commit);
    }
    let vouched = true;
    for (const p of this.pending) {
      if (p.id !== id || (advance && commit >= p.position.index)) continue;
      reportSnapshotBeyondCommit(this.ctx, p.id, p.position, p.maxCommitted);
      vouched = false;
    }
    return vouched;
  }
}

/**
 * Values by node id for the span of one event, cleared at its end: arrays indexed by id (ids are
 * small integers) and the list of ids set, so clearing allocates nothing, unlike a Map's `clear`.
 */
class PerEvent<T> {
  private readonly values: (T | undefined)[] = [];
  private readonly ids: NodeId[] = [];

  get(id: NodeId): T | undefined {
    return this.values[id];
  }

  set(id: NodeId, value: T): void {
    if (this.values[id] === undefined) this.ids.push(id);
    this.values[id] = value;
  }

  clear(): void {
    for (const id of this.ids) this.values[id] = undefined;
    this.ids.length = 0;
  }
}

/** I13's window: the tip at the start of the event and the commit point after it. */
function watchCandidates(node: Node, before: BeforeEvent | undefined): LogPosition[] {
  const out: LogPosition[] = [];
  if (before !== undefined) out.push(before.last);
  const commit = node.commitIndex();
  const term = node.log().getTerm(commit);
  if (term !== undefined) out.push({ term, index: commit });
  return out;
}
