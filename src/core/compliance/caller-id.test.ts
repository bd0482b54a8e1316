import { describe, expect, it } from 'vitest';
import { presentedCallerId } from './caller-id.js';

const pool = ['+12125550100', '+13125550100', '+442079460000', '+12135550100'];

describe('the caller ID a dial presents', () => {
  it("is the campaign's caller ID, or none when it has none", () => {
    expect(presentedCallerId({ callerId: '"Outpace" <+16505550100>' }, '+12125551234')).toBe('"Outpace" <+16505550100>');
    expect(presentedCallerId({ callerId: null, callerIdPool: pool }, '+12125551234')).toBeNull();
    expect(presentedCallerId({ callerId: '  ' }, '+12125551234')).toBeNull();
    expect(presentedCallerId({}, '+12125551234')).toBeNull();
  });

  it("shows the pool's number of the dialled number's area, keeping the name", () => {
    expect(presentedCallerId({ callerId: '"Outpace" <+16505550100>', callerIdPool: pool }, '+12125551234')).toBe('"Outpace" <+12125550100>');
    expect(presentedCallerId({ callerId: '"Outpace" <+16505550100>', callerIdPool: pool }, '+13125559876')).toBe('"Outpace" <+13125550100>');
    expect(presentedCallerId({ callerId: '+16505550100', callerIdPool: pool }, '+442079461234')).toBe('+442079460000');
  });

  it('keeps the caller ID for a number of no area in the pool: same country is not enough', () => {
    expect(presentedCallerId({ callerId: '"Outpace" <+16505550100>', callerIdPool: pool }, '+14155551234')).toBe('"Outpace" <+16505550100>');
    expect(presentedCallerId({ callerId: '"Outpace" <+16505550100>', callerIdPool: pool }, '+441615551234')).toBe('"Outpace" <+16505550100>');
  });

  it('takes the longest shared start, not the first in the pool', () => {
    expect(presentedCallerId({ callerId: '+16505550100', callerIdPool: pool }, '+12135551234')).toBe('+12135550100');
  });
});
