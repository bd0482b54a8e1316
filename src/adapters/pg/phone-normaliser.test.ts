import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { createPhoneNormaliser } from './phone-normaliser.js';

describe('phone normaliser', () => {
  it('normalises mixed formats with the default region', () => {
    const us = createPhoneNormaliser('US');
    expect(us.normalise('(212) 555-0100')).toEqual({ ok: true, e164: '+12125550100', region: 'US' });
    expect(us.normalise('1-416-555-0100')).toEqual({ ok: true, e164: '+14165550100', region: 'CA' });
    expect(us.normalise('+44 20 7946 0000')).toEqual({ ok: true, e164: '+442079460000', region: 'GB' });
    expect(us.normalise('555-0100').ok).toBe(false);
    expect(us.normalise('').ok).toBe(false);
    expect(createPhoneNormaliser('GB').normalise('020 7946 0000')).toEqual({ ok: true, e164: '+442079460000', region: 'GB' });
    expect(createPhoneNormaliser('CN').normalise('138 0013 8000')).toEqual({ ok: true, e164: '+8613800138000', region: 'CN' });
  });

  it('refuses a number written in E.164 that its country has none like, saying so', () => {
    const us = createPhoneNormaliser('US');
    // Too short for the US and Canada, and a 555 area code (no such area), with or without the +.
    for (const raw of ['+15550100', '+1 555 0100']) expect(us.normalise(raw)).toMatchObject({ ok: false, code: 'not_valid_for_region', params: { region: 'US' } });
    for (const raw of ['+15555550100', '5555550100']) expect(us.normalise(raw)).toMatchObject({ ok: false, code: 'not_valid_nanp' });
    // The fictional numbers of the tests and the demo are valid.
    expect(us.normalise('+16505550199')).toMatchObject({ ok: true, e164: '+16505550199' });
    expect(createPhoneNormaliser('GB').normalise('+44 20 7946 0018')).toMatchObject({ ok: true, e164: '+442079460018' });
  });

  it('the per-exchange shortcut agrees with the library on random NANP numbers', () => {
    const us = createPhoneNormaliser('US');
    // Few exchanges, many lines each: the cache is hit and must agree every time.
    const exchange = fc.tuple(fc.constantFrom('212', '416', '800', '011', '555', '787', '907', '111', '264'), fc.constantFrom('555', '011', '200', '911', '123'));
    fc.assert(fc.property(exchange, fc.stringMatching(/^[0-9]{4}$/), ([npa, nxx], line) => {
      const digits = `${npa}${nxx}${line}`;
      const direct = parsePhoneNumberFromString(`+1${digits}`);
      const expected = direct?.isValid() ? { ok: true, e164: direct.number, region: direct.country ?? null } : { ok: false };
      const got = us.normalise(digits);
      expect(got.ok ? got : { ok: false }).toEqual(expected);
    }), { numRuns: 20_000 });
  });
});
