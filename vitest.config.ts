import { defineConfig } from 'vitest/config';

// One run covers unit, HTTP and contract tests. Forks, not threads: the Pact core is a native addon.
// Results also go to test-results/vitest.json, which .ci/run reads for its summary line. The run has a temporary
// folder of its own and fails when a test leaves anything in it (test/helpers/temp-check.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contracts/**/*.test.ts', 'scenarios/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/helpers/temp-check.ts', 'test/helpers/reference-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
});
