// The agent's own callbacks still to make, soonest first: who, when in the person's own time (and
// zone, and on the agent's clock when it is another), the notes left, and which are due now. The
// node dials each for the agent when it falls due and they are free; the list says what the day holds. Read again after each disposition and
// change of state, as the list of calls to disposition is. Paused or ready, the agent may call one
// back now, before its time (a manual dial of its lead, which keeps the promise): of the campaign
// they are logged in to only, as any manual dial; one of another campaign says to log in to it.

import { browserZone, formatInZone, formatNumber, shownZone, t } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';

let shown = [];
let callable = false;
/** The campaign the agent is logged in to, whose callbacks they may call now; null: none. */
let campaignNow = null;
let callNow = () => {};

/** What "Call now" does with a callback (the desktop's manual dial of its lead). */
export function onCallbackCallNow(handler) {
  callNow = handler;
}

/** Whether the agent may call one back now (as for any manual dial), and of which campaign (the
 * one they are logged in to); the buttons follow. */
export function setCallbacksCallable(value, campaignId) {
  if (campaignId !== campaignNow) {
    campaignNow = campaignId;
    callable = value;
    renderMyCallbacks();
    return;
  }
  callable = value;
  for (const button of document.querySelectorAll('#my-callbacks .my-callback-call')) button.disabled = !callable || button.dataset.campaignId !== campaignNow;
}

/** Reads the agent's callbacks and shows them; a failed read leaves the list as it was. */
export async function loadMyCallbacks(api, agentId) {
  const result = await api.get(`/api/agents/${encodeURIComponent(agentId)}/callbacks`).catch(() => null);
  if (!result) return;
  shown = result.callbacks;
  renderMyCallbacks();
}

/** The agent signed out: their list goes from the page. */
export function forgetMyCallbacks() {
  shown = [];
  renderMyCallbacks();
}

/** Shows the list as last read (again after a change of language). */
export function renderMyCallbacks() {
  $('my-callbacks-card').hidden = shown.length === 0;
  $('my-callbacks-count').textContent = formatNumber(shown.length);
  $('my-callbacks').replaceChildren(...shown.map((callback) => {
    const item = el('li', `my-callback ${callback.status}`);
    item.dataset.callbackId = callback.id;
    const head = el('div', 'my-callback-head');
    head.append(el('span', 'my-callback-name', callback.leadName || t('backlog.unnamed')));
    if (callback.status === 'due') head.append(el('span', 'tag due', t('myCallbacks.due')));
    const call = el('button', 'my-callback-call small-button', t('myCallbacks.callNow'));
    call.type = 'button';
    call.dataset.campaignId = callback.campaignId;
    call.disabled = !callable || callback.campaignId !== campaignNow;
    call.addEventListener('click', () => callNow(callback));
    head.append(call);
    const when = t('myCallbacks.when', { at: formatInZone(callback.dueAt, callback.timezone) });
    item.append(head, el('span', 'muted small', `${when} · ${callback.campaignName}`));
    // On another clock than the person's, the agent's own says what their day holds: 11:30 PM for
    // the person may be tomorrow morning for them.
    if (shownZone(callback.timezone) !== browserZone()) item.append(el('span', 'my-callback-own muted small', t('myCallbacks.yourTime', { at: formatInZone(callback.dueAt, browserZone()) })));
    // Dialled from its own campaign only: a press here would be refused.
    if (campaignNow !== null && callback.campaignId !== campaignNow) {
      item.append(el('span', 'my-callback-elsewhere muted small', t('myCallbacks.otherCampaign', { campaign: callback.campaignName })));
    }
    if (callback.notes) item.append(el('span', 'my-callback-notes small', callback.notes));
    return item;
  }));
}
