import { describe, expect, it } from 'vitest';
import { callerIdProblem } from './caller-id-number.js';

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
