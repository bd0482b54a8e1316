// Where a campaign stands against its abandonment limit as its regime counts it, read from
// storage so that any node (or none) can answer: the same ledger the pacer keeps, rebuilt from the
// regime window's calls, with the safe-harbour messages played over that window beside it.

import { abandonFigures, ledgerFromHistory } from '../../core/compliance/abandon-ledger.js';
import { countedQuarterHour, type CountedQuarterHour } from '../../core/compliance/counted-quarter-hour.js';
import { effectiveAbandonTarget, regimeRules, type AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { regimeWindowHistory } from './abandon-history.js';
import type { Queryable } from './pool.js';

export interface AbandonStanding {
  regime: AbandonRegime;
  windowHours: number;
  /** The budget in force: the campaign's target, never above the regime's. */
  target: number;
  liveAnswers: number;
  abandoned: number;
  /** Abandons as the regime counts them (UK and strict add estimated AMD false positives). */
  countedAbandoned: number;
  /** Live answers as the regime counts them (UK and strict add the same estimate): the rate's denominator. */
  countedLiveAnswers: number;
  rate: number;
  withinTarget: boolean;
  machineAnswers: number;
  /** The AMD false-positive rate the count used, when the regime counts them. */
  amdFalsePositiveRate: number | null;
  safeHarborPlayed: number;
  /** The last quarter hour, as it happened and as the regime counts it (as the pacer's cap does). */
  quarterHour: CountedQuarterHour;
  at: Date;
}

export interface StandingCampaign {
  id: string;
  regime: AbandonRegime;
  abandonTarget: number;
  amdFalsePositiveRate: number;
}

export async function abandonStanding(db: Queryable, campaign: StandingCampaign, now: Date): Promise<AbandonStanding> {
  const rules = regimeRules[campaign.regime];
  const from = new Date(now.getTime() - rules.windowMs);
  const [history, played] = await Promise.all([
    regimeWindowHistory(db, campaign.id, campaign.regime, now),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE campaign_id = $1 AND live_at >= $2 AND live_at < $3 AND safe_harbor_played', [campaign.id, from, now]),
  ]);
  const figures = abandonFigures(ledgerFromHistory(campaign.regime, history, now.getTime()), now.getTime(), campaign.amdFalsePositiveRate);
  const target = effectiveAbandonTarget(campaign.regime, campaign.abandonTarget);
  return {
    regime: campaign.regime, windowHours: rules.windowMs / 3_600_000, target,
    liveAnswers: figures.liveAnswers, abandoned: figures.abandoned, countedAbandoned: figures.countedAbandoned,
    countedLiveAnswers: figures.countedLiveAnswers, rate: figures.rate,
    withinTarget: figures.rate <= target, machineAnswers: figures.machineAnswers,
    amdFalsePositiveRate: rules.countsAmdFalsePositives ? campaign.amdFalsePositiveRate : null,
    safeHarborPlayed: played.rows[0]?.n ?? 0,
    quarterHour: countedQuarterHour(figures),
    at: now,
  };
}
