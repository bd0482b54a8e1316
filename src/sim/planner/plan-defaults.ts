// What the planner takes where a question leaves a figure out: one set, which the planner API
// fills a question in with, `outpace plan`'s options default to and the planner page starts from
// (it reads them from GET /api/plan/defaults), so that the three give the same plan to the same
// question. The product's own rules where it has them (dial caps, waits, the abandonment budget);
// calls like an average outbound list's otherwise.

import { highestRegimeTarget } from '../../core/compliance/abandon-regime.js';
import { defaultDialCaps } from '../../core/compliance/dial-rules-policy.js';
import { defaultRecyclePolicy } from '../../core/recycle-rule.js';
import type { PlanInput } from './plan-campaign.js';

/** The figures of a question the planner fills in where it is left out: `PlanInput`'s own fields. */
export type PlanDefaults = Required<Pick<PlanInput, 'attemptsPerLead' | 'liveRate' | 'machineRate' | 'talkSeconds' | 'wrapSeconds'
  | 'amd' | 'abandonTarget' | 'retryMinutes' | 'attemptsPerDay' | 'dialsPerNumberPerDay' | 'dialHoursPerDay'>>;

export const planDefaults: Readonly<PlanDefaults> = {
  attemptsPerLead: defaultDialCaps.maxAttemptsPerLead,
  liveRate: 0.2,
  machineRate: 0.25,
  talkSeconds: 120,
  wrapSeconds: 15,
  amd: true,
  abandonTarget: highestRegimeTarget,
  retryMinutes: {
    busyRetryMinutes: defaultRecyclePolicy.busyRetryMinutes,
    noAnswerRetryMinutes: defaultRecyclePolicy.noAnswerRetryMinutes,
    machineRetryMinutes: defaultRecyclePolicy.machineRetryMinutes,
    congestionRetryMinutes: defaultRecyclePolicy.congestionRetryMinutes,
  },
  attemptsPerDay: defaultDialCaps.maxAttemptsPerDay,
  dialsPerNumberPerDay: defaultDialCaps.maxDialsPerNumberPerDay,
  // A question that names no calling hours is planned on a window open all day.
  dialHoursPerDay: 24,
};
