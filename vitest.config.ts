import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the built binary; a slow machine must not turn them red.
const testTimeout = 30_000;

export default defineConfig({
  test: {
    // One temporary folder for the run, removed at its end (tests/support/scratch-root.ts); a
    // throwaway PostgreSQL server for the PostgreSQL tests (tests/support/postgres.ts). Set up once
    // for the run, here: every project below sees what they provide.
    globalSetup: ['tests/support/scratch-root.ts', 'tests/support/postgres.ts'],
    projects: [
      { test: { name: 'sqlite', include: ['tests/**/*.test.ts'], testTimeout } },
      // The command tests again, each on a PostgreSQL database of its own (tests/support/harness.ts),
      // and the end-to-end tests of the work with the ledger, not of its file (tests/support/e2e-database.ts).
      {
        test: {
          name: 'postgres',
          include: ['tests/commands/**/*.test.ts', 'tests/e2e/{story,overdue,desk}.test.ts'],
          provide: { backend: 'postgres' },
          testTimeout,
        },
      },
    ],
  },
});
