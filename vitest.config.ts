import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests spawn the built binary; a slow machine must not turn them red.
    testTimeout: 30_000,
  },
});
