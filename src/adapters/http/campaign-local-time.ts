// A moment as the campaign's clock read it, for the CSV exports: ISO 8601 with the zone's offset
// then (daylight saving included), beside the UTC timestamp each export keeps for machines. A
// supervisor checking calling hours reads the campaign's hour without converting.

import { DateTime } from 'luxon';

/** `at` on the clock of `zone` as ISO 8601 with its offset, to the second ('' for no moment, and
 * the UTC time for a zone this machine does not know). */
export function campaignLocalIso(at: Date | null | undefined, zone: string): string {
  if (!at) return '';
  const local = DateTime.fromJSDate(at, { zone });
  const shown = local.isValid ? local : DateTime.fromJSDate(at, { zone: 'UTC' });
  return shown.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
