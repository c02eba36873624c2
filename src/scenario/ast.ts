/**
 * The parsed form of a scenario: one statement per command line, each with its location, so that
 * validation, running and error messages all point at line:column.
 *
 * @module
 */
import type { LinkFault, MembershipChange, Mutation, Timing } from '../sim/index.js';
import type { Loc } from './lexer.js';

/** Which nodes a command names; `leader` and `followers` resolve when the command runs. */
export type Selector =
  | { readonly kind: 'node'; readonly id: number; readonly loc: Loc }
  | { readonly kind: 'set'; readonly ids: readonly number[]; readonly loc: Loc }
  | { readonly kind: 'leader' | 'followers' | 'all'; readonly loc: Loc };

/** One node by name. */
export type NodeRef = Extract<Selector, { kind: 'node' }>;

export type Comparison = '=' | '!=' | '>=' | '<=' | '>' | '<';

/** Message kinds a pattern can name (the wire kinds, plus `Heartbeat` = an empty AppendEntries). */
export type MessageKindName = 'RequestVote' | 'Vote' | 'AppendEntries' | 'AppendEntriesReply' | 'Heartbeat' | 'Snapshot';

export interface MessagePattern {
  readonly id?: number;
  readonly kind?: MessageKindName;
  readonly from?: Selector;
  readonly to?: Selector;
}

export type RoleName = 'leader' | 'follower' | 'candidate' | 'down';

export type Condition =
  | { readonly kind: 'leader'; readonly among?: Selector }
  | { readonly kind: 'noLeader' }
  | { readonly kind: 'term'; readonly node?: Selector; readonly op: Comparison; readonly value: number }
  | { readonly kind: 'commit'; readonly nodes: Selector; readonly op: Comparison; readonly value: number }
  | { readonly kind: 'committed'; readonly index: number; readonly on: Selector | 'majority' }
  | { readonly kind: 'role'; readonly node: Selector; readonly role: RoleName }
  | { readonly kind: 'log'; readonly a: Selector; readonly b: Selector }
  | { readonly kind: 'value'; readonly key: string; readonly on: Selector; readonly value: string | undefined }
  | { readonly kind: 'noViolation' }
  | { readonly kind: 'violation'; readonly invariant: string }
  | { readonly kind: 'not'; readonly condition: Condition };

/** Setup and settings: before the run they set parameters; later they are interventions. */
export type Setting =
  | { readonly kind: 'nodes'; readonly count: number }
  | { readonly kind: 'seed'; readonly value: number }
  | { readonly kind: 'mutation'; readonly name: Mutation }
  | { readonly kind: 'guard'; readonly on: boolean }
  | { readonly kind: 'compact'; readonly after: number }
  | { readonly kind: 'timing'; readonly timing: Partial<Timing> }
  | { readonly kind: 'loss'; readonly p: number; readonly duplicate?: number }
  | { readonly kind: 'duplicate'; readonly p: number }
  | { readonly kind: 'cap'; readonly entries: number };

export type Action =
  | Setting
  | { readonly kind: 'crash' | 'restart' | 'timeout' | 'snapshot' | 'isolate'; readonly target: Selector }
  | { readonly kind: 'partition'; readonly groups: readonly Selector[] }
  | { readonly kind: 'cut'; readonly from: Selector; readonly to: Selector; readonly both: boolean }
  | { readonly kind: 'heal' }
  | { readonly kind: 'link'; readonly from: Selector; readonly to: Selector; readonly fault: LinkFault | null }
  | { readonly kind: 'message'; readonly action: 'hold' | 'drop' | 'duplicate' | 'release'; readonly all: boolean; readonly pattern: MessagePattern }
  | { readonly kind: 'client'; readonly command: string; readonly commandLoc: Loc; readonly node?: Selector }
  | { readonly kind: 'member'; readonly change: MembershipChange; readonly node: NodeRef }
  | { readonly kind: 'wait'; readonly condition: Condition; readonly within?: number }
  | { readonly kind: 'run'; readonly ms: number; readonly absolute: boolean }
  | { readonly kind: 'step'; readonly count: number }
  | { readonly kind: 'say' | 'mark'; readonly text: string }
  | { readonly kind: 'expect'; readonly condition: Condition; readonly within?: number };

/** `after 200ms …` (relative to now) or `at 1.5s …` (absolute). */
export interface When {
  readonly kind: 'after' | 'at';
  readonly ms: number;
  readonly loc: Loc;
}

export interface Statement {
  readonly loc: Loc;
  /** The command as written (without comment), for reports. */
  readonly source: string;
  readonly when?: When;
  readonly action: Action;
}

/** Settings that are only parameters (they cannot change once the cluster runs). */
export const SETUP_ONLY: ReadonlySet<Action['kind']> = new Set(['nodes', 'seed', 'mutation', 'guard', 'compact']);
