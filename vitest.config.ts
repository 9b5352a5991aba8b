import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One temporary folder for the run, removed at its end (tests/support/scratch-root.ts); a
    // throwaway PostgreSQL server for the PostgreSQL tests (tests/support/postgres.ts).
    globalSetup: ['tests/support/scratch-root.ts', 'tests/support/postgres.ts'],
    // End-to-end tests spawn the built binary; a slow machine must not turn them red.
    testTimeout: 30_000,
  },
});
