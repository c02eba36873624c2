// LogPosition, LogEntries (raftbare's compact list) and Log: unit tests, a property test against a
// naive per-index model, and plain-data round trips (structuredClone, JSON) for lists and messages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClusterConfig,
  Log,
  LogEntries,
  LogPosition,
  Node,
  type Action,
  type AppendEntriesCall,
  type LogEntry,
  type Message,
} from '../../src/raft/index.js';
import { MutableLogEntries } from '../../src/raft/log.js';
import { TestCluster } from './support/cluster.js';
import { COMMAND as CMD, id, ix, list, pos, seq, t, termEntry as T, voters as cfgOf } from './support/values.js';

const CFG = (...voters: number[]): LogEntry => ({ kind: 'ClusterConfig', config: cfgOf(...voters) });
const frozen = <V>(value: V): V => JSON.parse(JSON.stringify(value)) as V;

/** `[1:cfg0 2:T1 3:cmd1 4:cmd1 5:T3 6:cmd3]`, from ZERO. */
const SAMPLE = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD, T(3), CMD);

describe('LogPosition', () => {
  it('ZERO is (t0, i0)', () => {
    expect(LogPosition.ZERO).toEqual({ term: 0, index: 0 });
    expect(LogPosition.equals(LogPosition.ZERO, pos(0, 0))).toBe(true);
    expect(LogPosition.isInvalid(LogPosition.ZERO)).toBe(false);
  });

  it('INVALID has a term above every real term and compares after every real position', () => {
    const inv = LogPosition.INVALID;
    expect(inv.index).toBe(0);
    expect(LogPosition.isInvalid(inv)).toBe(true);
    for (const p of [pos(0, 0), pos(1, 1), pos(1_000_000_000, 1_000_000_000), pos(Number.MAX_SAFE_INTEGER - 1, 5)]) {
      expect(inv.term).toBeGreaterThan(p.term);
      expect(LogPosition.compare(inv, p)).toBeGreaterThan(0);
      expect(LogPosition.compare(p, inv)).toBeLessThan(0);
      expect(LogPosition.isInvalid(p)).toBe(false);
    }
    expect(LogPosition.compare(inv, LogPosition.INVALID)).toBe(0);
  });

  it('INVALID is contained in no log, not even at index 0', () => {
    expect(LogEntries.contains(SAMPLE, LogPosition.INVALID)).toBe(false);
    expect(LogEntries.contains(LogEntries.empty(LogPosition.ZERO), LogPosition.INVALID)).toBe(false);
    expect(new Log(ClusterConfig.EMPTY, SAMPLE).contains(LogPosition.INVALID)).toBe(false);
  });

  it('isInvalid looks at the sentinel term, whatever the index', () => {
    expect(LogPosition.isInvalid(LogPosition.of(LogPosition.INVALID.term, ix(7)))).toBe(true);
    expect(LogPosition.isInvalid(pos(3, 0))).toBe(false);
  });

  it('compare orders by term first, then by index (Raft §5.4.1)', () => {
    expect(LogPosition.compare(pos(2, 1), pos(1, 100))).toBeGreaterThan(0);
    expect(LogPosition.compare(pos(1, 100), pos(2, 1))).toBeLessThan(0);
    expect(LogPosition.compare(pos(3, 5), pos(3, 4))).toBeGreaterThan(0);
    expect(LogPosition.compare(pos(3, 4), pos(3, 5))).toBeLessThan(0);
    expect(LogPosition.compare(pos(3, 4), pos(3, 4))).toBe(0);
  });

  it('compare is an antisymmetric total order consistent with equals', () => {
    const arb = fc.record({ term: fc.nat(50), index: fc.nat(50) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const pa = pos(a.term, a.index);
        const pb = pos(b.term, b.index);
        const c = LogPosition.compare(pa, pb);
        expect(Math.sign(c) + Math.sign(LogPosition.compare(pb, pa))).toBe(0);
        expect(c === 0).toBe(LogPosition.equals(pa, pb));
        const expected = a.term !== b.term ? Math.sign(a.term - b.term) : Math.sign(a.index - b.index);
        expect(Math.sign(c)).toBe(expected);
      }),
    );
  });

  it('equals compares both fields', () => {
    expect(LogPosition.equals(pos(1, 2), pos(1, 2))).toBe(true);
    expect(LogPosition.equals(pos(1, 2), pos(2, 2))).toBe(false);
    expect(LogPosition.equals(pos(1, 2), pos(1, 3))).toBe(false);
  });
});

