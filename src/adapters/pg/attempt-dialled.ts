// Whether an attempt rang anyone. One refused by the last check (`blocked`) or closed before its
// dial was sent (`cancelled` with no originate: a preview skipped, a lease not dialled, a number
// already in a call) did not; a call withdrawn while it was being dialled or rang did. Caps on
// dials (a lead's, a number's, a day's) count only attempts that rang.

/** In TypeScript, from the attempt's outcome and when its originate was sent. */
export function attemptWasDialled(outcome: string, originatedAt: Date | null): boolean {
  return !(outcome === 'blocked' || (outcome === 'cancelled' && originatedAt === null));
}

/** The same in SQL for attempts aliased `a` (an open attempt counts: it is being dialled). */
export const wasDialledSql = (a: string): string =>
  `NOT (${a}.outcome IS NOT NULL AND (${a}.outcome = 'blocked' OR (${a}.outcome = 'cancelled' AND ${a}.originated_at IS NULL)))`;
