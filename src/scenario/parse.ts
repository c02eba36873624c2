/**
 * Scenario text → statements. One command per line, `#` comments, every error located at
 * line:column with what was expected and, for a near-miss word, a suggestion. Parsing never
 * throws: it returns the statements it understood and the errors of the lines it did not.
 *
 * @module
 */
import { MUTATIONS, type LinkFault, type MembershipChange, type Mutation, type Timing } from '../sim/index.js';
import type { Action, Statement, When } from './ast.js';
import { Cursor } from './cursor.js';
import { didYouMean, ScenarioError, shown, tokenizeLine } from './lexer.js';
import { parseCondition, parsePattern } from './parse-condition.js';

export const COMMANDS = [
  'nodes', 'seed', 'timing', 'storage', 'loss', 'duplicate', 'mutation', 'guard', 'compact', 'cap',
  'crash', 'restart', 'timeout', 'snapshot', 'partition', 'isolate', 'cut', 'heal', 'link',
  'hold', 'release', 'drop', 'client', 'add', 'remove', 'promote',
  'wait', 'run', 'step', 'say', 'mark', 'expect', 'after', 'at',
] as const;

export interface ParseResult {
  readonly statements: readonly Statement[];
  readonly errors: readonly ScenarioError[];
}

const TIMING_KEYS = ['heartbeat', 'election', 'latency', 'storage', 'snapshot-factor', 'election-min', 'election-max', 'latency-min', 'latency-max'] as const;

function parseTiming(c: Cursor): Partial<Timing> {
  const timing: { -readonly [K in keyof Timing]?: Timing[K] } = {};
  do {
    const key = c.oneOf(TIMING_KEYS, 'a timing setting');
    if (key === 'heartbeat') timing.heartbeatMs = c.duration('a heartbeat period');
    if (key === 'election') [timing.electionMinMs, timing.electionMaxMs] = c.range('the election timeout');
    if (key === 'latency') [timing.delayMinMs, timing.delayMaxMs] = c.range('the message delay');
    if (key === 'storage') timing.storageLatencyMs = c.duration('a storage latency');
    if (key === 'snapshot-factor') timing.snapshotDelayFactor = c.int('a snapshot delay factor', 1, 1000);
    if (key === 'election-min') timing.electionMinMs = c.duration('the least election timeout');
    if (key === 'election-max') timing.electionMaxMs = c.duration('the greatest election timeout');
    if (key === 'latency-min') timing.delayMinMs = c.duration('the least message delay');
    if (key === 'latency-max') timing.delayMaxMs = c.duration('the greatest message delay');
  } while (!c.atEnd());
  return timing;
}

const LINK_KEYS = ['loss', 'duplicate', 'latency', 'latency-min', 'latency-max'] as const;

function parseLinkFault(c: Cursor): LinkFault | null {
  if (c.accept('clear')) return null;
  const fault: { -readonly [K in keyof LinkFault]?: LinkFault[K] } = {};
  do {
    const key = c.oneOf(LINK_KEYS, 'a link fault or "clear"');
    if (key === 'loss') fault.loss = c.probability('a loss rate');
    if (key === 'duplicate') fault.duplicate = c.probability('a duplication rate');
    if (key === 'latency') [fault.delayMinMs, fault.delayMaxMs] = c.range('the link delay');
    if (key === 'latency-min') fault.delayMinMs = c.duration('the least link delay');
    if (key === 'latency-max') fault.delayMaxMs = c.duration('the greatest link delay');
  } while (!c.atEnd());
  return fault;
}

function parseMessageAction(c: Cursor, action: 'hold' | 'drop' | 'duplicate' | 'release'): Action {
  if (c.peek()?.text === 'message') return { kind: 'message', action, all: false, pattern: parsePattern(c) };
  const which = c.oneOf(action === 'release' ? ['next', 'all'] : ['next'], `"next" (or "message N") after "${action}"`);
  return { kind: 'message', action, all: which === 'all', pattern: parsePattern(c) };
}

function parseMember(c: Cursor, verb: 'add' | 'remove' | 'promote'): Action {
  if (verb === 'promote') return { kind: 'member', change: 'promote', node: c.node() };
  const nonVoter = c.accept('nonvoter');
  const change: MembershipChange = verb === 'add' ? (nonVoter ? 'addNonVoter' : 'addVoter') : nonVoter ? 'removeNonVoter' : 'removeVoter';
  return { kind: 'member', change, node: c.node() };
}

function within(c: Cursor): number | undefined {
  if (c.accept('within')) return c.duration('a time limit');
  const t = c.peek();
  if (t?.kind === 'word' && didYouMean(t.text, ['within']) !== '') c.fail(`unexpected "${t.text}" after the condition${didYouMean(t.text, ['within'])}`, t);
  return undefined;
}

function parseClient(c: Cursor, source: string): Action {
  const node = c.accept('to') ? c.selector() : undefined;
  const rest = c.rest(source);
  if (rest === undefined) return c.fail('expected a client command such as "set x 3", "incr x", "del x" or "noop"');
  return node === undefined ? { kind: 'client', command: rest.text, commandLoc: rest.loc } : { kind: 'client', command: rest.text, commandLoc: rest.loc, node };
}

type Word = (typeof COMMANDS)[number];

