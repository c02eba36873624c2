/**
 * The one printer: every message, entry, configuration, decision and simulator note becomes text
 * here, for the trace, the tests and the UI alike. Nodes print as `n2`, positions as `(t3, i7)`.
 *
 * @module
 */
import { ClusterConfig, LogEntries, type Decision, type LogEntry, type LogPosition, type Message } from '../raft/index.js';
import type { NodeId } from '../raft/types.js';
import { formatKv } from './engine/kv.js';
import type { LinkFault } from './engine/network.js';
import { TIMING_FIELDS, type Timing } from './engine/params.js';
import type { Note, Payload, Proposal } from './engine/world.js';

export const fmtNode = (id: NodeId | number): string => `n${id}`;
export const fmtPos = (p: LogPosition): string => `(t${p.term}, i${p.index})`;
const fmtSet = (ids: readonly number[]): string => `{${[...ids].sort((a, b) => a - b).join(',')}}`;

/** `{1,2,3}`, `{1,2,3} → {1,2,4} (joint)`, plus non-voters. */
export function describeConfig(c: ClusterConfig): string {
  const voters = ClusterConfig.isJointConsensus(c) ? `${fmtSet(c.voters)} → ${fmtSet(c.newVoters)} (joint)` : fmtSet(c.voters);
  return c.nonVoters.length > 0 ? `${voters} + non-voters ${fmtSet(c.nonVoters)}` : voters;
}

/**
 * A link's faults, e.g. `loss 0.3, duplication 0.05, delay 5–40 ms`. Fields print in this fixed
 * order whatever the object's key order: explanations are hashed into traces, and a trace file
 * holds its interventions with sorted keys.
 */
export function describeLinkFault(f: LinkFault): string {
  const parts: string[] = [];
  if (f.loss !== undefined) parts.push(`loss ${f.loss}`);
  if (f.duplicate !== undefined) parts.push(`duplication ${f.duplicate}`);
  if (f.delayMinMs !== undefined && f.delayMaxMs !== undefined) parts.push(`delay ${f.delayMinMs}–${f.delayMaxMs} ms`);
  else if (f.delayMinMs !== undefined) parts.push(`delay at least ${f.delayMinMs} ms`);
  else if (f.delayMaxMs !== undefined) parts.push(`delay at most ${f.delayMaxMs} ms`);
  return parts.length === 0 ? 'no faults of its own' : parts.join(', ');
}

