// Everything the engine asks the outside world to do. The shell executes these through
// adapters (ARI, Postgres, metrics) or, in simulation, through the traffic model.

import type { ActingStaff } from './acting-staff.js';
import type { AgentStatus } from './agent.js';
import type { AmdVerdict, Handover, HandoverWait, MessagePlayed, ThirdPartyStage } from './call.js';
import type { CallOutcome } from './call-outcome.js';
import type { MessageWithheld } from './compliance/prerecorded-message-consent.js';
import type { AgentId, AttemptId, CampaignId, LeadId } from './ids.js';
import type { PacingDecision } from './pacing/pacing-decision.js';
import type { RouteMatch } from './routing.js';

export type HoldChangeReason = 'agent' | 'time_limit';

/** Why the engine let a person calling back go with no agent (return_call_released). */
export type ReturnCallReleaseReason = 'wait_over' | 'bridge_failed';
/** Why a handover ended with the customer still the first agent's: the colleague could not be
 * brought in or handed the customer (`failed`), hung up their side of a consultation (`left`), or
 * lost their phone (`phone_lost`). */
export type HandoverEnd = 'failed' | 'left' | 'phone_lost';

/** What the engine plays to a call: the safe-harbor message of an abandon, or the campaign's
 * message on an answering machine. */
export const playbackPurposes = ['safe_harbor', 'machine_message'] as const;
export type PlaybackPurpose = (typeof playbackPurposes)[number];

export type AttemptStage = 'originated' | 'ringing' | 'answered' | 'live' | 'connected' | 'transferred' | 'safe_harbor' | 'machine';

/** Everything known about a finished attempt, for the attempts table and the statistics. */
export interface AttemptSummary {
  attemptId: AttemptId;
  campaignId: CampaignId;
  leadId: LeadId;
  phone: string;
  outcome: CallOutcome;
  cause: number;
  causeText: string;
  dialStatus: string;
  agentId: AgentId | null;
  /** The agent who dialled it themselves (preview, manual dial, personal callback); null for the
   * dialler's own. Its answer has that agent on the line: no live answer of the regime's. */
  previewAgentId: AgentId | null;
  amdVerdict: AmdVerdict | null;
  amdDetail: string;
  abandoned: boolean;
  /** An abandoned call's: how long its number rests, under the campaign's rules when it was
   * abandoned (a close written late, after a change of rules, keeps it). Absent or null: none
   * abandoned, or a close spooled by an older version (its campaign's rules when written). */
  abandonRestMs?: number | null;
  safeHarborPlayed: boolean;
  /** When the safe-harbor message started (null: none played): the 2-second rule counts to it. */
  safeHarborAtMs: number | null;
  optedOut: boolean;
  originatedAtMs: number;
  /** False when the dial never reached the PBX (closed before it, or its originate was never
   * sent): no dial in the caps, the reports or the metrics. */
  dialSent: boolean;
  ringingAtMs: number | null;
  answeredAtMs: number | null;
  liveAtMs: number | null;
  connectedAtMs: number | null;
  endedAtMs: number;
  /** Time the customer spent on hold. */
  heldMs: number;
  /** Each handover of the customer, in order (`agentId` is the agent who had them last). */
  handovers: Handover[];
  /** When the agent, having reached an answering machine, had the campaign's message left on it. */
  messageLeftAtMs: number | null;
  /** When the campaign's message started on the answering machine, and why then. */
  messagePlayed: MessagePlayed | null;
  /** Why the campaign's message was not left on the machine the call reached (no consent); null: not withheld. */
  messageWithheld: MessageWithheld | null;
  /** The third party the agent called, and when the customer was left with them, if so. */
  thirdParty: { name: string; handedOffAtMs: number | null } | null;
  /** The staff member who hung the call up for its agent; null: anyone else (the agent, the customer, the engine). */
  endedBy: ActingStaff | null;
  /** A person calling back, put through to an agent: no dial (`dialSent` is false) and no live answer. */
  inbound?: boolean;
  /** Why the engine hung the call up on request (`call_withdrawn`: the node stopping, a staff
   * member in `endedBy`); absent: it ended any other way. */
  withdrawnReason?: string;
}