/** Setup and settings (`nodes 5`, `timing …`, `loss 10%` …), or undefined for other words. */
function parseSetting(c: Cursor, word: Word): Action | undefined {
  switch (word) {
    case 'nodes':
      return { kind: 'nodes', count: c.int('a cluster size', 1, 9) };
    case 'seed':
      return { kind: 'seed', value: c.int('a seed', 0, 0xffffffff) };
    case 'timing':
      return { kind: 'timing', timing: parseTiming(c) };
    case 'storage':
      c.expectText('latency');
      return { kind: 'timing', timing: { storageLatencyMs: c.duration('a storage latency') } };
    case 'loss': {
      const p = c.probability('a loss rate');
      return c.accept('duplicate') ? { kind: 'loss', p, duplicate: c.probability('a duplication rate') } : { kind: 'loss', p };
    }
    case 'duplicate':
      return c.peek()?.kind === 'number' ? { kind: 'duplicate', p: c.probability('a duplication rate') } : parseMessageAction(c, 'duplicate');
    case 'mutation':
      return { kind: 'mutation', name: c.oneOf<Mutation>(MUTATIONS, 'a mutation') };
    case 'guard':
      return { kind: 'guard', on: c.oneOf(['on', 'off'], '"on" or "off"') === 'on' };
    case 'compact':
      c.expectText('after');
      return { kind: 'compact', after: c.int('an entry count (0 = never)', 0, 1_000_000) };
    case 'cap':
      c.expectText('entries');
      return { kind: 'cap', entries: c.accept('off') ? 0 : c.int('an entry cap (or off)', 1, 1_000_000) };
    default:
      return undefined;
  }
}

/** Interventions on nodes and the network. */
function parseIntervention(c: Cursor, word: Word, source: string): Action | undefined {
  switch (word) {
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'snapshot':
    case 'isolate':
      return { kind: word, target: c.selector() };
    case 'partition': {
      const groups = [c.selector()];
      do groups.push(c.selector());
      while (!c.atEnd());
      return { kind: 'partition', groups };
    }
    case 'cut': {
      const from = c.selector();
      const both = c.accept('<->');
      if (!both) c.expectText('->', '"->" (one way) or "<->" (both ways)');
      return { kind: 'cut', from, to: c.selector(), both };
    }
    case 'heal':
      return { kind: 'heal' };
    case 'link': {
      const from = c.selector();
      c.expectText('->', '"->" and the receiver');
      return { kind: 'link', from, to: c.selector(), fault: parseLinkFault(c) };
    }
    case 'hold':
    case 'release':
    case 'drop':
      return parseMessageAction(c, word);
    case 'client':
      return parseClient(c, source);
    case 'add':
    case 'remove':
    case 'promote':
      return parseMember(c, word);
    default:
      return undefined;
  }
}

/** Control, teaching and assertions. */
function parseControl(c: Cursor, word: Word): Action {
  switch (word) {
    case 'wait': {
      c.expectText('until');
      const condition = parseCondition(c);
      const limit = within(c);
      return limit === undefined ? { kind: 'wait', condition } : { kind: 'wait', condition, within: limit };
    }
    case 'expect': {
      const condition = parseCondition(c);
      const limit = within(c);
      return limit === undefined ? { kind: 'expect', condition } : { kind: 'expect', condition, within: limit };
    }
    case 'run':
      if (c.accept('until')) return { kind: 'run', ms: c.duration('a time'), absolute: true };
      return { kind: 'run', ms: c.duration('a duration'), absolute: false };
    case 'step':
      return { kind: 'step', count: c.atEnd() ? 1 : c.int('an event count', 1, 1_000_000) };
    case 'say':
    case 'mark':
      return { kind: word, text: c.string(word === 'say' ? 'a caption' : 'a marker name') };
    default:
      return c.fail(`"${word}" appears twice`);
  }
}

/** The action of a command word; the cursor is just after the word. */
function parseAction(c: Cursor, word: Word, source: string): Action {
  return parseSetting(c, word) ?? parseIntervention(c, word, source) ?? parseControl(c, word);
}

function commandWord(c: Cursor): Word {
  const t = c.peek();
  if (t?.kind === 'word' && (COMMANDS as readonly string[]).includes(t.text)) {
    c.next();
    return t.text as Word;
  }
  if (t?.kind === 'word') return c.fail(`unknown command "${t.text}"${didYouMean(t.text, COMMANDS)}`);
  return c.fail(`expected a command, got ${shown(t)}`);
}

/** One line → a statement, or undefined for a blank or comment line. Throws `ScenarioError`. */
export function parseLine(source: string, line: number): Statement | undefined {
  const tokens = tokenizeLine(source, line);
  const first = tokens[0];
  if (first === undefined) return undefined;
  const c = new Cursor(tokens, line, source.length);
  let word = commandWord(c);
  let when: When | undefined;
  if (word === 'after' || word === 'at') {
    when = { kind: word, ms: c.duration(word === 'after' ? 'a delay' : 'a time'), loc: first };
    word = commandWord(c);
  }
  const action = parseAction(c, word, source);
  c.expectEnd();
  const last = tokens.at(-1) ?? first;
  const text = source.slice(first.column - 1, last.end - 1);
  return when === undefined ? { loc: first, source: text, action } : { loc: first, source: text, when, action };
}

/** Every line of `text` (line numbers start at `firstLine`, default 1). */
export function parseScenario(text: string, firstLine = 1): ParseResult {
  const statements: Statement[] = [];
  const errors: ScenarioError[] = [];
  text.split('\n').forEach((source, i) => {
    try {
      const s = parseLine(source, firstLine + i);
      if (s !== undefined) statements.push(s);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      errors.push(e);
    }
  });
  return { statements, errors };
}
