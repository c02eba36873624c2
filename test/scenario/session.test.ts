// The page plays a scenario caption by caption; a script with errors plays nothing.
import { describe, expect, it } from 'vitest';
import { ScenarioSession } from '../../src/scenario/session.js';
import { findPreset } from '../../src/scenario/presets/index.js';

describe('ScenarioSession', () => {
  it('advances from caption to caption, then to the end with every expectation', () => {
    const s = new ScenarioSession(findPreset('first-election')?.text ?? '');
    expect(s.state().nextLine).toBe(6);
    s.nextCaption();
    expect(s.state().caption).toMatch(/^Five servers boot/);
    expect(s.sim?.position).toBe(1);
    s.nextCaption();
    expect(s.state().caption).toMatch(/^The first timer to fire/);
    expect(s.state().marks.map((m) => m.name)).toEqual(['first timeout']);
    s.runToEnd();
    const end = s.state();
    expect(end.done).toBe(true);
    expect(end.nextLine).toBeUndefined();
    expect(end.expectations.map((e) => e.ok)).toEqual([true, true, true, true]);
  });

  it('plays nothing from a script that does not validate', () => {
    const s = new ScenarioSession('nodes 3\ncrash n4');
    expect(s.sim).toBeUndefined();
    expect(s.state().errors.map((e) => e.message)).toEqual(['2:7: there is no node n4: the cluster has n1, n2, n3 (add n4 first)']);
    expect(s.step()).toBe(false);
    expect(s.state().done).toBe(true);
  });
});
