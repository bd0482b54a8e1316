// What happens to a lead after a dial that no agent dispositioned: when to try again, or stop.
// A simple rule on purpose; campaigns override the numbers in settings.recycle.

export interface RecyclePolicy {
  /** Dials per lead before it is exhausted. */
  maxAttempts: number;
  busyRetryMinutes: number;
  noAnswerRetryMinutes: number;
  machineRetryMinutes: number;
  congestionRetryMinutes: number;
  /** Originate failures, cancelled dials, agent-side drops. */
  failedRetryMinutes: number;
  /** An abandoned call (UK: no redial within 72 h, the safe default everywhere). */
  abandonedRetryMinutes: number;
}

export const defaultRecyclePolicy: RecyclePolicy = {
  maxAttempts: 6,
  busyRetryMinutes: 15,
  noAnswerRetryMinutes: 60,
  machineRetryMinutes: 120,
  congestionRetryMinutes: 10,
  failedRetryMinutes: 5,
  abandonedRetryMinutes: 72 * 60,
};

export type RecycleDecision =
  | { status: 'done' | 'exhausted' | 'invalid' }
  | { status: 'retry'; delayMinutes: number };

export interface RecycleInput {
  outcome: string;
  /** Dials of this lead including the one just closed. */
  attempts: number;
  /** Enabled phones left after this dial (an invalid number disables its phone first). */
  enabledPhones: number;
}

function retryDelay(outcome: string, policy: RecyclePolicy): number {
  switch (outcome) {
    case 'busy':
      return policy.busyRetryMinutes;
    // `lost_in_gap`: ended unseen while the PBX connection was down. It may have been answered,
    // so it is not tried again as soon as a failure, and nothing says the number is bad.
    case 'no_answer':
    case 'rejected':
    case 'lost_in_gap':
      return policy.noAnswerRetryMinutes;
    case 'machine':
      return policy.machineRetryMinutes;
    case 'congestion':
      return policy.congestionRetryMinutes;
    case 'abandoned':
    case 'hangup_before_connect':
      return policy.abandonedRetryMinutes;
    default:
      return policy.failedRetryMinutes;
  }
}

export function recycleLead(input: RecycleInput, policy: RecyclePolicy = defaultRecyclePolicy): RecycleDecision {
  // A human reached an agent: the lead is worked; a disposition may reopen it.
  if (input.outcome === 'connected') return { status: 'done' };
  if (input.enabledPhones === 0) return { status: input.outcome === 'invalid_number' ? 'invalid' : 'exhausted' };
  if (input.attempts >= policy.maxAttempts) return { status: 'exhausted' };
  // A bad number was disabled; the next phone of the lead can be tried straight away.
  if (input.outcome === 'invalid_number') return { status: 'retry', delayMinutes: 0 };
  return { status: 'retry', delayMinutes: retryDelay(input.outcome, policy) };
}

/** The waits before a lead is dialled again, by how its last dial ended. */
export type RetryMinutes = Omit<RecyclePolicy, 'maxAttempts'>;

/** Reads a campaign's settings.recycle, keeping only valid numbers over the defaults (a count of
 * dials must be whole). */
export function recyclePolicyFrom(value: unknown): RecyclePolicy {
  const policy: RecyclePolicy = { ...defaultRecyclePolicy };
  if (typeof value !== 'object' || value === null) return policy;
  for (const key of Object.keys(policy) as (keyof RecyclePolicy)[]) {
    const candidate = (value as Record<string, unknown>)[key];
    const whole = key !== 'maxAttempts' || Number.isInteger(candidate);
    if (typeof candidate === 'number' && Number.isFinite(candidate) && candidate >= 0 && whole) policy[key] = candidate;
  }
  return policy;
}

/** The waits of a recycle policy, without its count of dials. */
export function retryMinutesOf(policy: RecyclePolicy): RetryMinutes {
  const { maxAttempts: _maxAttempts, ...waits } = policy;
  return waits;
}
