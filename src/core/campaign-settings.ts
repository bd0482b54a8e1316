// What a campaign manager configures: the pacing mode and every limit the engine must respect.

import type { AbandonRegime } from './compliance/abandon-regime.js';
import type { RegistryLoad } from './compliance/national-registries.js';
import type { CampaignId } from './ids.js';
import {
  holdLimitMs, machineMessageMaxWaitMs, machineMessageSilenceMs, maxDialsPerSecondCap, maxHoldLimitMs, maxMachineMessageMaxWaitMs, maxMachineMessageSilenceMs, safeHarborMarginMs,
  maxRecordingPauseLimitMs, minHoldLimitMs, minMachineMessageMaxWaitMs, minMachineMessageSilenceMs, minRecordingPauseLimitMs, recordingPauseLimitMs,
} from './limits.js';

export type PacingMode = 'preview' | 'progressive' | 'power' | 'predictive';
export type WrapUpMode = 'auto' | 'manual';
export type MachineAction = 'hangup' | 'leave_message';

export interface CampaignSettings {
  mode: PacingMode;
  /** Lines per ready agent in power mode; the ceiling of the dial level in predictive mode. */
  dialLevel: number;
  /** Hard ceiling on calls in progress per logged-in agent, whatever the mode says. */
  maxLinesPerAgent: number;
  /** Calls this campaign may have in progress at once (trunk share); 0 = no campaign cap. */
  trunkCap: number;
  /** Calls this campaign may start in any one second (its carrier's calls-per-second limit, which
   * refuses or blocks a trunk that bursts over it); absent or 0: no limit. */
  maxDialsPerSecond?: number;
  regime: AbandonRegime;
  /** How long a number rests after a call of the campaign is abandoned (72 h under UK rules, UK
   * calling hours included: abandonRestMsUnder); absent: its regime's own rule. Each abandoned call
   * keeps the rest in force when it was abandoned, however late its close is written. */
  abandonRestMs?: number;
  /** Abandonment budget as a fraction of live answers, e.g. 0.03; the regime may lower it. */
  abandonTarget: number;
  ringTimeoutMs: number;
  /** An answered call waits this long at most for an agent before the safe-harbor message. */
  connectLimitMs: number;
  /** How long an agent may stay paused for each reason that has an allowance (a 15-minute break);
   * supervisors see who overran it. Absent: no reason has one. */
  pauseLimitsMs?: Readonly<Record<string, number>>;
  wrapUpMs: number;
  wrapUpMode: WrapUpMode;
  amdEnabled: boolean;
  machineAction: MachineAction;
  /** Silence that AMD needs after the greeting to say HUMAN; subtracted to find the greeting's end. */
  amdAfterGreetingMs: number;
  /** The campaign's reasoned estimate of the share of AMD machine verdicts that were people: the
   * regimes that count AMD false positives (UK, strict) count that share of machine answers as
   * abandoned live calls. Set it from sampled recordings of machine-classified calls. */
  amdFalsePositiveRate: number;
  safeHarborMedia: string;
  machineMessageMedia: string;
  /** What a person calling back the campaign's caller ID hears (who called, the key to stop further
   * calls); absent: `defaultReturnCallMedia` of compliance/return-call.ts. */
  returnCallMedia?: string;
  /** How long a person calling back with no agent to spare waits on hold for one (whole seconds,
   * 0 to `maxReturnCallHoldSeconds`) before the message; absent or 0: the message at once. */
  returnCallHoldSeconds?: number;
  /** The key that adds the number to the DNC list during the safe-harbor message; '' = none. */
  optOutDigit: string;
  recordingEnabled: boolean;
  /** With recording on: a call is recorded only once its agent starts the recording (having asked
   * the customer, where the law wants their consent), not from its connection. */
  recordingOnDemand?: boolean;
  /** How long the agent may pause the recording (card details) before it goes on by itself;
   * absent: `recordingPauseLimitMs` of limits.ts. */
  recordingPauseLimitMs?: number;
  /** How long a customer stays on hold at most before they are back with their agent; absent:
   * `holdLimitMs` of limits.ts. */
  holdLimitMs?: number;
  /** The quiet after an answering machine's greeting that starts the campaign's message on it (0:
   * at once); absent: `machineMessageSilenceMs` of limits.ts. */
  machineMessageSilenceMs?: number;
  /** The longest the message waits for the greeting to end; absent: `machineMessageMaxWaitMs`. */
  machineMessageMaxWaitMs?: number;
  /** The caller ID presented, as the PBX takes it (`"Name" <number>` or a number). null: the
   * campaign has none, so it does not dial (binding `no_caller_id`). The product always says;
   * the simulator leaves it out, as its calls reach no one. */
  callerId?: string | null;
  /** Local presence: numbers of the campaign's own (E.164) one of which is presented instead of
   * the caller ID's number when it shares the dialled number's area (see caller-id.ts). */
  callerIdPool?: readonly string[];
  /** The dial string template of the trunk the campaign's calls go out on (`{number}`, `{e164}`);
   * absent or null: the node's. */
  customerEndpoint?: string | null;
  /** Campaigns whose agents this campaign's agents may hand customers to (a closer team): they
   * give the disposition of the call, which stays this campaign's. */
  handoverCampaigns?: readonly CampaignId[];
  /** Numbers outside the campaign an agent may call with their customer on hold (a verification
   * desk, a supplier), each by its name; agents call no other number. */
  thirdParties?: readonly ThirdParty[];
  /** The national do-not-call registries the campaign is scrubbed against, each with its last
   * load: while one is too old (or was never loaded) it does not dial (binding `national_registry`). */
  nationalRegistries?: readonly RegistryLoad[];
}

