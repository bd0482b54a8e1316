// The state of one customer call (one attempt) from originate until its channel is gone.

import type { ActingStaff } from './acting-staff.js';
import type { CallOutcome } from './call-outcome.js';
import type { AgentId, AttemptId, CampaignId, LeadId } from './ids.js';
import type { MessageWithheld } from './compliance/prerecorded-message-consent.js';
import type { ListOverrides } from './list-overrides.js';

export type CallStatus =
  | 'dialing'
  | 'ringing'
  | 'amd'
  | 'waiting_agent'
  | 'connecting'
  | 'connected'
  | 'safe_harbor'
  | 'machine_message'
  | 'handed_off'
  | 'hanging_up';

export const callStatuses: readonly CallStatus[] = [
  'dialing', 'ringing', 'amd', 'waiting_agent', 'connecting', 'connected', 'safe_harbor',
  'machine_message', 'handed_off', 'hanging_up',
];

export interface Call {
  attemptId: AttemptId;
  campaignId: CampaignId;
  leadId: LeadId;
  phone: string;
  /** The lead's group for distribution (normalised), null when the call goes to any agent. */
  group: string | null;
  status: CallStatus;
  /** A preview call belongs to the agent who asked for it from the start. */
  previewAgentId: AgentId | null;
  agentId: AgentId | null;
  originatedAtMs: number;
  ringingAtMs: number | null;
  answeredAtMs: number | null;
  /** When the 2-second clock started: answer, or the end of the greeting when AMD ran. */
  liveAtMs: number | null;
  /** When an answer (or its AMD verdict) missed in a gap in the PBX's events was found: the engine
   * could keep the 2-second rule only from then (the call counts as abandoned all the same when it
   * was past). */
  answerFoundAtMs?: number;
  connectedAtMs: number | null;
  safeHarborAtMs: number | null;
  amdVerdict: AmdVerdict | null;
  amdDetail: string;
  abandoned: boolean;
  /** The rest its number takes under the campaign's rules when the call was abandoned (set then). */
  abandonRestMs?: number;
  /** Counted in the forecast's calibration when it went live (a forecast was in force). */
  forecastCounted: boolean;
  /** The dialler asked for the hang-up (withdrawn while ringing, or after safe harbor). */
  hangupRequested: boolean;
  optedOut: boolean;
  /** Set when the dialler ends an answered call itself, so the end reports why. */
  endOutcome: CallOutcome | null;
  /** The staff member who hung it up for its agent, so its end says who; null: no one did. */
  endedBy: ActingStaff | null;
  /** Its recording has been started (on connection, or by its agent on demand). */
  recorded: boolean;
  /** While its recording is paused (the agent takes card details): since when. */
  recordingPausedAtMs: number | null;
  /** Its agent stopped its recording (one started on demand): started again, it goes on in the same file. */
  recordingStopped: boolean;
  /** While the agent has the customer on hold: since when. */
  heldAtMs: number | null;
  /** Time on hold before the current hold, if any. */
  heldMs: number;
  /** While the agent hands the customer over to a colleague: the colleague, reserved for it. The
   * call stays with `agentId` until the colleague has the customer. */
  transferToAgentId: AgentId | null;
  /** While the customer waits on hold to be handed to the next agent of a team or group to come
   * free (none was ready when the agent asked): whom they wait for, and since when. */
  handoverWait: HandoverWait | null;
  /** A handover with a consultation first: how far it got (null: none, or a blind handover). */
  consult: ConsultStage | null;
  /** When the consultation's handover was asked (the customer moved to the colleague): one the PBX
   * has not confirmed within the reservation's time is given up, the customer left with the agent. */
  completingSinceMs: number | null;
  /** Each time the customer was handed from one agent to another, in order. */
  handovers: Handover[];
  /** When the agent had the campaign's message left on the answering machine they reached. */
  messageLeftAtMs: number | null;
  /** One of the campaign's third parties the agent called about this customer, if any. */
  thirdParty: ThirdPartyCall | null;
  /** The campaign's message on the answering machine this call reached, once asked for. */
  machineMessage: MachineMessage | null;
  /** What the lead's list sets in place of its campaign's (caller ID, message); null: nothing. */
  listOverrides: ListOverrides | null;
  /** The caller ID the customer was dialled with (the attempt's `caller_id`), kept as it was
   * though the campaign's or list's changes during the call; absent: not known (a person who
   * called back, an attempt that kept none). */
  shownCallerId?: string;
  /** The all-party consent states its lead may be in: in a campaign that records every call, it is
   * recorded only once its agent starts the recording, having told the person and heard them
   * agree. []: none, recorded as the campaign says. */
  recordingConsentStates: readonly string[];
  /** Its lead gave prior consent to prerecorded messages. */
  prerecordedConsent: boolean;
  /** Why the campaign's message was not left on the machine the call reached; null: it was not
   * withheld (left, or never asked for). */
  messageWithheld: MessageWithheld | null;
  /** A person calling back the campaign's number, put through to a ready agent (return-call.ts):
   * no dial and no live answer of the dialler's, so neither pacing nor abandonment counts it. */
  inbound?: boolean;
  /** A person calling back who waits on hold for an agent (none was to spare when they called):
   * until when, after which they hear the campaign's message instead (return-call-wait.ts). */
  waitsForAgentUntilMs?: number;
  /** Why the engine hung the call up on request (the node stopping, a staff member), if it did. */
  withdrawnReason?: string;
  /** A person calling back: the agents whose bridge to them failed, each with when it last did;
   * none of them is given the caller again until `failedAgentRetryMs` after (return-call-wait.ts). */
  bridgeFailures?: readonly BridgeFailure[];
}

