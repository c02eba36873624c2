// src/raft must stay an I/O-free, deterministic library: no imports from outside itself, no DOM,
// timers, clocks or randomness. Comments may mention these words; code may not.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src/raft');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

function code(file: string): string {
  const text = readFileSync(join(dir, file), 'utf8');
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

const forbidden: [string, RegExp][] = [
  ['Math.random', /\bMath\.random\b/],
  ['Date', /\bDate\b/],
  ['setTimeout', /\bsetTimeout\b/],
  ['setInterval', /\bsetInterval\b/],
  ['queueMicrotask', /\bqueueMicrotask\b/],
  ['performance', /\bperformance\b/],
  ['window', /\bwindow\b/],
  ['document', /\bdocument\b/],
  ['globalThis', /\bglobalThis\b/],
  ['process', /\bprocess\./],
  ['require', /\brequire\(/],
  ['crypto', /\bcrypto\b/],
  ['Promise', /\bnew Promise\b|\basync\b|\bawait\b/],
];

describe('src/raft purity', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('%s imports only modules of src/raft', (file) => {
    const specifiers = [...code(file).matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+\.js$/);
  });

  it.each(files)('%s uses no DOM, timer, clock or randomness', (file) => {
    const text = code(file);
    for (const [name, pattern] of forbidden) expect(pattern.test(text), `${file} uses ${name}`).toBe(false);
  });

  it('the checker itself catches a forbidden use', () => {
    expect(forbidden.some(([, p]) => p.test('const x = Math.random();'))).toBe(true);
    expect(forbidden.some(([, p]) => p.test('// Math.random() in a comment'.replace(/\/\/.*$/, '')))).toBe(false);
  });
});
