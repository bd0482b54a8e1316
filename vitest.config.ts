import { defineConfig } from 'vitest/config';
import { testWorkerCount } from './test/test-workers.js';

// One suite in two projects on one pool of workers (test/test-workers.ts):
// - "pure": unit tests next to the code (src/**/*.test.ts) and the checks of the sources
//   themselves (types, lint, docs). They touch no database. The planner's and the simulator's tests
//   are heavy on the CPU, hence their longer time limit.
// - "services": tests against real Postgres, Redis, the simulated PBX and Chromium. Their files run
//   side by side, each worker on a database and Redis index of its own (test/helpers/test-slots.ts);
//   the files on one worker run one at a time.
// Neither project sets its own maxWorkers: vitest runs projects whose counts differ one after the
// other, which left the pure files to a single worker after all the service-backed ones.
// Files share their worker's module cache (isolate: false): each service-backed file imported the
// whole node afresh, a fifth of the suite's time. Nothing of the node is kept in module state
// between starts (metrics, leases and clients belong to each node), so a file sees no other's.
const pure = ['src/**/*.test.ts', 'test/typecheck.test.ts', 'test/lint-boundaries.test.ts', 'test/docs/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is short for a page or a node on a busy machine; a poll
    // that needs longer says so.
    expect: { poll: { timeout: 5_000 } },
    maxWorkers: testWorkerCount(),
    isolate: false,
    projects: [
      { extends: true, test: { name: 'pure', include: pure, testTimeout: 120_000 } },
      { extends: true, test: { name: 'services', include: ['test/**/*.test.ts'], exclude: pure, globalSetup: ['test/global-setup.ts'], setupFiles: ['test/worker-services.ts'] } },
    ],
  },
});
