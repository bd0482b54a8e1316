// Everything that can happen to the engine. The shell (live runtime or simulator) turns ARI
// events, agent actions and timers into these, and stamps the time separately.

import type { ActingStaff } from './acting-staff.js';
import type { AmdVerdict, Handover, HandoverWait } from './call.js';
import type { CampaignSettings } from './campaign-settings.js';
import type { AbandonHistoryBucket } from './compliance/abandon-ledger.js';
import type { AgentId, AttemptId, CampaignId, LeadId } from './ids.js';
import type { ListOverrides } from './list-overrides.js';
import type { SavedPacingModel } from './pacing/saved-pacing-model.js';

/** A lead the shell has leased and written an attempt row for, ready to be dialled. */
export interface LeadDial {
  attemptId: AttemptId;
  leadId: LeadId;
  phone: string;
  /** The lead's value of the attribute its campaign distributes calls by; null or absent: none. */
  group?: string | null;
  /** What the lead's list sets in place of its campaign's (caller ID, message); absent: nothing. */
  listOverrides?: ListOverrides | null;
  /** The all-party consent states the lead may be in (recording-consent.ts): its call is recorded
   * only once its agent has told the person and heard them agree. Absent or []: none. */
  recordingConsentStates?: readonly string[];
  /** The person gave prior consent to prerecorded messages (their list says so): without it, no
   * message is left on their answering machine (prerecorded-message-consent.ts). Absent: none. */
  prerecordedConsent?: boolean;
}

/** A conversation a crashed run of this node left going on in the PBX, as storage and the PBX
 * know it: the attempt's progress, and the agent whose phone leg is in it. */
export interface AdoptedConversation {
  attemptId: AttemptId;
  /** The call's campaign, when it is not the one the agent works on (a customer handed to another
   * campaign's team); absent: the agent's. */
  campaignId?: CampaignId;
  leadId: LeadId;
  phone: string;
  group?: string | null;
  originatedAtMs: number;
  ringingAtMs: number | null;
  answeredAtMs: number | null;
  liveAtMs: number | null;
  connectedAtMs: number;
  amdVerdict: AmdVerdict | null;
  /** The call's recording is paused on the PBX (the agent was taking card details). */
  recordingPaused: boolean;
  /** The call is being recorded on the PBX (absent: as the campaign records every call). */
  recorded?: boolean;
  /** The customer is on hold (the agent had put them there). */
  held?: boolean;
  /** What the crashed run kept of the holds: their time so far, and since when the customer is on
   * hold (null: not on hold, or not known). */
  heldMs?: number;
  heldSinceMs?: number | null;
  /** The handovers of the customer so far, in order. */
  handovers?: readonly Handover[];
  /** Whom the customer on hold was waiting for (the next agent of a team or group), if anyone. */
  handoverWait?: HandoverWait | null;
  /** The agent had turned their microphone off (the PBX keeps it off). */
  muted?: boolean;
  /** What the lead's list sets in place of its campaign's (its caller ID, its machine message);
   * absent or null: the campaign's. */
  listOverrides?: ListOverrides | null;
  /** The caller ID the customer was dialled with, as their attempt kept it (null: none kept). */
  callerId?: string | null;
  /** A person who called back the campaign's number (a return call), no dial of the campaign's. */
  inbound?: boolean;
  /** As its lead was dialled (LeadDial): the all-party consent states it may be in, and its
   * consent to prerecorded messages. */
  recordingConsentStates?: readonly string[];
  prerecordedConsent?: boolean;
}

/** Whom a customer is handed to: a named colleague, the longest-waiting ready agent of a lead
 * group of the campaign, or of the team of a campaign it hands customers to (its
 * `handoverCampaigns`; of one of that team's groups, when given). */
export type TransferTarget = { agentId: AgentId } | { group: string } | { campaignId: CampaignId; group?: string };

export type ConsultAction = 'conference' | 'complete' | 'cancel';

