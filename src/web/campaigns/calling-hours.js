// The calling hours of the campaign shown: its regime, its own week or the regime's default, and
// its holidays, beside the hours dialling keeps each day (clipped to the regime's bounds). Saved
// through the dial-rules route (see dial-rules.js), which records the change in the evidence log.

import { t } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';
import { DialRulesSection } from './dial-rules.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const RANGE = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;

/** "09:00-12:30, 14:00-20:00" as ranges; null when a part is not a range. */
export function parseRanges(text) {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const ranges = parts.map((part) => RANGE.exec(part)).map((m) => (m ? { start: m[1].padStart(5, '0'), end: m[2].padStart(5, '0') } : null));
  return ranges.includes(null) ? null : ranges;
}

const rangesText = (ranges) => (ranges ?? []).map((r) => `${r.start}-${r.end}`).join(', ');

export class CallingHours extends DialRulesSection {
  constructor(dialRules) {
    super(dialRules, 'hours');
    $('hours-own').addEventListener('change', () => this.renderWeek());
    $('hours-regime').addEventListener('change', () => this.renderWeek());
  }

  allowEdits(editable) {
    // The week's inputs follow "own week" as well (see renderWeek).
    for (const id of ['hours-regime', 'hours-own', 'hours-holidays']) $(id).disabled = !editable;
    this.drawStates();
  }

  /** The hours of the lead's own state are kept under every regime, custom hours too (the law
   * follows the person called): off only for a campaign whose calls the states' laws exempt. Its
   * country's hours are kept either way. */
  drawStates() {
    $('hours-states').disabled = !this.editable;
    // Custom hours read as off only in a laboratory, which calls nobody: shown on, as they are
    // once the hours are the law's.
    const storedCustom = !this.rules || this.rules.callingWindow.regime === 'custom';
    $('hours-states').checked = storedCustom || this.rules.jurisdictionHours;
  }

  draw() {
    const policy = this.rules.callingWindow;
    $('hours-regime').value = policy.regime;
    $('hours-own').checked = policy.weekly !== undefined;
    $('hours-holidays').value = (policy.holidays ?? []).join(', ');
    $('hours-week').tBodies[0].replaceChildren();
    this.renderWeek();
    this.drawStates();
  }

  /** One row a day: the hours typed (or the default week, read-only), and the hours in force. */
  renderWeek() {
    if (!this.rules) return;
    const own = $('hours-own').checked;
    // Hours typed into the week stay while it is edited (a language switch, a regime change).
    const typed = Object.fromEntries([...$('hours-week').querySelectorAll('input:not([data-default])')].map((i) => [i.dataset.day, i.value]));
    const stored = this.rules.callingWindow;
    // The hours in force are the server's, for the regime saved: another one shows them after saving.
    const inForceKnown = $('hours-regime').value === stored.regime;
    $('hours-week').tBodies[0].replaceChildren(...DAYS.map((day) => {
      const input = el('input');
      input.dataset.day = day;
      input.disabled = !own || !this.editable;
      if (own) input.value = typed[day] ?? rangesText((stored.weekly ?? this.rules.hoursInForce)[day]);
      else {
        input.dataset.default = '';
        input.value = inForceKnown ? rangesText(this.rules.hoursInForce[day]) : '';
      }
      input.setAttribute('aria-label', t(`hours.days.${day}`));
      const cell = el('td');
      cell.append(input);
      const row = el('tr');
      row.dataset.day = day;
      const inForce = this.rules.hoursInForce[day];
      const shown = !inForceKnown ? t('hours.afterSaving') : inForce.length ? rangesText(inForce) : t('hours.closed');
      row.append(el('td', null, t(`hours.days.${day}`)), cell, el('td', 'in-force', shown));
      return row;
    }));
  }

  /** The form as the dial-rules route's calling window, or the problem to show (rendered in the page's language). */
  callingWindow() {
    const policy = { regime: $('hours-regime').value };
    if ($('hours-own').checked) {
      policy.weekly = {};
      for (const input of $('hours-week').querySelectorAll('input')) {
        const ranges = parseRanges(input.value);
        if (!ranges) return { problem: () => t('hours.badRanges', { day: t(`hours.days.${input.dataset.day}`) }) };
        policy.weekly[input.dataset.day] = ranges;
      }
    }
    const holidays = $('hours-holidays').value.split(',').map((d) => d.trim()).filter((d) => d !== '');
    if (holidays.length > 0) policy.holidays = holidays;
    return { policy };
  }

  async save() {
    const { policy, problem } = this.callingWindow();
    this.tell(null, problem ?? null);
    if (!problem) await this.saveChanges({ callingWindow: policy, jurisdictionHours: $('hours-states').checked }, 'hours.saved');
  }

  /** After a language switch: the day names again, the hours typed kept. */
  retranslate() {
    this.renderWeek();
  }
}
