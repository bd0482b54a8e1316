// POST /api/plan: the campaign planner over HTTP (managers only), and GET /api/plan/defaults, the
// figures it takes where a question leaves them out. A plan is a simulation, so each plan runs on a
// worker thread of its own, one at a time per node, with a time limit; a question asked again is
// answered from the last answers kept.

import { z } from 'zod';
import { highestRegimeTarget } from '../../../core/compliance/abandon-regime.js';
import { jurisdictionDayCaps } from '../../../core/compliance/jurisdiction-day-caps.js';
import { planDefaults, type PlanDefaults } from '../../../sim/planner/plan-defaults.js';
import { liveRateWhy, maxAttemptsPerLead, maxCalendarDays, maxDueLaterMinutes, maxPlanAgents, maxPlanLeads, planLeadsWhy } from '../../../sim/planner/plan-limits.js';
import { planOffThread, PlanRefused, PlanTimedOut } from '../../../sim/planner/plan-off-thread.js';
import type { PlanAnswer, PlanInput } from '../../../sim/planner/plan-campaign.js';
import { ApiError } from '../api-error.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

/** A wait in minutes, at most 30 days. */
const retryWait = (fallback: number) => z.number().min(0).max(30 * 24 * 60).default(fallback);

/** Days of a campaign's calendar a plan takes at most. */
const CALENDAR_DAYS_MAX = maxCalendarDays;
/** Times of the leads due later a plan takes at most (a campaign's are by the quarter hour for a week, by the day after). */
const DUE_LATER_MAX = 2_000;
/** Ranges a day's window holds at most. */
const RANGES_A_DAY_MAX = 48;
/** Local hours 'HH:MM'; the planner says what is wrong with one. */
const timeRange = z.strictObject({ start: z.string().max(5), end: z.string().max(5) });

const planBody = z.object({
  leads: z.number().int().positive().max(maxPlanLeads, planLeadsWhy),
  /** As the campaign's recycle maxAttempts; the product's default when not given. */
  attemptsPerLead: z.number().int().min(1).max(maxAttemptsPerLead).default(planDefaults.attemptsPerLead),
  liveRate: z.number().gt(0, `must be more than 0: ${liveRateWhy.none}`).lt(1, `must be less than 1: ${liveRateWhy.all}`),
  machineRate: z.number().min(0).lt(1).default(planDefaults.machineRate),
  talkSeconds: z.number().positive().max(7_200),
  wrapSeconds: z.number().min(0).max(3_600),
  amd: z.boolean().default(planDefaults.amd),
  abandonTarget: z.number().min(0).max(highestRegimeTarget).default(planDefaults.abandonTarget),
  agents: z.number().int().min(1).max(maxPlanAgents).optional(),
  deadlineHours: z.number().positive().max(10_000).optional(),
  /** The campaign's waits before dialling a lead again, minutes; the product's defaults when not given. */
  retryMinutes: z.strictObject({
    busyRetryMinutes: retryWait(planDefaults.retryMinutes.busyRetryMinutes),
    noAnswerRetryMinutes: retryWait(planDefaults.retryMinutes.noAnswerRetryMinutes),
    machineRetryMinutes: retryWait(planDefaults.retryMinutes.machineRetryMinutes),
    congestionRetryMinutes: retryWait(planDefaults.retryMinutes.congestionRetryMinutes),
  }).optional(),
  /** Hours a day the calling window is open (the campaign's, on average over its week); the planner's default (all day) when not given. */
  dialHoursPerDay: z.number().gt(0).max(24).optional(),
  /** Hours the window is open on each day from the first dial's (the campaign's weekdays and holidays); `dialHoursPerDay` after them. */
  dialHoursByDay: z.array(z.number().min(0).max(24)).max(CALENDAR_DAYS_MAX).optional(),
  /** When the window is open every day, e.g. 09:00-12:00 and 13:00-17:00: nothing is dialled between ranges. */
  dialRanges: z.array(timeRange).min(1).max(RANGES_A_DAY_MAX).optional(),
  /** The same on each day from the first dial's (the campaign's weekdays and holidays); `dialRanges` after them. */
  dialRangesByDay: z.array(z.array(timeRange).max(RANGES_A_DAY_MAX)).max(CALENDAR_DAYS_MAX).optional(),
  /** Dials a lead may get in a day; the product's default cap when not given. */
  attemptsPerDay: z.number().int().min(1).max(maxAttemptsPerLead).default(planDefaults.attemptsPerDay),
  /** Dials a number may get in a day, every campaign's together: a lead is planned with one number. */
  dialsPerNumberPerDay: z.number().int().min(1).max(maxAttemptsPerLead).default(planDefaults.dialsPerNumberPerDay),
  /** Shares of the leads in states that cap their dials a day (US-FL, US-OK: 3), each once. */
  jurisdictionCaps: z.array(z.strictObject({
    code: z.string().refine((code) => jurisdictionDayCaps.has(code), { message: `a state with a cap a day: ${[...jurisdictionDayCaps.keys()].join(', ')}` }),
    share: z.number().min(0).max(1),
  })).max(jurisdictionDayCaps.size).optional(),
  /** The minute of the first day, on the window's clock, the plan starts at (a campaign's now); its midnight when not given. */
  startMinute: z.number().int().min(0).max(1_439).optional(),
  /** Leads of the list waiting for a retry, by the minutes after the start each falls due. */
  dueLater: z.array(z.strictObject({ afterMinutes: z.number().min(0).max(maxDueLaterMinutes), leads: z.number().min(0).max(maxPlanLeads) })).max(DUE_LATER_MAX).optional(),
  seed: z.number().int().default(1),
}).refine((b) => b.agents !== undefined || b.deadlineHours !== undefined, { message: 'give agents or deadlineHours' })
  .refine((b) => b.liveRate + b.machineRate <= 0.95, { message: 'liveRate + machineRate must leave room for other outcomes' })
  .refine((b) => new Set(b.jurisdictionCaps?.map((cap) => cap.code)).size === (b.jurisdictionCaps?.length ?? 0), { message: 'jurisdictionCaps names a state twice' });

