// Loading a list into the campaign shown: the manager picks a CSV file, checks which column feeds
// which lead field (guessed from the header row), and the file goes to the import API; the page
// follows the import job until it has counted every row, and offers the error report.

import { formatNumber, say, t } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { guessMapping, headerRow, importMapping, leadFields } from './column-mapping.js';

const POLL_MS = 500;
/** Enough of the file for any header row. */
const HEADER_BYTES = 64 * 1024;

export class ListUpload {
  /** `onLoaded()` runs when an import has counted every row. */
  constructor(api, onLoaded = () => undefined) {
    this.api = api;
    this.onLoaded = onLoaded;
    this.campaignId = null;
    this.columns = [];
    this.importId = null;
    $('upload-file').addEventListener('change', () => void this.readHeader());
    $('upload-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.upload();
    });
    $('upload-errors').addEventListener('click', () => void this.api.download(`/api/imports/${this.importId}/errors.csv`, `import-${this.importId}-errors.csv`));
  }

  /** Shows the panel for a campaign (managers only), or hides it. */
  show(campaignId, editable) {
    $('upload-form').hidden = !editable || !campaignId;
    if (campaignId !== this.campaignId) this.reset();
    this.campaignId = campaignId;
  }

  reset() {
    $('upload-file').value = '';
    $('upload-list').value = '';
    this.columns = [];
    this.renderMapping({});
    this.setStatus(null);
    $('upload-errors').hidden = true;
    say($('upload-error'), null);
  }

  /** The import's status line: a key or a render function, null to clear. */
  setStatus(line, done = false) {
    say($('upload-status'), line);
    $('upload-status').classList.toggle('done', done);
  }

  async readHeader() {
    const file = $('upload-file').files[0];
    say($('upload-error'), null);
    if (!file) return this.renderMapping({});
    this.columns = headerRow(await file.slice(0, HEADER_BYTES).text());
    if (!$('upload-list').value) $('upload-list').value = file.name.replace(/\.[^.]+$/, '');
    this.renderMapping(guessMapping(this.columns));
  }

  /** One row per lead field, each with the file's columns to choose from. */
  renderMapping(chosen) {
    const hasColumns = this.columns.length > 0;
    $('mapping').hidden = !hasColumns;
    $('keep-others-label').hidden = !hasColumns;
    $('upload').disabled = !hasColumns;
    $('mapping').tBodies[0].replaceChildren(...(hasColumns ? leadFields : []).map((field) => {
      const select = el('select');
      select.dataset.field = field;
      select.append(option('', t('lists.notUsed')), ...this.columns.map((column) => option(column, column)));
      select.value = chosen[field] ?? '';
      const cell = el('td');
      cell.append(select);
      const row = el('tr');
      row.append(el('td', null, t(`lists.fields.${field}`)), cell);
      return row;
    }));
  }

  /** After a language switch: the field names again, the choices kept. */
  retranslate() {
    this.renderMapping(this.chosenColumns());
  }

  chosenColumns() {
    return Object.fromEntries([...$('mapping').querySelectorAll('select')].map((s) => [s.dataset.field, s.value]));
  }

  async upload() {
    const file = $('upload-file').files[0];
    const list = $('upload-list').value.trim();
    const chosen = this.chosenColumns();
    const problem = !file ? 'lists.noFile' : !list ? 'lists.noName' : !chosen.phone ? 'lists.noPhone' : null;
    say($('upload-error'), problem);
    if (problem) return;
    const mapping = importMapping(chosen, this.columns, $('keep-others').checked);
    const query = new URLSearchParams({ list, fileName: file.name, mapping: JSON.stringify(mapping) });
    // Left empty: an existing list's own region (US for a new list). One given that differs from
    // an existing list's is refused with both named, not read as the list's country.
    const region = $('upload-region').value.trim();
    if (region) query.set('region', region);
    $('upload').disabled = true;
    $('upload-errors').hidden = true;
    this.setStatus('lists.sending');
    try {
      const started = await this.api.postFile(`/api/campaigns/${encodeURIComponent(this.campaignId)}/imports?${query}`, file, 'text/csv');
      this.importId = started.importId;
      await this.follow(started.importId);
    } catch (error) {
      this.setStatus(null);
      say($('upload-error'), 'error.refused', { message: error.message });
    } finally {
      $('upload').disabled = this.columns.length === 0;
    }
  }

  /** Polls the import until it is done or failed, showing its counts as they grow. */
  async follow(importId) {
    for (;;) {
      const record = await this.api.get(`/api/imports/${importId}`);
      const counts = record.status === 'done' || !record.progress ? record : record.progress;
      const figures = {
        read: formatNumber(counts.rowsRead), imported: formatNumber(counts.imported), duplicates: formatNumber(counts.duplicates),
        invalid: formatNumber(counts.invalid), dnc: formatNumber(counts.dncMatched),
      };
      if (record.status === 'failed') {
        this.setStatus(null);
        say($('upload-error'), 'lists.failed', { message: record.error ?? '' });
        return;
      }
      if (record.status === 'done') {
        this.setStatus(() => t('lists.done', figures), true);
        $('upload-errors').hidden = record.invalid === 0;
        this.onLoaded();
        return;
      }
      this.setStatus(() => t('lists.progress', figures));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
