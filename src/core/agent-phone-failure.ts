// Why an agent's phone did not come up at login, from the same two signals a customer's dial
// gives (see call-outcome.ts): the hang-up cause and the Dial application's dialstatus. The agent
// is told what to do about it: a busy phone is on another call (or set to do not disturb), an
// unreachable one is unplugged, not registered or off the network, and one that rang out was not
// picked up.

export type AgentPhoneFailure = 'phone_not_answered' | 'phone_busy' | 'phone_unreachable';

export const agentPhoneFailures: readonly AgentPhoneFailure[] = ['phone_not_answered', 'phone_busy', 'phone_unreachable'];

const byCause: Readonly<Record<number, AgentPhoneFailure>> = {
  17: 'phone_busy',
  // For a phone on the PBX's own network each of these says the PBX could not get to it (a
  // softphone closed or a desk phone unplugged gives 20, subscriber absent), not that it rang.
  1: 'phone_unreachable',
  3: 'phone_unreachable',
  20: 'phone_unreachable',
  22: 'phone_unreachable',
  27: 'phone_unreachable',
  28: 'phone_unreachable',
  34: 'phone_unreachable',
  38: 'phone_unreachable',
  41: 'phone_unreachable',
  42: 'phone_unreachable',
};

const byDialStatus: Readonly<Record<string, AgentPhoneFailure>> = {
  BUSY: 'phone_busy',
  CONGESTION: 'phone_unreachable',
  CHANUNAVAIL: 'phone_unreachable',
};

/** The cause when it is specific, the dialstatus otherwise (a Local channel's own end says 0);
 * anything else (a ring timeout, 19, or a phone that declined) is a phone that did not answer. */
export function agentPhoneFailure(cause: number, dialStatus: string): AgentPhoneFailure {
  return byCause[cause] ?? byDialStatus[dialStatus.toUpperCase()] ?? 'phone_not_answered';
}
