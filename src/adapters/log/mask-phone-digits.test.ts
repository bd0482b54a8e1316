import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskNumbersInText } from './mask-phone-digits.js';

describe('maskNumbersInText', () => {
  it('masks a number in every common written form, keeping its last four digits and its punctuation', () => {
    expect(maskNumbersInText('call +1 212 555 0100 now')).toBe('call +* *** *** 0100 now');
    expect(maskNumbersInText('desk (212) 555-0100.')).toBe('desk (***) ***-0100.');
    expect(maskNumbersInText('from abroad 00442079460958')).toBe('from abroad **********0958');
    expect(maskNumbersInText('212.555.0100')).toBe('***.***.0100');
    expect(maskNumbersInText('+44 (0)20 7946 0958')).toBe('+** (*)** **** 0958');
    expect(maskNumbersInText('tel:+12125550100')).toBe('tel:+*******0100');
  });

  it('masks a number written straight before its extension, as a phone cell or a note may hold it', () => {
    expect(maskNumbersInText('desk 212-555-0100x204')).toBe('desk ***-***-0100x204');
    expect(maskNumbersInText('+12125550100ext.12')).toBe('+*******0100ext.12');
    expect(maskNumbersInText('(212) 555-0100 X 7')).toBe('(***) ***-0100 X 7');
  });

  it('masks a number straight after an abbreviation and its dot, and leaves the decimals of a figure', () => {
    expect(maskNumbersInText('Tel.2125550100')).toBe('Tel.******0100');
    expect(maskNumbersInText('Mob.07700 900123, No.0161 496 0000')).toBe('Mob.***** **0123, No.**** *** 0000');
    expect(maskNumbersInText('12.5 kg at 3.75 each')).toBe('12.5 kg at 3.75 each');
  });

  it("leaves the engine's ids whole in free text: the PBX's unique ids, UUIDs and the ids it names channels and sessions with", () => {
    const ids = [
      '1733400000.123', '12345678-1234-4234-8234-123456789012', 'abcdef12-0000-4000-8000-212555010012',
      'sup-ag1-1796521926098', 'agent-ag1-1796521926096', 'third-party-2-12345678-1234-4234-8234-123456789012',
      'pb-12345678-1234-4234-8234-123456789012-3', 'hold-12345678-1234-4234-8234-123456789012',
    ];
    for (const id of ids) {
      expect(maskNumbersInText(`channel ${id} hung up`)).toBe(`channel ${id} hung up`);
      expect(maskNumbersInText(`${id}.`)).toBe(`${id}.`);
    }
  });

  it('masks a number beside an id, and one in an id people give', () => {
    expect(maskNumbersInText('1733400000.123 rang (212) 555-0100')).toBe('1733400000.123 rang (***) ***-0100');
    expect(maskNumbersInText('CUST-2125550101')).toBe('CUST-******0101');
    expect(maskNumbersInText('Local/2125550100@from-trunk')).toBe('Local/******0100@from-trunk');
  });

  it("masks a number after one of the words the engine's ids start with: a lone number is no id", () => {
    expect(maskNumbersInText('PJSIP/agent-07700900123@trunk')).toBe('PJSIP/agent-*******0123@trunk');
    expect(maskNumbersInText('put on hold-2125550100.')).toBe('put on hold-******0100.');
    expect(maskNumbersInText('channel agent-1001-3 and sup-1001-4')).toBe('channel agent-1001-3 and sup-1001-4');
  });

  it('leaves dates, times, IPv4 addresses and small figures whole, and masks a number after a date', () => {
    for (const kept of ['2024-01-15', '2026-12-06T04:44:15.123Z', '15.01.2024', 'from 192.168.100.200', 'seats 12', '12.5 kg']) {
      expect(maskNumbersInText(kept)).toBe(kept);
    }
    expect(maskNumbersInText('2024-01-15 2125550100')).toBe('2024-01-15 ******0100');
  });
});

/** Words without digits, to stand around what is masked or kept. */
const words = fc.array(fc.constantFrom('call', 'her', 'on', 'mobile', 'ring', 'back', 'at', 'the', 'desk', 'ok,', 'see'), { maxLength: 4 }).map((w) => w.join(' '));
const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A number as people write it: national or with a country code (+ or 00), grouped by spaces,
 * dashes or dots, the area code perhaps in brackets. */
const writtenNumber = fc.record({
  country: fc.constantFrom('', '+1 ', '+44 ', '0044 ', '+33 ', '001 '),
  area: digits(3, 3), exchange: digits(3, 4), line: digits(4, 4),
  separator: fc.constantFrom(' ', '-', '.', ''), brackets: fc.boolean(),
}).map(({ country, area, exchange, line, separator, brackets }) => {
  const areaWritten = brackets ? `(${area}) ` : `${area}${separator}`;
  return `${country}${areaWritten}${exchange}${separator}${line}`;
});

const engineId = fc.oneof(
  fc.uuid(),
  fc.tuple(fc.integer({ min: 1_000_000_000, max: 1_999_999_999 }), fc.integer({ min: 0, max: 99_999 })).map(([s, n]) => `${s}.${n}`),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), fc.integer({ min: 1_700_000_000_000, max: 1_999_999_999_999 })).map(([agent, seq]) => `sup-${agent}-${seq}`),
  fc.tuple(fc.uuid(), fc.integer({ min: 1, max: 99 })).map(([attempt, seq]) => `third-party-${seq}-${attempt}`),
);

describe('maskNumbersInText, for any text', () => {
  it('hides every written number but its last four digits', () => {
    fc.assert(fc.property(words, writtenNumber, words, (before, number, after) => {
      const masked = maskNumbersInText(`${before} ${number} ${after}`);
      const numberDigits = number.replace(/\D/g, '');
      expect(masked.replace(/[^\d*]/g, '')).not.toContain(numberDigits.slice(0, -4));
      expect(masked).toContain(numberDigits.slice(-4));
      expect(masked).toContain(`${before} `);
    }));
  });

  it("keeps the engine's ids whole, next to numbers or not", () => {
    fc.assert(fc.property(words, engineId, fc.option(writtenNumber), (before, id, number) => {
      const masked = maskNumbersInText(`${before} ${id} ${number ?? ''}`);
      expect(masked).toContain(` ${id} `);
      if (number !== null) expect(masked).not.toContain(number.replace(/\D/g, ''));
    }));
  });
});
