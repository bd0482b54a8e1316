// The lists of the campaign shown: each list's leads by where they stand and how many are due
// now; managers switch a list on or off, set its share of the dials, the caller ID and message on
// machines its leads get in place of the campaign's (left empty: the campaign's), give a list
// another pass (its exhausted leads dialled again, recorded in the evidence log) and download its
// leads as they stand (CSV, recorded too). Changes apply at once.

import { formatNumber, sayPair, t, tCount } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

/** The columns of lead counts: statuses counted together under one heading. */
const COUNTS = [
  ['new', ['new']], ['retry', ['retry']], ['callback', ['callback', 'scheduled']], ['done', ['done']],
  ['exhausted', ['exhausted']], ['closed', ['dnc', 'invalid']],
];
const MAX_WEIGHT = 100;

export class CampaignLists {
  constructor(api) {
    this.api = api;
    this.campaignId = null;
    this.lists = [];
    this.editable = false;
    /** Another campaign chosen, or the lists read again, while lists are on their way: only the last are drawn. */
    this.loads = latestRequest();
    this.tell = sayPair($('lists-status'), $('lists-error'));
    $('lists-table').addEventListener('change', (event) => void this.changed(event.target));
    $('lists-table').addEventListener('click', (event) => {
      const reset = event.target.closest('button[data-reset]');
      if (reset) void this.anotherPass(reset.dataset.reset);
      const download = event.target.closest('button[data-download]');
      if (download) void this.downloadLeads(download.dataset.download);
    });
  }

  /** Loads and shows the campaign's lists (again when `reload`, e.g. after an import). */
  async show(campaign, editable, reload = false) {
    $('lists-panel').hidden = !campaign;
    if (!campaign) return;
    this.editable = editable;
    if (campaign.id === this.campaignId && !reload) return this.render();
    if (campaign.id !== this.campaignId) this.tell(null, null);
    this.campaignId = campaign.id;
    $('lists-find').href = `/leads/?campaign=${encodeURIComponent(campaign.id)}`;
    let lists;
    try {
      lists = await this.loads.ask(() => this.api.get(`/api/campaigns/${encodeURIComponent(campaign.id)}/lists`));
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
      return;
    }
    if (lists === SUPERSEDED) return;
    this.lists = lists;
    this.render();
  }


  render() {
    $('no-lists').hidden = this.lists.length > 0;
    $('lists-table').hidden = this.lists.length === 0;
    for (const body of [...$('lists-table').tBodies]) body.remove();
    $('lists-table').append(...this.lists.map((list) => this.listRows(list)));
  }

  /** A list's two rows: its leads counted by where they stand, under the headings; then what it
   * sets (on, share, caller ID, message) and what can be done with it, on a line of their own so
   * that the table fits its card. */
  listRows(list) {
    const body = el('tbody', list.active && list.mixWeight > 0 ? null : 'off');
    body.dataset.list = list.id;
    body.append(this.countsRow(list), this.settingsRow(list));
    return body;
  }

  countsRow(list) {
    const number = (key, value) => {
      const td = el('td', 'number', formatNumber(value));
      td.dataset.count = key;
      return td;
    };
    const counts = COUNTS.map(([key, statuses]) => number(key, statuses.reduce((sum, s) => sum + (list.leads[s] ?? 0), 0)));
    const row = el('tr', 'counts');
    row.append(el('td', 'name', list.name), number('total', list.total), this.dueCell(list), ...counts);
    return row;
  }

  /** Due now; a dash for the list of manual dials, whose leads wait for an agent, never the pacer. */
  dueCell(list) {
    const td = el('td', 'number', list.dueNow === null ? '–' : formatNumber(list.dueNow));
    td.dataset.count = 'due';
    if (list.dueNow === null) td.title = t('listsPanel.manualNotDue');
    return td;
  }

