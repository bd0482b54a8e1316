// Translates a stored campaign into the settings the core paces by.

import { optionalTimeLimits, type CampaignSettings, type ThirdParty } from '../../core/campaign-settings.js';
import { abandonRestMsUnder } from '../../core/compliance/dial-rules-policy.js';
import { registryLoadsFor, requiredRegistriesFrom, type NationalRegistry } from '../../core/compliance/national-registries.js';
import type { Campaign } from './campaign-repository.js';

/** `defaultCallerId`: the node's, for a campaign without its own; `registryLoads`: the date of the
 * latest data loaded of each national registry, for a campaign scrubbed against one. */
export function coreSettingsOf(campaign: Campaign, defaultCallerId = '', registryLoads: Readonly<Partial<Record<NationalRegistry, number>>> = {}): CampaignSettings {
  const pool = campaign.settings.callerIdPool;
  const registries = requiredRegistriesFrom(campaign.settings.nationalRegistries);
  return {
    mode: campaign.mode,
    dialLevel: campaign.dialLevel,
    maxLinesPerAgent: campaign.maxLinesPerAgent,
    trunkCap: campaign.trunkCap,
    regime: campaign.regime,
    abandonRestMs: abandonRestMsUnder(campaign),
    abandonTarget: campaign.abandonTarget,
    ringTimeoutMs: campaign.ringTimeoutMs,
    connectLimitMs: campaign.connectLimitMs,
    wrapUpMs: campaign.wrapUpMs,
    wrapUpMode: campaign.wrapUpMode,
    amdEnabled: campaign.amdEnabled,
    machineAction: campaign.machineAction,
    amdAfterGreetingMs: campaign.amdAfterGreetingMs,
    amdFalsePositiveRate: campaign.amdFalsePositiveRate,
    safeHarborMedia: campaign.safeHarborMedia,
    machineMessageMedia: campaign.machineMessageMedia,
    returnCallMedia: campaign.returnCallMedia,
    // Checked when saved (calling-line-settings.ts).
    ...(typeof campaign.settings.returnCallHoldSeconds === 'number' ? { returnCallHoldSeconds: campaign.settings.returnCallHoldSeconds } : {}),
    optOutDigit: campaign.optOutDigit,
    recordingEnabled: campaign.recordingEnabled,
    recordingOnDemand: campaign.settings.recordingOnDemand === true,
    callerId: campaign.callerId?.trim() || defaultCallerId.trim() || null,
    // Checked when saved (calling-line-settings.ts).
    callerIdPool: Array.isArray(pool) ? pool.filter((n): n is string => typeof n === 'string') : [],
    customerEndpoint: typeof campaign.settings.customerEndpoint === 'string' ? campaign.settings.customerEndpoint : null,
    // Checked when saved (calling-line-settings.ts).
    ...(typeof campaign.settings.maxDialsPerSecond === 'number' ? { maxDialsPerSecond: campaign.settings.maxDialsPerSecond } : {}),
    thirdParties: thirdPartiesOf(campaign.settings.thirdParties),
    // Checked when saved (handover-settings.ts).
    handoverCampaigns: Array.isArray(campaign.settings.handoverCampaigns)
      ? campaign.settings.handoverCampaigns.filter((id): id is string => typeof id === 'string') : [],
    ...timeLimitsOf(campaign.settings),
    pauseLimitsMs: pauseLimitsMsOf(campaign.settings.pauseLimitMinutes),
    // Checked when saved (dial-rules-body.ts); a new load changes the settings, so the engine hears of it.
    ...(registries.length > 0 ? { nationalRegistries: registryLoadsFor(registries, registryLoads) } : {}),
  };
}

/** The pause allowances in milliseconds by reason (checked when saved, see pause-reasons.ts). */
function pauseLimitsMsOf(limits: unknown): Record<string, number> {
  if (typeof limits !== 'object' || limits === null) return {};
  return Object.fromEntries(Object.entries(limits).flatMap(([reason, minutes]) => (typeof minutes === 'number' ? [[reason, minutes * 60_000]] : [])));
}

/** The time limits the stored settings set (checked when saved); the others are the engine's. */
function timeLimitsOf(settings: Record<string, unknown>): Partial<CampaignSettings> {
  return Object.fromEntries(optionalTimeLimits.flatMap(({ key }) => (typeof settings[key] === 'number' ? [[key, settings[key]]] : [])));
}

/** The third parties of stored settings (checked when saved, see third-party-settings.ts). */
function thirdPartiesOf(list: unknown): ThirdParty[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const { name, number } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return typeof name === 'string' && typeof number === 'string' ? [{ name, number }] : [];
  });
}