export type Command =
  /** `groups`: lease leads of these groups first (see dial-groups.ts); empty: any. */
  | { type: 'request_leads'; campaignId: CampaignId; count: number; groups: readonly string[] }
  | { type: 'originate'; campaignId: CampaignId; attemptId: AttemptId; leadId: LeadId; phone: string;
      ringTimeoutMs: number; amd: boolean;
      /** With AMD: the silence after a greeting that says HUMAN, which the 2 seconds are backdated by
       * (the PBX's AMD must wait exactly this long). */
      amdAfterGreetingMs: number;
      /** Presented to the person called; null: the campaign has none, and the dial is blocked before it goes out. */
      callerId: string | null;
      /** The campaign's trunk as a dial string template; null: the node's. */
      endpointTemplate: string | null }
  | { type: 'start_amd'; attemptId: AttemptId }
  | { type: 'bridge_call'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; match: RouteMatch }
  /** The customer reached `agentId`'s bridge after the engine gave up on that bridge (the call went
   * to the safe-harbor message, or back to wait for another agent): take them back out of it. */
  | { type: 'unbridge_call'; attemptId: AttemptId; agentId: AgentId }
  | { type: 'play_media'; attemptId: AttemptId; media: string; purpose: PlaybackPurpose }
  /** Take the customer (an answering machine) out of the agent's bridge, stop the call's recording,
   * then play `media` to it (answered by playback_finished, as play_media is) or, with
   * `listenForMs` above 0, listen for the end of its greeting as listen_for_greeting_end does. */
  | { type: 'drop_message'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; media: string; listenForMs: number }
  /** Listen to the answering machine: far_end_talking when it starts talking, and again when it has
   * been quiet for `silenceMs` after. */
  | { type: 'listen_for_greeting_end'; attemptId: AttemptId; silenceMs: number }
  | { type: 'hangup_call'; attemptId: AttemptId; reason: string }
  /** The PBX refused what the agent asked for (start or stop the recording, hold or take off hold,
   * mute or unmute): the call and the agent are as they were, and the agent is to be told. */
  | { type: 'pbx_refused'; agentId: AgentId; action: RefusedAction }
  | { type: 'dial_agent'; agentId: AgentId; endpoint: string }
  | { type: 'hangup_agent'; agentId: AgentId }
  /** The agent is held, ready: lease their due personal callback and submit it as preview_dial. */
  | { type: 'dial_callback'; agentId: AgentId; campaignId: CampaignId }
  /** `append`: the call's recording goes on in this agent's bridge (the call was handed over);
   * `paused`: its agent had paused it (card details), so it goes on paused until it is resumed. */
  /** `onDemand`: the agent started it (the customer agreed): kept as evidence, as the disclosure
   * of the recording when it names `consentStates` (the all-party consent states the person may be
   * in). A refusal by the PBX comes back as recording_start_failed either way. */
  | { type: 'start_recording'; attemptId: AttemptId; agentId: AgentId; append?: boolean; paused?: boolean;
      onDemand?: { campaignId: CampaignId; atMs: number; consentStates?: string[] } }
  /** The call's recording failed on the PBX with nothing of it kept: the attempt lists none. */
  | { type: 'forget_recording'; attemptId: AttemptId }
  /** Stop the call's recording, as its agent asked (on demand): kept as evidence, what was recorded
   * kept with the attempt; a refusal by the PBX comes back as recording_stop_failed. */
  | { type: 'stop_recording'; attemptId: AttemptId; agentId: AgentId; onDemand: { campaignId: CampaignId; atMs: number } }
  /** Pause or resume the call's recording; `reason` says who: the agent, or the pause's time limit. */
  | { type: 'set_recording_paused'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; paused: boolean;
      reason: 'agent' | 'time_limit'; atMs: number }
  /** Stop (or let through again) what the agent says on their phone leg; `attemptId`: the call. */
  | { type: 'set_agent_muted'; agentId: AgentId; attemptId: AttemptId | null; muted: boolean; atMs: number }
  /** Put the customer on hold (music, away from the agent) or back with the agent; `heldMs`: the
   * time on hold of the holds ended so far; `reason`: the agent, or the hold's time limit. */
  | { type: 'set_call_held'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; held: boolean; atMs: number; heldMs: number;
      reason: HoldChangeReason }
  /** The customer's hold began or ended without a set_call_held of its own (a consultation's hold,
   * a handover or a refusal ending it): kept with the attempt, for a node taking the conversation
   * up after a crash. `heldMs`: the holds ended so far; `heldSinceMs`: the hold going on, if any. */
  | { type: 'hold_changed'; attemptId: AttemptId; heldMs: number; heldSinceMs: number | null }
  /** The customer began (or stopped) waiting on hold for the next agent of a team or group: kept
   * with the attempt, for a node taking the conversation up after a crash. */
  | { type: 'handover_wait_changed'; attemptId: AttemptId; wait: HandoverWait | null }
  /** Move the customer from `fromAgentId` (or their hold) to `toAgentId`'s bridge; the call's
   * recording stops in the old bridge. Answered by call_bridged or bridge_failed for `toAgentId`. */
  | { type: 'transfer_call'; campaignId: CampaignId; attemptId: AttemptId; fromAgentId: AgentId; toAgentId: AgentId }
  /** Put the customer on hold (when `holdCustomer`) and bring the colleague's phone into the
   * agent's bridge; answered by consult_joined or consult_failed. */
  | { type: 'start_consult'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; colleagueId: AgentId; holdCustomer: boolean }
  /** Put the customer on hold (when `holdCustomer`) and call the third party into the agent's
   * bridge; answered by third_party_answered or third_party_ended. */
  | { type: 'dial_third_party'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; number: string;
      callerId: string | null; endpointTemplate: string | null; ringTimeoutMs: number; holdCustomer: boolean }
  /** Hang up the third party of `attemptId`'s call, if it has one. */
  | { type: 'hang_up_third_party'; attemptId: AttemptId }
  /** Move the customer and the third party out of the agent's bridge (and the customer's hold)
   * into one of their own, the call's recording going on there when `record` (paused, until it is
   * resumed, when `recordPaused`); answered by third_party_handed_off or third_party_handoff_failed. */
  | { type: 'hand_off_third_party'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; record: boolean; recordPaused?: boolean }
  /** The colleague's phone goes back to their own bridge after a consultation on `attemptId`. */
  | { type: 'return_agent_leg'; attemptId: AttemptId; agentId: AgentId }
  /** The call's third party moved on (`stage`), or is gone (`ended`, `detail` saying why, '' when
   * the agent ended it): the agent's desktop shows it. */
  | { type: 'third_party_changed'; campaignId: CampaignId; attemptId: AttemptId; agentId: AgentId; name: string; stage: ThirdPartyStage | 'ended'; detail: string }
  /** A handover between these agents moved on (requested, joined, conference, off...): their
   * desktops and the wallboard show it. `ended`: it is off by no doing of the agent handing the
   * customer over (the first of agentIds), who keeps the customer and is told why. */
  | { type: 'handover_changed'; attemptId: AttemptId; agentIds: AgentId[]; ended?: HandoverEnd }
  /** A pause or logout was asked for the agent to come after their call (or the disposition it
   * owes), by them or for them: their desktop and the wallboard show what is to come, and who asked. */
  | { type: 'agent_move_pending'; agentId: AgentId }
  /** A person calling back the engine let go with no agent: they waited on hold as long as the
   * campaign lets them and none was to spare (`wait_over`), or their agent's bridge failed with no
   * other to spare and no wait left them (`bridge_failed`, their wait over or none allowed). The
   * return-call line takes its channel back and plays the campaign's message. */
  | { type: 'return_call_released'; campaignId: CampaignId; attemptId: AttemptId; waitedMs: number; why: ReturnCallReleaseReason }
  /** A person calling back, put through to an agent at once, whose bridge failed with no other
   * agent to spare: they wait on hold for one until `untilMs` (the wait their campaign allows from
   * when they called), and the return-call line puts them in their holding bridge. */
  | { type: 'return_call_held'; campaignId: CampaignId; attemptId: AttemptId; untilMs: number }
  | { type: 'add_dnc'; campaignId: CampaignId; phone: string; source: 'safe_harbor_opt_out' }
  /** `handover`: at stage `transferred`, the handover made (its number in the call, and from whom). */
  | { type: 'attempt_progress'; campaignId: CampaignId; attemptId: AttemptId; stage: AttemptStage;
      atMs: number; agentId: AgentId | null; detail: string; handover?: { seq: number; fromAgentId: AgentId } }
  | { type: 'attempt_closed'; summary: AttemptSummary }
  /** The closed call `attemptId`, counted as a live answer, was found to reach no person (its
   * disposition says so): the ledger took it back out, and so do the figures kept outside the core.
   * A message left on a machine is not told this way: the call's summary has it (messageLeftAtMs). */
  | { type: 'live_answer_withdrawn'; campaignId: CampaignId; attemptId: AttemptId; liveAtMs: number }
  /** `by`: the staff member who made the move for the agent (a forced pause or logout); null: the
   * agent or the engine. */
  | { type: 'agent_state_changed'; agentId: AgentId; campaignId: CampaignId; from: AgentStatus;
      to: AgentStatus; reason: string; atMs: number; durationMs: number; attemptId: AttemptId | null; by: ActingStaff | null }
  | { type: 'pacing_decided'; campaignId: CampaignId; decision: PacingDecision }
  /** `agentIds`: the colleagues the message names by their ids, and `campaignIds` the campaigns it
   * names as "campaign <id>", for the shell to name them as people know them (the core has ids only). */
  | { type: 'input_rejected'; input: string; code: RejectionCode; message: string; agentIds?: readonly AgentId[]; campaignIds?: readonly CampaignId[] };

