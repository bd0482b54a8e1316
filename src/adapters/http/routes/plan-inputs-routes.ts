// GET /api/campaigns/:id/plan-inputs: a campaign's own figures as the planner's inputs (managers
// only, as the planner is): the leads it has left and the dials each may get, the agents on it,
// and the answer rate and call lengths it has measured, and the hours its calling window is open
// over the time zones of the leads it has left, weighed by how many each holds. The engine that
// drives the campaign has them live; for a campaign this node does not drive, the pacing model
// last saved has them as of when it was saved.

import { z } from 'zod';
import type { CallingWindowPolicy, TimeRange } from '../../../core/compliance/calling-window.js';
import { openHoursByDayAcrossZones, openRangesByDayAcrossZones, workableShareOfOpenHours } from '../../../core/compliance/open-hours-across-zones.js';
import { localTimeAt } from '../../../core/compliance/local-time.js';
import { effectiveAbandonTarget } from '../../../core/compliance/abandon-regime.js';
import { parseSavedPacingModel } from '../../../core/pacing/saved-pacing-model.js';
import type { CampaignRuntime } from '../../../core/engine-state.js';
import type { CampaignStats } from '../../../core/stats/campaign-stats.js';
import { measuredPlanInputs, type MeasuredPlanInputs } from '../../../sim/planner/measured-plan-inputs.js';
import { planRetryMinutesOf, type PlanRetryMinutes } from '../../../sim/planner/plan-campaign.js';
import { maxAttemptsPerLead } from '../../../sim/planner/plan-limits.js';
import { campaignLeadZones } from '../../pg/campaign-lead-zones.js';
import { getCampaign } from '../../pg/campaign-repository.js';
import { loadDialRules } from '../../pg/dial-rules-repository.js';
import { loadPacingModel } from '../../pg/pacing-model-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface PlanInputRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

export interface PlanInputs {
  campaignId: string;
  name: string;
  /** Leads that will still be dialled (new, retry, callback, scheduled). */
  leads: number;
  /** Dials a lead gets at most (its recycle maxAttempts, within what the planner takes). */
  attemptsPerLead: number;
  /** Its waits before a lead is dialled again, by how the last dial ended (minutes). */
  retryMinutes: PlanRetryMinutes;
  /** Hours a day its leads can be dialled, on average over the week: when its calling window is
   * open for a lead in one of the time zones of the leads it has left, as much of them as those
   * leads can fill (see workableShareOfOpenHours). */
  dialHoursPerDay: number;
  /** Those hours on each of the next days from today (its time zone), holidays closed. */
  dialHoursByDay: number[];
  /** When in those days the window is open for one of those zones, on its clock ('HH:MM'): a
   * break it keeps in every zone is left closed, so a plan dials around it. */
  dialRangesByDay: TimeRange[][];
  /** Dials a lead may get in a day. */
  attemptsPerDay: number;
  /** Agents logged in to it on this node; null when another node (or none) drives it. */
  agents: number | null;
  amd: boolean;
  /** Its abandonment budget, a share of live answers. */
  abandonTarget: number;
  /** What it has measured, where from and as of when; null before its first dial. */
  measured: (MeasuredPlanInputs & { source: 'engine' | 'saved'; asOf: string }) | null;
}

const idParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });

/** The campaign's stats and as of when: live from this engine (`live`), else its saved pacing model. */
async function statsOf(deps: PlanInputRouteDeps, campaignId: string, live: CampaignRuntime | undefined): Promise<{ stats: CampaignStats; source: 'engine' | 'saved'; asOfMs: number } | null> {
  if (live) return { stats: live.stats, source: 'engine', asOfMs: deps.engine.nowMs() };
  const stored = await loadPacingModel(deps.pool, campaignId);
  const saved = stored ? parseSavedPacingModel(stored.model) : null;
  return stored && saved ? { stats: saved.stats, source: 'saved', asOfMs: stored.savedAt.getTime() } : null;
}

/** Days of the campaign's calendar given to a plan: a list longer than that is planned on its
 * week's mean hours. */
const CALENDAR_DAYS = 120;

export function planInputRoutes(deps: PlanInputRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/plan-inputs',
      summary: "a campaign's leads left, agents, answer rate and call lengths as measured, to plan the rest of it with",
      tags: ['plan'], roles: managers, params: idParams,
      handler: async ({ params }): Promise<PlanInputs> => {
        const campaign = await getCampaign(deps.pool, params.id);
        if (!campaign) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        const state = deps.engine.state();
        const live = state.campaigns.get(campaign.id);
        const rules = await loadDialRules(deps.pool, campaign.id);
        // One pass over the leads: those selection can still dial (lists in use, the lead filter
        // passed), by time zone; together they are the leads left to plan for.
        const [found, zones] = await Promise.all([statsOf(deps, campaign.id, live), campaignLeadZones(deps.pool, campaign.id, rules.defaultZone)]);
        const figures = found ? measuredPlanInputs(found.stats) : null;
        const today = localTimeAt(deps.engine.nowMs(), campaign.timezone).dayNumber;
        const workable = workableShareOfOpenHours(rules.callingWindow, campaign.timezone, zones, today);
        const zoneNames = zones.map((zone) => zone.zone);
        const hoursFrom = (policy: CallingWindowPolicy, days: number) =>
          openHoursByDayAcrossZones(policy, campaign.timezone, zoneNames, today, days).map((hours) => hours * workable);
        // A typical week, holidays aside, for the hours-a-day figure.
        const week = hoursFrom({ ...rules.callingWindow, holidays: [] }, 7);
        return {
          campaignId: campaign.id,
          name: campaign.name,
          leads: zones.reduce((sum, zone) => sum + zone.leads, 0),
          attemptsPerLead: Math.min(maxAttemptsPerLead, rules.maxAttemptsPerLead),
          retryMinutes: planRetryMinutesOf(rules.retryMinutes),
          dialHoursPerDay: Number((week.reduce((sum, hours) => sum + hours, 0) / week.length).toFixed(2)),
          dialHoursByDay: hoursFrom(rules.callingWindow, CALENDAR_DAYS).map((hours) => Number(hours.toFixed(2))),
          dialRangesByDay: openRangesByDayAcrossZones(rules.callingWindow, campaign.timezone, zoneNames, today, CALENDAR_DAYS),
          attemptsPerDay: Math.min(maxAttemptsPerLead, rules.maxAttemptsPerDay),
          agents: live ? [...state.agents.values()].filter((a) => a.campaignId === campaign.id && a.status !== 'logged_out').length : null,
          amd: campaign.amdEnabled,
          abandonTarget: effectiveAbandonTarget(campaign.regime, campaign.abandonTarget),
          measured: found && figures ? { ...figures, source: found.source, asOf: new Date(found.asOfMs).toISOString() } : null,
        };
      },
    }),
  ];
}
