// The counted strings' lookup: the count's plural category by the locale's rules, the locale's
// `other` when it has no string for that category, and English when the locale has none.

import { describe, expect, it } from 'vitest';
// @ts-expect-error: a browser module of plain JavaScript, without types.
import { pluralTemplate } from './plural.js';

const en = { 'x.dials.one': '{n} dial', 'x.dials.other': '{n} dials', 'x.only.other': '{n} only' };
const zh = { 'x.dials.other': '{n} 次拨号' };
const pick = (strings: Record<string, string>, locale: string, count: number, key = 'x.dials'): unknown => pluralTemplate(strings, locale, en, key, count);

describe('pluralTemplate', () => {
  it('takes English one for 1 and other for 0, 2 and 1.5', () => {
    expect(pick(en, 'en', 1)).toBe('{n} dial');
    expect([0, 2, 1.5, 21].map((n) => pick(en, 'en', n))).toEqual(['{n} dials', '{n} dials', '{n} dials', '{n} dials']);
  });

  it("takes Chinese's one form for every count", () => {
    expect([0, 1, 2].map((n) => pick(zh, 'zh-CN', n))).toEqual(['{n} 次拨号', '{n} 次拨号', '{n} 次拨号']);
  });

  it("falls back to the locale's other, then to English by English's rules", () => {
    expect(pick(en, 'en', 1, 'x.only')).toBe('{n} only');
    expect(pick({}, 'zh-CN', 1)).toBe('{n} dial');
    expect(pick({}, 'zh-CN', 3)).toBe('{n} dials');
    expect(pick(en, 'en', 1, 'x.none')).toBeUndefined();
  });

  it("follows a locale's own categories where it has more than two", () => {
    const ru = { 'x.dials.one': 'one', 'x.dials.few': 'few', 'x.dials.many': 'many', 'x.dials.other': 'other' };
    expect([1, 3, 5, 21, 1.5].map((n) => pick(ru, 'ru', n))).toEqual(['one', 'few', 'many', 'one', 'other']);
  });
});
