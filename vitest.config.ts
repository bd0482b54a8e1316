import { defineConfig } from 'vitest/config';

// One suite: unit tests next to the code (src/**/*.test.ts) and service-backed tests in test/.
// Integration tests share one Postgres database and Redis, so files run one at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
