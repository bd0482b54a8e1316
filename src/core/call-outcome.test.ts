// Outcome mapping from the cause and dialstatus pairs seen on a real Asterisk 22.

import { describe, expect, it } from 'vitest';
import { classifyUnanswered } from './call-outcome.js';

describe('classifyUnanswered', () => {
  it.each([
    [0, 'BUSY', false, 'busy'], // Local ;1 half after Busy(): cause 0, reason in the Dial event
    [0, 'CONGESTION', false, 'congestion'],
    [17, '', false, 'busy'],
    [34, '', false, 'congestion'],
    [19, '', false, 'no_answer'], // ring timeout: cause 19 and no final Dial
    [1, 'NOANSWER', false, 'invalid_number'], // unallocated number
    [22, '', false, 'invalid_number'], // number changed
    [20, '', false, 'no_answer'], // subscriber absent: a mobile off, tried again later
    [3, '', false, 'congestion'], // no route: a routing fault as often as a dead number
    [16, 'NOANSWER', true, 'cancelled'], // our own hang-up while ringing
    [16, '', false, 'failed'],
    [21, '', false, 'rejected'],
  ] as const)('cause %i with dialstatus %s (withdrawn %s) is %s', (cause, status, withdrawn, expected) => {
    expect(classifyUnanswered(cause, status, withdrawn)).toBe(expected);
  });
});
