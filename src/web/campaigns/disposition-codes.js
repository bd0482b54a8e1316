// The disposition catalogue of the campaign shown, retired codes included: one row a code with
// what an agent sees (label, hotkey) and what it does (stage, when to dial again, success, final,
// callback, notes needed, DNC, a refusal of further calls, a person reached, in use). New codes are added as rows; saving sends each code
// that changed, whole, and says which one was refused and why.

import { say, t, tCount } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

const STAGES = ['raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected'];
const FLAGS = ['success', 'final', 'callback', 'notesRequired', 'dnc', 'refusal', 'humanAnswered', 'active'];
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
/** Each flag's column heading (codes.col.*), which names its box. */
const FLAG_HEADINGS = { success: 'success', final: 'final', callback: 'callback', notesRequired: 'notes', dnc: 'dnc', refusal: 'refusal', humanAnswered: 'human', active: 'active' };

const input = (className, props) => Object.assign(el('input', className), props);

/** The code, free to wrap after each underscore (ANSWERING_ MACHINE) so that it does not widen
 * the table; its text is the code as it is. */
function breakableCode(code) {
  const node = el('code');
  code.split('_').forEach((part, index, parts) => {
    if (index > 0) node.append(el('wbr'));
    node.append(index < parts.length - 1 ? `${part}_` : part);
  });
  return node;
}

/** A column header does not name a control in a cell, and some controls share a column (label
 * under the code, the stage over the wait): each is named, with its code, for a screen reader. */
function nameControls(row) {
  const code = row.dataset.code;
  row.querySelector('input.label').setAttribute('aria-label', t('codes.labelOf', { code }));
  row.querySelector('input.hotkey').setAttribute('aria-label', t('codes.hotkeyOf', { code }));
  row.querySelector('select.stage').setAttribute('aria-label', t('codes.stageOf', { code }));
  row.querySelector('input.retry').setAttribute('aria-label', t('codes.retryOf', { code }));
  for (const flag of FLAGS) {
    row.querySelector(`input.${flag}`).setAttribute('aria-label', t('codes.flagOf', { code, flag: t(`codes.col.${FLAG_HEADINGS[flag]}`) }));
  }
}

