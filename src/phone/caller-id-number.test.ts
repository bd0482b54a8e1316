import { describe, expect, it } from 'vitest';
import { callerIdInE164, callerIdProblem } from './caller-id-number.js';

describe('callerIdProblem: the angle brackets around the number', () => {
  it.each([
    '"Acme" <+12125550101',
    '"Acme" +12125550101>',
    '<+12125550101',
    '+12125550101>',
    '"Acme" >+12125550101<',
    '"Acme" <<+12125550101>',
  ])('refuses %s, saying the brackets do not pair up', (callerId) => {
    expect(callerIdProblem(callerId)).toMatch(/angle brackets do not pair up/);
  });

  it.each(['"Acme" <+12125550101>', '<+12125550101>', '+12125550101', '"Acme" +12125550101', ''])('takes %s', (callerId) => {
    expect(callerIdProblem(callerId)).toBeNull();
  });
});

describe('callerIdProblem: a number its country\'s numbering plan does not have', () => {
  it.each([
    ['+15550100', '+15550100 is not a valid phone number: too short for a number of country code +1'],
    ['"Acme" <+1555010019999>', '+1555010019999 is not a valid phone number: too long for a number of country code +1'],
    ['+15555550100', '+15555550100 is not a valid phone number: no number of country code +1 is in that range'],
    ['+4420794600', '+4420794600 is not a valid phone number: no number of country code +44 is in that range'],
    ['+99912345678', '+99912345678 is not a valid phone number: no country has the code it starts with'],
  ])('refuses %s, saying why', (callerId, why) => {
    expect(callerIdProblem(callerId)).toBe(`${why}; a caller ID must be a number the person can call back`);
  });

  // The fictional numbers of the tests and the demo: US 555-01xx under a real area code, the UK's
  // 020 7946 0xxx drama range.
  it.each(['+12125550100', '"Outpace" <+16505550100>', '+14155550199', '+442079460018', '+1 (212) 555-0101'])('takes %s', (callerId) => {
    expect(callerIdProblem(callerIdInE164(callerId))).toBeNull();
  });
});
