// The period a report covers: `from` and `to` as ISO instants, by default the 24 hours up to now,
// at most 93 days long (the evidence export takes the same default, without the bound).

import { z } from 'zod';
import { ApiError } from '../api-error.js';

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 93 * DAY_MS;

export const reportRangeQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export interface ReportRange {
  from: Date;
  to: Date;
  now: Date;
}

/** The period asked for, defaulted: `to` is now and `from` the 24 hours before `to` when not
 * given. Unchecked: reportRange bounds it for reports, while the evidence export takes any length. */
export function reportPeriod(query: z.infer<typeof reportRangeQuery>, nowMs: number): ReportRange {
  const now = new Date(nowMs);
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  return { from, to, now };
}

export function reportRange(query: z.infer<typeof reportRangeQuery>, nowMs: number): ReportRange {
  const range = reportPeriod(query, nowMs);
  if (range.from >= range.to) throw new ApiError('invalid_request', 'from must be before to');
  if (range.to.getTime() - range.from.getTime() > MAX_RANGE_MS) throw new ApiError('invalid_request', 'the period may span at most 93 days');
  return range;
}
