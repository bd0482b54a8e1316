// Q.850 hang-up causes: their texts as Asterisk prints them, and the names DELETE /channels takes.

import { badRequest } from './ari-error.js';

export const Cause = {
  unknown: 0,
  unallocated: 1,
  normalClearing: 16,
  userBusy: 17,
  noUserResponse: 18,
  noAnswer: 19,
  congestion: 34,
} as const;

/** The soft-hangup flag ChannelHangupRequest carries for an explicit (API) hang-up. */
export const explicitSoftHangup = 32;

const causeTexts: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  26: 'Non-selected user clearing',
  28: 'Invalid number format (addressing incomplete)',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

export function causeText(cause: number): string {
  return causeTexts[cause] ?? 'Unknown';
}

const reasonCauses: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 19,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

/** The cause for DELETE /channels/{id}: `reason_code` wins, then `reason`, default 16. */
export function hangupCause(reason: string | undefined, reasonCode: string | undefined): number {
  if (reasonCode !== undefined && reasonCode !== '') {
    const code = Number(reasonCode);
    if (!Number.isInteger(code) || code < 0) throw badRequest('Invalid reason_code for hangup specified');
    return code;
  }
  if (reason === undefined || reason === '') return Cause.normalClearing;
  const cause = reasonCauses[reason];
  if (cause === undefined) throw badRequest('Invalid reason for hangup specified');
  return cause;
}
