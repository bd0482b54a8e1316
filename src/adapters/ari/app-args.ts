// The Stasis arguments that tell the app what entered it. We set them on originate (customer,
// agent, supervisor, third party), on snoop, and the AMD dialplan sets `amd,<AMDSTATUS>,<AMDCAUSE>` when it
// hands the channel back. A person calling back a number the campaigns present comes in from the
// return-call dialplan with `return,<dialled number>`.

import type { AmdVerdict } from '../../core/call.js';

export type StasisEntry =
  | { kind: 'customer'; campaignId: string; attemptId: string }
  | { kind: 'amd'; status: string; cause: string }
  | { kind: 'agent'; agentId: string }
  | { kind: 'supervisor'; sessionId: string }
  | { kind: 'third_party'; attemptId: string }
  | { kind: 'snoop'; sessionId: string }
  /** A call to one of the numbers the campaigns present; `dialled` as the dialplan's ${EXTEN}. */
  | { kind: 'return'; dialled: string }
  | { kind: 'other'; args: readonly string[] };

export const appArgs = {
  customer: (campaignId: string, attemptId: string): string => `customer,${campaignId},${attemptId}`,
  agent: (agentId: string): string => `agent,${agentId}`,
  supervisor: (sessionId: string): string => `supervisor,${sessionId}`,
  thirdParty: (attemptId: string): string => `third_party,${attemptId}`,
  snoop: (sessionId: string): string => `snoop,${sessionId}`,
  returnCall: (dialled: string): string => `return,${dialled}`,
};

export function parseStasisArgs(args: readonly string[]): StasisEntry {
  const [kind, first = '', second = ''] = args;
  switch (kind) {
    case 'customer': return { kind, campaignId: first, attemptId: second };
    case 'amd': return { kind, status: first, cause: second };
    case 'agent': return { kind, agentId: first };
    case 'supervisor': return { kind, sessionId: first };
    case 'third_party': return { kind, attemptId: first };
    case 'snoop': return { kind, sessionId: first };
    case 'return': return { kind, dialled: first.trim() };
    default: return { kind: 'other', args };
  }
}

/** AMDSTATUS to the core's verdict. NOTSURE (and anything unexpected) counts as not sure. */
export function amdVerdict(status: string): AmdVerdict {
  switch (status.toUpperCase()) {
    case 'HUMAN': return 'human';
    case 'MACHINE': return 'machine';
    default: return 'notsure';
  }
}
