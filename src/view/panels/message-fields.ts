/**
 * Every field of a message in flight, as rows: the transport fields, then the RPC's own fields
 * when the simulator's view carries them (term, seqno, granted, success, prev, entries, commit,
 * last position), as the simulator's view carries them.
 *
 * @module
 */
import type { LogPosition } from '../../raft/index.js';
import type { MessageView } from '../../sim/index.js';
import { msLeft, type FieldRow } from './node-fields.js';

const KIND_NAME: Readonly<Record<MessageView['kind'], string>> = {
  RequestVoteCall: 'RequestVote call',
  RequestVoteReply: 'RequestVote reply',
  AppendEntriesCall: 'AppendEntries call',
  AppendEntriesReply: 'AppendEntries reply',
  Snapshot: 'InstallSnapshot',
};

const pos = (p: LogPosition): string => `(t${p.term}, i${p.index})`;

/** One row per entry an AppendEntries call carries (`entry i3`: `t1 set x 3`), then how many more. */
function entryRows(f: MessageView): FieldRow[] {
  const listed = f.entries ?? [];
  const rows: FieldRow[] = listed.map((e) => [`entry i${e.index}`, `t${e.term} ${e.text}`]);
  const more = (f.entryCount ?? 0) - listed.length;
  if (more > 0 && listed.length > 0) rows.push(['…', `and ${more} more`]);
  return rows;
}

function rpcRows(f: MessageView): FieldRow[] {
  const rows: FieldRow[] = [];
  if (f.term !== undefined) rows.push(['term', String(f.term)]);
  if (f.seqno !== undefined) rows.push(['seqno', String(f.seqno)]);
  if (f.granted !== undefined) rows.push(['vote granted', f.granted ? 'yes ✓' : 'no ✗']);
  if (f.success !== undefined) rows.push(['accepted', f.success ? 'yes ✓' : 'no ✗']);
  if (f.prev !== undefined) rows.push(['prev log position', pos(f.prev)]);
  if (f.entryCount !== undefined) rows.push(['entries', f.entryCount === 0 ? '0 (heartbeat)' : String(f.entryCount)]);
  rows.push(...entryRows(f));
  if (f.commit !== undefined) rows.push(['leader commit', String(f.commit)]);
  if (f.lastPosition !== undefined) rows.push(['last log position', pos(f.lastPosition)]);
  return rows;
}

/** Every field of `m`, transport first. */
export function messageRows(m: MessageView, now: number): FieldRow[] {
  const arrival = m.held ? 'held: it waits until released' : `at ${m.deliverAt} ms (in ${msLeft(m.deliverAt, now)} ms)`;
  return [
    ['kind', KIND_NAME[m.kind]],
    ['from → to', `n${m.from} → n${m.to}`],
    ['sent', `${m.sentAt} ms`],
    ['arrives', arrival],
    ...rpcRows(m),
    ['content', m.text],
  ];
}