describe('LogEntries basics', () => {
  it('empty(prev) holds nothing and ends at prev', () => {
    const e = LogEntries.empty(pos(2, 5));
    expect(e).toEqual({ prevPosition: pos(2, 5), lastPosition: pos(2, 5), terms: [], configs: [] });
    expect(LogEntries.len(e)).toBe(0);
    expect(LogEntries.isEmpty(e)).toBe(true);
  });

  it('fromEntries records only Term and ClusterConfig marks; commands are implicit', () => {
    expect(SAMPLE.prevPosition).toEqual(pos(0, 0));
    expect(SAMPLE.lastPosition).toEqual(pos(3, 6));
    expect(SAMPLE.terms).toEqual([
      [2, 1],
      [5, 3],
    ]);
    expect(SAMPLE.configs).toEqual([[1, cfgOf(0, 1, 2)]]);
  });

  it('fromEntries with only commands keeps the prev term', () => {
    const e = list(pos(4, 10), CMD, CMD, CMD);
    expect(e.lastPosition).toEqual(pos(4, 13));
    expect(e.terms).toEqual([]);
    expect(e.configs).toEqual([]);
  });

  it('len and isEmpty count the entries after prev', () => {
    expect(LogEntries.len(SAMPLE)).toBe(6);
    expect(LogEntries.isEmpty(SAMPLE)).toBe(false);
    const after = list(pos(2, 7), CMD);
    expect(LogEntries.len(after)).toBe(1);
    expect(LogEntries.isEmpty(after)).toBe(false);
  });

  it('containsIndex counts the prev index and the last index, nothing outside', () => {
    const e = list(pos(2, 5), CMD, T(3), CMD);
    expect(LogEntries.containsIndex(e, 4)).toBe(false);
    expect(LogEntries.containsIndex(e, 5)).toBe(true);
    expect(LogEntries.containsIndex(e, 6)).toBe(true);
    expect(LogEntries.containsIndex(e, 8)).toBe(true);
    expect(LogEntries.containsIndex(e, 9)).toBe(false);
    const empty = LogEntries.empty(pos(2, 5));
    expect(LogEntries.containsIndex(empty, 5)).toBe(true);
    expect(LogEntries.containsIndex(empty, 6)).toBe(false);
  });

  it('getTerm is a floor lookup over the Term marks, prev term before the first mark', () => {
    const e = list(pos(2, 5), CMD, T(3), CMD, CMD, T(7), CMD);
    const terms = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => LogEntries.getTerm(e, i));
    expect(terms).toEqual([undefined, 2, 2, 3, 3, 3, 7, 7, undefined]);
  });

  it('getTerm on the compact sample', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => LogEntries.getTerm(SAMPLE, i))).toEqual([0, 0, 1, 1, 1, 3, 3, undefined]);
  });

  it('contains checks the term at the index; prev is always contained', () => {
    const e = list(pos(2, 5), CMD, T(3), CMD);
    expect(LogEntries.contains(e, pos(2, 5))).toBe(true);
    expect(LogEntries.contains(e, pos(2, 6))).toBe(true);
    expect(LogEntries.contains(e, pos(3, 6))).toBe(false);
    expect(LogEntries.contains(e, pos(3, 7))).toBe(true);
    expect(LogEntries.contains(e, pos(2, 7))).toBe(false);
    expect(LogEntries.contains(e, pos(3, 9))).toBe(false);
    expect(LogEntries.contains(e, pos(2, 4))).toBe(false);
    expect(LogEntries.contains(LogEntries.empty(pos(9, 9)), pos(9, 9))).toBe(true);
  });

  it('positionAt gives the position at an index, prev included', () => {
    expect(LogEntries.positionAt(SAMPLE, 0)).toEqual(pos(0, 0));
    expect(LogEntries.positionAt(SAMPLE, 4)).toEqual(pos(1, 4));
    expect(LogEntries.positionAt(SAMPLE, 7)).toBeUndefined();
  });

  it('getEntry returns each entry, and undefined at prev and outside', () => {
    const e = list(pos(2, 5), CFG(1), T(3), CMD);
    expect(LogEntries.getEntry(e, 5)).toBeUndefined();
    expect(LogEntries.getEntry(e, 4)).toBeUndefined();
    expect(LogEntries.getEntry(e, 6)).toEqual({ kind: 'ClusterConfig', config: cfgOf(1) });
    expect(LogEntries.getEntry(e, 7)).toEqual({ kind: 'Term', term: 3 });
    expect(LogEntries.getEntry(e, 8)).toEqual({ kind: 'Command' });
    expect(LogEntries.getEntry(e, 9)).toBeUndefined();
  });

  it('iterWithPositions walks every entry; the running term switches at Term entries', () => {
    const got = [...LogEntries.iterWithPositions(SAMPLE)];
    expect(got).toEqual([
      { position: pos(0, 1), entry: CFG(0, 1, 2) },
      { position: pos(1, 2), entry: T(1) },
      { position: pos(1, 3), entry: CMD },
      { position: pos(1, 4), entry: CMD },
      { position: pos(3, 5), entry: T(3) },
      { position: pos(3, 6), entry: CMD },
    ]);
    expect([...LogEntries.iterWithPositions(LogEntries.empty(pos(3, 3)))]).toEqual([]);
  });
});

describe('LogEntries.since', () => {
  it('is undefined unless the list contains the position', () => {
    expect(LogEntries.since(SAMPLE, pos(3, 4))).toBeUndefined();
    expect(LogEntries.since(SAMPLE, pos(3, 7))).toBeUndefined();
    expect(LogEntries.since(list(pos(1, 3), CMD), pos(1, 2))).toBeUndefined();
    expect(LogEntries.since(SAMPLE, LogPosition.INVALID)).toBeUndefined();
  });

  it('rebases at the position and drops the marks at or before it', () => {
    const s = LogEntries.since(SAMPLE, pos(1, 3));
    expect(s).toEqual({ prevPosition: pos(1, 3), lastPosition: pos(3, 6), terms: [[5, 3]], configs: [] });
    const atMark = LogEntries.since(SAMPLE, pos(1, 2));
    expect(atMark?.terms).toEqual([[5, 3]]);
    expect(atMark?.prevPosition).toEqual(pos(1, 2));
  });

  it('is the whole list at prev and empty at last', () => {
    expect(LogEntries.since(SAMPLE, SAMPLE.prevPosition)).toEqual(SAMPLE);
    const atLast = LogEntries.since(SAMPLE, pos(3, 6));
    expect(atLast).toEqual(LogEntries.empty(pos(3, 6)));
  });

  it('does not mutate or alias its input', () => {
    const before = frozen(SAMPLE);
    const s = LogEntries.since(SAMPLE, pos(1, 2)) as MutableLogEntries;
    s.terms.push([ix(99), t(99)]);
    expect(frozen(SAMPLE)).toEqual(before);
  });
});

