// Campaign targets, as telesales teams set them: so many valid contacts, appointments,
// opportunities or successful calls (a disposition code marked success) a day or a week. Stored in
// `settings.targets`; progress counts from the start of the day (or Monday) on the campaign's
// clock, and the pace so far per staffed agent-hour gives the staffing estimate: the agent-hours
// still needed to reach the target.

import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Campaign } from '../pg/campaign-repository.js';
import type { Queryable } from '../pg/pool.js';
import { staffedSeconds, targetCounts, type TargetMeasure } from '../pg/target-progress.js';
import { ApiError } from './api-error.js';

export const campaignTargetSchema = z.strictObject({
  measure: z.enum(['valid_contact', 'appointment', 'opportunity', 'success']),
  count: z.number().int().min(1).max(1_000_000),
  per: z.enum(['day', 'week']),
});
export const campaignTargetsSchema = z.array(campaignTargetSchema).max(10);
export type CampaignTarget = z.infer<typeof campaignTargetSchema>;

/** Refuses settings whose `targets` are not a valid list, naming the problem. */
export function assertTargetsValid(settings: Record<string, unknown> | undefined): void {
  if (settings?.targets === undefined) return;
  const parsed = campaignTargetsSchema.safeParse(settings.targets);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('invalid_request', `settings.targets${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
}

/** The campaign's targets; none when the stored value is not a valid list. */
export function targetsOf(campaign: Pick<Campaign, 'settings'>): CampaignTarget[] {
  const parsed = campaignTargetsSchema.safeParse(campaign.settings.targets);
  return parsed.success ? parsed.data : [];
}

export interface TargetPeriod {
  from: Date;
  to: Date;
}

/** The day (from local midnight) or week (from Monday) containing `nowMs` on the campaign's clock.
 * It ends where the next one starts: where clocks go forward at midnight (Cairo, Santiago) a day
 * starts at 01:00, and the next still starts at midnight. */
export function targetPeriod(per: CampaignTarget['per'], timezone: string, nowMs: number): TargetPeriod {
  const start = DateTime.fromMillis(nowMs, { zone: timezone }).startOf(per);
  const begin = start.isValid ? start : DateTime.fromMillis(nowMs, { zone: 'UTC' }).startOf(per);
  return { from: begin.toJSDate(), to: begin.plus(per === 'day' ? { days: 1 } : { weeks: 1 }).startOf(per).toJSDate() };
}

export interface TargetProgress extends CampaignTarget {
  from: Date;
  to: Date;
  reached: number;
  remaining: number;
  /** Reached over the target, capped at 1. */
  share: number;
  staffedHours: number;
  /** Reached per staffed agent-hour so far, null before any staffed time. */
  perAgentHour: number | null;
  /** Agent-hours still needed at that pace; 0 when reached, null while there is no pace to go by. */
  agentHoursNeeded: number | null;
}

export function targetProgress(target: CampaignTarget, period: TargetPeriod, reached: Record<TargetMeasure, number>, staffedSeconds: number): TargetProgress {
  const count = reached[target.measure];
  const remaining = Math.max(0, target.count - count);
  const staffedHours = staffedSeconds / 3_600;
  const perAgentHour = staffedHours > 0 ? count / staffedHours : null;
  const agentHoursNeeded = remaining === 0 ? 0 : perAgentHour ? remaining / perAgentHour : null;
  return {
    ...target, from: period.from, to: period.to, reached: count, remaining, share: Math.min(1, count / target.count),
    staffedHours, perAgentHour, agentHoursNeeded,
  };
}

/** Progress of each of the campaign's targets in its current day or week: each period is read
 * once, however many targets share it. */
export async function campaignTargetProgress(db: Queryable, campaign: Pick<Campaign, 'id' | 'settings' | 'timezone'>, nowMs: number): Promise<TargetProgress[]> {
  const now = new Date(nowMs);
  const targets = targetsOf(campaign);
  const periods = await Promise.all([...new Set(targets.map((t) => t.per))].map(async (per) => {
    const period = targetPeriod(per, campaign.timezone, nowMs);
    const window = { campaignId: campaign.id, ...period };
    const [reached, seconds] = await Promise.all([targetCounts(db, window), staffedSeconds(db, window, now)]);
    return [per, { period, reached, seconds }] as const;
  }));
  const byPer = new Map(periods);
  return targets.flatMap((target) => {
    const read = byPer.get(target.per);
    return read ? [targetProgress(target, read.period, read.reached, read.seconds)] : [];
  });
}
