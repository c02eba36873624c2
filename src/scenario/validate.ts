/**
 * The whole script is checked before anything runs: syntax, setup before the run, parameters,
 * node names against the cluster (including nodes a script adds), client commands, and `at` times
 * that never go backwards. The result is a `Program` ready to run, or every error found.
 *
 * @module
 */
import { isKvError, makeParams, ParamsError, parseKv, type Mutation, type ParamsInput, type SimParams, type Timing } from '../sim/index.js';
import { SETUP_ONLY, type Action, type Condition, type Selector, type Statement } from './ast.js';
import { ScenarioError, type Loc } from './lexer.js';
import { parseScenario } from './parse.js';

/** A validated scenario: the parameters and the statements that run, in order. */
export interface Program {
  readonly params: SimParams;
  readonly statements: readonly Statement[];
}

export type Validation = { readonly ok: true; readonly program: Program } | { readonly ok: false; readonly errors: readonly ScenarioError[] };

interface Setup {
  input: { -readonly [K in keyof ParamsInput]: ParamsInput[K] };
  timing: Partial<Timing>;
  mutations: Mutation[];
  /** Where each parameter was set, for locating `makeParams` errors. */
  locs: Map<string, Loc>;
}

const FIELD_OF: Partial<Record<Action['kind'], string>> = { nodes: 'nodes', seed: 'seed', loss: 'loss', duplicate: 'duplicate', cap: 'maxEntriesPerAppend', compact: 'compactAfter', guard: 'disruptiveGuard', mutation: 'mutations' };

function applySetting(setup: Setup, s: Statement, errors: ScenarioError[]): void {
  const a = s.action;
  const field = a.kind === 'timing' ? undefined : FIELD_OF[a.kind];
  const previous = field === undefined || field === 'mutations' ? undefined : setup.locs.get(field);
  if (previous !== undefined) errors.push(new ScenarioError(s.loc.line, s.loc.column, `"${a.kind}" is set twice (first on line ${previous.line})`));
  if (field !== undefined) setup.locs.set(field, s.loc);
  switch (a.kind) {
    case 'nodes': setup.input.nodes = a.count; break;
    case 'seed': setup.input.seed = a.value; break;
    case 'loss':
      setup.input.loss = a.p;
      if (a.duplicate !== undefined) setup.input.duplicate = a.duplicate;
      break;
    case 'duplicate': setup.input.duplicate = a.p; break;
    case 'cap': setup.input.maxEntriesPerAppend = a.entries; break;
    case 'compact': setup.input.compactAfter = a.after; break;
    case 'guard': setup.input.disruptiveGuard = a.on; break;
    case 'mutation':
      if (setup.mutations.includes(a.name)) errors.push(new ScenarioError(s.loc.line, s.loc.column, `mutation ${a.name} is given twice`));
      else setup.mutations.push(a.name);
      break;
    case 'timing':
      Object.assign(setup.timing, a.timing);
      for (const key of Object.keys(a.timing)) setup.locs.set(`timing.${key}`, s.loc);
      break;
  }
}

function paramsOf(setup: Setup, errors: ScenarioError[]): SimParams | undefined {
  try {
    return makeParams({ ...setup.input, timing: setup.timing, mutations: setup.mutations });
  } catch (e) {
    if (!(e instanceof ParamsError)) throw e;
    const loc = setup.locs.get(e.field) ?? setup.locs.get(e.field.replace(/\[\d+\]$/, '')) ?? { line: 1, column: 1 };
    errors.push(new ScenarioError(loc.line, loc.column, e.message));
    return undefined;
  }
}

function selectorsOf(a: Action): Selector[] {
  switch (a.kind) {
    case 'crash': case 'restart': case 'timeout': case 'snapshot': case 'isolate': return [a.target];
    case 'partition': return [...a.groups];
    case 'cut': case 'link': return [a.from, a.to];
    case 'message': return [a.pattern.from, a.pattern.to].filter((x): x is Selector => x !== undefined);
    case 'client': return a.node === undefined ? [] : [a.node];
    case 'wait': case 'expect': return conditionSelectors(a.condition);
    default: return [];
  }
}

