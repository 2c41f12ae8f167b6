import { defineConfig } from 'vitest/config';

// Tests whose outcome depends on how Sheets stores a leading apostrophe in a plain-text cell
// (undocumented): they run a second time with the runtime keeping it as a literal character.
const APOSTROPHE_SENSITIVE = ['test/bundle.test.ts', 'test/canary.test.ts', 'test/runtime.test.ts', 'test/limits.test.ts', 'test/pull.addon.test.ts', 'test/gate.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    globalSetup: ['test/globalSetup.ts'],
    // the JSON report lets .ci/run print a plain "N passed, N failed" closing line
    reporters: ['default', ['json', { outputFile: 'build/test-results.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/core/**/*.ts'],
      reporter: ['text-summary', ['json-summary', { file: 'coverage-summary.json' }]],
      reportsDirectory: 'build/coverage',
      reportOnFailure: true,
      // a floor a little under what the suite measures (see README, Tests); raise it, never lower it
      thresholds: { 'src/core/**': { statements: 95, branches: 90, functions: 97, lines: 97 } },
    },
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'apostrophe-literal', include: APOSTROPHE_SENSITIVE, env: { CRG_APOSTROPHE: 'literal' } } },
    ],
  },
});
