// How many workers run the test files: TEST_SERVICE_WORKERS of them (2 unless set), shared by both
// projects. Most of the service-backed files' time is spent waiting on calls, timers and pages, not
// on the CPU. Vitest runs projects whose worker counts differ one after the other, not side by
// side, so the projects do not get counts of their own: on one pool of workers the pure files go
// first (vitest takes the projects in order of name), then the service-backed ones. Every worker
// has a database and a Redis index of its own (test-slots.ts).

export function serviceWorkerCount(): number {
  const raw = process.env.TEST_SERVICE_WORKERS;
  const count = raw === undefined || raw === '' ? 2 : Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new Error(`TEST_SERVICE_WORKERS must be a whole number of 1 or more, not "${raw}"`);
  return count;
}

export function testWorkerCount(): number {
  return serviceWorkerCount();
}
