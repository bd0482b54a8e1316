// Pausing a call's recording while the customer gives card details (PCI DSS keeps them out of
// recordings): only the agent on the call, only while the call is connected and recorded. The
// recording starts again when the agent says so or, at the latest, after the pause's time limit.
// A pause goes with the call when it is handed to a colleague or left with a third party: the
// recording goes on paused in the new bridge, until whoever has the call, or the limit, resumes it.
// In a campaign that records on demand, the agent starts the recording in the first place; so in
// one that records every call for a call whose lead may be in an all-party consent state
// (recording-consent.ts), once the agent has told the person and heard them agree.
// The shell pauses the PBX's recording and writes each pause and resumption as evidence, so a
// gap in a recording always has its reason on record.

import type { Agent } from '../agent.js';
import type { Call } from '../call.js';
import type { Input } from '../inputs.js';
import { recordingPauseLimitOf, recordsEveryCall, type CampaignSettings } from '../campaign-settings.js';
import { recordingPauseLimitMs } from '../limits.js';
import { namingCampaigns, reject, type StepContext } from './step-context.js';

export function onRecordingPause(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_recording_paused' }>): void {
  const call = recordableCall(ctx, agent, input, `whose recording could be ${input.paused ? 'paused' : 'resumed'}`);
  if (!call) return;
  if (!call.recorded) {
    reject(ctx, input, 'not_recording', `call ${call.attemptId} is not being recorded: its agent has not started the recording`);
    return;
  }
  // Asked twice (a double click, a retry): the second changes nothing.
  if (input.paused === (call.recordingPausedAtMs !== null)) return;
  setPaused(ctx, call, agent.id, input.paused, 'agent');
}

/** The agent's own connected call in a campaign that records, or null having refused. */
function recordableCall(ctx: StepContext, agent: Agent, input: Input, what: string): Call | null {
  const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
  if (!call || call.status !== 'connected' || call.agentId !== agent.id) {
    reject(ctx, input, 'not_recording', `agent ${agent.id} is not in a conversation ${what}`);
    return null;
  }
  if (!ctx.state.campaigns.get(call.campaignId)?.settings.recordingEnabled) {
    reject(ctx, input, 'not_recording', namingCampaigns([call.campaignId], `campaign ${call.campaignId} does not record its calls`));
    return null;
  }
  return call;
}

/** Recordings paused for longer than their campaign's limit go on again (checked every tick);
 * one left with a third party too, where no agent of the campaign is left to resume it. */
export function resumeOverdueRecordingPauses(ctx: StepContext): void {
  for (const call of ctx.state.calls.values()) {
    if (call.recordingPausedAtMs === null || call.agentId === null) continue;
    const settings = ctx.state.campaigns.get(call.campaignId)?.settings;
    const limitMs = settings ? recordingPauseLimitOf(settings) : recordingPauseLimitMs;
    const talking = call.status === 'connected' || call.status === 'handed_off';
    if (talking && ctx.nowMs - call.recordingPausedAtMs >= limitMs) {
      setPaused(ctx, call, call.agentId, false, 'time_limit');
    }
  }
}

/** Whether the call is recorded from its connection: its campaign records every call, and its lead
 * is in no state that wants the person's consent first. */
export function recordsFromConnection(settings: CampaignSettings, call: Pick<Call, 'recordingConsentStates'>): boolean {
  return recordsEveryCall(settings) && call.recordingConsentStates.length === 0;
}

/** The agent starts their call's recording, in a campaign that records on demand, or for a call
 * that needs the person's consent first (having told them and heard them agree: the start names
 * the states, and is kept as the disclosure); once only, and it goes on to the call's end, pauses
 * for card details apart. */
export function onRecord(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_record' }>): void {
  const call = recordableCall(ctx, agent, input, 'that could be recorded');
  if (!call || call.recorded) return;
  call.recorded = true;
  const consent = call.recordingConsentStates.length > 0 ? { consentStates: [...call.recordingConsentStates] } : {};
  ctx.out.push({
    type: 'start_recording', attemptId: call.attemptId, agentId: agent.id, onDemand: { campaignId: call.campaignId, atMs: ctx.nowMs, ...consent },
    // Started again after the agent stopped it: the same file goes on.
    ...(call.recordingStopped ? { append: true } : {}),
  });
}

/** The agent stops the recording they started, in a campaign that records on demand (one that
 * records every call keeps recording); a paused recording stops too. Asked twice, nothing changes. */
export function onStopRecording(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_stop_recording' }>): void {
  const call = recordableCall(ctx, agent, input, 'whose recording could be stopped');
  if (!call || !call.recorded) return;
  const settings = ctx.state.campaigns.get(call.campaignId)?.settings;
  if (settings && recordsFromConnection(settings, call)) {
    reject(ctx, input, 'not_recording', namingCampaigns([call.campaignId], `campaign ${call.campaignId} records every call: its recordings cannot be stopped`));
    return;
  }
  call.recorded = false;
  call.recordingPausedAtMs = null;
  call.recordingStopped = true;
  ctx.out.push({ type: 'stop_recording', attemptId: call.attemptId, agentId: agent.id, onDemand: { campaignId: call.campaignId, atMs: ctx.nowMs } });
}

/** The PBX did not stop the recording: it goes on, and the agent is told. */
export function recordingStopFailed(ctx: StepContext, call: Call): void {
  if (call.recorded) return;
  call.recorded = true;
  if (call.agentId !== null) ctx.out.push({ type: 'pbx_refused', agentId: call.agentId, action: 'stop_record' });
}

/** The PBX did not start the recording the agent asked for: the call is unrecorded again, and
 * the agent may ask once more. */
export function recordingStartFailed(ctx: StepContext, call: Call): void {
  if (call.recordingPausedAtMs !== null || !call.recorded) return;
  call.recorded = false;
  if (call.agentId !== null) ctx.out.push({ type: 'pbx_refused', agentId: call.agentId, action: 'record' });
}

/** The call's recording goes on, appended, in the bridge its customer was handed to: paused still
 * if it was, so card details given as the call changes hands stay out of it; the pause's time
 * limit runs on, and whoever has the call now resumes it. */
export function continueRecording(ctx: StepContext, call: Call, agentId: string): void {
  if (!call.recorded) return;
  ctx.out.push({ type: 'start_recording', attemptId: call.attemptId, agentId, append: true, ...(isRecordingPaused(call) ? { paused: true } : {}) });
}

/** Whether the call's recording is on, and paused. */
export function isRecordingPaused(call: Call): boolean {
  return call.recorded && call.recordingPausedAtMs !== null;
}

/** The call's recording starts in its agent's bridge. */
export function startRecording(ctx: StepContext, call: Call, agentId: string): void {
  call.recorded = true;
  ctx.out.push({ type: 'start_recording', attemptId: call.attemptId, agentId });
}

/** The PBX did not do it: the recording is as it was (a failed resumption counts its pause anew,
 * so the limit tries again later). */
export function recordingPauseFailed(ctx: StepContext, call: Call, paused: boolean): void {
  call.recordingPausedAtMs = paused ? null : ctx.nowMs;
}

function setPaused(ctx: StepContext, call: Call, agentId: string, paused: boolean, reason: 'agent' | 'time_limit'): void {
  call.recordingPausedAtMs = paused ? ctx.nowMs : null;
  ctx.out.push({ type: 'set_recording_paused', campaignId: call.campaignId, attemptId: call.attemptId, agentId, paused, reason, atMs: ctx.nowMs });
}
