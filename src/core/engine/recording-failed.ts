// A recording the PBX gave up after it started (a file it could not write): the call is recorded
// no more, so a pause or a stop has nothing to act on, and its agent is told (on demand, they may
// start it again). An attempt of which nothing was kept must not list a recording to download; one
// whose earlier part is on the PBX (before a handover, or before the agent stopped it) keeps it.

import type { Call } from '../call.js';
import type { StepContext } from './step-context.js';

export function recordingFailed(ctx: StepContext, call: Call): void {
  if (!call.recorded) return;
  call.recorded = false;
  call.recordingPausedAtMs = null;
  if (!hasEarlierPart(call)) ctx.out.push({ type: 'forget_recording', attemptId: call.attemptId });
  if (call.agentId !== null) ctx.out.push({ type: 'pbx_refused', agentId: call.agentId, action: 'record' });
}

/** The recording went on, appended, from one already in its file. */
function hasEarlierPart(call: Call): boolean {
  return call.recordingStopped || call.handovers.length > 0 || (call.thirdParty?.handedOffAtMs ?? null) !== null;
}