/** An agent whose bridge to a caller failed, and when it last did. */
export interface BridgeFailure {
  agentId: AgentId;
  atMs: number;
}

/** Why a message on an answering machine started when it did: the campaign waits for no greeting
 * (`at_once`), the machine went quiet after it (`after_greeting`), no greeting was heard
 * (`no_greeting`, it was over already), or the wait reached its longest (`longest_wait`). */
export const messageStarts = ['at_once', 'after_greeting', 'no_greeting', 'longest_wait'] as const;
export type MessageStart = (typeof messageStarts)[number];

/** A message started on an answering machine: when, why then, and which (its media). */
export interface MessagePlayed {
  atMs: number;
  start: MessageStart;
  media: string;
}

/** The campaign's message on an answering machine: asked for (AMD's verdict, or the agent), and
 * played once the machine's greeting is over (greeting-wait.ts). */
export interface MachineMessage {
  askedAtMs: number;
  /** The machine was heard talking (its greeting, its beep) since the message was asked for. */
  talkHeard: boolean;
  /** When it started playing, why then, and which message (the campaign's, or its list's); null
   * while it waits for the greeting to end. */
  played: MessagePlayed | null;
}

/** A third party (a verification desk, a supplier) the agent called with the customer on hold:
 * ringing (`dialing`), talking with the agent (`talking`), all three talking (`conference`), the
 * customer being left with them (`handing_off`), or left with them, the agent gone
 * (`handed_off`, when the call's status is `handed_off` too). */
export interface ThirdPartyCall {
  name: string;
  stage: ThirdPartyStage;
  sinceMs: number;
  /** When the agent left the customer with the third party. */
  handedOffAtMs: number | null;
  /** Why its line ended while the customer was being left with it (the move may still have been
   * made); null while it is up. */
  endedWhileHandingOff: string | null;
}

export type ThirdPartyStage = 'dialing' | 'talking' | 'conference' | 'handing_off' | 'handed_off';

/** The customer moved from one agent's bridge to a colleague's at `atMs`. */
export interface Handover {
  fromAgentId: AgentId;
  toAgentId: AgentId;
  atMs: number;
}

/** The agent who first had the customer, when the call has been handed over since. */
export function transferredFromOf(call: { handovers: readonly Handover[] }): AgentId | null {
  return call.handovers[0]?.fromAgentId ?? null;
}

/** A campaign's team (the call's own campaign, or one it hands customers to), or one of its groups
 * when `group` is given. */
export interface TeamOrGroup {
  campaignId: CampaignId;
  group: string | null;
}

/** A team or group in words: "closers", "campaign 7", "closers of campaign 7". */
export function describeTeam(team: TeamOrGroup, ownCampaignId: string): string {
  if (team.campaignId === ownCampaignId) return team.group ?? `campaign ${team.campaignId}`;
  return team.group === null ? `campaign ${team.campaignId}` : `${team.group} of campaign ${team.campaignId}`;
}

/** Whom a customer on hold waits for (the next agent of it to come free), and since when. */
export interface HandoverWait extends TeamOrGroup {
  sinceMs: number;
}

/** The wait of `agentId`'s customer for the next agent of a team or group, if they have one waiting. */
export function handoverWaitOf(call: Call | undefined, agentId: string): HandoverWait | null {
  return call?.agentId === agentId ? call.handoverWait : null;
}

/** Whom `agent`'s customer waits for, as screens name it: the group (null for anyone of a team), and
 * the campaign when it is another's than the agent's. */
export function waitingForOf(call: Call | undefined, agent: { id: AgentId; campaignId: CampaignId }): { waitingForGroup: string | null; waitingForCampaign: CampaignId | null } {
  const wait = handoverWaitOf(call, agent.id);
  return { waitingForGroup: wait?.group ?? null, waitingForCampaign: wait && wait.campaignId !== agent.campaignId ? wait.campaignId : null };
}

/** The lead of an agent's call, as screens show it: its id (a link to it) and its group. */
export function callLeadOf(call: Call | undefined): { leadId: LeadId | null; leadGroup: string | null } {
  return { leadId: call?.leadId ?? null, leadGroup: call?.group ?? null };
}

export type AmdVerdict = 'human' | 'machine' | 'notsure';

/** A consultation before a handover: the colleague's phone being brought to the agent
 * (`joining`), the two talking with the customer on hold (`consulting`), all three talking
 * (`conference`), and the customer being moved to the colleague (`completing`). */
export type ConsultStage = 'joining' | 'consulting' | 'conference' | 'completing';

/** Statuses in which the call occupies a line but no agent yet. */
export function isOutstanding(status: CallStatus): boolean {
  return status === 'dialing' || status === 'ringing';
}

/** Answered and live, but not with an agent yet: these are the calls that can be abandoned. */
export function isWaitingForAgent(status: CallStatus): boolean {
  return status === 'waiting_agent';
}
