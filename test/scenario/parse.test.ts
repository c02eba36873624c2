// The scenario language: every command form parses to the action it names, and every mistake
// is reported at line:column with what was expected (and a suggestion for a near miss).
import { describe, expect, it } from 'vitest';
import { parseScenario, validateScenario, type Action } from '../../src/scenario/index.js';

function action(line: string): Action {
  const r = parseScenario(line);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return (r.statements[0] as { action: Action }).action;
}

function errors(text: string): string[] {
  const v = validateScenario(text);
  return v.ok ? [] : v.errors.map((e) => e.message);
}

describe('parsing commands', () => {
  it.each([
    ['nodes 5', { kind: 'nodes', count: 5 }],
    ['seed 7', { kind: 'seed', value: 7 }],
    ['timing heartbeat 50ms election 150ms..300ms latency 5ms..15ms', { kind: 'timing', timing: { heartbeatMs: 50, electionMinMs: 150, electionMaxMs: 300, delayMinMs: 5, delayMaxMs: 15 } }],
    ['storage latency 2ms', { kind: 'timing', timing: { storageLatencyMs: 2 } }],
    ['loss 10%', { kind: 'loss', p: 0.1 }],
    ['duplicate 0.02', { kind: 'duplicate', p: 0.02 }],
    ['mutation commitOldTermByCounting', { kind: 'mutation', name: 'commitOldTermByCounting' }],
    ['guard off', { kind: 'guard', on: false }],
    ['cap entries 1', { kind: 'cap', entries: 1 }],
    ['heal', { kind: 'heal' }],
    ['step', { kind: 'step', count: 1 }],
    ['run 1.5s', { kind: 'run', ms: 1500, absolute: false }],
    ['run until 2s', { kind: 'run', ms: 2000, absolute: true }],
    ['say "Now the \\"leader\\" is cut off"', { kind: 'say', text: 'Now the "leader" is cut off' }],
  ])('%s', (line, expected) => {
    expect(action(line)).toEqual(expected);
  });

  it('reads node selectors: a node, leader, followers, all and a set', () => {
    const a = action('partition {n1 n2} leader followers all n3') as Extract<Action, { kind: 'partition' }>;
    expect(a.groups.map((g) => (g.kind === 'set' ? g.ids : g.kind === 'node' ? g.id : g.kind))).toEqual([[1, 2], 'leader', 'followers', 'all', 3]);
    expect(a.groups.map((g) => g.loc.column)).toEqual([11, 19, 26, 36, 40]);
  });

  it('reads message patterns, cuts and client commands', () => {
    expect(action('hold next AppendEntries n1 -> n2')).toMatchObject({ kind: 'message', action: 'hold', all: false, pattern: { kind: 'AppendEntries', from: { id: 1 }, to: { id: 2 } } });
    expect(action('release all')).toMatchObject({ kind: 'message', action: 'release', all: true, pattern: {} });
    expect(action('drop message 12')).toMatchObject({ kind: 'message', action: 'drop', pattern: { id: 12 } });
    expect(action('duplicate next Vote')).toMatchObject({ kind: 'message', action: 'duplicate', pattern: { kind: 'Vote' } });
    expect(action('cut n1 <-> n2')).toMatchObject({ kind: 'cut', both: true });
    expect(action('client to n2 set x 3   # a comment')).toMatchObject({ kind: 'client', command: 'set x 3', node: { id: 2 }, commandLoc: { column: 14 } });
    expect(action('add nonvoter n6')).toMatchObject({ kind: 'member', change: 'addNonVoter', node: { id: 6 } });
    expect(action('link n1 -> n2 loss 50% latency 5ms..9ms')).toMatchObject({ kind: 'link', fault: { loss: 0.5, delayMinMs: 5, delayMaxMs: 9 } });
  });

  it('reads conditions with an optional within, and after/at prefixes', () => {
    expect(action('wait until leader in {n3 n4} within 2s')).toMatchObject({ kind: 'wait', condition: { kind: 'leader', among: { ids: [3, 4] } }, within: 2000 });
    expect(action('expect not committed 5 on majority')).toMatchObject({ condition: { kind: 'not', condition: { kind: 'committed', index: 5, on: 'majority' } } });
    expect(action('expect term n1 = 4')).toMatchObject({ condition: { kind: 'term', node: { id: 1 }, op: '=', value: 4 } });
    expect(action('expect term >= 3')).toMatchObject({ condition: { kind: 'term', op: '>=', value: 3 } });
    expect(action('expect log n2 = n3')).toMatchObject({ condition: { kind: 'log' } });
    expect(action('expect violation I9')).toMatchObject({ condition: { kind: 'violation', invariant: 'I9' } });
    expect(action('expect role n2 is candidate within 300ms')).toMatchObject({ condition: { kind: 'role', role: 'candidate' }, within: 300 });
    expect(parseScenario('after 200ms crash leader').statements[0]?.when).toMatchObject({ kind: 'after', ms: 200 });
    expect(parseScenario('at 1.5s heal').statements[0]?.when).toMatchObject({ kind: 'at', ms: 1500 });
  });
});

describe('errors', () => {
  it('suggest the near-miss word', () => {
    expect(errors('nodes 3\npartiton {n1} {n2 n3}')).toEqual(['2:1: unknown command "partiton" (did you mean "partition"?)']);
    expect(errors('mutation commitOldTermByCountin')[0]).toMatch(/^1:10: expected a mutation \(.*\), got "commitOldTermByCountin" \(did you mean "commitOldTermByCounting"\?\)$/);
    expect(errors('expect leadr')).toEqual(['1:8: expected a condition (leader, no, term, commit, committed, role, log, value, violation, not), got "leadr" (did you mean "leader"?)']);
  });

  it('say what was expected, where', () => {
    expect(errors('timing heartbeat 50')).toEqual(['1:18: expected a heartbeat period such as 300ms or 1.2s, got "50" (add a unit: 50ms or 50s)']);
    expect(errors('wait until leader within')).toEqual(['1:25: expected a time limit such as 300ms or 1.2s, got the end of the line']);
    expect(errors('crash n1 n2')).toEqual(['1:10: unexpected "n2" at the end of the command']);
    expect(errors('say "open')).toEqual(['1:5: this string has no closing quote (")']);
    expect(errors('run 1.0005s')).toEqual(['1:5: 1.0005s is not a whole number of milliseconds']);
  });

  it('check the script as a whole before anything runs', () => {
    const text = ['nodes 3', 'crash n1', 'seed 4', 'restart n4', 'client to n2 sett x 1', 'at 2s heal', 'at 1s heal', 'nodes 2'].join('\n');
    expect(errors(text)).toEqual([
      '3:1: "seed" is a setup command: put it before the first command that runs the cluster (line 2)',
      '4:9: there is no node n4: the cluster has n1, n2, n3 (add n4 first)',
      '5:14: client command: unknown command "sett": expected set, del, incr or noop',
      '7:1: at 1000ms is earlier than "at 2000ms" on line 6: time only moves forward',
      '8:1: "nodes" is a setup command: put it before the first command that runs the cluster (line 2)',
    ]);
  });

  it('locate parameter errors at the setting', () => {
    expect(errors('nodes 3\ntiming election 300ms..100ms')).toEqual(['2:1: timing.electionMaxMs: expected an integer in [300, 86400000], got 100']);
    expect(errors('nodes 3\nseed 1\nseed 2')).toEqual(['3:1: "seed" is set twice (first on line 2)']);
  });

  it('accept nodes a script adds', () => {
    expect(errors('nodes 3\nwait until leader\nadd n4\ncrash n4')).toEqual([]);
  });
});
