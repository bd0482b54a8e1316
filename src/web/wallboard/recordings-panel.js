// Recent recorded calls with a download button and a review: the file is fetched with the
// supervisor's token and handed to the browser (the PBX's own credentials stay on the server);
// a review (score 1-5 and a comment for the agent) is written under the row. Each call's time is
// on its campaign's clock, the zone named.

import { formatDuration, formatInZone, formatNumber, t } from '/web/shared/i18n.js';

const SCORES = [5, 4, 3, 2, 1];
import { el, option } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

export class RecordingsPanel {
  constructor({ api, panel, body, empty, onError, onReviewed }) {
    Object.assign(this, { api, panel, body, empty, onError, onReviewed });
    this.rows = [];
    /** Each campaign's time zone, by id, read with the recordings. */
    this.zones = new Map();
    /** The list read again (a review saved) while a reading is on its way: only the last is drawn. */
    this.readings = latestRequest();
    this.reviewing = null;
    /** Calls whose review is on its way to the server: Save pressed again meanwhile (a double
     * click, Enter then a click) would write it twice, counted twice in the agent's mean score. */
    this.saving = new Set();
    /** Whether the signed-in role may hear recordings: set by the page once it knows the role. */
    this.enabled = false;
    body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      const row = this.rows.find((r) => r.attemptId === button.dataset.attemptId);
      if (!row) return;
      if (button.dataset.action === 'download') this.api.download(row.downloadUrl, `call-${row.attemptId}.wav`).catch((error) => this.onError(error));
      else if (button.dataset.action === 'review') this.toggleReview(row.attemptId);
    });
    body.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveReview(event.target);
    });
  }

  toggleReview(attemptId) {
    this.reviewing = this.reviewing === attemptId ? null : attemptId;
    this.render();
    this.body.querySelector('.review-form select')?.focus();
  }

  async saveReview(form) {
    const attemptId = form.dataset.attemptId;
    if (this.saving.has(attemptId)) return;
    const body = { score: Number(form.elements.score.value), comment: form.elements.comment.value };
    this.saving.add(attemptId);
    this.render();
    try {
      const review = await this.api.post(`/api/attempts/${attemptId}/reviews`, body);
      this.reviewing = null;
      this.onReviewed(review);
      this.saving.delete(attemptId);
      await this.refresh();
    } catch (error) {
      this.saving.delete(attemptId);
      this.render();
      this.onError(error);
    }
  }

  /** Loads the list, for a role that may hear recordings; a role without access (viewer) does
   * not see the panel, nor is it asked for (it would be refused every 15 s). */
  async refresh() {
    if (!this.enabled) {
      this.panel.hidden = true;
      return;
    }
    try {
      const answer = await this.readings.ask(() => Promise.all([this.api.get('/api/recordings?limit=25'), this.api.get('/api/campaigns').catch(() => null)]));
      if (answer === SUPERSEDED) return;
      const [rows, campaigns] = answer;
      // The call being reviewed stays, below the latest, when newer calls push it off the list:
      // its form and what the coach typed in it would go with it.
      const reviewed = rows.some((row) => row.attemptId === this.reviewing) ? undefined : this.rows.find((row) => row.attemptId === this.reviewing);
      this.rows = reviewed ? [...rows, reviewed] : rows;
      if (campaigns) this.zones = new Map(campaigns.map((c) => [c.id, c.timezone]));
      this.panel.hidden = false;
      this.render();
    } catch (error) {
      if (error.status === 403) this.panel.hidden = true;
    }
  }

  /** The list again (every 15 s, and on a language switch), the review being written kept as it
   * was: its score, its comment and where the supervisor was typing. */
  render() {
    const draft = this.draft();
    this.empty.hidden = this.rows.length > 0;
    this.body.replaceChildren(...this.rows.map((row) => {
      const tr = el('tr');
      tr.dataset.attemptId = row.attemptId;
      const buttons = el('div', 'actions');
      buttons.append(this.button('download', row, t('recordings.download')),
        this.button('review', row, row.reviews > 0 ? t('recordings.reviewed', { score: row.lastScore }) : t('recordings.review')));
      const action = el('td');
      action.append(buttons);
      // The lead opens on the leads page: its other calls, callbacks and where it stands. One
      // without a name is said to be so, with its id to tell it from others.
      const lead = el('td');
      lead.append(Object.assign(el('a', 'lead', row.leadName || t('recordings.unnamedLead', { id: row.leadId })), { href: `/leads/?lead=${encodeURIComponent(row.leadId)}` }));
      tr.append(
        el('td', 'when', formatInZone(row.endedAt, this.zones.get(row.campaignId))),
        el('td', null, row.agentId ?? '—'),
        lead,
        el('td', null, row.durationSeconds === null ? '—' : formatDuration(row.durationSeconds)),
        el('td', null, row.disposition ?? '—'),
        action,
      );
      return row.attemptId === this.reviewing ? [tr, this.reviewRow(row)] : [tr];
    }).flat());
    if (draft) this.restore(draft);
  }

  /** The open review form's score and comment, and which of them has the focus. */
  draft() {
    const form = this.body.querySelector('.review-form');
    if (!form) return null;
    const focused = form.contains(document.activeElement) ? document.activeElement : null;
    return {
      attemptId: form.dataset.attemptId, score: form.elements.score.value, comment: form.elements.comment.value,
      focused: focused?.name ?? null, caret: focused?.name === 'comment' ? focused.selectionStart : null,
    };
  }

  restore(draft) {
    const form = this.body.querySelector('.review-form');
    if (!form || form.dataset.attemptId !== draft.attemptId) return;
    form.elements.score.value = draft.score;
    form.elements.comment.value = draft.comment;
    const focused = draft.focused ? form.elements[draft.focused] : null;
    focused?.focus();
    if (focused && draft.caret !== null) focused.setSelectionRange(draft.caret, draft.caret);
  }

  button(action, row, label) {
    const button = el('button', null, label);
    button.type = 'button';
    button.dataset.action = action;
    button.dataset.attemptId = row.attemptId;
    return button;
  }

  /** The review form under a row: a score and what the agent should keep or change. */
  reviewRow(row) {
    const form = el('form', 'review-form');
    form.dataset.attemptId = row.attemptId;
    const score = el('select');
    score.name = 'score';
    score.setAttribute('aria-label', t('recordings.score'));
    score.append(...SCORES.map((n) => option(String(n), t('recordings.scoreOption', { score: formatNumber(n) }))));
    const comment = el('input');
    comment.name = 'comment';
    comment.maxLength = 4000;
    comment.placeholder = t('recordings.commentPlaceholder');
    const save = el('button', 'primary', t('recordings.saveReview'));
    save.type = 'submit';
    save.disabled = this.saving.has(row.attemptId);
    form.append(score, comment, save);
    const cell = el('td');
    cell.colSpan = 6;
    cell.append(form);
    const tr = el('tr', 'review-row');
    tr.append(cell);
    return tr;
  }
}
