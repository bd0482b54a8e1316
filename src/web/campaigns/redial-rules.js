// How often the leads of the campaign shown are dialled, how long each waits before the next
// dial by how the last one ended, and how long a refusal keeps its number off the list. Saved
// through the dial-rules route (recorded in the evidence log); only the values changed are sent,
// so the others go on following the product's defaults.

import { formatNumber, t, tCount } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';
import { DialRulesSection } from './dial-rules.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const YEAR_MINUTES = 366 * 24 * 60;

const cap = (id, inForce) => ({ id, group: 'recycle', apiKey: id, inForce, min: 1, max: 50, whole: true });
const CAPS = [
  cap('maxAttempts', (rules) => rules.maxAttemptsPerLead),
  cap('maxAttemptsPerPhone', (rules) => rules.maxAttemptsPerPhone),
  cap('maxAttemptsPerDay', (rules) => rules.maxAttemptsPerDay),
  cap('maxDialsPerNumberPerDay', (rules) => rules.maxDialsPerNumberPerDay),
];
/** Each wait with the outcome it follows. */
const WAITS = [
  ['noAnswerRetryMinutes', 'no_answer'], ['busyRetryMinutes', 'busy'], ['machineRetryMinutes', 'machine'],
  ['congestionRetryMinutes', 'congestion'], ['failedRetryMinutes', 'failed'], ['abandonedRetryMinutes', 'abandoned'],
].map(([id, outcome]) => ({ id, outcome, group: 'recycle', apiKey: id, inForce: (rules) => rules.retryMinutes[id], min: 0, max: YEAR_MINUTES, whole: false }));
const REFUSAL = { id: 'refusalDays', group: 'refusalDnc', apiKey: 'days', inForce: (rules) => Math.round(rules.refusalDncMs / DAY_MS), min: 0, max: 3650, whole: true };
const FIELDS = [...CAPS, ...WAITS, REFUSAL];

/** A wait as people say it: "45 min", "2 h", "3 d 12 h". */
export function readableWait(minutes) {
  if (!Number.isFinite(minutes) || minutes < 0) return '';
  if (minutes < 60) return tCount('redial.minutes', minutes);
  const hours = Math.round((minutes / 60) * 10) / 10;
  if (hours < 24) return tCount('redial.hours', hours);
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest === 0 ? tCount('redial.days', days) : t('redial.daysHours', { days: formatNumber(days), hours: formatNumber(rest) });
}

function numberInput(field) {
  const input = el('input');
  input.type = 'number';
  input.id = `redial-${field.id}`;
  input.min = String(field.min);
  input.max = String(field.max);
  input.step = field.whole ? '1' : 'any';
  return input;
}

function labelled(field) {
  const label = el('label');
  label.append(el('span', null, t(`redial.field.${field.id}`)), numberInput(field), el('small', 'muted', t(`redial.help.${field.id}`)));
  return label;
}

export class RedialRules extends DialRulesSection {
  constructor(dialRules) {
    super(dialRules, 'redial');
    $('redial-form').addEventListener('input', (event) => {
      const row = event.target.closest('tr');
      if (row) row.querySelector('.readable').textContent = readableWait(event.target.valueAsNumber);
    });
  }

  draw() {
    this.render({});
  }

  /** The fields with the rules in force, or `typed` values where given. */
  render(typed) {
    if (!this.rules) return;
    $('redial-caps').replaceChildren(...CAPS.map(labelled));
    $('redial-waits').tBodies[0].replaceChildren(...WAITS.map((field) => {
      const cell = el('td');
      cell.append(numberInput(field));
      const row = el('tr');
      row.dataset.outcome = field.outcome;
      row.append(el('td', null, t(`outcome.${field.outcome}`)), cell, el('td', 'readable muted'));
      return row;
    }));
    $('redial-refusal').replaceChildren(labelled(REFUSAL));
    for (const field of FIELDS) {
      const input = $(`redial-${field.id}`);
      input.value = typed[field.id] ?? String(field.inForce(this.rules));
      input.disabled = !this.editable;
      input.closest('tr')?.querySelector('.readable')?.append(readableWait(input.valueAsNumber));
    }
    const rest = this.rules.redialAfterAbandonMs;
    $('redial-rest').textContent = rest > 0 ? t('redial.rest', { hours: formatNumber(rest / HOUR_MS) }) : '';
  }

  /** The changes from the rules in force, or the first field that is not a fit number. */
  changes() {
    const changes = {};
    for (const field of FIELDS) {
      const value = $(`redial-${field.id}`).valueAsNumber;
      const fits = Number.isFinite(value) && value >= field.min && value <= field.max && (!field.whole || Number.isInteger(value));
      if (!fits) return { problem: () => t('redial.bad', { field: this.fieldName(field), min: formatNumber(field.min), max: formatNumber(field.max) }) };
      if (value !== field.inForce(this.rules)) changes[field.group] = { ...changes[field.group], [field.apiKey]: value };
    }
    return { changes };
  }

  fieldName(field) {
    return field.outcome ? `${t('redial.waitAfter')}: ${t(`outcome.${field.outcome}`)}` : t(`redial.field.${field.id}`);
  }

  async save() {
    if (!this.rules) return;
    const { changes, problem } = this.changes();
    this.tell(null, problem ?? null);
    if (problem) return;
    if (Object.keys(changes).length === 0) this.tell('redial.unchanged', null);
    else await this.saveChanges(changes, 'redial.saved');
  }

  /** After a language switch: the words again, the values typed kept. */
  retranslate() {
    const typed = Object.fromEntries(FIELDS.filter((f) => $(`redial-${f.id}`)).map((f) => [f.id, $(`redial-${f.id}`).value]));
    this.render(typed);
  }
}
