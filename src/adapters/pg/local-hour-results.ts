// A campaign's dials by the hour of day it was where the customer lives: when people answer, which
// is what a campaign manager sets calling hours, callbacks and staffing by. The database counts
// dials per time zone and quarter hour (a quarter hour, so that zones half or three quarters of an
// hour off UTC fall in the right local hour); the zone's clock, daylight saving included, is read
// here with the same zone rules that decide when a lead may be called. Dials, connected calls and
// answers are as counted-calls.ts defines them, by when the call was dialled. Abandonment in each
// hour is counted as the campaign's regime counts the headline's (countedAbandonment), by when the
// call was answered (abandonEventsSql): UK and strict add the machine verdicts estimated to be
// people, so the hours add up to the headline's counted figures, at a period's edges too (a call
// dialled at 09:59:58 and answered at 10:00:03 is abandoned at 10:00 in both).

import { DateTime } from 'luxon';
import { countedAbandonment, type AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { abandonEventsSql } from './abandon-history.js';
import { dialTimeSql } from './attempt-dialled.js';
import { ratioOrNull, type TimeRange } from './campaign-stats.js';
import { connectedSql, dialledInPeriodSql, dialledSql, personAnsweredSql } from './counted-calls.js';
import type { Queryable } from './pool.js';

export interface LocalHourResults {
  /** Hour of day on the customer's clock, 0-23. */
  hour: number;
  dials: number;
  /** Dials a person answered, those the agents dialled themselves included. */
  liveAnswers: number;
  connected: number;
  /** Live answers abandoned in this hour, by when they were answered, as the headline counts them. */
  abandoned: number;
  /** Answers an AMD verdict gave to a machine in this hour, by when they were answered. */
  machineAnswers: number;
  /** Connected over dials, null without dials. */
  contactRate: number | null;
  /** Abandoned over the live answers the dialler took in this hour (a call an agent dialled is
   * never abandoned), as the campaign's regime counts both (UK and strict add the estimated AMD false
   * positives to each, as the headline does), null without any. */
  abandonRate: number | null;
}

/** The campaign's abandonment regime, which the hours count by as the headline does. */
export interface LocalHourCampaign {
  regime: AbandonRegime;
  amdFalsePositiveRate: number;
}

interface ZoneQuarter {
  lead_zone: string | null;
  campaign_zone: string;
  quarter: Date;
}

interface QuarterRow extends ZoneQuarter {
  dials: number;
  live: number;
  connected: number;
}

interface AnswerQuarterRow extends ZoneQuarter {
  dialler_live: number;
  abandoned: number;
  machine: number;
}

async function dialsByZoneAndQuarter(db: Queryable, range: TimeRange): Promise<QuarterRow[]> {
  const result = await db.query<QuarterRow>(
    `SELECT l.timezone AS lead_zone, c.timezone AS campaign_zone,
       date_bin('15 minutes', ${dialTimeSql('a')}, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS quarter,
       count(*)::int AS dials, count(*) FILTER (WHERE ${personAnsweredSql('a')})::int AS live,
       count(*) FILTER (WHERE ${connectedSql('a')})::int AS connected
     FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN campaigns c ON c.id = a.campaign_id
     WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND ${dialledSql('a')}
     GROUP BY 1, 2, 3`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

/** The terms of the abandonment rate by zone and quarter hour of their answer, as the headline reads them. */
async function answersByZoneAndQuarter(db: Queryable, range: TimeRange): Promise<AnswerQuarterRow[]> {
  const result = await db.query<AnswerQuarterRow>(
    `WITH events AS (${abandonEventsSql({ campaign: '$1', from: '$2', to: '$3', withMachines: 'true', carry: ', lead_id' })})
     SELECT l.timezone AS lead_zone, c.timezone AS campaign_zone,
       date_bin('15 minutes', e.at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS quarter,
       count(*) FILTER (WHERE e.live)::int AS dialler_live, count(*) FILTER (WHERE e.abandoned)::int AS abandoned,
       count(*) FILTER (WHERE e.machine)::int AS machine
     FROM events e JOIN leads l ON l.id = e.lead_id JOIN campaigns c ON c.id = $1
     GROUP BY 1, 2, 3`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

/** The hour on the lead's clock (the campaign's when the lead has no zone this machine knows). */
function localHour(row: ZoneQuarter): number {
  for (const zone of [row.lead_zone, row.campaign_zone, 'UTC']) {
    if (zone === null) continue;
    const local = DateTime.fromJSDate(row.quarter, { zone });
    if (local.isValid) return local.hour;
  }
  return row.quarter.getUTCHours();
}

/** Every hour of the day, those without dials at zero. */
export async function resultsByLocalHour(db: Queryable, range: TimeRange, campaign: LocalHourCampaign): Promise<LocalHourResults[]> {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, dials: 0, liveAnswers: 0, dialler: 0, connected: 0, abandoned: 0, machineAnswers: 0 }));
  const [dials, answers] = await Promise.all([dialsByZoneAndQuarter(db, range), answersByZoneAndQuarter(db, range)]);
  for (const row of dials) {
    const bucket = hours[localHour(row)];
    if (!bucket) continue;
    bucket.dials += row.dials;
    bucket.liveAnswers += row.live;
    bucket.connected += row.connected;
  }
  for (const row of answers) {
    const bucket = hours[localHour(row)];
    if (!bucket) continue;
    bucket.dialler += row.dialler_live;
    bucket.abandoned += row.abandoned;
    bucket.machineAnswers += row.machine;
  }
  return hours.map(({ dialler, ...h }) => {
    const counted = countedAbandonment(campaign.regime, { liveAnswers: dialler, abandoned: h.abandoned, machineAnswers: h.machineAnswers }, campaign.amdFalsePositiveRate);
    return {
      ...h,
      contactRate: ratioOrNull(h.connected, h.dials),
      abandonRate: ratioOrNull(counted.countedAbandoned, counted.countedLiveAnswers),
    };
  });
}