export class DispositionCodes {
  constructor(api) {
    this.api = api;
    this.campaignId = null;
    this.entries = [];
    /** Another campaign chosen while a catalogue is on its way: only the last one asked is drawn. */
    this.loads = latestRequest();
    $('code-add').addEventListener('click', () => this.addCode());
    $('codes-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  /** Loads the campaign's catalogue; editable for managers. */
  async show(campaign, editable) {
    $('codes-form').hidden = !campaign;
    const other = campaign?.id !== this.campaignId;
    this.campaignId = campaign?.id ?? null;
    this.editable = editable;
    if (!campaign || !other) return;
    say($('codes-saved'), null);
    say($('codes-error'), null);
    try {
      const entries = await this.loads.ask(() => this.catalogue(campaign.id));
      if (entries === SUPERSEDED) return;
      this.entries = entries;
    } catch (error) {
      say($('codes-error'), 'error.refused', { message: error.message });
      return;
    }
    this.render();
  }

  /** The campaign's codes, retired ones too. */
  catalogue(campaignId) {
    return this.api.get(`/api/campaigns/${encodeURIComponent(campaignId)}/disposition-codes?all=true`);
  }

  render() {
    $('codes').tBodies[0].replaceChildren(...this.entries.map((entry) => this.row(entry)));
    for (const control of $('codes-form').querySelectorAll('input, select')) control.disabled = !this.editable;
    for (const button of $('codes-form').querySelectorAll('button')) button.hidden = !this.editable;
    $('new-code').hidden = !this.editable;
  }

  row(entry) {
    const row = el('tr', entry.active ? null : 'retired');
    row.dataset.code = entry.code;
    const stage = el('select', 'stage');
    stage.append(option('', '—'), ...STAGES.map((s) => option(s, t(`stage.${s}`))));
    stage.value = entry.movesStageTo ?? '';
    // The code over its label, and the stage over the wait before the next dial, each pair in one
    // column: the table fits its card down to a screen 1024 px wide, the label readable.
    const named = el('div', 'named');
    named.append(breakableCode(entry.code), input('label', { value: entry.label, maxLength: 80 }));
    const next = el('div', 'named');
    next.append(stage, input('retry', { type: 'number', min: 0, step: 1, value: entry.retryDelayMinutes ?? '', placeholder: t('codes.recycleRule') }));
    const cells = [
      named,
      input('hotkey', { value: entry.hotkey ?? '', maxLength: 1 }),
      next,
      ...FLAGS.map((flag) => input(flag, { type: 'checkbox', checked: Boolean(entry[flag]) })),
    ];
    row.append(...cells.map((content, index) => {
      const cell = el('td', index === 0 ? 'code' : index >= cells.length - FLAGS.length ? 'flag' : null);
      cell.append(content);
      return cell;
    }));
    nameControls(row);
    return row;
  }

  addCode() {
    const code = $('new-code').value.trim().toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
    say($('codes-error'), null);
    if (!CODE.test(code)) {
      say($('codes-error'), 'codes.badCode');
      return;
    }
    if (this.entries.some((e) => e.code === code) || $('codes').querySelector(`tr[data-code="${code}"]`)) {
      say($('codes-error'), 'codes.exists', { code });
      return;
    }
    const last = Math.max(0, ...this.entries.map((e) => e.sortOrder));
    const row = this.row({ code, label: '', hotkey: null, movesStageTo: null, retryDelayMinutes: null, success: false, final: false, callback: false, notesRequired: false, dnc: false, refusal: false, humanAnswered: true, active: true });
    row.dataset.fresh = String(last + 10);
    $('codes').tBodies[0].append(row);
    $('new-code').value = '';
    row.querySelector('input.label').focus();
  }

  /** A row as the entry the API takes, over the entry as loaded (what the table does not show is kept). */
  entryOf(row) {
    const loaded = this.entries.find((e) => e.code === row.dataset.code);
    const retry = row.querySelector('input.retry');
    const entry = {
      ...(loaded ? { sortOrder: loaded.sortOrder, dncScope: loaded.dncScope, disablesPhone: loaded.disablesPhone } : { sortOrder: Number(row.dataset.fresh) }),
      label: row.querySelector('input.label').value.trim(),
      hotkey: row.querySelector('input.hotkey').value.trim().toLowerCase() || null,
      movesStageTo: row.querySelector('select.stage').value || null,
      retryDelayMinutes: retry.value === '' ? null : retry.valueAsNumber,
    };
    for (const flag of FLAGS) entry[flag] = row.querySelector(`input.${flag}`).checked;
    return { code: row.dataset.code, entry, changed: !loaded || Object.keys(entry).some((key) => entry[key] !== loaded[key]) };
  }

  async save() {
    say($('codes-saved'), null);
    say($('codes-error'), null);
    const changed = [...$('codes').tBodies[0].rows].map((row) => this.entryOf(row)).filter((r) => r.changed);
    let saved = 0;
    for (const { code, entry } of changed) {
      try {
        await this.api.put(`/api/campaigns/${encodeURIComponent(this.campaignId)}/disposition-codes/${code}`, entry);
        saved += 1;
      } catch (error) {
        say($('codes-error'), 'codes.refused', { code, message: error.message });
        break;
      }
    }
    if (saved > 0) {
      const entries = await this.loads.ask(() => this.catalogue(this.campaignId));
      if (entries === SUPERSEDED) return;
      this.entries = entries;
      // Rows not yet saved (after a refusal) stay as typed.
      const pending = [...$('codes').tBodies[0].rows].filter((row) => changed.slice(saved).some((c) => c.code === row.dataset.code));
      this.render();
      for (const row of pending) {
        const reloaded = $('codes').querySelector(`tr[data-code="${row.dataset.code}"]`);
        if (reloaded) reloaded.replaceWith(row);
        else $('codes').tBodies[0].append(row);
      }
    }
    if ($('codes-error').textContent === '') $('codes-saved').textContent = tCount('codes.saved', saved);
  }

  /** After a language switch: the stages' names again, what is typed kept. */
  retranslate() {
    for (const select of $('codes').querySelectorAll('select.stage')) {
      for (const option of select.options) if (option.value) option.textContent = t(`stage.${option.value}`);
    }
    for (const retry of $('codes').querySelectorAll('input.retry')) retry.placeholder = t('codes.recycleRule');
    for (const row of $('codes').tBodies[0].rows) nameControls(row);
  }
}
