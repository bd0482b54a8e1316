// The databases and Redis indexes of a test run's workers. The service-backed test files run side
// by side on several workers; every test empties the tables it uses and flushes its Redis index,
// which would wipe a neighbour's data, so each worker has a database and an index of its own:
// worker k (vitest's VITEST_POOL_ID, 1..N) the database `<name>_<k>`, copied from the migrated
// `<name>`, and the Redis index `<index> - (k - 1)`, counting down from the one the run is given.

export interface TestSlot {
  databaseUrl: string;
  redisUrl: string;
}

export function testSlots(databaseUrl: string, redisUrl: string, count: number): TestSlot[] {
  const index = redisIndex(redisUrl);
  if (index - (count - 1) < 0) {
    throw new Error(`TEST_REDIS_URL names Redis index ${index}, and ${count} test workers count down from it: give an index of ${count - 1} or more`);
  }
  return Array.from({ length: count }, (_, k) => ({
    databaseUrl: withPath(databaseUrl, `${databaseName(databaseUrl)}_${k + 1}`),
    redisUrl: withPath(redisUrl, String(index - k)),
  }));
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

export function redisIndex(redisUrl: string): number {
  return Number(new URL(redisUrl).pathname.slice(1) || '0');
}

function withPath(url: string, path: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${path}`;
  return parsed.toString();
}
