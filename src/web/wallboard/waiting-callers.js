// People calling back who wait on hold for an agent (GET /api/campaigns/{id}/waiting-callers, on
// whichever node holds them): their number as the signed-in role may see it, their campaign, the
// campaign's number they called and how long they have waited, counted on the server's clock each
// second. Only the campaigns the snapshot says have a call waiting for an agent are asked. A
// supervisor, manager or admin may hang one up (a nuisance caller, one who has waited too long):
// Hang up opens a line under the caller asking why, and the reason is kept with the call. Rows are
// updated in place, so a reason being typed is not lost when the list is read again.

import { formatDuration, t } from '/web/shared/i18n.js';
import { el } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

/** How often the list is read again while callers wait (the snapshot comes each second). */
const READ_EVERY_MS = 2_000;

export class WaitingCallersPanel {
  constructor({ api, panel, body, onError, onHungUp }) {
    Object.assign(this, { api, panel, body, onError, onHungUp });
    /** The callers waiting, longest first across campaigns, each with its `campaignId`. */
    this.callers = [];
    /** Campaigns' names by id, from the last snapshot. */
    this.campaignNames = new Map();
    /** The campaigns the last snapshot says have a call waiting for an agent. */
    this.waitingIn = [];
    /** Whether the signed-in role may hang a caller up (supervisors and up): set by the page. */
    this.canHangUp = false;
    /** The caller whose reason line is open, if any. */
    this.confirming = null;
    this.rows = new Map();
    this.readings = latestRequest();
    this.readAtMs = 0;
    this.clockOffsetMs = 0;
    body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      const attemptId = button.closest('[data-attempt-id]').dataset.attemptId;
      if (button.dataset.action === 'hangup') this.toggleConfirm(attemptId);
      else if (button.dataset.action === 'cancel') this.toggleConfirm(null);
    });
    body.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.hangUp(event.target.dataset.attemptId, event.target.elements.reason.value.trim());
    });
  }

  /** The wallboard's campaigns (a snapshot): the list is read again when the campaigns with a
   * caller waiting change, and every few seconds while any has one. */
  follow(campaigns) {
    this.campaignNames = new Map(campaigns.map((c) => [c.id, c.name]));
    const waitingIn = campaigns.filter((c) => (c.waiting ?? 0) > 0).map((c) => c.id);
    const changed = waitingIn.join() !== this.waitingIn.join();
    this.waitingIn = waitingIn;
    if (changed || (waitingIn.length > 0 && Date.now() - this.readAtMs >= READ_EVERY_MS && !this.readings.busy)) void this.refresh();
  }

  async refresh() {
    this.readAtMs = Date.now();
    const campaignIds = this.waitingIn;
    const answer = await this.readings.ask(() => Promise.all(campaignIds.map((id) => this.api.get(`/api/campaigns/${encodeURIComponent(id)}/waiting-callers`)
      .then((callers) => callers.map((caller) => ({ ...caller, campaignId: id })))
      // A campaign whose node does not answer keeps the callers last seen of it.
      .catch(() => this.callers.filter((caller) => caller.campaignId === id)))));
    if (answer === SUPERSEDED) return;
    this.callers = answer.flat().sort((a, b) => Date.parse(a.waitingSince) - Date.parse(b.waitingSince));
    if (!this.callers.some((caller) => caller.attemptId === this.confirming)) this.confirming = null;
    this.render();
  }

  toggleConfirm(attemptId) {
    this.confirming = this.confirming === attemptId ? null : attemptId;
    this.render();
    this.body.querySelector('.hangup-form input')?.focus();
  }

  async hangUp(attemptId, reason) {
    const caller = this.callers.find((c) => c.attemptId === attemptId);
    if (!caller || !reason) return;
    try {
      await this.api.post(`/api/return-calls/${encodeURIComponent(attemptId)}/hangup`, { reason });
      this.confirming = null;
      this.callers = this.callers.filter((c) => c.attemptId !== attemptId);
      this.render();
      this.onHungUp(caller);
    } catch (error) {
      this.onError(error);
    }
    void this.refresh();
  }

  /** The list, with each wait as long as it is now on the server's clock (each second). */
  render(clockOffsetMs = this.clockOffsetMs) {
    this.clockOffsetMs = clockOffsetMs;
    this.panel.hidden = this.callers.length === 0;
    const nowMs = Date.now() + clockOffsetMs;
    const wanted = [];
    for (const caller of this.callers) {
      const row = this.rows.get(caller.attemptId) ?? this.newRow(caller);
      this.rows.set(caller.attemptId, row);
      row.waited.textContent = formatDuration((nowMs - Date.parse(caller.waitingSince)) / 1000);
      row.campaign.textContent = this.campaignNames.get(caller.campaignId) ?? caller.campaignId;
      row.hangup.hidden = !this.canHangUp;
      wanted.push(row.tr);
      if (caller.attemptId === this.confirming && this.canHangUp) {
        row.form ??= this.formRow(caller);
        wanted.push(row.form);
      } else {
        row.form = null;
      }
    }
    for (const id of [...this.rows.keys()]) if (!this.callers.some((caller) => caller.attemptId === id)) this.rows.delete(id);
    // Only what changed moves: a reason being typed keeps its box and its focus.
    wanted.forEach((node, i) => {
      if (this.body.children[i] !== node) this.body.insertBefore(node, this.body.children[i] ?? null);
    });
    while (this.body.children.length > wanted.length) this.body.lastElementChild.remove();
  }

  newRow(caller) {
    const tr = el('tr');
    tr.dataset.attemptId = caller.attemptId;
    const campaign = el('td', 'campaign-name');
    const waited = el('td', 'waited');
    const hangup = el('button', 'danger', t('waitingCallers.hangUp'));
    hangup.type = 'button';
    hangup.dataset.action = 'hangup';
    const action = el('td');
    action.append(hangup);
    tr.append(el('td', 'phone', caller.phone ?? t('missedCalls.withheld')), campaign, el('td', 'called', caller.calledNumber ?? '—'), waited, action);
    return { tr, campaign, waited, hangup, form: null };
  }

  /** The line under a caller asking why they are hung up. */
  formRow(caller) {
    const form = el('form', 'hangup-form');
    form.dataset.attemptId = caller.attemptId;
    const reason = el('input');
    reason.name = 'reason';
    reason.required = true;
    reason.maxLength = 200;
    reason.placeholder = t('waitingCallers.reasonPlaceholder');
    reason.setAttribute('aria-label', t('waitingCallers.reason'));
    const confirm = el('button', 'danger', t('waitingCallers.confirm'));
    confirm.type = 'submit';
    const cancel = el('button', null, t('waitingCallers.cancel'));
    cancel.type = 'button';
    cancel.dataset.action = 'cancel';
    form.append(reason, confirm, cancel);
    const cell = el('td');
    cell.colSpan = 5;
    cell.append(form);
    const tr = el('tr', 'hangup-row');
    tr.dataset.attemptId = caller.attemptId;
    tr.append(cell);
    return tr;
  }

  /** The page's language changed: the rows are made again in it. */
  relabel() {
    this.rows.clear();
    this.body.replaceChildren();
    this.render();
  }
}
