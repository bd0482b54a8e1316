// Recent recorded calls with a download button. The file is fetched with the supervisor's
// token and handed to the browser; the PBX's own credentials stay on the server.

import { formatDateTime, formatDuration, t } from '/web/shared/i18n.js';
import { el } from '/web/shared/dom.js';

export class RecordingsPanel {
  constructor({ api, panel, body, empty, onError }) {
    Object.assign(this, { api, panel, body, empty, onError });
    this.rows = [];
    body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-attempt-id]');
      if (!button) return;
      const row = this.rows.find((r) => r.attemptId === button.dataset.attemptId);
      if (row) this.api.download(row.downloadUrl, `call-${row.attemptId}.wav`).catch((error) => this.onError(error));
    });
  }

  /** Loads the list; a role without access (viewer) simply does not see the panel. */
  async refresh() {
    try {
      this.rows = await this.api.get('/api/recordings?limit=25');
      this.panel.hidden = false;
      this.render();
    } catch (error) {
      if (error.status === 403) this.panel.hidden = true;
    }
  }

  render() {
    this.empty.hidden = this.rows.length > 0;
    this.body.replaceChildren(...this.rows.map((row) => {
      const tr = el('tr');
      const button = el('button', null, t('recordings.download'));
      button.type = 'button';
      button.dataset.attemptId = row.attemptId;
      const action = el('td');
      action.append(button);
      tr.append(
        el('td', null, formatDateTime(row.endedAt)),
        el('td', null, row.agentId ?? '—'),
        el('td', null, row.leadName || `#${row.leadId}`),
        el('td', null, row.durationSeconds === null ? '—' : formatDuration(row.durationSeconds)),
        el('td', null, row.disposition ?? '—'),
        action,
      );
      return tr;
    }));
  }
}
