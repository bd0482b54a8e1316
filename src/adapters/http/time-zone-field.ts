// A time zone in an API body: an IANA zone by its region. Abbreviations the platform also takes
// ("EST", "MST", "HST") are fixed offsets with no daylight saving, so "EST" would run an hour
// off New York's clocks all summer; others ("AST", "IST", "GMT") name regions other than one
// may mean, or none: they are refused with the zone to give instead.

import { z } from 'zod';
import { isRegionalTimeZone, isValidTimeZone } from '../../core/compliance/local-time.js';
import { zonesOfAbbreviation } from '../../core/compliance/zone-abbreviations.js';

export const timeZoneField = z.string().trim().max(64)
  .refine(isValidTimeZone, { message: 'an IANA time zone such as America/Chicago', abort: true })
  .superRefine((zone, ctx) => {
    const regional = zonesOfAbbreviation(zone);
    if (regional) ctx.addIssue({ code: 'custom', message: `${zone} is an abbreviation, not a region's zone: give ${regional.join(' or ')}` });
    else if (!isRegionalTimeZone(zone)) ctx.addIssue({ code: 'custom', message: `${zone} is not a region's zone: give one by its region, such as Europe/London or Asia/Kolkata` });
  });
