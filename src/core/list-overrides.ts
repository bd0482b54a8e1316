// A list may present its own caller ID and leave its own message on answering machines, in place
// of its campaign's: one campaign working lists bought for two brands, or for two regions with
// their own number to call back, says to each person whose list they are on who is calling.

import type { CampaignSettings } from './campaign-settings.js';
import { presentedCallerId } from './compliance/caller-id.js';

/** What a lead's list sets in place of its campaign's; null: the campaign's. */
export interface ListOverrides {
  callerId: string | null;
  machineMessageMedia: string | null;
}

type Dialled = { phone: string; listOverrides: ListOverrides | null };

/** The caller ID a dial presents: its list's as set, or the campaign's (a local number from its
 * pool, with local presence); null when neither has one. */
export function callerIdFor(settings: Pick<CampaignSettings, 'callerId' | 'callerIdPool'>, call: Dialled): string | null {
  return call.listOverrides?.callerId ?? presentedCallerId(settings, call.phone);
}

/** The message left on the answering machine a call reached: its list's, or the campaign's. */
export function machineMessageFor(settings: Pick<CampaignSettings, 'machineMessageMedia'>, call: Pick<Dialled, 'listOverrides'>): string {
  return call.listOverrides?.machineMessageMedia ?? settings.machineMessageMedia;
}