/** A number an agent may bring into a call, by the name agents see; `number` in E.164. */
export interface ThirdParty {
  name: string;
  number: string;
}

export const defaultCampaignSettings: CampaignSettings = {
  mode: 'progressive',
  dialLevel: 1,
  maxLinesPerAgent: 3,
  trunkCap: 0,
  regime: 'us',
  abandonTarget: 0.03,
  ringTimeoutMs: 25_000,
  connectLimitMs: 2_000,
  wrapUpMs: 15_000,
  wrapUpMode: 'auto',
  amdEnabled: false,
  machineAction: 'hangup',
  amdAfterGreetingMs: 800,
  amdFalsePositiveRate: 0.02,
  safeHarborMedia: 'sound:outpace/sh',
  machineMessageMedia: 'sound:outpace/vm-message',
  optOutDigit: '1',
  recordingEnabled: false,
};

/** The time limits a campaign may set, each within its bounds; absent, the engine's default. */
export const optionalTimeLimits = [
  { key: 'recordingPauseLimitMs', min: minRecordingPauseLimitMs, max: maxRecordingPauseLimitMs, fallback: recordingPauseLimitMs },
  { key: 'holdLimitMs', min: minHoldLimitMs, max: maxHoldLimitMs, fallback: holdLimitMs },
  { key: 'machineMessageSilenceMs', min: minMachineMessageSilenceMs, max: maxMachineMessageSilenceMs, fallback: machineMessageSilenceMs },
  { key: 'machineMessageMaxWaitMs', min: minMachineMessageMaxWaitMs, max: maxMachineMessageMaxWaitMs, fallback: machineMessageMaxWaitMs },
] as const satisfies readonly { key: keyof CampaignSettings; min: number; max: number; fallback: number }[];

