// The engine asks the PBX to hang a customer up. The call waits in `hanging_up` for the channel's
// end, which settles the attempt with the outcome set here (or kept from earlier).

import type { Call } from '../call.js';
import type { CallOutcome } from '../call-outcome.js';
import type { StepContext } from './step-context.js';

/** Hangs the call up with the outcome it ends with; `reason` is what the PBX is told, the outcome
 * by default. */
export function requestHangup(ctx: StepContext, call: Call, outcome: CallOutcome, reason: string = outcome): void {
  call.endOutcome = outcome;
  hangUp(ctx, call, reason);
}

/** Hangs the call up leaving its outcome as it stands. */
export function hangUp(ctx: StepContext, call: Call, reason: string): void {
  call.hangupRequested = true;
  call.status = 'hanging_up';
  ctx.out.push({ type: 'hangup_call', attemptId: call.attemptId, reason });
}
