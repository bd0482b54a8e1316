// The rest after an abandoned call belongs to the call: a number abandoned by a campaign under UK
// rules rests 72 h whichever campaign dials it next, and one abandoned under US rules holds no one
// back. The rest is the one the rules of the campaign that made the call gave when it was abandoned
// (abandonRestMsUnder, kept on the attempt as abandon_rest_ms when it closes): a campaign switched
// from UK to US rules afterwards does not free the numbers it abandoned under UK rules. A call
// abandoned before the rest was kept takes its campaign's rules as they are now. Selection and the
// lead's facts (the explainer, the check before each dial) both read it here, so the two cannot
// drift apart on it.

import { regimeRules, type AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { abandonRestMsUnder, longestAbandonRestMs } from '../../core/compliance/dial-rules-policy.js';
import type { AbandonedCall } from '../../core/compliance/lead-eligibility.js';
import type { Queryable } from './pool.js';

/** The part of a campaign's row its abandoned calls' rest depends on. */
export interface CampaignRestRow {
  regime: AbandonRegime;
  /** settings.callingWindow as stored (UK calling hours rest a number 72 h too). */
  calling_window: unknown;
}

/** SQL: the fields of campaign `alias` that CampaignRestRow reads, as one JSON object. */
const campaignRestJson = (alias: string): string =>
  `json_build_object('regime', ${alias}.regime, 'calling_window', ${alias}.settings->'callingWindow')`;

function abandonRestMsOf(row: CampaignRestRow): number {
  return abandonRestMsUnder({ regime: row.regime, settings: row.calling_window === null || row.calling_window === undefined ? {} : { callingWindow: row.calling_window } });
}

/** The rest an abandoned call of attempt `attemptId` gives its number under the rules its campaign
 * has now (when the call is abandoned), to keep on the attempt; null when there is no such attempt. */
export async function abandonRestMsOfAttempt(db: Queryable, attemptId: string): Promise<number | null> {
  const result = await db.query<CampaignRestRow>(
    `SELECT c.regime, c.settings->'callingWindow' AS calling_window FROM attempts a JOIN campaigns c ON c.id = a.campaign_id WHERE a.id = $1`,
    [attemptId],
  );
  const row = result.rows[0];
  return row === undefined ? null : abandonRestMsOf(row);
}

/** The campaigns whose abandoned calls rest a number, with how long, as selection's parameters:
 * the rest of a call abandoned before it was kept on the attempt. */
export function restingCampaigns(rows: readonly (CampaignRestRow & { id: string })[]): { ids: string[]; restMs: number[] } {
  const resting = rows.map((row) => ({ id: String(row.id), restMs: abandonRestMsOf(row) })).filter((row) => row.restMs > 0);
  return { ids: resting.map((row) => row.id), restMs: resting.map((row) => row.restMs) };
}

/** The regimes whose own rules rest a number after an abandoned call (UK, strict). */
const restingRegimes = Object.entries(regimeRules).filter(([, rules]) => rules.redialAfterAbandonMs > 0).map(([regime]) => `'${regime}'`);

/** SQL: whether campaign `alias`'s abandoned calls can rest a number at all (abandonRestMsUnder): a
 * regime whose rules rest it, or UK calling hours (a stored window naming another regime, or none,
 * falls back to the regime's own hours, which rest only under the UK regime, counted already). The
 * rest itself is still worked out by abandonRestMsUnder: this only leaves out who cannot have one. */
const canRestSql = (alias: string): string =>
  `(${alias}.regime IN (${restingRegimes.join(', ')}) OR ${alias}.settings->'callingWindow'->>'regime' = 'uk')`;

/** SQL: the rows, as CampaignRestRow & { id }, of the campaigns whose abandoned calls can rest a
 * number, archived ones too (their recent abandons still rest it), one JSON array (never null).
 * Every lease reads it: the campaigns that can never rest a number are not read. */
export const restingCampaignRowsSql = `coalesce((SELECT json_agg(${campaignRestJson('rc')}::jsonb || jsonb_build_object('id', rc.id::text))
  FROM campaigns rc WHERE ${canRestSql('rc')}), '[]')`;

/** SQL: whether `e164` rests after an abandoned call at `now`: by the rest kept on the attempt, else
 * (abandoned before it was kept) by its campaign's rules now; `ids` and `rests` are parameters
 * (restingCampaigns). The bound on ended_at keeps the read on attempts_abandoned_e164_idx short. */
export const abandonRestsNumberSql = (e164: string, now: string, ids: string, rests: string): string => `
  EXISTS (
    SELECT 1 FROM attempts ab LEFT JOIN unnest(${ids}::bigint[], ${rests}::float8[]) AS r(campaign_id, rest_ms) ON r.campaign_id = ab.campaign_id
    WHERE ab.e164 = ${e164} AND ab.abandoned AND ab.ended_at > ${now}::timestamptz - interval '${longestAbandonRestMs} milliseconds'
      AND ab.ended_at > ${now}::timestamptz - coalesce(ab.abandon_rest_ms, r.rest_ms, 0) * interval '1 millisecond')`;

/** SQL: the abandoned calls to `e164` that may still rest it at `now`, each with the rest kept on it
 * (`rest_ms`, null before it was kept) and its campaign's rest row, as a JSON array (never null). */
export const recentAbandonsSql = (e164: string, now: string): string => `
  coalesce((SELECT json_agg(${campaignRestJson('ac')}::jsonb || jsonb_build_object('ended_at', ab.ended_at, 'rest_ms', ab.abandon_rest_ms))
            FROM attempts ab JOIN campaigns ac ON ac.id = ab.campaign_id
            WHERE ab.e164 = ${e164} AND ab.abandoned AND ab.ended_at > ${now}::timestamptz - interval '${longestAbandonRestMs} milliseconds'), '[]')`;

/** An abandoned call as recentAbandonsSql reads it. */
export type AbandonRow = CampaignRestRow & { ended_at: string; rest_ms: number | null };

export function abandonedCallsOf(rows: readonly AbandonRow[]): AbandonedCall[] {
  return rows.map((row) => ({ endedAtMs: Date.parse(row.ended_at), restMs: row.rest_ms ?? abandonRestMsOf(row) }));
}