function conditionSelectors(c: Condition): Selector[] {
  switch (c.kind) {
    case 'leader': return c.among === undefined ? [] : [c.among];
    case 'term': return c.node === undefined ? [] : [c.node];
    case 'commit': return [c.nodes];
    case 'committed': return c.on === 'majority' ? [] : [c.on];
    case 'role': return [c.node];
    case 'log': return [c.a, c.b];
    case 'value': return [c.on];
    case 'not': return conditionSelectors(c.condition);
    default: return [];
  }
}

function checkNodes(s: Statement, known: Set<number>, errors: ScenarioError[]): void {
  const a = s.action;
  const names = [...known].sort((x, y) => x - y).map((n) => `n${n}`).join(', ');
  for (const sel of selectorsOf(a)) {
    const ids = sel.kind === 'node' ? [sel.id] : sel.kind === 'set' ? sel.ids : [];
    const unknown = ids.find((id) => !known.has(id));
    if (unknown !== undefined) errors.push(new ScenarioError(sel.loc.line, sel.loc.column, `there is no node n${unknown}: the cluster has ${names} (add n${unknown} first)`));
  }
  if (a.kind === 'member') {
    if (a.change === 'addVoter' || a.change === 'addNonVoter') known.add(a.node.id);
    else if (!known.has(a.node.id)) errors.push(new ScenarioError(a.node.loc.line, a.node.loc.column, `there is no node n${a.node.id}: the cluster has ${names}`));
  }
}

function checkRuntime(s: Statement, timing: Partial<Timing>, errors: ScenarioError[]): void {
  const a = s.action;
  const at = (loc: Loc, message: string): number => errors.push(new ScenarioError(loc.line, loc.column, message));
  if (a.kind === 'client') {
    const kv = parseKv(a.command);
    if (isKvError(kv)) at({ line: a.commandLoc.line, column: a.commandLoc.column + kv.column - 1 }, `client command: ${kv.error}`);
  }
  if (a.kind === 'timing') {
    Object.assign(timing, a.timing);
    try {
      makeParams({ timing });
    } catch (e) {
      if (e instanceof ParamsError) at(s.loc, e.message);
      else throw e;
    }
  }
}

/** Parses and validates; nothing is run. */
export function validateScenario(text: string, firstLine = 1): Validation {
  const parsed = parseScenario(text, firstLine);
  const errors = [...parsed.errors];
  const setup: Setup = { input: {}, timing: {}, mutations: [], locs: new Map() };
  const runtime: Statement[] = [];
  for (const s of parsed.statements) {
    const isSetting = SETUP_ONLY.has(s.action.kind) || ['timing', 'loss', 'duplicate', 'cap'].includes(s.action.kind);
    // A timed setting ("after 0ms timing …") is a change during the run, not a parameter.
    if (runtime.length === 0 && isSetting && (s.when === undefined || SETUP_ONLY.has(s.action.kind))) {
      if (s.when !== undefined) errors.push(new ScenarioError(s.when.loc.line, s.when.loc.column, `"${s.action.kind}" is a setup command and takes no time: drop "${s.when.kind}"`));
      applySetting(setup, s, errors);
    } else if (SETUP_ONLY.has(s.action.kind)) {
      const first = runtime[0] as Statement;
      errors.push(new ScenarioError(s.loc.line, s.loc.column, `"${s.action.kind}" is a setup command: put it before the first command that runs the cluster (line ${first.loc.line})`));
    } else runtime.push(s);
  }
  const params = paramsOf(setup, errors);
  const known = new Set(Array.from({ length: params?.nodes ?? 9 }, (_, i) => i + 1));
  const timing: Partial<Timing> = { ...params?.timing };
  let lastAt: { ms: number; line: number } | undefined;
  for (const s of runtime) {
    checkNodes(s, known, errors);
    checkRuntime(s, timing, errors);
    if (s.when?.kind === 'at') {
      if (lastAt !== undefined && s.when.ms < lastAt.ms) errors.push(new ScenarioError(s.when.loc.line, s.when.loc.column, `at ${s.when.ms}ms is earlier than "at ${lastAt.ms}ms" on line ${lastAt.line}: time only moves forward`));
      lastAt = { ms: s.when.ms, line: s.loc.line };
    }
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length > 0 || params === undefined) return { ok: false, errors };
  return { ok: true, program: { params, statements: runtime } };
}

/** The errors as text, one per line. */
export function formatErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => e.message).join('\n');
}