describe('LogEntries.append', () => {
  it('appends a list that starts at the last position', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1), CMD);
    const b = list(pos(1, 3), CMD, T(2), CFG(0, 1));
    const r = LogEntries.append(a, b);
    expect(r).toEqual(list(LogPosition.ZERO, CFG(0), T(1), CMD, CMD, T(2), CFG(0, 1)));
  });

  it('overwrites the suffix after other.prev, marks included', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1), CMD, T(2), CFG(0, 1), CMD);
    const b = list(pos(1, 3), T(3), CMD);
    expect(LogEntries.append(a, b)).toEqual(list(LogPosition.ZERO, CFG(0), T(1), CMD, T(3), CMD));
  });

  it('an empty other truncates after its prev', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1), CMD, T(2), CMD);
    expect(LogEntries.append(a, LogEntries.empty(pos(1, 2)))).toEqual(list(LogPosition.ZERO, CFG(0), T(1)));
  });

  it('becomes a copy of other when other.prev diverges from the list', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1), CMD, CMD);
    const b = list(pos(2, 3), CMD, T(4));
    expect(LogEntries.append(a, b)).toEqual(b);
  });

  it('becomes a copy of other when other.prev lies past the end (a gap)', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1));
    const b = list(pos(1, 5), CMD);
    expect(LogEntries.append(a, b)).toEqual(b);
  });

  it('becomes a copy of other when other starts before the list (raftbare 0.1.4 corrupted it)', () => {
    const a = list(pos(1, 5), CMD, CMD);
    const b = list(pos(1, 2), CMD, CMD, CMD, CMD, CMD, CMD);
    const r = LogEntries.append(a, b);
    expect(r).toEqual(b);
    expect(r.prevPosition.index).toBeLessThanOrEqual(r.lastPosition.index);
  });

  it('never mutates either argument, and the result aliases neither', () => {
    const a = list(LogPosition.ZERO, CFG(0), T(1), CMD, T(2), CMD);
    const b = list(pos(1, 3), T(3), CFG(0, 1));
    const [ja, jb] = [frozen(a), frozen(b)];
    const r = LogEntries.append(a, b) as MutableLogEntries;
    expect(frozen(a)).toEqual(ja);
    expect(frozen(b)).toEqual(jb);
    r.terms.push([ix(50), t(50)]);
    r.configs.push([ix(50), cfgOf(9)]);
    expect(frozen(a)).toEqual(ja);
    expect(frozen(b)).toEqual(jb);
  });
});

describe('LogEntries.truncate', () => {
  it('keeps the first len entries', () => {
    expect(LogEntries.truncate(SAMPLE, 3)).toEqual(list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD));
    expect(LogEntries.truncate(SAMPLE, 4)).toEqual(list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD));
    expect(LogEntries.truncate(SAMPLE, 4).lastPosition).toEqual(pos(1, 4));
  });

  it('keeps everything when len is at least the length', () => {
    expect(LogEntries.truncate(SAMPLE, 6)).toEqual(SAMPLE);
    expect(LogEntries.truncate(SAMPLE, 100)).toEqual(SAMPLE);
  });

  it('len 0 (or below) leaves an empty list at prev', () => {
    const e = list(pos(2, 5), T(3), CMD);
    expect(LogEntries.truncate(e, 0)).toEqual(LogEntries.empty(pos(2, 5)));
    expect(LogEntries.truncate(e, -3)).toEqual(LogEntries.empty(pos(2, 5)));
  });

  it('never mutates its input', () => {
    const before = frozen(SAMPLE);
    const r = LogEntries.truncate(SAMPLE, 1) as MutableLogEntries;
    r.terms.push([ix(1), t(9)]);
    expect(frozen(SAMPLE)).toEqual(before);
    expect(SAMPLE.lastPosition).toEqual(pos(3, 6));
  });
});

