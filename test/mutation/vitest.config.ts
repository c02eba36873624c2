// Vitest configuration for mutation testing only (`npm run test:mutation`): the core's own tests,
// without purity.test.ts (Stryker's instrumentation puts `globalThis` into src/raft) and without the
// two randomized campaigns (≈ 11 extra kills for ≈ 37 extra minutes).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/raft/**/*.test.ts'],
    exclude: ['test/raft/purity.test.ts', 'test/raft/random-scenario.test.ts', 'test/raft/safety-random.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
