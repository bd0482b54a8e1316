// Counted words ("1 dial", "2 dials"): a string counted has one key per plural category of
// Intl.PluralRules (`key.one`, `key.other`, and `key.few`, `key.many`... where a language has
// them); Chinese has only `other`. The category is the locale's own for the count; a locale
// without that category's string falls back to its `other`, then to English's.

const rulesByLocale = new Map();

/** The locale's plural rules, made once per locale. */
function pluralRules(locale) {
  let rules = rulesByLocale.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    rulesByLocale.set(locale, rules);
  }
  return rules;
}

/**
 * The template for `count` of `key`: the locale's string for the count's category, or its
 * `other`; else English's (`fallback`) for the count's English category, or its `other`; else
 * `undefined`.
 */
export function pluralTemplate(strings, locale, fallback, key, count) {
  const inLocale = strings[`${key}.${pluralRules(locale).select(count)}`] ?? strings[`${key}.other`];
  return inLocale ?? fallback[`${key}.${pluralRules('en').select(count)}`] ?? fallback[`${key}.other`];
}