describe('LogEntries.stripCommonPrefix', () => {
  const local = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD);

  it('prev == local.last: all of received', () => {
    const received = list(pos(1, 3), CMD, T(2), CMD);
    expect(LogEntries.stripCommonPrefix(received, local)).toEqual(received);
  });

  it('local is a prefix of received: received since local.last', () => {
    const received = list(pos(1, 2), CMD, CMD, T(2), CMD);
    const stripped = LogEntries.stripCommonPrefix(received, local);
    expect(stripped).toEqual(list(pos(1, 3), CMD, T(2), CMD));
  });

  it('divergence at a received Term mark: rebased just before it', () => {
    const longer = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD, T(2), CMD);
    const received = list(pos(1, 3), CMD, T(3), CMD);
    const stripped = LogEntries.stripCommonPrefix(received, longer);
    expect(stripped).toEqual(list(pos(1, 4), T(3), CMD));
    expect(LogEntries.append(longer, stripped)).toEqual(list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD, T(3), CMD));
  });

  it('divergence with no Term mark in received (the raftbare 0.1.4 panic, spec §6.9)', () => {
    // Follower [1:cfg0 2:T1 3:cmd1 4:T3]; a term-4 leader's truncated call from (t1,i2) with two
    // term-1 commands. 0.1.4 panicked; the result must rewrite index 4 only.
    const follower = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, T(3));
    const received = list(pos(1, 2), CMD, CMD);
    const stripped = LogEntries.stripCommonPrefix(received, follower);
    expect(stripped).toEqual(list(pos(1, 3), CMD));
    const after = LogEntries.append(follower, stripped);
    expect(after.lastPosition).toEqual(pos(1, 4));
    expect(after).toEqual(list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD));
  });

  it('divergence with no Term mark in received, far from prev and with a local config mark', () => {
    const follower = list(pos(1, 10), CMD, CMD, T(3), CFG(5), CMD);
    const received = list(pos(1, 10), CMD, CMD, CMD, CMD);
    const stripped = LogEntries.stripCommonPrefix(received, follower);
    expect(stripped).toEqual(list(pos(1, 12), CMD, CMD));
    expect(LogEntries.append(follower, stripped)).toEqual(received);
  });

  it('fully contained received list: empty at received.last', () => {
    const longer = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD, T(2), CMD);
    const received = list(pos(1, 2), CMD, CMD);
    const stripped = LogEntries.stripCommonPrefix(received, longer);
    expect(LogEntries.isEmpty(stripped)).toBe(true);
    expect(stripped.prevPosition).toEqual(pos(1, 4));
    expect(LogEntries.isEmpty(LogEntries.stripCommonPrefix(LogEntries.empty(pos(1, 3)), longer))).toBe(true);
  });

  it('never mutates its arguments', () => {
    const follower = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, T(3));
    const received = list(pos(1, 2), CMD, CMD, T(4));
    const [jf, jr] = [frozen(follower), frozen(received)];
    LogEntries.stripCommonPrefix(received, follower);
    expect(frozen(follower)).toEqual(jf);
    expect(frozen(received)).toEqual(jr);
  });

  it('a Node handles the §6.9 message without throwing and ends at (t1,i4)', () => {
    const follower = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, T(3));
    const node = Node.restart(id(2), t(3), undefined, new Log(ClusterConfig.EMPTY, follower));
    node.actionsMut().drain();
    const call: AppendEntriesCall = {
      kind: 'AppendEntriesCall',
      from: id(0),
      term: t(4),
      seqno: seq(7),
      commitIndex: ix(2),
      entries: list(pos(1, 2), CMD, CMD),
    };
    expect(() => node.handleMessage(call)).not.toThrow();
    expect(node.currentTerm()).toBe(4);
    expect(node.log().lastPosition()).toEqual(pos(1, 4));
    const actions = node.actionsMut().drain();
    const append = actions.find((a) => a.kind === 'AppendLogEntries');
    expect(append).toEqual({ kind: 'AppendLogEntries', entries: list(pos(1, 3), CMD) });
    const reply = actions.find((a) => a.kind === 'SendMessage');
    expect(reply).toMatchObject({ to: 0, message: { kind: 'AppendEntriesReply', seqno: 7, lastPosition: pos(1, 4) } });
  });
});

// ---- Property test against a naive model ----------------------------------------------------

interface ModelEntry {
  readonly term: number;
  readonly entry: LogEntry;
}
interface Model {
  readonly prev: LogPosition;
  readonly entries: readonly ModelEntry[];
}

const CONFIGS = [cfgOf(0), cfgOf(0, 1, 2), ClusterConfig.of({ voters: [id(0), id(1), id(2)], newVoters: [id(1), id(2), id(3)] })];

type RawEntry = { k: 'cmd' } | { k: 'term'; bump: number } | { k: 'cfg'; c: number };
const rawEntryArb: fc.Arbitrary<RawEntry> = fc.oneof(
  { arbitrary: fc.constant({ k: 'cmd' as const }), weight: 3 },
  fc.record({ k: fc.constant('term' as const), bump: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ k: fc.constant('cfg' as const), c: fc.nat(CONFIGS.length - 1) }),
);

function modelLast(m: Model): LogPosition {
  const last = m.entries[m.entries.length - 1];
  return last === undefined ? m.prev : pos(last.term, m.prev.index + m.entries.length);
}
function modelTerm(m: Model, i: number): number | undefined {
  if (i === m.prev.index) return m.prev.term;
  if (i < m.prev.index || i > m.prev.index + m.entries.length) return undefined;
  return m.entries[i - m.prev.index - 1]?.term;
}
function modelEntry(m: Model, i: number): LogEntry | undefined {
  return i <= m.prev.index ? undefined : m.entries[i - m.prev.index - 1]?.entry;
}
function modelContains(m: Model, p: LogPosition): boolean {
  return modelTerm(m, p.index) === p.term;
}
/** Materializes raw entries after a running term; Term entries raise it. */
function materialize(startTerm: number, raw: readonly RawEntry[]): ModelEntry[] {
  let term = startTerm;
  return raw.map((r): ModelEntry => {
    if (r.k === 'term') {
      term += r.bump;
      return { term, entry: T(term) };
    }
    return { term, entry: r.k === 'cmd' ? CMD : { kind: 'ClusterConfig', config: CONFIGS[r.c] ?? cfgOf(0) } };
  });
}
function modelPush(m: Model, raw: readonly RawEntry[]): Model {
  return { prev: m.prev, entries: [...m.entries, ...materialize(modelLast(m).term, raw)] };
}
function modelAppend(m: Model, other: Model): Model {
  if (!modelContains(m, other.prev)) return other;
  return { prev: m.prev, entries: [...m.entries.slice(0, other.prev.index - m.prev.index), ...other.entries] };
}
function modelTruncate(m: Model, len: number): Model {
  return { prev: m.prev, entries: m.entries.slice(0, Math.max(0, len)) };
}
function modelSince(m: Model, p: LogPosition): Model | undefined {
  return modelContains(m, p) ? { prev: p, entries: m.entries.slice(p.index - m.prev.index) } : undefined;
}
function fromModel(m: Model): LogEntries {
  return LogEntries.fromEntries(m.prev, m.entries.map((e) => e.entry));
}

