import { defineConfig } from 'vitest/config';

/**
 * Long reliability tests (`npm run soak`): crashes of API and worker processes, a database
 * outage, SIGKILL on the embedded database. Real processes; one file at a time (2 cores).
 */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // The crash soak runs on the PostgreSQL server (the outage soak starts its own).
    env: { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