export type RefusedAction = 'record' | 'stop_record' | 'hold' | 'unhold' | 'mute' | 'unmute';

export type CommandType = Command['type'];

/** The commands the telephony adapter carries out on the PBX. */
export const telephonyCommandTypes = [
  'originate', 'start_amd', 'bridge_call', 'unbridge_call', 'play_media', 'hangup_call', 'dial_agent', 'hangup_agent', 'start_recording', 'stop_recording',
  'set_recording_paused', 'set_call_held', 'set_agent_muted', 'transfer_call', 'start_consult', 'return_agent_leg',
  'drop_message', 'listen_for_greeting_end', 'dial_third_party', 'hang_up_third_party', 'hand_off_third_party',
] as const satisfies readonly CommandType[];
export type TelephonyCommand = Extract<Command, { type: (typeof telephonyCommandTypes)[number] }>;

/** Why an action from outside was refused; stable codes for the API. */
export type RejectionCode =
  | 'unknown_campaign'
  | 'unknown_agent'
  | 'unknown_call'
  | 'illegal_agent_transition'
  | 'campaign_not_running'
  | 'invalid_settings'
  | 'not_your_call'
  | 'agent_busy'
  | 'not_recording'
  /** The agent has no customer to put on hold or take off it. */
  | 'not_in_conversation'
  /** No colleague to hand the customer to, or the call cannot be handed over now. */
  | 'transfer_refused'
  /** The call cannot be left to a message now (on hold, being handed over). */
  | 'message_refused'
  /** The call (or its lead) is already in the engine. */
  | 'call_in_progress'
  /** No agent of the campaign is ready to take a call now. */
  | 'no_agent_ready';

/** The engine's refusal of the input these commands answer, if it refused it. */
export function rejectionIn(commands: readonly Command[]): Extract<Command, { type: 'input_rejected' }> | undefined {
  return commands.find((command): command is Extract<Command, { type: 'input_rejected' }> => command.type === 'input_rejected');
}