/** Every observation on `e` agrees with the model, and the compact invariants hold. */
function expectAgrees(e: LogEntries, m: Model): void {
  const last = modelLast(m);
  expect(e.prevPosition).toEqual(m.prev);
  expect(e.lastPosition).toEqual(last);
  expect(LogEntries.len(e)).toBe(m.entries.length);
  expect(LogEntries.isEmpty(e)).toBe(m.entries.length === 0);
  // One row per index around the list, compared in one go (a mismatch prints the whole table).
  const rows = (term: (i: number) => number | undefined, entry: (i: number) => LogEntry | undefined, has: (p: LogPosition) => boolean, inRange: (i: number) => boolean) => {
    const out: unknown[] = [];
    for (let i = Math.max(0, m.prev.index - 2); i <= last.index + 2; i++) {
      const probe = modelTerm(m, i) ?? 0;
      out.push({ i, term: term(i), entry: entry(i), inRange: inRange(i), has: has(pos(probe, i)), hasNext: has(pos(probe + 1, i)) });
    }
    return out;
  };
  expect(
    rows(
      (i) => LogEntries.getTerm(e, i),
      (i) => LogEntries.getEntry(e, i),
      (p) => LogEntries.contains(e, p),
      (i) => LogEntries.containsIndex(e, i),
    ),
  ).toEqual(
    rows(
      (i) => modelTerm(m, i),
      (i) => modelEntry(m, i),
      (p) => modelContains(m, p),
      (i) => modelTerm(m, i) !== undefined,
    ),
  );
  const walked = [...LogEntries.iterWithPositions(e)];
  expect(walked).toEqual(m.entries.map((x, k) => ({ position: pos(x.term, m.prev.index + k + 1), entry: x.entry })));
  // Compact-form invariants: marks strictly ascending inside (prev, last]; last term = last mark's.
  for (const marks of [e.terms.map((x) => x[0]), e.configs.map((x) => x[0])]) {
    const bad = marks.filter((i, k) => i <= (k === 0 ? e.prevPosition.index : (marks[k - 1] as number)) || i > e.lastPosition.index);
    expect(bad, `marks out of order or outside (prev, last]: ${JSON.stringify(marks)}`).toEqual([]);
  }
  const lastMark = e.terms[e.terms.length - 1];
  expect(e.lastPosition.term).toBe(lastMark === undefined ? e.prevPosition.term : lastMark[1]);
}

type Op =
  | { op: 'push'; raw: RawEntry[] }
  | { op: 'append'; at: number; mode: 'inside' | 'wrongTerm' | 'gap' | 'before'; raw: RawEntry[]; bump: number }
  | { op: 'truncate'; len: number }
  | { op: 'since'; at: number; wrongTerm: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('push' as const), raw: fc.array(rawEntryArb, { minLength: 1, maxLength: 4 }) }),
  fc.record({
    op: fc.constant('append' as const),
    at: fc.nat(20),
    mode: fc.constantFrom('inside' as const, 'inside' as const, 'inside' as const, 'wrongTerm' as const, 'gap' as const, 'before' as const),
    raw: fc.array(rawEntryArb, { maxLength: 5 }),
    bump: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), len: fc.integer({ min: -1, max: 10 }) }),
  fc.record({ op: fc.constant('since' as const), at: fc.nat(20), wrongTerm: fc.boolean() }),
);