export type Input =
  | { type: 'tick' }
  | { type: 'campaign_configured'; campaignId: CampaignId; settings: CampaignSettings }
  | { type: 'campaign_started'; campaignId: CampaignId }
  | { type: 'campaign_paused'; campaignId: CampaignId }
  | { type: 'campaign_stopped'; campaignId: CampaignId }
  /** This node no longer drives the campaign (stopped here, or its lease lost or given up): it
   * leaves the engine if nothing of it is left here (no agent logged in to it, no call of it, no
   * lead asked for), else stays as it is and the shell asks again later. */
  | { type: 'campaign_released'; campaignId: CampaignId }
  /** The campaign's answers and abandons before this engine took it on, from storage. */
  | { type: 'abandon_history_loaded'; campaignId: CampaignId; buckets: AbandonHistoryBucket[] }
  /** A call put through live was found to reach no person (its disposition says so: a machine, a
   * wrong number): it leaves the live answers of the abandonment figures. `attemptId`: the call. */
  | { type: 'live_answer_withdrawn'; campaignId: CampaignId; attemptId: AttemptId; liveAtMs: number }
  /** What the campaign had learned for pacing when it was last saved, from storage. */
  | { type: 'pacing_model_restored'; campaignId: CampaignId; model: SavedPacingModel; savedAtMs: number }
  | { type: 'leads_leased'; campaignId: CampaignId; requested: number; leads: LeadDial[] }
  /** The dial failed. `notSent`: it never reached the PBX (the last check or its write failed,
   * it was hung up while it waited for an originate slot, telephony was down), so it rang no
   * one and counts as no dial; otherwise the PBX or the carrier refused it. */
  | { type: 'originate_failed'; attemptId: AttemptId; reason: string; notSent?: boolean }
  /** The last compliance check before the originate refused the number (DNC, window, caps). */
  | { type: 'dial_blocked'; attemptId: AttemptId; rule: string; reason: string }
  | { type: 'call_ringing'; attemptId: AttemptId }
  /** `answeredAtMs`: the answer was missed in a gap in the PBX's events and found after it; it
   * came no earlier than the gap began, which this is (earlier than now). */
  | { type: 'call_answered'; attemptId: AttemptId; answeredAtMs?: number }
  /** `decidedAtMs`: the verdict was missed in a gap in the PBX's events and read from the channel
   * after it; it came no earlier than the gap began, which this is (earlier than now). */
  | { type: 'amd_result'; attemptId: AttemptId; verdict: AmdVerdict; detail: string; decidedAtMs?: number }
  | { type: 'call_bridged'; attemptId: AttemptId; agentId: AgentId }
  | { type: 'bridge_failed'; attemptId: AttemptId; agentId: AgentId; reason: string }
  /** The media played to the call ended. `failed`: the PBX could not play it (a missing or
   * misnamed file); a message cut off by a hang-up has played. Absent: played. */
  | { type: 'playback_finished'; attemptId: AttemptId; failed?: boolean }
  | { type: 'dtmf_received'; attemptId: AttemptId; digit: string }
  /** The far end started talking (`true`), or has been quiet for the silence listened for (`false`). */
  | { type: 'far_end_talking'; attemptId: AttemptId; talking: boolean }
  /** `unseen`: the channel was found gone after a gap in the PBX's events; how it ended there
   * (answered, rang out, busy...) is not known, and the cause and status say only what was seen. */
  | { type: 'call_ended'; attemptId: AttemptId; cause: number; causeText: string; dialStatus: string; unseen?: boolean }
  /** The PBX did not start the recording its agent asked for: the call is not recorded. */
  | { type: 'recording_start_failed'; attemptId: AttemptId }
  /** The PBX gave up the call's recording after it started (RecordingFailed): it records no more. */
  | { type: 'recording_failed'; attemptId: AttemptId }
  /** The PBX did not stop the recording the agent asked to stop: it goes on. */
  | { type: 'recording_stop_failed'; attemptId: AttemptId }
  /** The PBX refused to pause (or resume) the call's recording: it is as it was. */
  | { type: 'recording_pause_failed'; attemptId: AttemptId; paused: boolean }
  /** The PBX did not put the customer on hold (or take them off it): they are as they were. */
  | { type: 'hold_failed'; attemptId: AttemptId; held: boolean }
  /** The PBX did not mute (or unmute) the agent's phone: the microphone is as it was. */
  | { type: 'mute_failed'; agentId: AgentId; muted: boolean }
  /** The colleague's phone is with the agent for the consultation (or could not be brought there). */
  | { type: 'consult_joined'; attemptId: AttemptId; agentId: AgentId }
  | { type: 'consult_failed'; attemptId: AttemptId; agentId: AgentId; reason: string }
  /** The third party the agent called answered and is in the agent's bridge. */
  | { type: 'third_party_answered'; attemptId: AttemptId }
  /** The third party's line is gone: hung up, or never answered (`reason` says why). */
  | { type: 'third_party_ended'; attemptId: AttemptId; reason: string }
  /** The customer and the third party are together without the agent (or could not be put so). */
  | { type: 'third_party_handed_off'; attemptId: AttemptId }
  | { type: 'third_party_handoff_failed'; attemptId: AttemptId; reason: string }
  /** The operator ends a call (shutdown, supervisor): hang it up whatever its state. */
  /** The engine hangs the call up on request: the node stopping, or `by` a staff member. */
  | { type: 'call_withdrawn'; attemptId: AttemptId; reason: string; by?: ActingStaff }
  /** After a restart: the agent is back in the engine, talking, in the conversation that went on;
   * `campaignId`: the campaign the agent works on. */
  | { type: 'conversation_adopted'; agentId: AgentId; campaignId: CampaignId; endpoint: string; groups?: readonly string[];
      conversation: AdoptedConversation }
  | { type: 'agent_login'; agentId: AgentId; campaignId: CampaignId; endpoint: string; groups?: readonly string[] }
  | { type: 'agent_leg_up'; agentId: AgentId }
  /** `dialStatus`: the last Dial status of a leg that never answered (BUSY, CONGESTION...), which a
   * Local channel's end (cause 0) does not carry. */
  | { type: 'agent_leg_down'; agentId: AgentId; cause: number; dialStatus?: string }
  | { type: 'agent_ready'; agentId: AgentId }
  /** `by`: the staff member who paused the agent (absent: the agent); their pause during a wrap-up
   * that owes a disposition waits for it, so the agent still gives it. */
  | { type: 'agent_pause'; agentId: AgentId; reason: string; by?: ActingStaff }
  /** `afterDisposition`: an agent in wrap-up who owes a disposition is logged out once it is given
   * (a node stopping lets every agent finish their call). `by`: the staff member who asked. */
  | { type: 'agent_logout'; agentId: AgentId; afterDisposition?: boolean; by?: ActingStaff }
  /** `by`: the staff member who ended the agent's call (absent: the agent). */
  | { type: 'agent_hangup'; agentId: AgentId; by?: ActingStaff }
  /** The agent pauses their call's recording (to take card details) or has it go on again. */
  | { type: 'agent_recording_paused'; agentId: AgentId; paused: boolean }
  /** The agent puts their customer on hold or takes them off it. */
  | { type: 'agent_hold'; agentId: AgentId; held: boolean }
  /** The agent starts the recording of their call, in a campaign that records on demand. */
  | { type: 'agent_record'; agentId: AgentId }
  /** The agent stops the recording they started (on demand): what was recorded is kept. */
  | { type: 'agent_stop_recording'; agentId: AgentId }
  /** The agent turns their own microphone off (or on again) in a conversation. */
  | { type: 'agent_mute'; agentId: AgentId; muted: boolean }
  /** The agent has reached an answering machine: the campaign's message is left on it, and the
   * agent is free at once. */
  | { type: 'agent_leave_message'; agentId: AgentId }
  /** The agent hands their customer over to a ready colleague: a named one, or the one of a lead
   * group (closers, a language) who has waited longest. */
  | { type: 'agent_transfer'; agentId: AgentId; to: TransferTarget }
  /** The agent speaks to the colleague first, the customer on hold; then brings the customer in
   * (conference), hands them over (complete) or takes them back (cancel). */
  | { type: 'agent_consult'; agentId: AgentId; to: TransferTarget }
  | { type: 'agent_consult_action'; agentId: AgentId; action: ConsultAction }
  /** The agent calls one of the campaign's third parties (by its name), the customer on hold; then
   * brings the customer in (conference), leaves the two together (complete) or ends it (cancel). */
  | { type: 'agent_call_third_party'; agentId: AgentId; name: string }
  /** A manager changed the lead groups of an agent who is logged in: the next call routes by them. */
  | { type: 'agent_groups_changed'; agentId: AgentId; groups: readonly string[] }
  | { type: 'agent_dispositioned'; agentId: AgentId; attemptId: AttemptId }
  /** A person calling back the campaign's number, answered, for a ready agent of the campaign: the
   * one idle longest is reserved and the caller put through to them (their lead's screen pop), or
   * the input is refused (`no_agent_ready`, `call_in_progress`) and the shell plays the message.
   * The lead comes with what a dial of it would know (LeadDial): its list's overrides, and the
   * consent states that keep its call unrecorded until the person agrees. */
  | ({ type: 'inbound_call'; campaignId: CampaignId } & LeadDial)
  /** `callback`: the agent's personal callback, dialled only while the agent is held for it. */
  | { type: 'preview_dial'; agentId: AgentId; campaignId: CampaignId; lead: LeadDial; callback?: boolean }
  /** The shell says whether a personal callback of the agent is due and dialable now. */
  | { type: 'callback_due'; agentId: AgentId; due: boolean }
  | { type: 'telephony_up' }
  | { type: 'telephony_down' }
  | { type: 'pbx_capacity'; freeChannels: number | null }
  /** The node's calls-per-second limit over every campaign it drives; null: none, 0: no calls. */
  | { type: 'node_dial_rate'; perSecond: number | null };

export type InputType = Input['type'];
