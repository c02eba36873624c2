/**
 * Turning a statement's action into the simulator's interventions, resolved against the present
 * (`leader`, `followers`), and the patterns that pick in-flight messages.
 *
 * @module
 */
import type { ClusterView, Intervention, MessageView } from '../sim/index.js';
import type { Action, MessageKindName, MessagePattern } from './ast.js';
import { resolve } from './conditions.js';
import { ScenarioError, type Loc } from './lexer.js';

type NodeId = Extract<Intervention, { kind: 'crash' }>['node'];
const id = (n: number): NodeId => n as NodeId;

const WIRE_KIND: Record<MessageKindName, string> = {
  RequestVote: 'RequestVoteCall',
  Vote: 'RequestVoteReply',
  AppendEntries: 'AppendEntriesCall',
  AppendEntriesReply: 'AppendEntriesReply',
  Heartbeat: 'AppendEntriesCall',
  Snapshot: 'Snapshot',
};

/** A message pattern with its nodes resolved. */
export interface ResolvedPattern {
  readonly id?: number;
  readonly kind?: MessageKindName;
  readonly from?: readonly number[];
  readonly to?: readonly number[];
}

export function resolvePattern(p: MessagePattern, view: ClusterView): ResolvedPattern {
  return {
    ...(p.id === undefined ? {} : { id: p.id }),
    ...(p.kind === undefined ? {} : { kind: p.kind }),
    ...(p.from === undefined ? {} : { from: resolve(p.from, view) }),
    ...(p.to === undefined ? {} : { to: resolve(p.to, view) }),
  };
}

export function matches(m: MessageView, p: ResolvedPattern): boolean {
  if (p.id !== undefined && m.id !== p.id) return false;
  if (p.kind !== undefined && m.kind !== WIRE_KIND[p.kind]) return false;
  if (p.kind === 'Heartbeat' && m.entryCount !== 0) return false;
  if (p.from !== undefined && !p.from.includes(m.from)) return false;
  return p.to === undefined || p.to.includes(m.to);
}

/** `AppendEntries n1 -> n2`, for reports. */
export function patternText(p: ResolvedPattern): string {
  if (p.id !== undefined) return `message ${p.id}`;
  const set = (ids: readonly number[]): string => (ids.length === 1 ? `n${ids[0]}` : `{${ids.map((i) => `n${i}`).join(' ')}}`);
  const link = p.from === undefined || p.to === undefined ? '' : ` ${set(p.from)} -> ${set(p.to)}`;
  return `${p.kind ?? 'message'}${link}`;
}

function fail(loc: Loc, why: string): never {
  throw new ScenarioError(loc.line, loc.column, why);
}

function pairs(from: readonly number[], to: readonly number[]): [number, number][] {
  return from.flatMap((a) => to.filter((b) => b !== a).map((b): [number, number] => [a, b]));
}

function partition(a: Extract<Action, { kind: 'partition' }>, view: ClusterView, loc: Loc): Intervention {
  const groups = a.groups.map((g) => resolve(g, view).map(id));
  const seen = new Set<number>();
  for (const n of groups.flat()) {
    if (seen.has(n)) fail(loc, `n${n} is in two partition groups`);
    seen.add(n);
  }
  return { kind: 'partition', groups };
}

/**
 * The interventions a (non-control) action stands for now. Message actions are handled by the
 * runner (they wait for a match); control and teaching actions have none.
 */
export function interventionsOf(a: Action, view: ClusterView, loc: Loc): Intervention[] {
  switch (a.kind) {
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'snapshot':
      return resolve(a.target, view).map((n) => ({ kind: a.kind, node: id(n) }) as Intervention);
    case 'isolate': {
      const alone = resolve(a.target, view);
      const others = view.nodes.map((n) => n.id).filter((n) => !alone.includes(n));
      return [{ kind: 'partition', groups: [alone.map(id), others.map(id)] }];
    }
    case 'partition':
      return [partition(a, view, loc)];
    case 'cut': {
      const from = resolve(a.from, view);
      const to = resolve(a.to, view);
      const links = a.both ? [...pairs(from, to), ...pairs(to, from)] : pairs(from, to);
      if (links.length === 0) fail(loc, 'this cut names no link between two different nodes');
      return links.map(([x, y]) => ({ kind: 'cut', from: id(x), to: id(y) }));
    }
    case 'link': {
      const links = pairs(resolve(a.from, view), resolve(a.to, view));
      if (links.length === 0) fail(loc, 'this names no link between two different nodes');
      return links.map(([x, y]) => ({ kind: 'linkFault', from: id(x), to: id(y), fault: a.fault }));
    }
    case 'heal':
      return [{ kind: 'heal' }];
    case 'client': {
      const target = a.node === undefined ? undefined : resolve(a.node, view);
      if (target !== undefined && target.length !== 1) fail(a.node?.loc ?? loc, 'a client talks to one node');
      return [target === undefined ? { kind: 'propose', command: a.command } : { kind: 'propose', command: a.command, node: id(target[0] as number) }];
    }
    case 'member':
      return [{ kind: 'membership', change: a.change, node: id(a.node.id) }];
    case 'timing':
      return [{ kind: 'timing', timing: a.timing }];
    case 'loss':
      return [a.duplicate === undefined ? { kind: 'globalFault', loss: a.p } : { kind: 'globalFault', loss: a.p, duplicate: a.duplicate }];
    case 'duplicate':
      return [{ kind: 'globalFault', duplicate: a.p }];
    case 'cap':
      return [{ kind: 'maxEntriesPerAppend', value: a.entries }];
    default:
      return [];
  }
}
