// A campaign's own figures as the planner's inputs: the leads it has left and the dials each may
// get, the agents on it, and the answer rate and call lengths it has measured, and the hours its
// calling window is open over the time zones of the leads it has left, weighed by how many each
// holds. The engine that drives the campaign has them live; without it (another node drives the
// campaign, or none, or the reader is the command line), the pacing model last saved has them as
// of when it was saved. The API and `outpace plan --campaign` both read them here. Its caps a day
// are read too: each number's, every campaign's dials together, and the states' (Florida's three)
// over the share of its leads left in them, unless it turns the states' rules off.

import type { CallingWindowPolicy, TimeRange } from '../../core/compliance/calling-window.js';
import { openHoursByDayAcrossZones, openRangesByDayAcrossZones, workableShareOfOpenHours } from '../../core/compliance/open-hours-across-zones.js';
import { localTimeAt } from '../../core/compliance/local-time.js';
import { effectiveAbandonTarget } from '../../core/compliance/abandon-regime.js';
import { jurisdictionDayCaps } from '../../core/compliance/jurisdiction-day-caps.js';
import { zeroDialCaps, type DialCapKey } from '../../core/compliance/zero-dial-caps.js';
import { parseSavedPacingModel } from '../../core/pacing/saved-pacing-model.js';
import type { CampaignStats } from '../../core/stats/campaign-stats.js';
import { measuredPlanInputs, type MeasuredPlanInputs } from '../../sim/planner/measured-plan-inputs.js';
import { planRetryMinutesOf, type PlanRetryMinutes } from '../../sim/planner/plan-campaign.js';
import { maxAttemptsPerLead } from '../../sim/planner/plan-limits.js';
import { campaignLeadsDueLater, campaignLeadsLeft, campaignLeadsLeftIn } from './campaign-lead-zones.js';
import { getCampaign } from './campaign-repository.js';
import { loadDialRules } from './dial-rules-repository.js';
import { loadPacingModel } from './pacing-model-repository.js';
import type { Queryable } from './pool.js';

export interface PlanInputs {
  campaignId: string;
  name: string;
  /** Leads that will still be dialled (new, retry, callback, scheduled): under the dials-per-lead
   * cap, or owed a callback whatever their count. */
  leads: number;
  /** Dials a lead still gets at most: what its recycle maxAttempts leaves of it, or fewer where
   * its numbers' own cap (maxAttemptsPerPhone, each number enabled) leaves fewer, on average over
   * the leads left, within what the planner takes. */
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
  /** Dials a number may get in a day, every campaign's together. */
  dialsPerNumberPerDay: number;
  /** The leads left that a state holds to fewer dials a day than `attemptsPerDay`: their share,
   * the states' codes and names, and the cap (the lowest of theirs). */
  jurisdictionCaps: PlanInputsJurisdictionCap[];
  /** Its caps stored as 0, which stop every dial (zero-dial-caps.ts): no plan finishes while one holds. */
  zeroDialCaps: DialCapKey[];
  /** Now, the plan's start, as the minute of today on its clock: its calendar starts today, and
   * the hours already past today are not planned on. */
  startMinute: number;
  /** Its leads left that are not due yet (waiting for a retry, or a callback's time), by the
   * minutes from now until they are: a plan dials them then, not now. */
  dueLater: { afterMinutes: number; leads: number }[];
  /** Agents logged in to it on the engine that drives it here; null when no engine here does. */
  agents: number | null;
  amd: boolean;
  /** Its abandonment budget, a share of live answers. */
  abandonTarget: number;
  /** What it has measured, where from and as of when, and when its first dial was made (null
   * when none is on record); null before its first dial. */
  measured: (MeasuredPlanInputs & { source: 'engine' | 'saved'; asOf: string; firstDialAt: string | null }) | null;
}

/** The campaign as the engine driving it here has it now. */
export interface LiveCampaignFigures {
  stats: CampaignStats;
  /** Its agents logged in. */
  agents: number;
}

export interface PlanInputsSource {
  nowMs: number;
  /** The campaign's live figures, when an engine here drives it. */
  live: LiveCampaignFigures | null;
}

/** A share of the leads left under a state's cap a day. */
export interface PlanInputsJurisdictionCap {
  codes: string[];
  names: string[];
  share: number;
  dialsPerDay: number;
}

/** Days of the campaign's calendar given to a plan: a list longer than that is planned on its
 * week's mean hours. */
const CALENDAR_DAYS = 120;

/** The campaign's stats and as of when: live from the engine here, else its saved pacing model. */
async function statsOf(db: Queryable, campaignId: string, source: PlanInputsSource): Promise<{ stats: CampaignStats; source: 'engine' | 'saved'; asOfMs: number } | null> {
  if (source.live) return { stats: source.live.stats, source: 'engine', asOfMs: source.nowMs };
  const stored = await loadPacingModel(db, campaignId);
  const saved = stored ? parseSavedPacingModel(stored.model) : null;
  return stored && saved ? { stats: saved.stats, source: 'saved', asOfMs: stored.savedAt.getTime() } : null;
}

