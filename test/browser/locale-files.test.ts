// The locale files: English and Simplified Chinese have the same messages, every message that takes
// a count is worded in the plural forms of its language (one and other in English, other alone in
// Chinese) and no other takes one, and every key the pages
// ask for (data-i18n attributes, literal t('...') calls, and both English forms of a counted
// tCount('...')) exists, so no screen shows a raw key;
// every limit a pacing decision can be bound by has a name and an explanation, and every reason
// a phone number, a file or an imported row is refused has words.

import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { callOutcomes } from '../../src/core/call-outcome.js';
import { evidenceKinds } from '../../src/adapters/pg/evidence-kinds.js';
import { bindingLimits } from '../../src/core/pacing/pacing-decision.js';
import { fileRefusalCodes } from '../../src/adapters/pg/file-refusal.js';
import { invalidNumberReasons, nanpReasons, phoneRefusalCodes } from '../../src/adapters/pg/phone-refusal.js';
import { rowProblemCodes } from '../../src/adapters/pg/row-problem-code.js';
import { zoneSourcesInstead } from '../../src/adapters/pg/zone-source-words.js';

const WEB = 'src/web';

async function localeKeys(code: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(`${WEB}/locales/${code}.json`, 'utf8')) as Record<string, string>;
}

/** A number of the things the pages count, written in English after a placeholder ("{read} rows",
 * "{live} live answers"), but for a placeholder that holds a share (`...Rate`) or a kind (`...Region`). */
const COUNTED_THINGS = /\{(?!\w*(?:Rate|Region)\})\w+\}(?: (?:live|machine|previous|exhausted|finished))? (?:dispositions|agents|calls|leads|rows|numbers|days|hours|minutes|recordings|answers|dials|tokens|lines)\b/g;

/** The locale's messages by key, each with its forms: a counted one (`key.one`, `key.other`...)
 * by the plural categories of the locale's rules, any other under ''. */
function messages(strings: Record<string, string>, code: string): Record<string, Record<string, string>> {
  const categories = new Set<string>(new Intl.PluralRules(code).resolvedOptions().pluralCategories);
  // Every category any language has, so that a form the locale does not know shows as one.
  const everyCategory = new Set(['zero', 'one', 'two', 'few', 'many', 'other', ...categories]);
  const byKey: Record<string, Record<string, string>> = {};
  for (const [key, text] of Object.entries(strings)) {
    const dot = key.lastIndexOf('.');
    const category = key.slice(dot + 1);
    const [base, form] = everyCategory.has(category) ? [key.slice(0, dot), category] : [key, ''];
    (byKey[base] ??= {})[form] = text;
  }
  return byKey;
}