  settingsRow(list) {
    const on = Object.assign(el('input', 'active'), { type: 'checkbox', checked: list.active, disabled: !this.editable });
    const weight = Object.assign(el('input', 'weight'), { type: 'number', min: '0', max: String(MAX_WEIGHT), step: '1', value: String(list.mixWeight), disabled: !this.editable });
    const labelled = (key, control, className = null) => {
      const label = el('label', className);
      label.append(el('span', null, t(key)), control);
      return label;
    };
    const line = el('div', 'settings-line');
    line.append(
      labelled('listsPanel.on', on, 'check'), labelled('listsPanel.share', weight),
      labelled('listsPanel.callerId', this.overrideInput('caller-id', list.callerId)),
      labelled('listsPanel.machineMessage', this.overrideInput('machine-message', list.machineMessageMedia)),
      this.actions(list),
    );
    const cell = el('td', 'list-settings');
    cell.colSpan = 3 + COUNTS.length;
    cell.append(line);
    const row = el('tr', 'settings');
    row.append(cell);
    return row;
  }

  actions(list) {
    const action = el('span', 'list-actions');
    if (this.editable) {
      const download = el('button', 'small-button', t('listsPanel.download'));
      download.type = 'button';
      download.dataset.download = list.id;
      download.title = t('listsPanel.downloadHelp');
      action.append(download);
    }
    if (this.editable && (list.leads.exhausted ?? 0) > 0) {
      const button = el('button', 'small-button', t('listsPanel.anotherPass'));
      button.type = 'button';
      button.dataset.reset = list.id;
      action.append(button);
    }
    return action;
  }

  /** A text box for what the list sets in place of the campaign's; empty shows the campaign's. */
  overrideInput(className, value) {
    return Object.assign(el('input', `override ${className}`), {
      type: 'text', value: value ?? '', placeholder: t('listsPanel.campaigns'), disabled: !this.editable,
    });
  }

  async changed(input) {
    const row = input.closest('tbody[data-list]');
    if (!row || !this.editable) return;
    let change;
    if (input.classList.contains('active')) change = { active: input.checked };
    else if (input.classList.contains('weight')) {
      const weight = input.valueAsNumber;
      if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
        this.tell(null, () => t('listsPanel.badShare', { max: formatNumber(MAX_WEIGHT) }));
        return;
      }
      change = { mixWeight: weight };
    } else if (input.classList.contains('caller-id')) change = { callerId: input.value.trim() || null };
    else if (input.classList.contains('machine-message')) change = { machineMessageMedia: input.value.trim() || null };
    else return;
    await this.apply(row.dataset.list, async () => {
      const list = await this.api.patch(`/api/lists/${encodeURIComponent(row.dataset.list)}`, change);
      return { list, message: () => t('listsPanel.saved', { name: list.name }) };
    });
  }

  async anotherPass(listId) {
    const list = this.lists.find((l) => l.id === listId);
    if (!list || !window.confirm(tCount('listsPanel.confirmPass', list.leads.exhausted ?? 0, { name: list.name }))) return;
    await this.apply(listId, async () => {
      const answer = await this.api.post(`/api/lists/${encodeURIComponent(listId)}/reset`);
      return { list: answer.list, message: () => tCount('listsPanel.passed', answer.reset, { name: answer.list.name }) };
    });
  }

  /** The list's leads as they stand, as a CSV file (kept in the evidence log by the server). */
  async downloadLeads(listId) {
    this.tell(null, null);
    try {
      await this.api.download(`/api/lists/${encodeURIComponent(listId)}/leads.csv?bom=true`, `leads-list-${listId}.csv`);
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
    }
  }

  /** Runs a change of one list (`request` answers the list as the API now has it, and what to
   * say) and shows it, or the refusal. */
  async apply(listId, request) {
    this.tell(null, null);
    try {
      const { list, message } = await request();
      this.lists = this.lists.map((l) => (l.id === listId ? list : l));
      this.render();
      this.tell(message, null);
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
      this.render(); // the inputs back to what is stored
    }
  }
}
