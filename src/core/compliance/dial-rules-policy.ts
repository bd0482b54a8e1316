// The per-campaign rules every dial must pass, read from the campaign's regime and settings.
// Selection (SQL), the pre-dial check and the "why not dialled" explainer all take this one
// object, so the three cannot drift apart on a number.

import { defaultRecyclePolicy, recyclePolicyFrom, retryMinutesOf, type RecyclePolicy, type RetryMinutes } from '../recycle-rule.js';
import { regimeRules, type AbandonRegime } from './abandon-regime.js';
import { callingRegimes, validateCallingWindow, type CallingRegime, type CallingWindowPolicy } from './calling-window.js';
import { leadFilterFrom, type LeadFilterCondition } from './lead-filter.js';
import { requiredRegistriesFrom, type NationalRegistry } from './national-registries.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DialRulesPolicy {
  callingWindow: CallingWindowPolicy;
  /** Zone for leads without one. */
  defaultZone: string;
  /** Dials per lead over its life (settings.recycle.maxAttempts). */
  maxAttemptsPerLead: number;
  /** Dials per phone over its life. */
  maxAttemptsPerPhone: number;
  /** Dials per lead in any rolling 24 hours. */
  maxAttemptsPerDay: number;
  /** Dials per phone number in any rolling 24 hours, counting every lead and campaign that has it:
   * a person is not harassed because several lists hold their number. */
  maxDialsPerNumberPerDay: number;
  /** How long a lead waits before its next dial, by how the last one ended (settings.recycle). */
  retryMinutes: RetryMinutes;
  /** After an abandoned call this campaign made the number rests this long (UK 72 h), whichever
   * campaign dials it next; 0 = no rule. Selection and the checks take each abandoned call's rest
   * from the campaign that made it (abandonRestMsUnder), not from this field. */
  redialAfterAbandonMs: number;
  /** After a call AMD took for a machine the number rests this long, whichever lead or campaign
   * dialled it (UK 24 h: Ofcom allows a repeat within the day only with a live operator
   * guaranteed, which a paced dial is not); 0 = no rule. */
  redialAfterMachineMs: number;
  /** A refusal puts the number on the campaign DNC this long (China: 6 months); 0 = permanent entry. */
  refusalDncMs: number;
  /** Conditions on a lead's fields it must meet to be dialled (settings.leadFilter); none: all leads. */
  leadFilter: LeadFilterCondition[];
  /** Whether the calling hours of the lead's state are kept too (jurisdiction-hours.ts): always,
   * whatever the regime and however custom its hours (the law follows the person called), but where
   * the campaign turns them off (settings.jurisdictionHours false: calls the states' laws exempt)
   * or its custom hours are a laboratory's, which calls nobody. */
  jurisdictionHours: boolean;
  /** Whether the calling hours of the lead's country (the US federal 08:00-21:00, Canada's CRTC
   * hours) are kept: always, settings.jurisdictionHours false included, but in a laboratory's
   * custom hours. */
  countryHours: boolean;
  /** National do-not-call registries the campaign's leads must be scrubbed against
   * (settings.nationalRegistries): while one's last load is too old, nothing is dialled. None by default. */
  nationalRegistries: NationalRegistry[];
}

export const defaultDialCaps = { maxAttemptsPerLead: defaultRecyclePolicy.maxAttempts, maxAttemptsPerPhone: 4, maxAttemptsPerDay: 3, maxDialsPerNumberPerDay: 3 } as const;