/** Changed timing fields, e.g. `heartbeatMs 100, storageLatencyMs 10`, in `TIMING_FIELDS` order (see `describeLinkFault`). */
export function describeTiming(t: Partial<Timing>): string {
  const parts = TIMING_FIELDS.filter((k) => t[k] !== undefined).map((k) => `${k} ${String(t[k])}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/** One log entry: `set x 3`, `no-op (term 4 begins)`, `config {1,2,3}`. */
export function describeEntry(entry: LogEntry, proposal?: Proposal): string {
  if (entry.kind === 'Term') return `no-op (term ${entry.term} begins)`;
  if (entry.kind === 'ClusterConfig') return `config ${describeConfig(entry.config)}`;
  return proposal === undefined ? 'command' : formatKv(proposal.command);
}

/** One message, e.g. `AppendEntries t3 prev (t2, i5) +2 commit 4`. */
export function describeMessage(m: Message): string {
  switch (m.kind) {
    case 'RequestVoteCall':
      return `RequestVote t${m.term} last ${fmtPos(m.lastPosition)}`;
    case 'RequestVoteReply':
      return `Vote t${m.term} ${m.voteGranted ? 'granted' : 'refused'}`;
    case 'AppendEntriesCall': {
      const n = LogEntries.len(m.entries);
      const what = n === 0 ? 'heartbeat' : `+${n}`;
      return `AppendEntries t${m.term} prev ${fmtPos(m.entries.prevPosition)} ${what} commit ${m.commitIndex}`;
    }
    case 'AppendEntriesReply':
      return `AppendEntries reply t${m.term} last ${fmtPos(m.lastPosition)}`;
  }
}

/** A message or snapshot on the wire. */
export function describePayload(p: Payload): string {
  return p.kind === 'message' ? describeMessage(p.message) : `Snapshot at ${fmtPos(p.snapshot.position)} ${describeConfig(p.snapshot.config)}`;
}

function describeVoteRefusal(n: string, d: Extract<Decision, { kind: 'voteRefused' }>): string {
  const c = fmtNode(d.candidate);
  switch (d.reason) {
    case 'staleTerm':
      return `${n} refused its vote to ${c}: ${c}'s term ${d.term} is older than ${n}'s — §5.1`;
    case 'alreadyVoted':
      return `${n} refused its vote to ${c} for term ${d.term}: it already voted for ${fmtNode(d.votedFor ?? 0)} in that term — §5.2`;
    case 'logNotUpToDate':
      return `${n} refused its vote to ${c} for term ${d.term}: ${n}'s last entry ${fmtPos(d.ownLast)} is newer than ${c}'s ${fmtPos(d.candidateLast)} — §5.4.1`;
  }
}

function describeAppendRefusal(n: string, d: Extract<Decision, { kind: 'appendRejected' }>): string {
  const l = fmtNode(d.leader);
  switch (d.reason) {
    case 'staleTerm':
      return `${n} rejected AppendEntries from ${l}: ${l}'s term is older; ${n} answers with its term so ${l} steps down — §5.1`;
    case 'gap':
      return `${n} rejected AppendEntries from ${l}: it has no entry at i${d.prev.index} (its log ends at ${fmtPos(d.ownLast)}) — §5.3`;
    case 'conflict':
      return `${n} rejected AppendEntries from ${l}: its entry at i${d.prev.index} has term ${String(d.localTerm)}, not ${d.prev.term}; it deletes that entry and all after it — §5.3`;
  }
}

const MISMATCH_NEXT = {
  backOff: 'sends an empty AppendEntries one entry back to find where the logs agree',
  wait: 'waits: the follower holds a stale tail the next AppendEntries will cut',
  installSnapshot: 'sends a snapshot: the entries it needs were compacted',
} as const;

const IGNORED_WHY = {
  fromSelf: 'it sent it itself',
  staleTerm: 'it is from an older term',
  notCandidate: 'it is no longer a candidate',
  notLeader: 'it is not the leader',
  unknownFollower: 'the sender is not in its configuration',
  staleSeqno: 'a newer reply from that follower was already handled',
  sameTermLeader: 'it leads this term itself',
} as const;

function commitReason(d: Extract<Decision, { kind: 'commitAdvanced' }>): string {
  if (d.role !== 'Leader') return ' as the leader told it';
  if (d.entryTerm === d.currentTerm) return ': a majority stores the entry, which is of the current term';
  return `: a majority stores the entry, of the earlier term ${d.entryTerm} (counting replicas of an old-term entry breaks §5.4.2)`;
}