/** The question as the planner takes it: each state's share with its cap and name. */
function planInputOf(body: z.infer<typeof planBody>): PlanInput {
  const { jurisdictionCaps, ...rest } = body;
  if (!jurisdictionCaps) return rest;
  return {
    ...rest,
    jurisdictionCaps: jurisdictionCaps.flatMap(({ code, share }) => {
      const rule = jurisdictionDayCaps.get(code);
      return rule ? [{ share, dialsPerDay: rule.dialsPerDay, names: [rule.name] }] : [];
    }),
  };
}

/** Plans running at once on a node: each takes a core while it runs. */
const plansAtOnce = 1;
/** Longest a plan may run before it is stopped. */
const planTimeoutMs = 5 * 60_000;
/** Answers kept for questions asked again (a plan reopened from its address, the same plan asked
 * by another manager): the planner is pure given its seed, so they need no simulation. */
const answersKept = 32;

/** The last answers by question, the least recently asked forgotten first. */
function answerCache(size: number) {
  const answers = new Map<string, PlanAnswer>();
  return {
    get(key: string): PlanAnswer | undefined {
      const answer = answers.get(key);
      if (answer) {
        answers.delete(key);
        answers.set(key, answer);
      }
      return answer;
    },
    set(key: string, answer: PlanAnswer): void {
      answers.set(key, answer);
      for (const old of answers.keys()) {
        if (answers.size <= size) break;
        answers.delete(old);
      }
    },
  };
}

export function planRoutes(options: { timeoutMs?: number } = {}): RouteSpec[] {
  const timeoutMs = options.timeoutMs ?? planTimeoutMs;
  let running = 0;
  const answered = answerCache(answersKept);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/plan/defaults',
      summary: "The planner's figures for what a question leaves out (the planner page starts from them)",
      tags: ['plan'],
      roles: managers,
      handler: async (): Promise<PlanDefaults> => planDefaults,
    }),
    defineRoute({
      method: 'POST',
      url: '/api/plan',
      summary: 'Plan a campaign by simulation: duration, talk per agent-hour, abandonment, agents for a deadline',
      tags: ['plan'],
      roles: managers,
      body: planBody,
      handler: async ({ body }) => {
        const input = planInputOf(body);
        const key = JSON.stringify(input);
        const known = answered.get(key);
        if (known) return known;
        if (running >= plansAtOnce) throw new ApiError('busy', 'a plan is already running on this node: ask again when it has answered');
        running += 1;
        try {
          const answer = await planOffThread(input, timeoutMs);
          answered.set(key, answer);
          return answer;
        } catch (error) {
          if (error instanceof PlanRefused) throw new ApiError('invalid_request', error.message);
          if (error instanceof PlanTimedOut) throw new ApiError('unavailable', `${error.message}: plan for fewer leads or a smaller team`);
          throw error;
        } finally {
          running -= 1;
        }
      },
    }),
  ];
}
