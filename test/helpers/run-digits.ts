// Six digits of a test run's own for the North American numbers it calls with: they begin the
// exchange of each, which never starts with 0 or 1 and is no service code (211...911), so each
// number is a valid one (a caller ID or caller that is not one is refused).

/** 200000..999999 from the clock, its first three digits an exchange in use. */
export function runDigits(now = Date.now()): string {
  const digits = 200_000 + (now % 800_000);
  // x11xxx would begin a service code: x12xxx is as much the run's own.
  return String(Math.floor(digits / 1_000) % 100 === 11 ? digits + 1_000 : digits);
}
