import { describe, expect, it } from 'vitest';
import { agentPhoneFailure } from './agent-phone-failure.js';

describe("why an agent's phone did not come up at login", () => {
  it('reads a Local channel (cause 0) by its dialstatus, as recordings 02 and 03 show busy and congestion', () => {
    expect(agentPhoneFailure(0, 'BUSY')).toBe('phone_busy');
    expect(agentPhoneFailure(0, 'CONGESTION')).toBe('phone_unreachable');
    expect(agentPhoneFailure(0, 'CHANUNAVAIL')).toBe('phone_unreachable');
  });

  it('reads a specific cause first: busy, a phone out of reach, a ring timeout', () => {
    expect(agentPhoneFailure(17, '')).toBe('phone_busy');
    expect(agentPhoneFailure(20, '')).toBe('phone_unreachable');
    expect(agentPhoneFailure(34, 'RINGING')).toBe('phone_unreachable');
    expect(agentPhoneFailure(19, 'RINGING')).toBe('phone_not_answered');
  });

  it('calls anything else a phone that did not answer', () => {
    expect(agentPhoneFailure(0, '')).toBe('phone_not_answered');
    expect(agentPhoneFailure(21, 'NOANSWER')).toBe('phone_not_answered');
  });
});
