// Whether an attempt rang anyone. One refused by the last check (`blocked`) or closed before its
// dial was sent (`cancelled` or `failed` with no originate: a preview skipped, a lease not dialled,
// a number already in a call, a dial hung up while it waited for an originate slot, telephony
// down) did not; a call withdrawn while it was being dialled or rang did, and so did one the PBX
// or the carrier refused. Caps on dials (a lead's, a number's, a day's) count only attempts that rang.

/** In TypeScript, from the attempt's outcome and when its originate was sent. */
export function attemptWasDialled(outcome: string, originatedAt: Date | null): boolean {
  return !(outcome === 'blocked' || ((outcome === 'cancelled' || outcome === 'failed') && originatedAt === null));
}

/** The same in SQL for attempts aliased `a` (an open attempt counts: it is being dialled); a person
 * calling back, put through to an agent (`inbound`), is no dial. */
export const wasDialledSql = (a: string): string =>
  `${a}.direction = 'outbound' AND NOT (${a}.outcome IS NOT NULL AND (${a}.outcome = 'blocked' OR (${a}.outcome IN ('cancelled', 'failed') AND ${a}.originated_at IS NULL)))`;

/** Longest an attempt may wait between its lease and its dial: the last check refuses an older
 * one (a preview left open), so a dial of the last day was leased within the last two. */
export const attemptDialMaxAgeMs = 24 * 3_600_000;

/** The day caps' window. */
const DAY_MS = 24 * 3_600_000;

/** SQL: when attempt `a` rang, for the day caps: its originate, or its lease while it has none
 * (being dialled now). */
export const dialTimeSql = (a: string): string => `coalesce(${a}.originated_at, ${a}.created_at)`;

/** SQL: attempt `a` rang within the 24 hours before `now` (a parameter). The lease-time bound (a
 * day more than the oldest lease the last check lets dial) lets the indexes on (lead, created_at)
 * and (number, created_at) find them. */
export const dialledInLastDaySql = (a: string, now: string): string =>
  `${a}.created_at > ${now}::timestamptz - interval '${(DAY_MS + attemptDialMaxAgeMs) / 1000} seconds'`
  + ` AND ${dialTimeSql(a)} > ${now}::timestamptz - interval '${DAY_MS / 1000} seconds' AND ${wasDialledSql(a)}`;
