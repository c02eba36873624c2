/**
 * The layers of DEVELOPERS.md, enforced: embed -> view -> store -> scenario -> sim -> raft. A module
 * imports only its own layer or the layers below it, and code outside src/sim reaches the simulator
 * only through its door (src/sim/index.ts, plus the fuzzer's own entry for the command line).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');
/** Lower rank = lower layer. Entry points (main.tsx, cli) sit above everything. */
const RANK: Readonly<Record<string, number>> = { raft: 0, sim: 1, scenario: 2, store: 3, view: 4, embed: 5, cli: 6, entry: 6 };
const SIM_DOORS = new Set(['src/sim/index.ts', 'src/sim/fuzz/index.ts']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function layerOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? 'entry' : (rel[0] as string);
}

/** Every relative import of `file`, resolved to a repository path (.js specifiers name .ts/.tsx files). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"?]+)/g)].map((m) => m[1] as string);
  return specs.map((spec) => {
    const target = resolve(dirname(file), spec);
    const ts = target.replace(/\.js$/, '.ts');
    const tsx = target.replace(/\.js$/, '.tsx');
    const found = [ts, tsx, target].find((p) => { try { return statSync(p).isFile(); } catch { return false; } });
    return relative(ROOT, found ?? ts);
  });
}

const files = walk(SRC);

describe('layers', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('every import points down the layers (embed -> view -> store -> scenario -> sim -> raft)', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        if (!target.startsWith('src/')) continue;
        const to = layerOf(join(ROOT, target));
        if ((RANK[to] ?? 99) > (RANK[from] ?? -1)) wrong.push(`${relative(ROOT, file)} imports ${target} (${from} -> ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('outside src/sim, the simulator is reached only through its index', () => {
    const wrong: string[] = [];
    for (const file of files) {
      if (layerOf(file) === 'sim') continue;
      for (const target of importsOf(file)) {
        if (target.startsWith('src/sim/') && !SIM_DOORS.has(target)) wrong.push(`${relative(ROOT, file)} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the rule catches a wrong import (self-check on a synthetic case)', () => {
    expect((RANK['raft'] ?? 0) < (RANK['view'] ?? 0)).toBe(true);
    expect(layerOf(join(SRC, 'raft', 'node.ts'))).toBe('raft');
    expect(layerOf(join(SRC, 'main.tsx'))).toBe('entry');
  });
});
