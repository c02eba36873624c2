import { describe, expect, it } from 'vitest';
import { applyKv, parseKv, type KvCommand, type KvState } from '../../src/sim/index.js';

const run = (...commands: string[]): KvState => commands.reduce<KvState>((s, c) => applyKv(s, parseKv(c) as KvCommand), []);

describe('key-value state machine', () => {
  it('keeps pairs sorted by key whatever order they are set in, one pair per key', () => {
    expect(run('set m 1', 'set c 2', 'set x 3', 'set a 4', 'set m 5')).toEqual([['a', '4'], ['c', '2'], ['m', '5'], ['x', '3']]);
  });

  it('deletes, increments, and leaves the input state unchanged', () => {
    const before = run('set b 1', 'set a 7');
    const after = applyKv(before, parseKv('del a') as KvCommand);
    expect(after).toEqual([['b', '1']]);
    expect(before).toEqual([['a', '7'], ['b', '1']]);
    expect(applyKv(after, parseKv('del zz') as KvCommand)).toEqual([['b', '1']]);
    expect(run('incr n', 'incr n', 'set k v', 'incr k')).toEqual([['k', '1'], ['n', '2']]);
    expect(applyKv(before, { op: 'noop' })).toBe(before);
  });
});