/** When the campaign's first dial was made, or null when none is on record. */
async function firstDialAt(db: Queryable, campaignId: string): Promise<Date | null> {
  const result = await db.query<{ first: Date | null }>('SELECT min(created_at) AS first FROM attempts WHERE campaign_id = $1', [campaignId]);
  return result.rows[0]?.first ?? null;
}

/** The dials a plan gives each lead: as many as its leads left can still get on average (the
 * per-number cap holds a lead of one number to fewer than the per-lead cap, and a lead dialled
 * before has fewer left), whole, within what the planner takes; the per-lead cap with none left. */
function attemptsPerLeadLeft(perLeadCap: number, meanDialsLeft: number | null): number {
  const dials = meanDialsLeft === null ? perLeadCap : Math.max(1, Math.round(meanDialsLeft));
  return Math.min(maxAttemptsPerLead, perLeadCap, dials);
}

/** The shares of the leads left that states hold below the campaign's cap a day, by their codes. */
function jurisdictionCapsOf(counted: readonly { codes: string[]; leads: number }[], leads: number): PlanInputsJurisdictionCap[] {
  if (leads <= 0) return [];
  return counted.flatMap(({ codes, leads: n }) => {
    const rules = codes.flatMap((code) => jurisdictionDayCaps.get(code) ?? []);
    if (rules.length === 0) return [];
    return [{ codes, names: rules.map((rule) => rule.name), share: n / leads, dialsPerDay: Math.min(...rules.map((rule) => rule.dialsPerDay)) }];
  });
}

/** Hours to two decimals, none rounded away: a window open a few minutes a week is not one that
 * never opens (which a plan refuses as such). */
const hoursFigure = (hours: number): number => (hours > 0 ? Math.max(0.01, Number(hours.toFixed(2))) : 0);

/** The campaign's figures for a plan, or null when it does not exist. */
export async function campaignPlanInputs(db: Queryable, campaignId: string, source: PlanInputsSource): Promise<PlanInputs | null> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) return null;
  const rules = await loadDialRules(db, campaign.id);
  // One pass over the leads: those selection can still dial (lists in use, the lead filter
  // passed, under the dials-per-lead cap or owed a callback), by time zone; together they are the
  // leads left to plan for.
  const cappingStates = rules.jurisdictionHours ? [...jurisdictionDayCaps.values()].filter((cap) => cap.dialsPerDay < rules.maxAttemptsPerDay).map((cap) => cap.code) : [];
  const [found, { zones, meanDialsLeft }, first, inCappingStates, dueLater] = await Promise.all([
    statsOf(db, campaign.id, source), campaignLeadsLeft(db, campaign.id, rules.defaultZone, rules), firstDialAt(db, campaign.id),
    campaignLeadsLeftIn(db, campaign.id, rules, cappingStates), campaignLeadsDueLater(db, campaign.id, rules, source.nowMs),
  ]);
  const leads = zones.reduce((sum, zone) => sum + zone.leads, 0);
  const figures = found ? measuredPlanInputs(found.stats) : null;
  const { dayNumber: today, minuteOfDay } = localTimeAt(source.nowMs, campaign.timezone);
  const workable = workableShareOfOpenHours(rules.callingWindow, campaign.timezone, zones, today);
  const zoneNames = zones.map((zone) => zone.zone);
  const hoursFrom = (policy: CallingWindowPolicy, days: number) =>
    openHoursByDayAcrossZones(policy, campaign.timezone, zoneNames, today, days).map((hours) => hours * workable);
  // A typical week, holidays aside, for the hours-a-day figure.
  const week = hoursFrom({ ...rules.callingWindow, holidays: [] }, 7);
  return {
    campaignId: campaign.id,
    name: campaign.name,
    leads,
    attemptsPerLead: attemptsPerLeadLeft(rules.maxAttemptsPerLead, meanDialsLeft),
    retryMinutes: planRetryMinutesOf(rules.retryMinutes),
    dialHoursPerDay: hoursFigure(week.reduce((sum, hours) => sum + hours, 0) / week.length),
    dialHoursByDay: hoursFrom(rules.callingWindow, CALENDAR_DAYS).map(hoursFigure),
    dialRangesByDay: openRangesByDayAcrossZones(rules.callingWindow, campaign.timezone, zoneNames, today, CALENDAR_DAYS),
    attemptsPerDay: Math.min(maxAttemptsPerLead, rules.maxAttemptsPerDay),
    dialsPerNumberPerDay: rules.maxDialsPerNumberPerDay,
    jurisdictionCaps: jurisdictionCapsOf(inCappingStates, leads),
    zeroDialCaps: zeroDialCaps(campaign.settings),
    startMinute: minuteOfDay,
    dueLater,
    agents: source.live ? source.live.agents : null,
    amd: campaign.amdEnabled,
    abandonTarget: effectiveAbandonTarget(campaign.regime, campaign.abandonTarget),
    measured: found && figures
      ? { ...figures, source: found.source, asOf: new Date(found.asOfMs).toISOString(), firstDialAt: first ? first.toISOString() : null }
      : null,
  };
}
