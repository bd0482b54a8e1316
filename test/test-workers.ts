// How many workers run the test files: the service-backed files on TEST_SERVICE_WORKERS of them
// side by side (2 unless set; most of their time is spent waiting on calls, timers and pages, not
// on the CPU), beside one worker for the pure project. Vitest numbers its workers across both
// projects, so every worker has a database and a Redis index of its own (test-slots.ts).

export function serviceWorkerCount(): number {
  const raw = process.env.TEST_SERVICE_WORKERS;
  const count = raw === undefined || raw === '' ? 2 : Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new Error(`TEST_SERVICE_WORKERS must be a whole number of 1 or more, not "${raw}"`);
  return count;
}

export function testWorkerCount(): number {
  return serviceWorkerCount() + 1;
}
