// A campaign's dials by the caller ID they presented: whether people answer the local presence
// numbers more than the campaign's own (the reason to have them), and which number is answered
// least (one that carriers label as spam shows up here first). Dials, connected calls and answers
// are as counted-calls.ts defines them: a preview campaign's answers count too.

import { ratioOrNull, type TimeRange } from './campaign-stats.js';
import { connectedSql, dialledInPeriodSql, dialledSql, personAnsweredSql } from './counted-calls.js';
import type { Queryable } from './pool.js';

export interface CallerIdResults {
  /** As presented, e.g. `"Acme Energy" <+12125550100>`; null for dials made before it was kept,
   * and for a failed dial whose originate was never written (the database was away). */
  callerId: string | null;
  dials: number;
  /** Dials a person answered, those the agents dialled themselves included. */
  liveAnswers: number;
  connected: number;
  /** Live answers over dials. */
  answerRate: number | null;
}

interface CallerIdRow {
  caller_id: string | null;
  dials: number;
  live: number;
  connected: number;
}

export async function resultsByCallerId(db: Queryable, range: TimeRange): Promise<CallerIdResults[]> {
  const result = await db.query<CallerIdRow>(
    `SELECT caller_id, count(*)::int AS dials, count(*) FILTER (WHERE ${personAnsweredSql('a')})::int AS live,
       count(*) FILTER (WHERE ${connectedSql('a')})::int AS connected
     FROM attempts a WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND ${dialledSql('a')}
     GROUP BY 1 ORDER BY 2 DESC, 1`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows.map((row) => ({
    callerId: row.caller_id, dials: row.dials, liveAnswers: row.live, connected: row.connected, answerRate: ratioOrNull(row.live, row.dials),
  }));
}
