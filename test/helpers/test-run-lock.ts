// The advisory locks a test run holds from setup to teardown. A run drops and recreates its
// databases and flushes its Redis indexes, so it must wait for any run that uses one of them,
// not only for one that uses them all: each resource has a lock of its own, taken in the same
// order by every run (databases by name, then Redis indexes from the highest), so two runs never
// wait for each other.

import { databaseName, redisIndex, type TestSlot } from './test-slots.js';

/** The names of the locks, in the order they are taken: a database by its name on the server that
 * holds the locks (127.0.0.1 and localhost are the same one), Redis by host, port and index. */
export function testRunLockNames(templateDatabaseUrl: string, slots: readonly TestSlot[]): string[] {
  const databases = [templateDatabaseUrl, ...slots.map((slot) => slot.databaseUrl)].map(databaseName).sort();
  const indexes = [...new Set(slots.map((slot) => slot.redisUrl))]
    .sort((a, b) => redisIndex(b) - redisIndex(a))
    .map((url) => {
      const redis = new URL(url);
      return `outpace test redis ${redis.hostname}:${redis.port || '6379'}/${redisIndex(url)}`;
    });
  return [...new Set(databases)].map((name) => `outpace test database ${name}`).concat(indexes);
}
