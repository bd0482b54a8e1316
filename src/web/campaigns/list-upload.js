// Loading a list into the campaign shown: the manager picks a CSV file, checks which column feeds
// which lead field (guessed from the header row), and the file goes to the import API; the page
// follows the import job until it has counted every row, and offers the error report.

import { formatNumber, say, t, tCount } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { fileRefusalText, rowProblemText } from '/web/shared/reason-text.js';
import { guessMapping, headerRow, importMapping, leadFields } from './column-mapping.js';
import { readStart } from './file-encoding.js';

const POLL_MS = 500;
/** Report rows shown on the page; the rest are in the error report. */
const PROBLEMS_SHOWN = 5;
/** Enough of the file for any header row. */
const HEADER_BYTES = 64 * 1024;

const readingNotes = { 'utf-8': 'lists.utf8Mark', 'windows-1252': 'lists.notUtf8', 'utf-16le': 'lists.utf16Mark' };

/** What the manager is told of how the file will be read: another encoding than the one chosen,
 * and the line a UTF-8 import will stop at. Null when nothing. */
function encodingNote(start, chosen) {
  const notes = [];
  if (start.readAs !== chosen) notes.push(() => t(readingNotes[start.readAs]));
  if (start.stopLine !== null) notes.push(() => t('lists.mixedEncoding', { line: formatNumber(start.stopLine) }));
  return notes.length === 0 ? null : () => notes.map((note) => note()).join(' ');
}

export class ListUpload {
  /** `onLoaded()` runs when an import has counted every row. */
  constructor(api, onLoaded = () => undefined) {
    this.api = api;
    this.onLoaded = onLoaded;
    this.campaignId = null;
    this.columns = [];
    this.importId = null;
    /** Whether the encoding shown is the page's reading of the last file, not the manager's choice. */
    this.encodingGuessed = false;
    $('upload-file').addEventListener('change', () => {
      // The page's reading of one file is not a choice for the next.
      if (this.encodingGuessed) $('upload-encoding').value = 'utf-8';
      void this.readHeader();
    });
    $('upload-encoding').addEventListener('change', () => {
      this.encodingGuessed = false;
      void this.readHeader();
    });
    $('upload-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.upload();
    });
    $('upload-errors').addEventListener('click', () => void this.api.download(`/api/imports/${this.importId}/errors.csv?bom=true`, `import-${this.importId}-errors.csv`));
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
    $('upload-encoding').value = 'utf-8';
    this.encodingGuessed = false;
    say($('upload-encoding-note'), null);
    this.columns = [];
    this.renderMapping({});
    this.setStatus(null);
    $('upload-errors').hidden = true;
    this.showProblems(null);
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
    say($('upload-encoding-note'), null);
    if (!file) return this.renderMapping({});
    const chosen = $('upload-encoding').value;
    const bytes = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
    const start = readStart(bytes, chosen, file.size <= HEADER_BYTES);
    // Sent as chosen, the import would read it so too; said here so the column names can be checked.
    if (start.sendAs !== chosen) {
      $('upload-encoding').value = start.sendAs;
      this.encodingGuessed = true;
    }
    say($('upload-encoding-note'), encodingNote(start, chosen));
    this.columns = headerRow(start.text);
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
    const encoding = $('upload-encoding').value;
    query.set('encoding', encoding);
    $('upload').disabled = true;
    $('upload-errors').hidden = true;
    this.showProblems(null);
    this.setStatus('lists.sending');
    try {
      const started = await this.api.postFile(`/api/campaigns/${encodeURIComponent(this.campaignId)}/imports?${query}`, file, 'text/csv');
      this.importId = started.importId;
      await this.follow(started.importId, encoding);
    } catch (error) {
      this.setStatus(null);
      // A list of another region, say: worded by the code the API gives with its English message.
      const details = error.details ?? {};
      say($('upload-error'), () => t('error.refused', { message: fileRefusalText(details.reasonCode, details.reasonParams, error.message) }));
    } finally {
      $('upload').disabled = this.columns.length === 0;
    }
  }

  /** Polls the import until it is done or failed, showing its counts as they grow. */
  async follow(importId, encoding) {
    for (;;) {
      const record = await this.api.get(`/api/imports/${importId}`);
      const counts = record.status === 'done' || !record.progress ? record : record.progress;
      const figures = () => ({
        read: tCount('lists.rowsRead', counts.rowsRead), duplicates: formatNumber(counts.duplicates),
        invalid: formatNumber(counts.invalid), dnc: formatNumber(counts.dncMatched),
      });
      if (record.status === 'failed') {
        this.setStatus(null);
        this.showProblems(record);
        say($('upload-error'), () => t('lists.failed', { message: fileRefusalText(record.errorCode, record.errorParams, record.error ?? '') }));
        return;
      }
      if (record.status === 'done') {
        // A report's footer ending the file (a CRM's totals and copyright lines) was skipped: said apart.
        const footer = record.footerRows > 0 ? () => ` ${tCount('lists.footerSkipped', record.footerRows)}` : () => '';
        // Leads already in the campaign whose consent to prerecorded messages the file changed.
        const consent = record.consentChanged > 0 ? () => ` ${tCount('lists.consentChanged', record.consentChanged)}` : () => '';
        this.setStatus(() => `${t('lists.done', { ...figures(), imported: tCount('lists.leadsLoaded', counts.imported) })}${footer()}${consent()}`, true);
        // Bytes that were not UTF-8 past the start the page read: the report names the row.
        const readAsWindows1252 = encoding === 'utf-8' && record.progress?.readAs === 'windows-1252';
        if (readAsWindows1252) say($('upload-encoding-note'), 'lists.readAsWindows1252');
        $('upload-errors').hidden = record.invalid === 0 && !readAsWindows1252;
        this.showProblems(record);
        this.onLoaded();
        return;
      }
      this.setStatus(() => t('lists.progress', { ...figures(), imported: tCount('lists.leadsSoFar', counts.imported) }));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The first rows of the import's report, each with why in the page's language; null clears. */
  showProblems(record) {
    const samples = (record?.problemSamples ?? []).slice(0, PROBLEMS_SHOWN);
    const items = samples.map((sample) => {
      const item = el('li');
      say(item, () => t(sample.column ? 'lists.problemLine' : 'lists.problemRow', {
        row: formatNumber(sample.row), column: sample.column, reason: rowProblemText(sample.reasonCode, sample.reasonParams, sample.reason),
      }));
      return item;
    });
    if ((record?.problemSamples?.length ?? 0) > samples.length) {
      const more = el('li');
      say(more, 'lists.problemsMore');
      items.push(more);
    }
    $('upload-problems').replaceChildren(...items);
  }
}
