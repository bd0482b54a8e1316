// The advisory locks a test run holds from setup to teardown. A run drops and recreates its
// database and flushes its Redis index, so it must wait for any run that uses either of them,
// not only for one that uses both: each resource has a lock of its own, taken in the same order
// (the database's, then Redis's) by every run, so two runs never wait for each other.

/** The names of the locks, in the order they are taken: the database by its name on the server
 * that holds the locks (127.0.0.1 and localhost are the same one), Redis by host, port and index. */
export function testRunLockNames(databaseUrl: string, redisUrl: string): string[] {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const redis = new URL(redisUrl);
  const index = redis.pathname.slice(1) || '0';
  return [`outpace test database ${database}`, `outpace test redis ${redis.hostname}:${redis.port || '6379'}/${index}`];
}