/** One decision of node `id`, as a sentence citing the paper. */
export function describeDecision(id: NodeId, d: Decision): string {
  const n = fmtNode(id);
  switch (d.kind) {
    case 'messageIgnored':
      return `${n} ignored ${describeMessage(d.message)} from ${fmtNode(d.message.from)}: ${IGNORED_WHY[d.reason]} — ${d.rule}`;
    case 'termAdvanced':
      return `${n} saw term ${d.newTerm} from ${fmtNode(d.from)} (it was in term ${d.oldTerm} as ${d.oldRole}) and adopts it${d.oldRole === 'Follower' ? '' : ', stepping down to follower'} — §5.1`;
    case 'voteGranted':
      return `${n} granted its vote to ${fmtNode(d.candidate)} for term ${d.term}: it had not voted for another, and ${fmtNode(d.candidate)}'s log ${fmtPos(d.candidateLast)} is at least as up-to-date as its own ${fmtPos(d.ownLast)} — §5.2, §5.4.1`;
    case 'voteRefused':
      return describeVoteRefusal(n, d);
    case 'voteReceived':
      return `${n} got ${d.granted ? 'a vote' : 'a refusal'} from ${fmtNode(d.voter)} for term ${d.term}; votes so far ${fmtSet(d.votes)} — §5.2`;
    case 'electionStarted':
      return `${n} timed out and starts an election for term ${d.term}, voting for itself — §5.2`;
    case 'timeoutIgnored':
      return `${n} timed out but is not a voter of its configuration, so it does not campaign — §6`;
    case 'becameLeader':
      return `${n} won term ${d.term} with votes ${fmtSet(d.votes)} (a majority) and appends a no-op of its term — §5.2, §8`;
    case 'becameFollower':
      return `${n} (candidate) heard from ${fmtNode(d.leader)}, leader of its own term ${d.term}, and becomes a follower — §5.2`;
    case 'appendAccepted':
      return d.written === 0
        ? `${n} already holds everything ${fmtNode(d.leader)} sent after ${fmtPos(d.prev)} — §5.3`
        : `${n} appended ${d.written} entr${d.written === 1 ? 'y' : 'ies'} from ${fmtNode(d.leader)} after ${fmtPos(d.prev)}, up to ${fmtPos(d.last)} — §5.3`;
    case 'appendRejected':
      return describeAppendRefusal(n, d);
    case 'replyAccepted':
      return `${n} records that ${fmtNode(d.follower)} stores up to i${d.matchIndex} — §5.3`;
    case 'replyMismatch':
      return `${n}: ${fmtNode(d.follower)}'s log ends at ${fmtPos(d.followerLast)}, which ${n}'s log does not hold; it ${MISMATCH_NEXT[d.next]} — ${d.rule}`;
    case 'commitAdvanced':
      return `${n} advanced its commit index from ${d.from} to ${d.to}${commitReason(d)} — §5.3`;
    case 'commitHeld':
      return `${n} does not commit i${d.index} although a majority stores it: the entry is from term ${d.entryTerm}, not the current term ${d.currentTerm}; only an entry of its own term commits by counting — §5.4.2`;
    case 'configFinalized':
      return `${n} committed the joint configuration and proposes the final one ${describeConfig(d.config)} — §6`;
    case 'steppedDown':
      return `${n} committed a configuration without itself and steps down — §6`;
    case 'proposalRejected':
      return `${n} rejected the proposal: ${d.reason} — ${d.rule}`;
    case 'snapshotInstalled':
      return `${n} installed a snapshot at ${fmtPos(d.position)}; its log now starts there — §7`;
    case 'snapshotRejected':
      return `${n} refused a snapshot at ${fmtPos(d.position)} (${d.reason}) — §7`;
  }
}

const LOST_WHY = { partition: 'the link is cut', loss: 'the network lost it', down: 'the receiver is down', crashedSender: 'the sender crashed before sending' } as const;

/** One simulator note as a sentence. */
export function describeNote(note: Note): string {
  switch (note.kind) {
    case 'sent':
      return `${fmtNode(note.item.from)} → ${fmtNode(note.item.to)}: ${describePayload(note.item.payload)} (arrives at ${note.item.deliverAt} ms)`;
    case 'lost':
      return `${fmtNode(note.from)} → ${fmtNode(note.to)}: ${describePayload(note.payload)} lost: ${LOST_WHY[note.why]}`;
    case 'duplicated':
      return `the network duplicated it: a second copy arrives at ${note.item.deliverAt} ms`;
    case 'guarded':
      return `${fmtNode(note.node)} ignored ${describeMessage(note.message)} from ${fmtNode(note.message.from)}: it heard from its leader ${note.sinceLeaderMs} ms ago, within the minimum election timeout — §6`;
    case 'timerSet':
      return `${fmtNode(note.node)} (${note.role}) set its ${note.role === 'Leader' ? 'heartbeat' : 'election'} timer to fire at ${note.deadline} ms`;
    case 'applied':
      return `${fmtNode(note.node)} applied i${note.index}: ${formatKv(note.command)}`;
    case 'compacted':
      return `${fmtNode(note.node)} compacted its log into a snapshot at ${fmtPos(note.position)} — §7`;
    case 'synced':
      return `${fmtNode(note.node)}'s storage finished ${note.writes} write(s)`;
    case 'intervention':
      return note.text;
  }
}
