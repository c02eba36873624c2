// src/sim runs unchanged in Node, browsers and workers: it imports only itself and the core, and
// uses no wall clock, timer, randomness, DOM or Node-only API. Comments may mention these; code may not.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src/sim');
// Every .ts file below src/sim, as a path relative to it (the engine, checker, fuzz... folders too).
const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();

function code(file: string): string {
  return readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

const forbidden: [string, RegExp][] = [
  ['Math.random', /\bMath\.random\b/],
  ['Date', /\bDate\b/],
  ['setTimeout/setInterval', /\bset(Timeout|Interval)\b/],
  ['performance', /\bperformance\b/],
  ['window/document', /\b(window|document)\b/],
  ['process', /\bprocess\./],
  ['require', /\brequire\(/],
];

describe('src/sim purity', () => {
  it.each(files)('%s imports only src/sim and src/raft', (file) => {
    const specifiers = [...code(file).matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const s of specifiers) {
      expect(s, `${file} imports ${s}`).toMatch(/^(\.{1,2}\/)+[\w/-]+\.js$/);
      const target = relative(dir, resolve(dirname(join(dir, file)), s as string));
      expect(target.startsWith('..') ? target : 'sim', `${file} imports ${s}`).toMatch(/^(sim|\.\.\/raft\/[\w-]+\.js)$/);
    }
  });

  it.each(files)('%s uses no clock, timer, randomness, DOM or Node API', (file) => {
    const text = code(file);
    for (const [name, pattern] of forbidden) expect(pattern.test(text), `${file} uses ${name}`).toBe(false);
  });
});
