// Golden data-driven tests (etcd-io/raft style): every file under testdata/ is a list of
// directive blocks with their expected output. UPDATE_GOLDEN=1 rewrites the expectations.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataDriven, rewriteDataDriven } from '../../src/scenario/datadriven.js';
import { PRESETS } from '../../src/scenario/presets/index.js';
import { Driver } from './support/driver.js';

const ROOT = join(import.meta.dirname, 'testdata');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.txt') ? [join(dir, e.name)] : []));
}

describe.each(files(ROOT).map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
  it('matches its expected output block by block', () => {
    let text = readFileSync(file, 'utf8');
    const run = (t: string): string[] => {
      const driver = new Driver();
      return parseDataDriven(t).map((b) => driver.handle(b));
    };
    // Outputs cite line numbers, which move when earlier outputs change length: rewrite until stable.
    for (let pass = 0; UPDATE && pass < 4; pass++) {
      const next = rewriteDataDriven(text, run(text));
      if (next === text) break;
      text = next;
      writeFileSync(file, text);
    }
    const blocks = parseDataDriven(text);
    const outputs = run(text);
    blocks.forEach((b, k) => expect(outputs[k], `${file}:${b.line} ${b.directive} (UPDATE_GOLDEN=1 npm test rewrites)`).toBe(b.expected));
  });
});

it('every preset has a golden file', () => {
  const present = new Set(files(join(ROOT, 'presets')).map((f) => f.replace(/^.*\//, '').replace(/\.txt$/, '')));
  expect(PRESETS.map((p) => p.name).filter((n) => !present.has(n))).toEqual([]);
});