/** Settings that no regime allows: refuse them when a campaign is configured. */
export function settingsProblems(settings: CampaignSettings): string[] {
  const problems: string[] = [];
  if (settings.ringTimeoutMs < 15_000) problems.push('ringTimeoutMs must be at least 15000 (15 s ring)');
  if (settings.connectLimitMs > 2_000) problems.push('connectLimitMs must be at most 2000 (2-second rule)');
  if (settings.connectLimitMs < 0) problems.push('connectLimitMs must not be negative');
  // AMD says "human" this long after the greeting ended, where the 2 seconds start: what is left
  // must give an agent, or the safe-harbor message, time to be reached.
  if (settings.amdEnabled && settings.amdAfterGreetingMs > settings.connectLimitMs - safeHarborMarginMs) {
    problems.push(`amdAfterGreetingMs must be at most connectLimitMs - ${safeHarborMarginMs} (${settings.connectLimitMs - safeHarborMarginMs}): the 2 seconds start at the greeting's end`);
  }
  if (settings.abandonTarget < 0 || settings.abandonTarget > 0.03) {
    problems.push('abandonTarget must be between 0 and 0.03');
  }
  if (settings.dialLevel < 1 || settings.dialLevel > 5) problems.push('dialLevel must be between 1 and 5');
  if (settings.maxLinesPerAgent < 1 || settings.maxLinesPerAgent > 5) {
    problems.push('maxLinesPerAgent must be between 1 and 5');
  }
  if (settings.trunkCap < 0) problems.push('trunkCap must not be negative');
  const rate = settings.maxDialsPerSecond;
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 0 && rate <= maxDialsPerSecondCap)) {
    problems.push(`maxDialsPerSecond must be a whole number from 0 (no limit) to ${maxDialsPerSecondCap}`);
  }
  if (settings.wrapUpMs < 0) problems.push('wrapUpMs must not be negative');
  const hold = settings.returnCallHoldSeconds;
  if (hold !== undefined && !(Number.isInteger(hold) && hold >= 0 && hold <= maxReturnCallHoldSeconds)) {
    problems.push(`returnCallHoldSeconds must be a whole number of seconds from 0 (none) to ${maxReturnCallHoldSeconds}`);
  }
  for (const { key, min, max } of optionalTimeLimits) {
    const limit = settings[key];
    if (limit !== undefined && !(limit >= min && limit <= max)) problems.push(`${key} must be between ${min} and ${max}`);
  }
  if (!(settings.amdFalsePositiveRate >= 0 && settings.amdFalsePositiveRate <= 0.5)) {
    problems.push('amdFalsePositiveRate must be between 0 and 0.5');
  }
  // The FCC's safe harbor asks the abandoned-call message for a key-press opt-out (47 CFR
  // 64.1200(a)(7)(i)(B), (b)(3)); Ofcom's asks only for who called and a number to call back.
  if (settings.regime !== 'uk' && settings.optOutDigit === '') {
    problems.push(`optOutDigit must be a key under ${settings.regime.toUpperCase()} rules: the safe-harbor message must let the person opt out by pressing it (47 CFR 64.1200(a)(7)(i)(B))`);
  }
  for (const key of ['safeHarborMedia', 'machineMessageMedia', 'returnCallMedia'] as const) {
    if (playsForever(settings[key] ?? '')) problems.push(`${key} must not play a tone: a tone plays until stopped, so the call would never be hung up`);
  }
  return problems;
}

/** A media list with a `tone:` in it: the PBX plays a tone until told to stop, so the list never
 * finishes and the engine, which hangs up when it has, would keep the call open. */
function playsForever(media: string): boolean {
  return media.split(',').some((item) => item.trim().startsWith('tone:'));
}

type TimeLimitKey = (typeof optionalTimeLimits)[number]['key'];
const timeLimitDefaults = Object.fromEntries(optionalTimeLimits.map(({ key, fallback }) => [key, fallback])) as Record<TimeLimitKey, number>;

/** The campaign's time limit, or the engine's default when it sets none. */
export function timeLimitOf(settings: CampaignSettings, key: TimeLimitKey): number {
  return settings[key] ?? timeLimitDefaults[key];
}

/** How long a recording pause lasts at most in the campaign. */
export function recordingPauseLimitOf(settings: CampaignSettings): number {
  return timeLimitOf(settings, 'recordingPauseLimitMs');
}

/** Whether the campaign's calls are recorded from their connection, without the agent asking. */
export function recordsEveryCall(settings: CampaignSettings): boolean {
  return settings.recordingEnabled && settings.recordingOnDemand !== true;
}

/** The longest a person calling back may wait on hold for an agent. */
export const maxReturnCallHoldSeconds = 120;

/** How long a person calling back waits on hold for an agent in the campaign; 0: not at all. */
export function returnCallHoldMsOf(settings: CampaignSettings): number {
  return (settings.returnCallHoldSeconds ?? 0) * 1000;
}

/** How long a hold lasts at most in the campaign. */
export function holdLimitOf(settings: CampaignSettings): number {
  return timeLimitOf(settings, 'holdLimitMs');
}
