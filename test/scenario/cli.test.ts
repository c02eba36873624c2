// `npm run scenario`: the command line runs a scenario headless and says how it went by its exit
// status: 0 all expectations hold, 1 one failed, 2 the script does not validate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/scenario/presets/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'raftlab-scenario-'));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/scenario.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run scenario', () => {
  it('exits 0 and prints the explained run, the expectations and the trace hash when all hold', () => {
    const r = cli(file('ok.raft', 'nodes 3\nseed 2\nwait until leader within 1s\nexpect term >= 1\n'), '--trace', join(dir, 'ok.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('timed out and starts an election for term 1');
    expect(r.stdout).toMatch(/ok +4:1 expect term >= 1 — highest term 1/);
    expect(r.stdout).toMatch(/trace hash: [0-9a-f]{16} \(\d+ events, \d+ms\)/);
    const hash = /trace hash: ([0-9a-f]{16})/.exec(r.stdout)?.[1];
    expect(JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8')).hash).toBe(hash);
  });

  it('exits 1 on a failed expectation, printing its line, what it saw and the trace tail', () => {
    const r = cli(file('fail.raft', 'nodes 3\nwait until leader within 1s\nexpect no leader\n'), '--quiet');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('3:1: expectation failed: expect no leader');
    expect(r.stdout).toMatch(/saw: n\d leads term 1/);
    expect(r.stdout).toContain('--- trace tail ---');
  });

  it('exits 2 on a script that does not validate, with every error at line:column', () => {
    const r = cli(file('bad.raft', 'nodes 3\npartiton {n1} {n2 n3}\ncrash n4\n'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.raft:2:1: unknown command "partiton" (did you mean "partition"?)');
    expect(r.stderr).toContain('bad.raft:3:7: there is no node n4');
    expect(r.stdout).toBe('');
  });

  it('runs a preset by name and lists the presets one a line', () => {
    expect(cli('--list').stdout.trim().split('\n')).toEqual(PRESETS.map((p) => p.name));
    const r = cli('persistence-mutated', '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('expect violation I1');
  });

  it('exits 2 on a usage error or a missing file', () => {
    expect(cli().status).toBe(2);
    expect(cli('--bogus', 'x').status).toBe(2);
    const missing = cli(join(dir, 'nope.raft'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no file or preset named');
  });
});
