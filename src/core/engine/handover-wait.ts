// Whom a customer on hold waits for is kept with the attempt as it starts and ends, so that a node
// taking the conversation up after a crash has them go on waiting (conversation-adoption.ts).

import type { Call, HandoverWait } from '../call.js';
import type { StepContext } from './step-context.js';

/** Sets (or ends, with null) the customer's wait for the next agent of a team or group. */
export function setHandoverWait(ctx: StepContext, call: Call, wait: HandoverWait | null): void {
  if (call.handoverWait === null && wait === null) return;
  call.handoverWait = wait;
  ctx.out.push({ type: 'handover_wait_changed', attemptId: call.attemptId, wait });
}

/** Ends the wait an attempt kept for a customer the PBX shows off hold (a crash lost the write of its
 * end): the call taken up has none. */
export function endKeptHandoverWait(ctx: StepContext, call: Call): void {
  ctx.out.push({ type: 'handover_wait_changed', attemptId: call.attemptId, wait: null });
}
