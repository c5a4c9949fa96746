// StrykerJS configuration for `npm run mutate` (scripts/mutate/run.mjs sets the scope and the report paths).
// Mutation testing is not part of `npm test`: a full run takes far longer than CI allows.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  // The unit suite loads TypeScript through tsx, exactly as `npm run test:unit` does (.mocharc.json).
  mochaOptions: { config: '.mocharc.json' },
  coverageAnalysis: 'perTest',
  // Instrumented TypeScript would fail `tsc` on purpose-made type errors; tsx does not type-check.
  disableTypeChecks: 'src/**/*.ts',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: process.env.MLLENS_MUTATE_JSON ?? 'reports/mutation/runs/last.json' },
  incremental: true,
  incrementalFile: process.env.MLLENS_MUTATE_INCREMENTAL ?? 'reports/mutation/incremental/last.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The sandbox needs the test fixtures, content and seeds the suite reads.
  ignorePatterns: ['dist', 'out', '.mllens-host', 'reports', '*.vsix'],
};
