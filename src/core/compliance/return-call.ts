// A person calling back the number a campaign presented. Telemarketing rules want the caller ID to
// be a number the person can call back (the US TSR), one for return calls through which they can
// ask not to be called again (Ofcom's CLI guidance). The line finds the campaign presenting the
// number dialled, the leads of it that were called from the caller's number, and what to play:
// the campaign's return-call message, which says who called and which key stops further calls.

import type { CampaignSettings } from '../campaign-settings.js';

/** What a return call needs of a campaign: the numbers it presents and its message. */
export interface ReturnCallCampaign {
  id: string;
  settings: Pick<CampaignSettings, 'callerId' | 'callerIdPool' | 'optOutDigit' | 'returnCallMedia'>;
  /** The caller IDs its lists present in place of its own (list-overrides.ts): its numbers too. */
  listCallerIds: readonly string[];
}

/** What of a campaign says which numbers it presents. */
export interface PresentingCampaign {
  settings: Pick<CampaignSettings, 'callerId' | 'callerIdPool'>;
  listCallerIds: readonly string[];
}

/** A campaign's latest call to a lead at the caller's number. */
export interface ReturnCallAttempt {
  campaignId: string;
  leadId: string;
  atMs: number;
}

export interface ReturnCallFacts {
  /** The number the person dialled, as the dialplan gives it. */
  dialled: string;
  /** The caller's number in E.164, null when withheld or unreadable. */
  caller: string | null;
  campaigns: readonly ReturnCallCampaign[];
  /** The campaigns' calls to the caller's number, latest per campaign and lead. */
  attempts: readonly ReturnCallAttempt[];
}

export type ReturnCallDecision =
  /** No campaign presents the number: nothing is played, the call is hung up. */
  | { kind: 'not_presented' }
  | {
    kind: 'answer';
    campaignId: string;
    /** The leads of the campaign called at the caller's number, the latest called first. */
    leadIds: string[];
    media: string;
    /** The caller ID of the campaign's that the person dialled, as the campaign presents it (its
     * `"Name" <number>` or a number of its pool): what the agent sees them shown as. */
    shownAs: string;
    /** The key that puts the caller's number on the do-not-call list; none for a withheld number. */
    optOutDigit: string | null;
  };

/** What a campaign's return calls play when it sets nothing else. */
export const defaultReturnCallMedia = 'sound:outpace/return-call';

/** The key a return call offers for a campaign with no opt-out key of its own (one under UK rules,
 * where the safe-harbor message needs none): Ofcom wants the number to let the person opt out. */
export const defaultReturnCallOptOutDigit = '1';

export function decideReturnCall(facts: ReturnCallFacts): ReturnCallDecision {
  const presenting = facts.campaigns.filter((campaign) => presentsNumber(campaign, facts.dialled));
  const first = presenting[0];
  if (first === undefined) return { kind: 'not_presented' };
  const calls = facts.attempts
    .filter((attempt) => presenting.some((campaign) => campaign.id === attempt.campaignId))
    .sort((a, b) => b.atMs - a.atMs);
  // Several campaigns may present one number: the person is calling back the one that called last.
  const campaignId = calls[0]?.campaignId ?? first.id;
  const campaign = presenting.find((candidate) => candidate.id === campaignId) ?? first;
  const leadIds = [...new Set(calls.filter((call) => call.campaignId === campaign.id).map((call) => call.leadId))];
  return {
    kind: 'answer', campaignId: campaign.id, leadIds,
    shownAs: presentedCallerIds(campaign).find((callerId) => sameNumber(callerIdNumber(callerId), facts.dialled)) ?? facts.dialled,
    media: campaign.settings.returnCallMedia?.trim() || defaultReturnCallMedia,
    optOutDigit: facts.caller === null ? null : campaign.settings.optOutDigit || defaultReturnCallOptOutDigit,
  };
}

/** Whether the campaign presents `dialled` on any of its dials: its caller ID's number, one of its
 * local-presence pool, or the caller ID one of its lists presents in place of its own. A person
 * calling back any number they were shown is calling the campaign. */
export function presentsNumber(campaign: PresentingCampaign, dialled: string): boolean {
  return presentedCallerIds(campaign).some((callerId) => sameNumber(callerIdNumber(callerId), dialled));
}

/** Every caller ID the campaign's dials may present, as written (`"Name" <number>` or a number). */
function presentedCallerIds({ settings, listCallerIds }: PresentingCampaign): string[] {
  return [settings.callerId ?? '', ...listCallerIds, ...(settings.callerIdPool ?? [])].filter((callerId) => callerIdNumber(callerId) !== '');
}

/** Two numbers with the same digits (with or without the +); never one with none. */
function sameNumber(a: string, b: string): boolean {
  const digits = digitsOf(a);
  return digits !== '' && digits === digitsOf(b);
}

/** The number of a caller ID written `"Name" <number>`, `Name <number>` or as a bare number. */
export function callerIdNumber(callerId: string): string {
  return /<([^>]*)>/.exec(callerId)?.[1]?.trim() ?? callerId.trim();
}

/** The caller's number as E.164, from the PBX's caller number (`+4420...`, `004420...` or
 * `4420...` in international form); null when it is withheld or holds no digits. */
export function callerE164(number: string): string | null {
  const trimmed = number.trim();
  if (/[^+\d\s().-]/.test(trimmed)) return null;
  const digits = digitsOf(trimmed).replace(/^00/, '');
  return digits.length < 7 ? null : `+${digits}`;
}

function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}
