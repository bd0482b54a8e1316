// Identifier types. Plain strings at run time; named so signatures say what they carry.

export type CampaignId = string;
export type AgentId = string;
/** An attempt is one dial of one phone of one lead; its id also names the customer channel. */
export type AttemptId = string;
export type LeadId = string;

const attemptIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a channel is an attempt's customer channel, named by the attempt's id: the whole id is
 * a UUID. Only the whole: a PBX names a caller's channel with its system name first
 * (`<systemname>-1733500000.42`), which may be a UUID too. */
export function isAttemptChannelId(channelId: string): boolean {
  return attemptIdPattern.test(channelId);
}
