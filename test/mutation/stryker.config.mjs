// Mutation testing of the Raft core (`npm run test:mutation`; not part of `npm test` or CI).
// See README, "Mutation testing", for the score and the surviving (equivalent) mutants.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
// Run from the repository root: `npm run test:mutation` (= stryker run test/mutation/stryker.config.mjs).
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  mutate: ['src/raft/**/*.ts'],
  // The machine is shared: one test-runner process.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
