import { describe, expect, it } from 'vitest';
import { defaultRecyclePolicy, recycleLead, recyclePolicyFrom } from './recycle-rule.js';

describe('recycleLead', () => {
  it('finishes a lead on human contact', () => {
    expect(recycleLead({ outcome: 'connected', attempts: 1, enabledPhones: 1 })).toEqual({ status: 'done' });
  });

  it('retries busy and no-answer after their delays', () => {
    expect(recycleLead({ outcome: 'busy', attempts: 1, enabledPhones: 1 })).toEqual({ status: 'retry', delayMinutes: 15 });
    expect(recycleLead({ outcome: 'no_answer', attempts: 2, enabledPhones: 1 })).toEqual({ status: 'retry', delayMinutes: 60 });
  });

  it('retries a call whose outcome was lost in a gap in the PBX connection after the no-answer wait', () => {
    expect(recycleLead({ outcome: 'lost_in_gap', attempts: 1, enabledPhones: 1 })).toEqual({ status: 'retry', delayMinutes: 60 });
  });

  it('exhausts a lead at the attempt limit', () => {
    expect(recycleLead({ outcome: 'busy', attempts: 6, enabledPhones: 1 })).toEqual({ status: 'exhausted' });
  });

  it('moves to the next phone at once after an invalid number, or marks the lead invalid', () => {
    expect(recycleLead({ outcome: 'invalid_number', attempts: 1, enabledPhones: 1 })).toEqual({ status: 'retry', delayMinutes: 0 });
    expect(recycleLead({ outcome: 'invalid_number', attempts: 1, enabledPhones: 0 })).toEqual({ status: 'invalid' });
  });

  it('keeps abandoned numbers away for 72 hours by default', () => {
    expect(recycleLead({ outcome: 'abandoned', attempts: 1, enabledPhones: 1 })).toEqual({ status: 'retry', delayMinutes: 4320 });
  });

  it('reads campaign overrides and ignores junk', () => {
    expect(recyclePolicyFrom({ maxAttempts: 3, busyRetryMinutes: 'x', noAnswerRetryMinutes: -1 })).toEqual({ ...defaultRecyclePolicy, maxAttempts: 3 });
    expect(recyclePolicyFrom(null)).toEqual(defaultRecyclePolicy);
    // A count of dials is whole; a wait need not be.
    expect(recyclePolicyFrom({ maxAttempts: 2.5, busyRetryMinutes: 7.5 })).toEqual({ ...defaultRecyclePolicy, busyRetryMinutes: 7.5 });
  });
});