export interface CampaignRuleSource {
  regime: AbandonRegime;
  timezone: string;
  settings: Record<string, unknown>;
  /** The database is a laboratory (it dials only a simulated PBX): custom hours stand as set. */
  laboratory?: boolean | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The calling window stored in settings.callingWindow, or the regime default. */
export function callingWindowFrom(campaign: CampaignRuleSource): CallingWindowPolicy {
  const stored = campaign.settings.callingWindow;
  const fallbackRegime: CallingRegime = campaign.regime === 'uk' ? 'uk' : 'us';
  if (!isRecord(stored)) return { regime: fallbackRegime };
  const named = callingRegimes.includes(stored.regime as CallingRegime) ? (stored.regime as CallingRegime) : fallbackRegime;
  // Custom hours have no legal bound: a campaign whose calling regime falls back to the US one
  // (US and strict rules) keeps the US hours around them, whatever was stored (by an older
  // version, or before its regime changed), outside a laboratory.
  const regime = named === 'custom' && customHoursBoundByLaw(campaign) ? 'us' : named;
  const policy: CallingWindowPolicy = { regime };
  if (isRecord(stored.weekly)) policy.weekly = stored.weekly as CallingWindowPolicy['weekly'];
  if (Array.isArray(stored.holidays)) policy.holidays = stored.holidays.filter((d): d is string => typeof d === 'string');
  // A stored window that does not validate is replaced by the regime default: never wider than the law.
  return validateCallingWindow(policy).length === 0 ? policy : { regime };
}

/** Whether custom calling hours are kept within the US hours for this campaign: UK rules set no
 * statutory hours, and a laboratory calls nobody. */
export function customHoursBoundByLaw(campaign: Pick<CampaignRuleSource, 'regime' | 'laboratory'>): boolean {
  return campaign.regime !== 'uk' && campaign.laboratory !== true;
}

/** The campaign's settings.recycle with the waits its rules impose: under UK rules (the UK or strict
 * regime, or UK calling hours) a lead AMD took for a machine is not dialled again for 24 h, as
 * Ofcom allows that within the day only with a live operator guaranteed, which a paced dial is not. */
export function recyclePolicyUnder(campaign: Pick<CampaignRuleSource, 'regime' | 'settings'>): RecyclePolicy {
  const policy = recyclePolicyFrom(campaign.settings.recycle);
  return { ...policy, machineRetryMinutes: Math.max(policy.machineRetryMinutes, machineRestMsUnder(campaign) / 60_000) };
}

/** How long a number rests after AMD took a call to it for a machine: 24 h under UK rules (the UK
 * or strict regime, or UK calling hours), no rule otherwise. */
function machineRestMsUnder(campaign: Pick<CampaignRuleSource, 'regime' | 'settings'>): number {
  const ukCalling = callingWindowFrom({ ...campaign, timezone: 'UTC' }).regime === 'uk';
  return Math.max(regimeRules[campaign.regime].redialAfterMachineMs, ukCalling ? regimeRules.uk.redialAfterMachineMs : 0);
}

/** How long a number rests after an abandoned call a campaign made: 72 h under UK rules (the UK or
 * strict regime, or UK calling hours), no rule otherwise. The rest belongs to the abandoned call
 * (Ofcom's rule is about it), so every campaign that dials the number keeps the rest of the
 * campaign whose call was abandoned, not its own. */
export function abandonRestMsUnder(campaign: Pick<CampaignRuleSource, 'regime' | 'settings'>): number {
  const ukCalling = callingWindowFrom({ ...campaign, timezone: 'UTC' }).regime === 'uk';
  return Math.max(regimeRules[campaign.regime].redialAfterAbandonMs, ukCalling ? regimeRules.uk.redialAfterAbandonMs : 0);
}

/** The longest rest an abandoned call can impose under any campaign's rules. */
export const longestAbandonRestMs = Math.max(...Object.values(regimeRules).map((rules) => rules.redialAfterAbandonMs));

export function dialRulesFrom(campaign: CampaignRuleSource): DialRulesPolicy {
  const recycle = isRecord(campaign.settings.recycle) ? campaign.settings.recycle : {};
  const recyclePolicy = recyclePolicyUnder(campaign);
  const refusal = isRecord(campaign.settings.refusalDnc) ? campaign.settings.refusalDnc : {};
  const callingWindow = callingWindowFrom(campaign);
  const chinaDefaultDays = callingWindow.regime === 'cn' ? 183 : 0;
  const countryHours = !(callingWindow.regime === 'custom' && campaign.laboratory === true);
  return {
    callingWindow,
    defaultZone: campaign.timezone,
    maxAttemptsPerLead: recyclePolicy.maxAttempts,
    maxAttemptsPerPhone: positiveInt(recycle.maxAttemptsPerPhone, defaultDialCaps.maxAttemptsPerPhone),
    maxAttemptsPerDay: positiveInt(recycle.maxAttemptsPerDay, defaultDialCaps.maxAttemptsPerDay),
    maxDialsPerNumberPerDay: positiveInt(recycle.maxDialsPerNumberPerDay, defaultDialCaps.maxDialsPerNumberPerDay),
    retryMinutes: retryMinutesOf(recyclePolicy),
    redialAfterAbandonMs: abandonRestMsUnder(campaign),
    redialAfterMachineMs: machineRestMsUnder(campaign),
    refusalDncMs: positiveInt(refusal.days, chinaDefaultDays) * DAY_MS,
    leadFilter: leadFilterFrom(campaign.settings.leadFilter),
    jurisdictionHours: campaign.settings.jurisdictionHours !== false && countryHours,
    countryHours,
    nationalRegistries: requiredRegistriesFrom(campaign.settings.nationalRegistries),
  };
}
