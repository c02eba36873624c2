// The checker's citations resolve: every invariant and named check it reports, and every section
// sign the checker and the fuzzer cite, is in docs/invariants.md.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TITLES } from '../../src/sim/checker/format.js';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/invariants.md', root), 'utf8');
// Paths relative to src/sim, e.g. `checker/commit.ts`, `fuzz/run.ts`.
const simFiles = (readdirSync(new URL('src/sim/', root), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
const source = (f: string): string => readFileSync(new URL(`src/sim/${f}`, root), 'utf8');

describe('docs/invariants.md', () => {
  it.each(Object.entries(TITLES))('defines %s (%s)', (id, title) => {
    expect(doc).toContain(`**${id} ${title}`);
  });

  it('names every sub-check the checker reports under its own title', () => {
    const titles = new Set<string>();
    for (const f of simFiles.filter((name) => name.startsWith('checker/'))) {
      for (const m of source(f).matchAll(/title: '([^']+)'/g)) titles.add(m[1] as string);
    }
    expect(titles.size).toBeGreaterThan(0);
    for (const title of titles) {
      const named = /\(([^)]+)\)$/.exec(title)?.[1] ?? title;
      expect(doc.toLowerCase(), title).toContain(`*${named.toLowerCase()}*`);
    }
  });

  it('has every section the checker and the fuzzer cite', () => {
    const cited = new Set<string>();
    for (const f of simFiles.filter((name) => /^(checker|fuzz)\//.test(name))) for (const m of source(f).matchAll(/(?<!Raft |thesis |spec\.md |raftbare-spec\.md )§(\d+)(?![.\d])/g)) cited.add(m[1] as string);
    expect(cited.size).toBeGreaterThan(0);
    for (const n of cited) expect(doc, `§${n}`).toMatch(new RegExp(`^## §${n} `, 'm'));
  });
});
