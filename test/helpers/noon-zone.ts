// A campaign clock that reads near noon whatever the hour of the run: tests that count "today"
// or "this week" from calls made minutes ago would otherwise lose them across midnight UTC.

const offsetHours = 12 - new Date().getUTCHours();

/** A fixed-offset IANA zone (no daylight saving) whose local time is 12:00-12:59 at load. */
export const noonZone = offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;

/** The hour of the day in `noonZone` at `ms`. */
export const noonZoneHour = (ms: number): number => (new Date(ms).getUTCHours() + offsetHours + 24) % 24;
