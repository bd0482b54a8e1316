// Identifier types. Plain strings at run time; named so signatures say what they carry.

export type CampaignId = string;
export type AgentId = string;
/** An attempt is one dial of one phone of one lead; its id also names the customer channel. */
export type AttemptId = string;
export type LeadId = string;
