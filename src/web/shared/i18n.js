// Strings and formats for the desktop and the wallboard. Strings live in /web/locales/<code>.json;
// dates, times, numbers and durations are formatted with Intl for the chosen locale. The choice is
// kept in this browser; `?lang=` in the address overrides it (handy for a wall screen's bookmark).

import { pluralTemplate } from '/web/shared/plural.js';
import { isKnownZone } from '/web/shared/zoned-time.js';

export const locales = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

const STORAGE_KEY = 'outpace.locale';
let current = 'en';
let strings = {};
let fallback = {};

function pickInitial() {
  const fromUrl = new URL(location.href).searchParams.get('lang');
  const stored = localStorage.getItem(STORAGE_KEY);
  const browser = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return [fromUrl, stored, browser].find((code) => locales.some((l) => l.code === code)) || 'en';
}

async function fetchStrings(code) {
  const response = await fetch(`/web/locales/${code}.json`);
  if (!response.ok) throw new Error(`locale ${code}: HTTP ${response.status}`);
  return response.json();
}

let lastAsked = 0;

/** Loads the locale (and English as the fallback for missing keys). Only the last locale asked
 * for is applied: strings that come after a later pick (Chinese chosen, then English again before
 * they came) would put the page back in the language just left. Returns the locale applied, or
 * null when a later pick superseded this one. */
export async function loadLocale(code = pickInitial()) {
  const asked = ++lastAsked;
  fallback = Object.keys(fallback).length ? fallback : await fetchStrings('en');
  const loaded = code === 'en' ? fallback : await fetchStrings(code);
  if (asked !== lastAsked) return null;
  strings = loaded;
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  saySpokenAgain();
  return code;
}

export function currentLocale() {
  return current;
}

/** The collator of the page's language, made once per language: a wallboard sorts often. */
let names = { locale: '', collator: new Intl.Collator() };

/** Orders names as people read them in the page's language: "Bot 2" before "Bot 10". */
export function compareNames(a, b) {
  if (names.locale !== current) names = { locale: current, collator: new Intl.Collator(current, { numeric: true }) };
  return names.collator.compare(a, b);
}

/** The string for `key` with `{name}` placeholders filled; the key itself when nothing matches. */
export function t(key, vars = {}) {
  const template = strings[key] ?? fallback[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** The string for `count` of `key` (`key.one`, `key.other`... by the locale's plural rules), with
 * `{n}` the count written in the locale's digits and other `{name}` placeholders filled. */
export function tCount(key, count, vars = {}) {
  const template = pluralTemplate(strings, current, fallback, key, count) ?? key;
  const all = { n: formatNumber(count), ...vars };
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in all ? String(all[name]) : whole));
}

/** A string only if the locale has one (for codes such as pause reasons that may be custom). */
export function tOptional(key, otherwise) {
  return strings[key] ?? fallback[key] ?? otherwise;
}

/** Lines shown with `say` (status, saved, refused), with how to render each and what it showed:
 * loading another locale renders them again, unless other code has written the element since. */
const spoken = new Map();

/**
 * Shows `t(key, vars)` in `el`, or what `render()` returns (for a line made of several strings),
 * and keeps it so that a language switch renders it again; `null` (or '') clears the element.
 */
export function say(el, key, vars = {}) {
  if (key === null || key === '') {
    spoken.delete(el);
    el.textContent = '';
    return;
  }
  const render = typeof key === 'function' ? key : () => t(key, vars);
  const text = render();
  spoken.set(el, { render, text });
  el.textContent = text;
}

/** A status line and an error line said together (each a key or a render function, null to
 * clear), as a section of a page reports what became of an action. */
export function sayPair(statusEl, errorEl) {
  return (status, error = null) => {
    say(statusEl, status);
    say(errorEl, error);
  };
}

function saySpokenAgain() {
  for (const [el, line] of spoken) {
    if (!el.isConnected || el.textContent !== line.text) {
      spoken.delete(el);
      continue;
    }
    line.text = line.render();
    el.textContent = line.text;
  }
}

/** Fills every [data-i18n], [data-i18n-placeholder], [data-i18n-title] and [data-i18n-aria] under root. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}

/** A <select> of the locales that reloads strings and calls `onChange` after a switch. */
export function bindLocaleSwitch(select, onChange) {
  select.replaceChildren(...locales.map((l) => {
    const option = document.createElement('option');
    option.value = l.code;
    option.textContent = l.label;
    option.selected = l.code === current;
    return option;
  }));
  select.addEventListener('change', async () => {
    // A later pick already on its way draws the page when its strings come.
    if (await loadLocale(select.value) === null) return;
    translatePage();
    onChange();
  });
}

export function formatDateTime(value, options = {}) {
  if (value === null || value === undefined) return '—';
  const date = value instanceof Date ? value : new Date(value);
  try {
    return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', ...options }).format(date);
  } catch {
    return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}

/** The clock a time is shown on: `zone`, or UTC when it is missing or unknown to this browser. */
export function shownZone(zone) {
  return zone && isKnownZone(zone) ? zone : 'UTC';
}

/** This browser's own zone, for a time no campaign's or lead's clock applies to (it is named too). */
export function browserZone() {
  return shownZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * A moment on a named clock, the zone named after it ("Dec 6, 2026, 9:05 AM America/New_York"): the
 * pages show a campaign's calls, evidence, leads and recordings on the campaign's clock, and a
 * callback on the customer's, so a reader elsewhere reads the hours the calling rules and the
 * customer speak of. UTC when the zone is missing or unknown to this browser (and then named so).
 * `options` as Intl's (a time alone: `{ dateStyle: undefined, timeStyle: 'medium' }`).
 */
export function formatInZone(value, zone, options = {}) {
  if (value === null || value === undefined) return '—';
  const timeZone = shownZone(zone);
  return onNamedClock(formatDateTime(value, { ...options, timeZone }), timeZone);
}

/** A period on a named clock, the zone named once, after it ("Dec 5, 2026, 12:00 AM – Dec 6, 2026,
 * 12:00 AM America/New_York"), as formatInZone names it. */
export function formatPeriodInZone(from, to, zone) {
  const timeZone = shownZone(zone);
  return onNamedClock(t('time.period', { from: formatDateTime(from, { timeZone }), to: formatDateTime(to, { timeZone }) }), timeZone);
}

/** A time written on `zone`'s clock, the zone named after it: the one way every page names a clock. */
const onNamedClock = (text, zone) => `${text} ${zone}`;

export function formatTime(value, options = {}) {
  return formatDateTime(value, { dateStyle: undefined, timeStyle: 'short', ...options });
}

export function formatNumber(value, options = {}) {
  return value === null || value === undefined ? '—' : new Intl.NumberFormat(current, options).format(value);
}

export function formatPercent(value, digits = 1) {
  return formatNumber(value, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Seconds as m:ss, or h:mm:ss from an hour on (a clock, the same in every locale). */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A longer duration in words for reports ("2 h 5 min", "3 h", "40 min" / "2小时5分钟"), via Intl units. */
export function formatHoursMinutes(totalSeconds) {
  const minutes = Math.round(Math.max(0, totalSeconds) / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (value, name) => new Intl.NumberFormat(current, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (h === 0) return unit(m, 'minute');
  return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
}
