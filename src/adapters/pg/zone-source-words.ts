// Where an import took a lead's zone from when the row's zone column named none it knows, in the
// words a campaign manager reads rather than the source's stored name (`postal_code`): the English
// of the import's report; a page words the source by its locale's `lists.zoneSource.<source>`.

import type { TimeZoneSource } from '../../core/compliance/lead-time-zone.js';

/** The sources a lead's zone is taken from in place of a zone column's. */
export type ZoneSourceInstead = Exclude<TimeZoneSource, 'explicit'>;

const words: Readonly<Record<ZoneSourceInstead, string>> = {
  postal_code: "the lead's postal code",
  area_code: "the area code of the lead's number",
  region: "the country of the lead's number",
  campaign_default: "the campaign's zone",
};

export const zoneSourcesInstead = Object.keys(words) as ZoneSourceInstead[];

/** The source in words: "the lead's postal code". */
export const zoneSourceWords = (source: ZoneSourceInstead): string => words[source];
