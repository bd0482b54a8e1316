// Report queries for a campaign: outcomes, dials, dispositions, abandonment, leads remaining.

import { countedAbandonment, regimeRules, type AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { abandonHistory } from './abandon-history.js';
import { connectedSql, dialledInPeriodSql, dialledSql } from './counted-calls.js';
import { leadFilterParam, passesLeadFilter } from './lead-filter-sql.js';
import { workableLeadStatuses } from './lead-repository.js';
import { jurisdictionHoursOpen } from './jurisdiction-hours-sql.js';
import { underLeadCap } from './lead-cap-sql.js';
import { planSelection } from './lead-selection.js';
import type { Queryable } from './pool.js';

export interface TimeRange {
  campaignId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** `part` over `whole`, null when there is no whole to share. */
export const ratioOrNull = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Attempts of the range (by dial time, see dialledInPeriodSql), counted by outcome (`open`: not ended). */
export async function attemptCountsByOutcome(db: Queryable, range: TimeRange): Promise<Record<string, number>> {
  const result = await db.query<{ outcome: string; n: number }>(
    `SELECT coalesce(a.outcome, 'open') AS outcome, count(*)::int AS n FROM attempts a
     WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return Object.fromEntries(result.rows.map((row) => [row.outcome, row.n]));
}

/** Dials of the range (by dial time) and those of them put through to an agent, counted as the results
 * count them (counted-calls.ts): the contact rate's two terms. */
export async function dialsAndConnected(db: Queryable, range: TimeRange): Promise<{ dials: number; connected: number }> {
  const result = await db.query<{ dials: number; connected: number }>(
    `SELECT count(*)::int AS dials, count(*) FILTER (WHERE ${connectedSql('a')})::int AS connected FROM attempts a
     WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND ${dialledSql('a')}`,
    [range.campaignId, range.from, range.to],
  );
  return { dials: result.rows[0]?.dials ?? 0, connected: result.rows[0]?.connected ?? 0 };
}

export async function dispositionCounts(db: Queryable, range: TimeRange): Promise<Record<string, number>> {
  const result = await db.query<{ code: string; n: number }>(
    `SELECT code, count(*)::int AS n FROM dispositions WHERE campaign_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return Object.fromEntries(result.rows.map((row) => [row.code, row.n]));
}

export interface AbandonSummary {
  /** Calls answered by a person (live_at set, and not found to reach no person) in the range. */
  liveAnswers: number;
  abandoned: number;
  /** abandoned / liveAnswers, 0 without live answers. */
  rate: number;
}

/** Abandonment over live answers in [from, to), the US definition's denominator. */
export async function abandonSummary(db: Queryable, range: TimeRange): Promise<AbandonSummary> {
  const result = await db.query<{ live: number; abandoned: number }>(
    `SELECT count(*)::int AS live, count(*) FILTER (WHERE abandoned)::int AS abandoned FROM attempts
     WHERE campaign_id = $1 AND live_at >= $2 AND live_at < $3 AND NOT no_person`,
    [range.campaignId, range.from, range.to],
  );
  const live = result.rows[0]?.live ?? 0;
  const abandoned = result.rows[0]?.abandoned ?? 0;
  return { liveAnswers: live, abandoned, rate: live === 0 ? 0 : abandoned / live };
}

export interface RegimeAbandonSummary extends AbandonSummary {
  regime: AbandonRegime;
  /** Answers an AMD verdict gave to a machine, in the range by their answer time. */
  machineAnswers: number;
  /** Abandons and live answers as the regime counts them (UK and strict add the estimated AMD
   * false positives to both); `rate` is their ratio, as the compliance page and the pacer have it. */
  countedAbandoned: number;
  countedLiveAnswers: number;
  /** The AMD false-positive rate the count used, when the regime counts them. */
  amdFalsePositiveRate: number | null;
}

/** Abandonment over [from, to) as the campaign's regime defines it: the live answers and abandons of
 * abandonSummary, with the machine answers (counted at their answer time, as the regime window
 * counts them) estimated to be people where the regime says so. Read as the pacer's ledger is
 * seeded (abandonHistory), in one stretch: machine answers through the dials of the range. */
export async function regimeAbandonSummary(
  db: Queryable, range: TimeRange, campaign: { regime: AbandonRegime; amdFalsePositiveRate: number },
): Promise<RegimeAbandonSummary> {
  const width = Math.max(1, range.to.getTime() - range.from.getTime());
  const stretches = await abandonHistory(db, {
    campaignId: range.campaignId, from: range.from, to: range.to, bucketMs: width, fineFrom: range.to, fineBucketMs: width, withMachines: true,
  });
  const total = (key: 'live' | 'abandoned' | 'machine'): number => stretches.reduce((sum, stretch) => sum + stretch[key], 0);
  const plain = { liveAnswers: total('live'), abandoned: total('abandoned') };
  const machineAnswers = total('machine');
  const counted = countedAbandonment(campaign.regime, { ...plain, machineAnswers }, campaign.amdFalsePositiveRate);
  return {
    ...plain, ...counted, regime: campaign.regime, machineAnswers,
    amdFalsePositiveRate: regimeRules[campaign.regime].countsAmdFalsePositives ? campaign.amdFalsePositiveRate : null,
  };
}

export interface LeadsRemaining {
  /** Leads that will be dialled again (new, retry, callback, scheduled) on lists the campaign dials
   * (active, with a share of the mix), that the campaign's lead filter lets through and that are
   * under its dials-per-lead cap (a callback whatever its count). */
  workable: number;
  /** Of those, due now, not leased, and in their calling window now (in each of their zones). */
  dueNow: number;
  leased: number;
  byStatus: Record<string, number>;
}

/** What is left to dial, as selection would find it: a lead of a list switched off or given no
 * share, one at its dials-per-lead cap, or one waiting for its calling hours, is not dialled now,
 * and the gauges and the nothing-to-dial alert must not count it. The caps that need a lead's
 * phones or its last day of dials are left to selection, so the count stays one pass over the rows. */
export async function leadsRemaining(db: Queryable, campaignId: string, now: Date): Promise<LeadsRemaining> {
  const plan = await planSelection(db, campaignId, now);
  const dialled = `l.list_id = ANY($4::bigint[]) AND ${passesLeadFilter('$3')} AND ${underLeadCap('$8')}`;
  const result = await db.query<{ status: string; n: number; passing: number; due: number; leased: number }>(
    `SELECT l.status, count(*)::int AS n, count(*) FILTER (WHERE ${dialled})::int AS passing,
       count(*) FILTER (WHERE l.status IN ('new', 'retry', 'callback') AND l.next_dial_at <= $2 AND (l.leased_until IS NULL OR l.leased_until < $2)
         AND ${dialled} AND coalesce(l.timezone, $5) = ANY($6::text[]) AND (l.other_time_zones IS NULL OR l.other_time_zones <@ $6::text[])
         AND ${jurisdictionHoursOpen('$5', '$7')})::int AS due,
       count(*) FILTER (WHERE l.leased_until >= $2)::int AS leased
     FROM leads l WHERE l.campaign_id = $1 GROUP BY l.status`,
    [campaignId, now, leadFilterParam(plan.rules.leadFilter), plan.lists.map((list) => list.listId), plan.rules.defaultZone, plan.openZones, plan.shutJurisdictions,
      plan.rules.maxAttemptsPerLead],
  );
  const byStatus: Record<string, number> = {};
  let workable = 0;
  let dueNow = 0;
  let leased = 0;
  for (const row of result.rows) {
    byStatus[row.status] = row.n;
    if ((workableLeadStatuses as readonly string[]).includes(row.status)) workable += row.passing;
    dueNow += row.due;
    leased += row.leased;
  }
  return { workable, dueNow, leased, byStatus };
}
