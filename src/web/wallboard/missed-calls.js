// Missed return calls (GET /api/campaigns/{id}/missed-calls): people calling back no agent took
// (they hung up on hold, their wait ran out, their agent's line failed, or their number was withheld), for supervisors,
// managers and admins, beside the callers waiting. Each shows the caller's number as the role may
// see it (or that it was withheld), the campaign, the number they called, when and how long they
// waited, why the call was missed, and their lead.
// Call back books a callback on the lead for anyone on the campaign, due in a minute, through the
// callbacks route, and marks the call handled with it; Handled marks it handled without one.

import { browserZone, formatDuration, formatInZone, t } from '/web/shared/i18n.js';
import { el } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

/** How often the campaigns' missed calls are read again. */
const READ_EVERY_MS = 10_000;
/** A callback is booked this far ahead on the server's clock: a time already past is refused. */
const CALLBACK_AHEAD_MS = 60_000;

export class MissedCallsPanel {
  constructor({ api, panel, body, onError, onHandled }) {
    Object.assign(this, { api, panel, body, onError, onHandled });
    /** Whether the signed-in role may see and handle them (supervisors and up): set by the page. */
    this.enabled = false;
    this.calls = [];
    this.campaignIds = [];
    this.campaignNames = new Map();
    this.readings = latestRequest();
    this.readAtMs = 0;
    /** The server's clock less this browser's (from the snapshot). */
    this.clockOffsetMs = 0;
    body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      const id = button.closest('[data-missed-id]').dataset.missedId;
      void this.handle(id, button.dataset.action === 'callback');
    });
  }

  /** The wallboard's campaigns (a snapshot): read again when they change, and every few seconds. */
  follow(campaigns, clockOffsetMs) {
    this.clockOffsetMs = clockOffsetMs;
    this.campaignNames = new Map(campaigns.map((c) => [c.id, c.name]));
    const ids = campaigns.map((c) => c.id);
    const changed = ids.join() !== this.campaignIds.join();
    this.campaignIds = ids;
    if (!this.enabled) return;
    if (changed || (Date.now() - this.readAtMs >= READ_EVERY_MS && !this.readings.busy)) void this.refresh();
  }

  async refresh() {
    this.readAtMs = Date.now();
    const campaignIds = this.campaignIds;
    const answer = await this.readings.ask(() => Promise.all(campaignIds.map((id) => this.api.get(`/api/campaigns/${encodeURIComponent(id)}/missed-calls`)
      // A campaign that does not answer keeps the calls last seen of it.
      .catch(() => this.calls.filter((call) => call.campaignId === id)))));
    if (answer === SUPERSEDED) return;
    this.calls = answer.flat().sort((a, b) => Date.parse(b.calledAt) - Date.parse(a.calledAt));
    this.render();
  }

  /** Marks the call handled, with a callback on its lead (for anyone on the campaign, due in a
   * minute) booked first when asked. */
  async handle(id, callBack) {
    const call = this.calls.find((c) => c.id === id);
    if (!call) return;
    try {
      const callback = callBack && call.leadId !== null
        ? await this.api.post(`/api/leads/${encodeURIComponent(call.leadId)}/callbacks`, { dueAt: new Date(Date.now() + this.clockOffsetMs + CALLBACK_AHEAD_MS).toISOString() })
        : null;
      await this.api.post(`/api/missed-calls/${encodeURIComponent(id)}/handled`, callback ? { callbackId: String(callback.id) } : {});
      this.calls = this.calls.filter((c) => c.id !== id);
      this.render();
      this.onHandled(call, callback !== null);
    } catch (error) {
      this.onError(error);
    }
  }

  render() {
    this.panel.hidden = !this.enabled || this.calls.length === 0;
    this.body.replaceChildren(...this.calls.map((call) => this.row(call)));
  }

  row(call) {
    const tr = el('tr');
    tr.dataset.missedId = call.id;
    const lead = el('td', 'lead-cell');
    if (call.leadId !== null) lead.append(Object.assign(el('a', 'lead', t('missedCalls.lead', { id: call.leadId })), { href: `/leads/?lead=${encodeURIComponent(call.leadId)}` }));
    else lead.textContent = '—';
    const actions = el('td');
    const box = el('div', 'actions');
    if (call.leadId !== null) box.append(this.button('callback', t('missedCalls.callBack')));
    box.append(this.button('handled', t('missedCalls.handled')));
    actions.append(box);
    tr.append(
      el('td', 'phone', call.phone ?? t('missedCalls.withheld')),
      el('td', 'campaign-name', this.campaignNames.get(call.campaignId) ?? call.campaignId),
      el('td', 'called', call.calledNumber),
      el('td', 'when', calledWhen(call.calledAt, Date.now() + this.clockOffsetMs)),
      el('td', 'waited', formatDuration(call.waitedMs / 1000)),
      el('td', 'reason', t(`missedCalls.reason.${call.reason}`)),
      lead, actions,
    );
    return tr;
  }

  button(action, label) {
    const button = el('button', null, label);
    button.type = 'button';
    button.dataset.action = action;
    return button;
  }
}

/** When a missed call came in: its time alone today, its date too before (the list keeps a call
 * until it is handled, and Friday's 4:42 PM is not this morning's on Monday). */
function calledWhen(calledAt, nowMs) {
  const zone = browserZone();
  const day = (value) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(value));
  const today = day(calledAt) === day(nowMs);
  return formatInZone(calledAt, zone, today ? { dateStyle: undefined, timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
}
