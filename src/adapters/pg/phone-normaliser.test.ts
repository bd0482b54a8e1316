import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { areaCodeInUse } from './nanp-refusal.js';
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

  it('says which part of a North American number is wrong: its area code or its exchange, as a list manager knows them', () => {
    const us = createPhoneNormaliser('US');
    const cases: [string, string, string][] = [
      ['1 012 555 0100', 'area_code_starts_0_1', 'its area code (the first three of its ten digits) is 012, and no area code starts with 0 or 1'],
      ['1-112-555-0100', 'area_code_starts_0_1', 'its area code (the first three of its ten digits) is 112, and no area code starts with 0 or 1'],
      ['(911) 555-0100', 'area_code_service', '911, where its area code should be (the first three of its ten digits), is a service code like 411 or 911, not an area code'],
      ['999-555-0100', 'area_code_not_in_use', 'its area code (the first three of its ten digits), 999, is not in use'],
      ['212-055-0100', 'exchange_starts_0_1', 'its exchange (the three digits after the area code 212) is 055, and no exchange starts with 0 or 1'],
      ['(212) 155-0100 home', 'exchange_starts_0_1', 'its exchange (the three digits after the area code 212) is 155, and no exchange starts with 0 or 1'],
      ['+1 721 200 0000', 'exchange_not_in_use', 'its exchange (the three digits after the area code), 200, is not in use in area code 721'],
    ];
    for (const [raw, why, because] of cases) {
      const digits = raw.replace(/\D/g, '').slice(-10);
      expect(us.normalise(raw)).toEqual({
        ok: false, code: 'not_valid_nanp', reason: `not a valid North American number: ${because}`,
        params: { why, areaCode: digits.slice(0, 3), exchange: digits.slice(3, 6) },
      });
    }
    // Asked again, the exchange's refusal is the same one.
    expect(us.normalise('212-055-0199')).toMatchObject({ params: { why: 'exchange_starts_0_1', exchange: '055' } });
  });

  it('an area code is in use when any of its exchanges is: one exchange of each first digit tells', () => {
    for (let code = 200; code <= 999; code++) {
      const areaCode = String(code);
      const anyExchange = Array.from({ length: 80 }, (_, i) => 200 + i * 10).some((exchange) => parsePhoneNumberFromString(`+1${areaCode}${exchange}0000`)?.isValid());
      expect([areaCode, areaCodeInUse(areaCode)]).toEqual([areaCode, anyExchange]);
    }
  });

  it('names the country of a number written with another country code than the list region\'s, and says the list takes such numbers', () => {
    const us = createPhoneNormaliser('US');
    const tail = '; the list takes numbers of other countries written with + and their country code, as this one is: check its digits';
    expect(us.normalise('+44 20 7183 87')).toEqual({
      ok: false, code: 'not_valid_for_country', params: { region: 'US', why: 'invalid_length', country: 'GB', countryCode: '44' },
      reason: `not a valid number: a number of country code +44 (United Kingdom) in a list whose region is US, but no number there has that many digits${tail}`,
    });
    expect(us.normalise('+44 20 7183 8750 99')).toMatchObject({ code: 'not_valid_for_country', params: { why: 'too_long', country: 'GB' } });
    expect(createPhoneNormaliser('GB').normalise('+1 212 555 010')).toMatchObject({
      reason: `not a valid number: a number of country code +1 (United States) in a list whose region is GB, but too short for a number there${tail}`,
    });
    // Its own country code: as before; one of no country (+800) has no country to name.
    expect(us.normalise('+1 212 555 010')).toMatchObject({ code: 'not_valid_for_region', params: { region: 'US', why: 'too_short', countryCode: '1' } });
    expect(us.normalise('+800 12')).toMatchObject({ code: 'not_valid_for_region', params: { region: 'US', countryCode: '800' } });
  });

  it('hints at a foreign number written without its country code only in a list of a region whose own numbers never start with 0', () => {
    // Spain and the US write no trunk prefix: a 0 first is another country's number. Britain and
    // Australia write one: there a 0-number that is none (each another's) is one of theirs mistyped.
    for (const region of ['US', 'ES']) expect(createPhoneNormaliser(region).normalise('020 7183 8750'), region).toMatchObject({ ok: false, params: { nationalIn: 'GB,DE,IT,NZ,IN' } });
    for (const [region, raw] of [['GB', '0412 345 678'], ['AU', '020 7183 8750']] as const) {
      const refused = createPhoneNormaliser(region).normalise(raw);
      expect([region, refused.ok, refused.ok ? null : refused.params.nationalIn]).toEqual([region, false, undefined]);
    }
  });

  it('the per-exchange shortcut agrees with the library on random NANP numbers', () => {
    const us = createPhoneNormaliser('US');
    // Few exchanges, many lines each: the cache is hit and must agree every time.
    const exchange = fc.tuple(fc.constantFrom('212', '416', '800', '011', '555', '787', '907', '111', '264'), fc.constantFrom('555', '011', '200', '911', '123'));
    fc.assert(fc.property(exchange, fc.stringMatching(/^[0-9]{4}$/), ([npa, nxx], line) => {
      const digits = `${npa}${nxx}${line}`;
      const direct = parsePhoneNumberFromString(`+1${digits}`);
      // A service code (911) is no exchange, though the library's ranges take it for one.
      const expected = direct?.isValid() && !/^[2-9]11$/.test(nxx) ? { ok: true, e164: direct.number, region: direct.country ?? null } : { ok: false };
      const got = us.normalise(digits);
      expect(got.ok ? got : { ok: false }).toEqual(expected);
    }), { numRuns: 20_000 });
  });
});
