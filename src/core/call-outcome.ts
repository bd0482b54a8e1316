// How a dial ended, from the two signals Asterisk gives: the Q.850 hang-up cause and the Dial
// application's dialstatus. With Local channels busy and congestion arrive as cause 0 with the
// reason only in the dialstatus, so the cause wins when it is specific and the status otherwise.

export type CallOutcome =
  | 'connected'
  | 'abandoned'
  | 'machine'
  | 'busy'
  | 'no_answer'
  | 'congestion'
  | 'invalid_number'
  | 'rejected'
  | 'cancelled'
  | 'hangup_before_connect'
  | 'agent_hangup_before_connect'
  | 'blocked'
  | 'failed'
  | 'lost_in_gap';

export const callOutcomes: readonly CallOutcome[] = [
  'connected', 'abandoned', 'machine', 'busy', 'no_answer', 'congestion', 'invalid_number',
  'rejected', 'cancelled', 'hangup_before_connect', 'agent_hangup_before_connect', 'blocked', 'failed',
  'lost_in_gap',
];

const byCause: Readonly<Record<number, CallOutcome>> = {
  1: 'invalid_number', // unallocated number
  // Not the number's fault as far as anyone can tell: a carrier's or the trunk's routing says it
  // too, and read as a dead number it would disable every phone dialled through a routing fault.
  3: 'congestion', // no route to destination
  17: 'busy',
  18: 'no_answer', // no user responding
  19: 'no_answer', // no answer (ring timeout)
  20: 'no_answer', // subscriber absent: a mobile switched off or out of coverage, for now
  21: 'rejected',
  22: 'invalid_number', // number changed
  27: 'congestion', // destination out of order
  28: 'invalid_number', // invalid number format
  34: 'congestion', // no circuit available
  38: 'congestion', // network out of order
  41: 'congestion', // temporary failure
  42: 'congestion', // switching equipment congestion
};

const byDialStatus: Readonly<Record<string, CallOutcome>> = {
  BUSY: 'busy',
  CONGESTION: 'congestion',
  CHANUNAVAIL: 'congestion',
  NOANSWER: 'no_answer',
  CANCEL: 'cancelled',
  INVALIDARGS: 'failed',
};

/**
 * Outcome of a dial that never reached Stasis (was never answered). `withdrawn` says the
 * dialler hung it up itself, which Asterisk reports as cause 16 with dialstatus NOANSWER.
 */
export function classifyUnanswered(cause: number, dialStatus: string, withdrawn: boolean): CallOutcome {
  if (withdrawn) return 'cancelled';
  const fromCause = byCause[cause];
  if (fromCause) return fromCause;
  const fromStatus = byDialStatus[dialStatus.toUpperCase()];
  if (fromStatus) return fromStatus;
  return 'failed';
}

/** How far a call got before the engine lost it (a crash, or a stop that did not drain). */
export interface InterruptedCall {
  connected: boolean;
  live: boolean;
  machine: boolean;
}

/**
 * The outcome a call lost mid-way has reached. A conversation is one: the lead is worked and
 * must not be dialled again in minutes. A person who answered and was never put through to an
 * agent is an abandoned call under every regime, counted and rested as one. Anything short of an
 * answer is a failure, retried soon.
 */
export function interruptedCallOutcome(call: InterruptedCall): CallOutcome {
  if (call.connected) return 'connected';
  if (call.live) return 'abandoned';
  if (call.machine) return 'machine';
  return 'failed';
}