async function sources(): Promise<string[]> {
  const files: string[] = [];
  // Every page's folder, so that a new page is checked without being listed here.
  const pages = (await readdir(WEB, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'locales').map((d) => d.name);
  expect(pages).toEqual(expect.arrayContaining(['agent', 'wallboard', 'reports', 'pacing', 'plan', 'shared']));
  for (const dir of pages) {
    for (const name of await readdir(`${WEB}/${dir}`)) {
      if (name.endsWith('.js') || name.endsWith('.html')) files.push(await readFile(`${WEB}/${dir}/${name}`, 'utf8'));
    }
  }
  return files;
}

describe('locale files', () => {
  it("offers on the compliance page's filter every kind of a campaign's evidence, each with words", async () => {
    const page = await readFile(`${WEB}/compliance/compliance.js`, 'utf8');
    const offered = [...(/const KINDS = \[([^\]]*)\]/.exec(page)?.[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    // The team's and the database's own entries belong to no campaign: the team page shows them.
    const noCampaign = ['agent_created', 'agent_changed', 'agent_token_issued', 'agent_tokens_revoked', 'laboratory_marked'];
    expect([...offered].sort()).toEqual(evidenceKinds.filter((kind) => !noCampaign.includes(kind)).sort());
    const en = await localeKeys('en');
    for (const kind of offered) expect(en[`compliance.kinds.${kind}`], kind).toBeTruthy();
  });

  it('has the same messages in English and Simplified Chinese, none empty, each counted one in its own plural forms', async () => {
    const en = await localeKeys('en');
    const zh = await localeKeys('zh-CN');
    // A counted message has the forms its language's plural rules know (English one and other, Chinese other alone).
    expect(Object.keys(messages(zh, 'zh-CN')).sort()).toEqual(Object.keys(messages(en, 'en')).sort());
    for (const [key, value] of Object.entries(zh)) expect(value.trim(), key).not.toBe('');
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const zhMessages = messages(zh, 'zh-CN');
    for (const [key, forms] of Object.entries(messages(en, 'en'))) {
      // English's one may write the count in words ("One lead found."); its other says every placeholder.
      const names = placeholders(forms.other ?? forms[''] ?? '');
      for (const text of Object.values(zhMessages[key] ?? {})) expect(placeholders(text), key).toEqual(names);
    }
  });

  it('words every message that takes a count in the plural forms of tCount', async () => {
    const wrong: string[] = [];
    for (const code of ['en', 'zh-CN']) {
      const strings = await localeKeys(code);
      const categories = [...new Intl.PluralRules(code).resolvedOptions().pluralCategories].sort();
      for (const [key, forms] of Object.entries(messages(strings, code))) {
        const named = Object.keys(forms).sort();
        // A count is written {n}: a message with {n} (or {count}), or a word with "(s)", is counted in plural forms.
        if (named.includes('') && /\{(n|count)\}|\w\(s\)/.test(forms[''] ?? '')) wrong.push(`${code} ${key}: a count without plural forms`);
        if (named.includes('') && code === 'en') wrong.push(...[...(forms[''] ?? '').matchAll(COUNTED_THINGS)].map((m) => `${code} ${key}: "${m[0]}" without plural forms`));
        if (named.includes('') && named.length > 1) wrong.push(`${code} ${key}: both a message and counted`);
        if (!named.includes('') && named.join() !== categories.join()) wrong.push(`${code} ${key}: forms ${named.join()}, not ${categories.join()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('defines every key the pages use', async () => {
    const en = await localeKeys('en');
    const used = new Set<string>();
    for (const text of await sources()) {
      for (const m of text.matchAll(/data-i18n(?:-[a-z]+)?="([^"]+)"/g)) used.add(m[1] ?? '');
      // The staff frame's words: named in the page's placeholders and in the frame's list of pages.
      for (const m of text.matchAll(/data-(?:title|help)="([^"]+)"/g)) used.add(m[1] ?? '');
      for (const m of text.matchAll(/\bi18n: '([a-zA-Z]+\.[a-zA-Z_.]+)'/g)) used.add(m[1] ?? '');
      for (const m of text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z_.]+)'/g)) used.add(m[1] ?? '');
      // A counted string: its English forms for one and for other counts (other languages fall back to their `other`).
      for (const m of text.matchAll(/\btCount\('([a-zA-Z]+\.[a-zA-Z_.]+)'/g)) used.add(`${m[1] ?? ''}.one`).add(`${m[1] ?? ''}.other`);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it('names every outcome a call can end with, and every check of why a lead is not dialled', async () => {
    const en = await localeKeys('en');
    const outcomes = callOutcomes.map((o) => `outcome.${o}`);
    // The explainer's checks (lead-explainer.ts): the core's rules, and the list of manual dials.
    const rules = ['list_active', 'lead_status', 'lead_filter', 'due', 'lease', 'max_attempts_lead', 'max_attempts_day', 'calling_window',
      'dialable_phone', 'phone_disabled', 'dnc', 'max_attempts_phone', 'number_day_cap', 'abandon_rest', 'machine_rest', 'number_in_call', 'manual_dials'].map((r) => `leads.rule.${r}`);
    expect([...outcomes, ...rules].filter((key) => !(key in en))).toEqual([]);
  });

  it('says every reason a number is refused, as a DNC import gives it', async () => {
    const en = await localeKeys('en');
    expect(phoneRefusalCodes.map((code) => `compliance.phoneRefused.${code}`).filter((key) => !(key in en))).toEqual([]);
    // And why a number is none of its region's (too short, too long...).
    expect(invalidNumberReasons.map((why) => `compliance.phoneRefused.not_valid_for_region.${why}`).filter((key) => !(key in en))).toEqual([]);
    // Of a number of another country than the list's (its country code names every one), and which part of a North American one is wrong.
    const foreign = invalidNumberReasons.filter((why) => why !== 'unknown_country_code').map((why) => `compliance.phoneRefused.not_valid_for_country.${why}`);
    const nanp = nanpReasons.map((why) => `compliance.phoneRefused.not_valid_nanp.${why}`);
    expect([...foreign, ...nanp].filter((key) => !(key in en))).toEqual([]);
  });

  it('says every reason a file is refused or an import stops, and every reason an import reports a row', async () => {
    const en = await localeKeys('en');
    const keys = [...fileRefusalCodes.map((code) => `fileRefused.${code}`), ...rowProblemCodes.map((code) => `lists.problem.${code}`),
      // Where a lead's zone was taken from when its zone column named none: in words, not its source's name.
      ...zoneSourcesInstead.map((source) => `lists.zoneSource.${source}`)];
    expect(keys.filter((key) => !(key in en))).toEqual([]);
    // A repeated row of a file without a consent column, which says nothing of consent.
    const repeats = ['same_external_id_in_file', 'same_phone_in_file', 'external_id_in_campaign', 'phone_in_campaign'];
    expect(repeats.map((code) => `lists.problem.${code}.consent_no_column`).filter((key) => !(key in en))).toEqual([]);
  });

  it('names and explains every limit a pacing decision can be bound by', async () => {
    const en = await localeKeys('en');
    const missing = bindingLimits.flatMap((b) => [`binding.${b}`, `bindingWhy.${b}`]).filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
});
