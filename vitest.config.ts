import { defineConfig } from 'vitest/config';

// Tests run against a real Postgres that tests/setup/database.ts starts once
// (or TEST_DATABASE_URL). Files run in parallel; each test makes its own tenant.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/database.ts'],
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
