/**
 * Conditions (for `wait until` and `expect`) and message patterns (for hold / drop / duplicate /
 * release).
 *
 * @module
 */
import type { Comparison, Condition, MessageKindName, MessagePattern, RoleName } from './ast.js';
import type { Cursor } from './cursor.js';

export const CONDITION_WORDS = ['leader', 'no', 'term', 'commit', 'committed', 'role', 'log', 'value', 'violation', 'not'] as const;
const COMPARISONS: readonly Comparison[] = ['=', '!=', '>=', '<=', '>', '<'];
export const ROLES: readonly RoleName[] = ['leader', 'follower', 'candidate', 'down'];
export const INVARIANTS = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I9', 'I10', 'I11', 'I12', 'I13'] as const;
export const MESSAGE_KINDS: readonly MessageKindName[] = ['RequestVote', 'Vote', 'AppendEntries', 'AppendEntriesReply', 'Heartbeat', 'Snapshot'];

function comparison(c: Cursor): Comparison {
  const t = c.peek();
  if (t?.kind === 'punct' && (COMPARISONS as readonly string[]).includes(t.text)) {
    c.next();
    return t.text as Comparison;
  }
  return c.fail(`expected a comparison (${COMPARISONS.join(' ')}), got ${t === undefined ? 'the end of the line' : `"${t.text}"`}`);
}

function leaderCondition(c: Cursor): Condition {
  if (c.accept('in')) return { kind: 'leader', among: c.selector() };
  if (c.accept('is')) return { kind: 'leader', among: c.selector() };
  return { kind: 'leader' };
}

function valueCondition(c: Cursor): Condition {
  const key = c.peek();
  if (key?.kind !== 'word') return c.fail(`expected a key (such as x), got ${key === undefined ? 'the end of the line' : `"${key.text}"`}`);
  c.next();
  c.expectText('on');
  const on = c.selector();
  c.expectText('=');
  const v = c.next();
  if (v === undefined || (v.kind !== 'word' && v.kind !== 'number')) return c.fail('expected a value (a number, a word, or none)');
  return { kind: 'value', key: key.text, on, value: v.text === 'none' ? undefined : v.text };
}

/** One condition. */
export function parseCondition(c: Cursor): Condition {
  const word = c.oneOf(CONDITION_WORDS, 'a condition');
  switch (word) {
    case 'leader':
      return leaderCondition(c);
    case 'no':
      return c.oneOf(['leader', 'violation', 'violations'], '"leader" or "violation" after "no"') === 'leader' ? { kind: 'noLeader' } : { kind: 'noViolation' };
    case 'term': {
      const node = c.atSelector() ? c.selector() : undefined;
      const op = comparison(c);
      const value = c.int('a term', 0, 1_000_000_000);
      return node === undefined ? { kind: 'term', op, value } : { kind: 'term', node, op, value };
    }
    case 'commit': {
      const nodes = c.selector();
      const op = comparison(c);
      return { kind: 'commit', nodes, op, value: c.int('a log index', 0, 1_000_000_000) };
    }
    case 'committed': {
      const index = c.int('a log index', 0, 1_000_000_000);
      c.expectText('on');
      return { kind: 'committed', index, on: c.accept('majority') ? 'majority' : c.selector() };
    }
    case 'role': {
      const node = c.selector();
      c.expectText('is');
      return { kind: 'role', node, role: c.oneOf(ROLES, 'a role') };
    }
    case 'log': {
      const a = c.selector();
      c.expectText('=');
      return { kind: 'log', a, b: c.selector() };
    }
    case 'value':
      return valueCondition(c);
    case 'violation':
      return { kind: 'violation', invariant: c.oneOf(INVARIANTS, 'an invariant') };
    case 'not':
      return { kind: 'not', condition: parseCondition(c) };
  }
}

/** `[KIND] [SEL -> SEL]`, or `message N` (a message by its id). */
export function parsePattern(c: Cursor): MessagePattern {
  if (c.accept('message')) return { id: c.int('a message id', 1, Number.MAX_SAFE_INTEGER) };
  let kind: MessageKindName | undefined;
  const t = c.peek();
  if (t?.kind === 'word' && !c.atSelector()) {
    if (t.text === 'any') c.next();
    else kind = c.oneOf(MESSAGE_KINDS, 'a message kind, "any" or a link such as n1 -> n2');
  }
  if (c.atEnd() || c.peek()?.text === 'within') return kind === undefined ? {} : { kind };
  const from = c.selector();
  c.expectText('->', '"->" and the receiver');
  const to = c.selector();
  return kind === undefined ? { from, to } : { kind, from, to };
}
