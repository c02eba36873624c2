// Small builders for core values, shared by the core's test files.
import { ClusterConfig, LogEntries, LogPosition, type Action, type LogEntry, type Message } from '../../../src/raft/index.js';
import type { LogIndex, MessageSeqNo, NodeId, Term } from '../../../src/raft/types.js';

export const t = (n: number): Term => n as Term;
export const ix = (n: number): LogIndex => n as LogIndex;
export const id = (n: number): NodeId => n as NodeId;
export const seq = (n: number): MessageSeqNo => n as MessageSeqNo;
export const pos = (term: number, index: number): LogPosition => LogPosition.of(t(term), ix(index));
export const ZERO = pos(0, 0);

export const voters = (...ids: number[]): ClusterConfig => ClusterConfig.of({ voters: ids.map(id) });
export const joint = (old: number[], next: number[]): ClusterConfig => ClusterConfig.of({ voters: old.map(id), newVoters: next.map(id) });

export const termEntry = (term: number): LogEntry => ({ kind: 'Term', term: t(term) });
export const configEntry = (config: ClusterConfig): LogEntry => ({ kind: 'ClusterConfig', config });
export const COMMAND: LogEntry = { kind: 'Command' };
export const commands = (n: number): LogEntry[] => Array.from({ length: n }, () => COMMAND);
export const list = (prev: LogPosition, ...entries: LogEntry[]): LogEntries => LogEntries.fromEntries(prev, entries);

export const TIMER: Action = { kind: 'SetElectionTimeout' };
export const SAVE_TERM: Action = { kind: 'SaveCurrentTerm' };
export const SAVE_VOTE: Action = { kind: 'SaveVotedFor' };
export const appendLog = (entries: LogEntries): Action => ({ kind: 'AppendLogEntries', entries });
export const broadcast = (message: Message): Action => ({ kind: 'BroadcastMessage', message });
export const send = (to: number, message: Message): Action => ({ kind: 'SendMessage', to: id(to), message });