describe('LogEntries property: agrees with a naive per-index model', () => {
  it('pushes, appends, truncates and since keep every observation equal to the model', () => {
    const start = fc.record({ term: fc.nat(3), index: fc.nat(5), raw: fc.array(rawEntryArb, { maxLength: 6 }) });
    fc.assert(
      fc.property(start, fc.array(opArb, { maxLength: 12 }), (s, ops) => {
        let model: Model = { prev: pos(s.term, s.index), entries: materialize(s.term, s.raw) };
        let actual = fromModel(model);
        expectAgrees(actual, model);
        for (const op of ops) {
          const input = actual;
          const before = frozen(input);
          const lastIndex = modelLast(model).index;
          const span = lastIndex - model.prev.index + 1;
          if (op.op === 'push') {
            const pushed = MutableLogEntries.copy(actual);
            for (const x of materialize(actual.lastPosition.term, op.raw)) MutableLogEntries.pushInPlace(pushed, x.entry);
            actual = pushed;
            model = modelPush(model, op.raw);
          } else if (op.op === 'append') {
            const index = model.prev.index + (op.at % span);
            let prev: LogPosition;
            if (op.mode === 'inside') prev = pos(modelTerm(model, index) ?? 0, index);
            else if (op.mode === 'wrongTerm') prev = pos((modelTerm(model, index) ?? 0) + op.bump, index);
            else if (op.mode === 'gap') prev = pos(modelLast(model).term, lastIndex + op.bump);
            else prev = pos(model.prev.term, Math.max(0, model.prev.index - op.bump));
            const other: Model = { prev, entries: materialize(prev.term, op.raw) };
            const otherJson = frozen(fromModel(other));
            actual = LogEntries.append(actual, fromModel(other));
            model = modelAppend(model, other);
            expect(frozen(fromModel(other))).toEqual(otherJson);
          } else if (op.op === 'truncate') {
            actual = LogEntries.truncate(actual, op.len);
            model = modelTruncate(model, op.len);
          } else {
            const index = model.prev.index + (op.at % span);
            const p = pos((modelTerm(model, index) ?? 0) + (op.wrongTerm ? 1 : 0), index);
            const got = LogEntries.since(actual, p);
            const want = modelSince(model, p);
            if (want === undefined) {
              expect(got).toBeUndefined();
            } else {
              expect(got).toBeDefined();
              actual = got as LogEntries;
              model = want;
            }
          }
          expect(frozen(input), 'the operation mutated its input').toEqual(before);
          expectAgrees(actual, model);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('inputs are never mutated by append, truncate or since', () => {
    fc.assert(
      fc.property(fc.array(rawEntryArb, { maxLength: 8 }), fc.array(rawEntryArb, { maxLength: 4 }), fc.nat(10), (raw, rawOther, at) => {
        const a = fromModel({ prev: pos(1, 1), entries: materialize(1, raw) });
        const index = 1 + (at % (LogEntries.len(a) + 1));
        const b = fromModel({ prev: LogEntries.positionAt(a, index) as LogPosition, entries: materialize(LogEntries.getTerm(a, index) ?? 0, rawOther) });
        const [ja, jb] = [frozen(a), frozen(b)];
        LogEntries.append(a, b);
        LogEntries.truncate(a, at % 4);
        LogEntries.since(a, b.prevPosition);
        LogEntries.stripCommonPrefix(b, a);
        expect(frozen(a)).toEqual(ja);
        expect(frozen(b)).toEqual(jb);
      }),
    );
  });

  it('stripCommonPrefix then append yields local up to received.prev followed by received', () => {
    // Two Raft-consistent logs: a common prefix, then divergent tails whose new terms come from
    // disjoint sets (odd for the local tail, even for the leader's), so Log Matching holds.
    const caseArb = fc.record({
      snapTerm: fc.nat(2),
      snapIndex: fc.nat(3),
      base: fc.array(rawEntryArb, { maxLength: 6 }),
      localTail: fc.array(rawEntryArb, { maxLength: 5 }),
      leaderTail: fc.array(rawEntryArb, { maxLength: 5 }),
      markLocal: fc.boolean(),
      prevPick: fc.nat(50),
      localSnapPick: fc.nat(50),
      lenPick: fc.nat(50),
    });
    const withParity = (startTerm: number, raw: readonly RawEntry[], parity: number): ModelEntry[] => {
      let term = startTerm;
      return raw.map((r): ModelEntry => {
        if (r.k === 'term') {
          term += r.bump;
          if (term % 2 !== parity) term += 1;
          return { term, entry: T(term) };
        }
        return { term, entry: r.k === 'cmd' ? CMD : { kind: 'ClusterConfig', config: CONFIGS[r.c] ?? cfgOf(0) } };
      });
    };
    fc.assert(
      fc.property(caseArb, (c) => {
        const snap = pos(c.snapTerm, c.snapIndex);
        const base = materialize(c.snapTerm, c.base);
        const tau = base[base.length - 1]?.term ?? c.snapTerm;
        let localRaw = c.localTail;
        let leaderRaw = c.leaderTail;
        const startsWithTerm = (r: readonly RawEntry[]): boolean => r[0]?.k === 'term';
        if (localRaw.length > 0 && leaderRaw.length > 0 && !startsWithTerm(localRaw) && !startsWithTerm(leaderRaw)) {
          if (c.markLocal) localRaw = [{ k: 'term', bump: 1 }, ...localRaw];
          else leaderRaw = [{ k: 'term', bump: 1 }, ...leaderRaw];
        }
        const localFull: Model = { prev: snap, entries: [...base, ...withParity(tau, localRaw, 1)] };
        const leader: Model = { prev: snap, entries: [...base, ...withParity(tau, leaderRaw, 0)] };
        const commonEnd = snap.index + base.length;
        const j = snap.index + (c.prevPick % (base.length + 1));
        const k = snap.index + (c.localSnapPick % (j - snap.index + 1));
        const local = modelSince(localFull, pos(modelTerm(localFull, k) ?? 0, k)) as Model;
        const leaderFromJ = modelSince(leader, pos(modelTerm(leader, j) ?? 0, j)) as Model;
        const received = modelTruncate(leaderFromJ, c.lenPick % (leaderFromJ.entries.length + 1));
        expect(j).toBeLessThanOrEqual(commonEnd);

        const localList = fromModel(local);
        const receivedList = fromModel(received);
        const stripped = LogEntries.stripCommonPrefix(receivedList, localList);
        const result = LogEntries.append(localList, stripped);
        const expected: Model = { prev: local.prev, entries: [...local.entries.slice(0, j - k), ...received.entries] };
        expectAgrees(result, expected);
        expect(result).toEqual(fromModel(expected));

        // The stripped part is a suffix of received that starts where local first differs.
        expect(stripped.lastPosition).toEqual(receivedList.lastPosition);
        expect(LogEntries.contains(localList, stripped.prevPosition)).toBe(true);
        expect(LogEntries.since(receivedList, stripped.prevPosition)).toEqual(stripped);
        if (!LogEntries.isEmpty(stripped)) {
          const first = LogEntries.positionAt(stripped, stripped.prevPosition.index + 1) as LogPosition;
          expect(LogEntries.contains(localList, first)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// ---- Log -------------------------------------------------------------------------------------

describe('Log', () => {
  const snapCfg = cfgOf(0);
  const a = cfgOf(0, 1);
  const b = ClusterConfig.of({ voters: [id(0), id(1)], nonVoters: [id(5)] });
  // snapshot (t1,i4); 5:T2 6:cfgA 7:cmd 8:cfgB 9:cmd
  const entries = list(pos(1, 4), T(2), { kind: 'ClusterConfig', config: a }, CMD, { kind: 'ClusterConfig', config: b }, CMD);

  it('exposes the snapshot point and the entries after it', () => {
    const log = new Log(snapCfg, entries);
    expect(log.snapshotPosition()).toEqual(pos(1, 4));
    expect(log.snapshotConfig()).toEqual(snapCfg);
    expect(log.lastPosition()).toEqual(pos(2, 9));
    expect(log.entries()).toEqual(entries);
    expect(log.getTerm(4)).toBe(1);
    expect(log.getTerm(3)).toBeUndefined();
    expect(log.contains(pos(1, 4))).toBe(true);
    expect(log.contains(pos(2, 7))).toBe(true);
    expect(log.contains(pos(1, 7))).toBe(false);
  });

  it('Log.empty is at ZERO with the empty configuration', () => {
    const log = Log.empty();
    expect(log.lastPosition()).toEqual(LogPosition.ZERO);
    expect(log.snapshotConfig()).toEqual(ClusterConfig.EMPTY);
    expect(log.latestConfig()).toEqual(ClusterConfig.EMPTY);
    expect(log.latestConfigIndex()).toBe(0);
  });

  it('latestConfig is the newest config entry, else the snapshot config', () => {
    expect(new Log(snapCfg, entries).latestConfig()).toEqual(b);
    expect(new Log(snapCfg, list(pos(1, 4), T(2), CMD)).latestConfig()).toEqual(snapCfg);
  });

  it('latestConfigIndex is the newest config entry index, else the snapshot index', () => {
    expect(new Log(snapCfg, entries).latestConfigIndex()).toBe(8);
    expect(new Log(snapCfg, list(pos(1, 4), T(2), CMD)).latestConfigIndex()).toBe(4);
  });

  it('latestConfig counts uncommitted entries (Raft §6): a leader uses a proposed config at once', () => {
    const c = TestCluster.created([0, 1, 2]);
    const next = ClusterConfig.of({ voters: [id(0), id(1), id(2)], nonVoters: [id(3)] });
    const promise = c.run(0, (n) => n.proposeConfig(next));
    const leader = c.node(0);
    expect(promise.isPending()).toBe(true);
    expect(leader.commitIndex()).toBeLessThan(promise.logPosition().index);
    expect(leader.log().latestConfig()).toEqual(next);
    expect(leader.log().latestConfigIndex()).toBe(promise.logPosition().index);
    expect(leader.config()).toEqual(next);
    expect(leader.peers()).toEqual([1, 2, 3]);
  });

  it('getConfig(i) is the config in force at i, undefined outside the log', () => {
    const log = new Log(snapCfg, entries);
    expect([3, 4, 5, 6, 7, 8, 9, 10].map((i) => log.getConfig(i))).toEqual([undefined, snapCfg, snapCfg, a, a, b, b, undefined]);
  });

  it('getPositionAndConfig(i) pairs the position and the config in force at i', () => {
    const log = new Log(snapCfg, entries);
    expect(log.getPositionAndConfig(4)).toEqual([pos(1, 4), snapCfg]);
    expect(log.getPositionAndConfig(5)).toEqual([pos(2, 5), snapCfg]);
    expect(log.getPositionAndConfig(7)).toEqual([pos(2, 7), a]);
    expect(log.getPositionAndConfig(9)).toEqual([pos(2, 9), b]);
    expect(log.getPositionAndConfig(3)).toBeUndefined();
    expect(log.getPositionAndConfig(10)).toBeUndefined();
  });

  it('the constructor copies its input: mutating the source later does not change the Log', () => {
    const source: MutableLogEntries = {
      prevPosition: pos(1, 4),
      lastPosition: pos(2, 6),
      terms: [[ix(5), t(2)]],
      configs: [[ix(6), a]],
    };
    const log = new Log(snapCfg, source);
    source.terms.push([ix(7), t(3)]);
    source.configs.push([ix(7), b]);
    source.lastPosition = pos(3, 7);
    source.prevPosition = pos(0, 0);
    expect(log.lastPosition()).toEqual(pos(2, 6));
    expect(log.snapshotPosition()).toEqual(pos(1, 4));
    expect(log.entries().terms).toEqual([[5, 2]]);
    expect(log.latestConfig()).toEqual(a);
    expect(log.getTerm(7)).toBeUndefined();
  });

  it('changes to the Log do not leak into the source either', () => {
    const source = list(pos(1, 4), T(2), CMD);
    const before = frozen(source);
    const log = new Log(snapCfg, source);
    log.push(T(3));
    log.push({ kind: 'ClusterConfig', config: a });
    log.truncate(5);
    log.push(CMD);
    expect(frozen(source)).toEqual(before);
  });
});

// ---- Plain data ------------------------------------------------------------------------------

describe('plain data: LogEntries and messages survive structuredClone and JSON', () => {
  const jointCfg = ClusterConfig.of({ voters: [id(0), id(1), id(2)], newVoters: [id(1), id(2), id(3)], nonVoters: [id(7)] });
  const rich = list(pos(1, 3), CMD, T(2), { kind: 'ClusterConfig', config: jointCfg }, CMD, T(5), CFG(1, 2, 3), CMD);
  const messages: Message[] = [
    { kind: 'RequestVoteCall', from: id(1), term: t(4), seqno: seq(9), lastPosition: pos(3, 12) },
    { kind: 'RequestVoteReply', from: id(2), term: t(4), seqno: seq(9), voteGranted: true },
    { kind: 'RequestVoteReply', from: id(2), term: t(4), seqno: seq(9), voteGranted: false },
    { kind: 'AppendEntriesCall', from: id(0), term: t(5), seqno: seq(11), commitIndex: ix(4), entries: rich },
    { kind: 'AppendEntriesCall', from: id(0), term: t(5), seqno: seq(12), commitIndex: ix(4), entries: LogEntries.empty(pos(5, 10)) },
    { kind: 'AppendEntriesReply', from: id(3), term: t(5), seqno: seq(12), lastPosition: pos(5, 10) },
    { kind: 'AppendEntriesReply', from: id(3), term: t(5), seqno: seq(12), lastPosition: LogPosition.INVALID },
  ];

  it('LogEntries round-trips deep-equal, and answers every query the same', () => {
    for (const copy of [structuredClone(rich), JSON.parse(JSON.stringify(rich)) as LogEntries]) {
      expect(copy).toEqual(rich);
      expect(copy).not.toBe(rich);
      for (let i = 0; i <= 12; i++) {
        expect(LogEntries.getTerm(copy, i)).toBe(LogEntries.getTerm(rich, i));
        expect(LogEntries.getEntry(copy, i)).toEqual(LogEntries.getEntry(rich, i));
      }
      expect([...LogEntries.iterWithPositions(copy)]).toEqual([...LogEntries.iterWithPositions(rich)]);
      expect(new Log(cfgOf(0), copy).latestConfig()).toEqual(cfgOf(1, 2, 3));
    }
  });

  it.each(messages.map((m, k) => [`${m.kind} #${k}`, m] as const))('%s round-trips deep-equal', (_name, m) => {
    expect(structuredClone(m)).toEqual(m);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  interface Outcome {
    role: string;
    term: number;
    votedFor: number | undefined;
    leaderId: number | undefined;
    commit: number;
    log: unknown;
    config: unknown;
    actions: Action[];
  }
  const outcome = (node: Node): Outcome => ({
    role: node.role(),
    term: node.currentTerm(),
    votedFor: node.votedFor(),
    leaderId: node.leaderId(),
    commit: node.commitIndex(),
    log: frozen(node.log().entries()),
    config: node.config(),
    actions: frozen(node.actionsMut().drain()),
  });

  it('a Node handles a cloned AppendEntriesCall exactly like the original (conflict, config, commit)', () => {
    const followerLog = list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, T(3), CMD);
    const fresh = (): Node => {
      const node = Node.restart(id(2), t(3), id(1), new Log(ClusterConfig.EMPTY, followerLog));
      node.actionsMut().drain();
      return node;
    };
    const call: AppendEntriesCall = {
      kind: 'AppendEntriesCall',
      from: id(0),
      term: t(4),
      seqno: seq(5),
      commitIndex: ix(5),
      entries: list(pos(1, 2), CMD, CMD, T(4), { kind: 'ClusterConfig', config: jointCfg }, CMD),
    };
    const callJson = frozen(call);
    const original = fresh();
    original.handleMessage(call);
    const expected = outcome(original);
    expect(expected.log).toEqual(frozen(list(LogPosition.ZERO, CFG(0, 1, 2), T(1), CMD, CMD, T(4), { kind: 'ClusterConfig', config: jointCfg }, CMD)));
    expect(expected.commit).toBe(5);
    expect(expected.leaderId).toBe(0);
    expect(frozen(call), 'the node mutated the message').toEqual(callJson);
    for (const clone of [structuredClone(call), JSON.parse(JSON.stringify(call)) as AppendEntriesCall]) {
      const node = fresh();
      node.handleMessage(clone);
      expect(outcome(node)).toEqual(expected);
    }
  });

  it('a follower handles a cloned catch-up call from a real leader exactly like the original', () => {
    const c = TestCluster.created([0, 1, 2]);
    c.cut(0, 2);
    for (let k = 0; k < 3; k++) c.run(0, (n) => n.proposeCommand());
    c.run(0, (n) => n.proposeConfig(ClusterConfig.of({ voters: [id(0), id(1), id(2)], nonVoters: [id(4)] })));
    c.deliverAll();
    c.heal();
    c.run(0, (n) => n.heartbeat());
    // Node 2 answers the heartbeat from its stale position; the leader's reply handling queues a
    // catch-up call carrying every missing entry.
    const hb = c.take((e) => e.to === 2);
    expect(hb).toHaveLength(1);
    c.deliver(hb[0] as (typeof hb)[number]);
    const replies = c.take((e) => e.from === 2 && e.to === 0);
    for (const r of replies) c.deliver(r);
    const catchUp = c.take((e) => e.to === 2 && e.message.kind === 'AppendEntriesCall');
    expect(catchUp).toHaveLength(1);
    const call = (catchUp[0] as (typeof catchUp)[number]).message as AppendEntriesCall;
    expect(LogEntries.len(call.entries)).toBe(4);

    const base = frozen({ term: c.node(2).currentTerm(), votedFor: c.node(2).votedFor(), entries: c.node(2).log().entries() });
    const fresh = (): Node => {
      const node = Node.restart(id(2), t(base.term), base.votedFor, new Log(ClusterConfig.EMPTY, base.entries));
      node.actionsMut().drain();
      return node;
    };
    const original = fresh();
    original.handleMessage(call);
    const expected = outcome(original);
    expect((expected.log as LogEntries).lastPosition).toEqual(c.node(0).log().lastPosition());
    for (const clone of [structuredClone(call), JSON.parse(JSON.stringify(call)) as AppendEntriesCall]) {
      const node = fresh();
      node.handleMessage(clone);
      expect(outcome(node)).toEqual(expected);
    }
    expect(c.checker.violations).toEqual([]);
  });
});
