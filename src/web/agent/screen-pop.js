// The screen pop: who the customer is (fields, stage, local time), the campaign's script with
// the lead's values filled in by the server, what happened on earlier calls, callbacks and the
// FAQ. Everything is written as text nodes, never as HTML, so lead data cannot inject markup.

import { formatDateTime, formatInZone, formatTime, shownZone, t, tOptional, tCount } from '/web/shared/i18n.js';
import { isKnownZone } from '/web/shared/zoned-time.js';
import { $, el } from '/web/shared/dom.js';

export function stageLabel(stage) {
  return t(`stage.${stage}`);
}

export function outcomeLabel(outcome) {
  return outcome ? tOptional(`outcome.${outcome}`, outcome) : t('outcome.open');
}

function fullName(lead) {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || t('lead.noName');
}

/** A person who rang the campaign back with nothing known of them but their number (a lead made
 * for their call) is greeted as an unknown caller; a lead the campaign called, loaded without a
 * name, is the usual unnamed lead. */
export function callerName(pop) {
  const named = [pop.lead.firstName, pop.lead.lastName].some(Boolean);
  return !named && pop.attempt.unknownCaller ? t('lead.unknownCaller') : fullName(pop.lead);
}

function renderHeader(pop) {
  $('lead-name').textContent = callerName(pop);
  const meta = $('lead-meta');
  meta.replaceChildren();
  if (pop.lead.fields.company) meta.append(el('span', 'company', pop.lead.fields.company));
  // A caller who withheld their number has none to show (nor to call back).
  meta.append(el('span', pop.attempt.withheld ? 'tag withheld' : 'tag', pop.attempt.withheld ? t('lead.numberWithheld') : pop.attempt.phone));
  meta.append(el('span', 'tag stage', stageLabel(pop.lead.stage)));
  meta.append(el('span', 'tag', tCount('lead.attempts', pop.lead.attempts)));
  if (pop.attempt.preview) meta.append(el('span', 'tag preview', t('preview.badge')));
  // The person rang the campaign's number back: no dial of ours, they are expecting to talk.
  if (pop.attempt.inbound) meta.append(el('span', 'tag inbound', t('lead.calledBack')));
  if (pop.attempt.recording) meta.append(el('span', 'tag', t(pop.attempt.recordedOnDemand ? 'lead.recordedOnDemand' : 'lead.recorded')));
  const consent = pop.attempt.recordingConsentStates ?? [];
  if (pop.attempt.recording && consent.length > 0) {
    meta.append(el('span', 'tag recording-consent', t('lead.recordingConsent', { states: consent.map((state) => state.replace(/^US-/, '')).join(', ') })));
  }
  if (pop.attempt.messageWithheld) meta.append(el('span', 'tag message-withheld', t('lead.messageWithheld')));
  if (pop.attempt.shownAs) meta.append(el('span', 'tag shown-as', t('lead.shownAs', { number: pop.attempt.shownAs })));
  meta.append(el('span', 'muted small', pop.campaign.name));
}

function renderFields(pop) {
  const list = $('lead-fields');
  list.replaceChildren();
  const entries = Object.entries(pop.lead.fields).filter(([key]) => key !== 'company');
  if (pop.lead.postalCode) entries.push([t('lead.postalCode'), pop.lead.postalCode]);
  for (const [key, value] of entries) {
    const item = el('div');
    item.append(el('dt', null, tOptional(`field.${key}`, key.replaceAll('_', ' '))), el('dd', null, value));
    list.append(item);
  }
  if (entries.length === 0) list.append(el('p', 'empty', t('lead.noFields')));
}

/** A disposition code as the campaign's catalogue names it; a code it no longer has, as stored. */
function codeLabel(pop, code) {
  return pop.dispositions.find((entry) => entry.code === code)?.label ?? code;
}

function renderHistory(pop) {
  const box = $('history');
  box.replaceChildren();
  if (pop.history.length === 0) {
    box.append(el('p', 'empty', t('history.none')));
    return;
  }
  const list = el('ul', 'timeline');
  for (const item of pop.history) {
    const row = el('li');
    const when = el('div', 'when', formatDateTime(item.at));
    const what = el('div');
    const title = el('div');
    title.append(el('span', 'tag', outcomeLabel(item.outcome)));
    if (item.code) title.append(' ', el('strong', null, codeLabel(pop, item.code)));
    if (item.agentId) title.append(' ', el('span', 'muted small', t('history.byAgent', { agent: item.agentName ?? item.agentId })));
    what.append(title);
    if (item.notes) what.append(el('div', 'note', item.notes));
    row.append(when, what);
    list.append(row);
  }
  box.append(list);
}

function renderCallbacks(pop) {
  const box = $('callbacks');
  box.replaceChildren();
  if (pop.callbacks.length === 0) {
    box.append(el('p', 'empty', t('callbacks.none')));
    return;
  }
  const list = el('ul', 'timeline');
  for (const cb of pop.callbacks) {
    const zone = cb.timezone && isKnownZone(cb.timezone) ? cb.timezone : pop.timezone;
    const row = el('li');
    const what = el('div');
    what.append(el('span', 'tag', tOptional(`callbackStatus.${cb.status}`, cb.status)), ' ',
      el('span', 'muted small', cb.agentId ? t('callbacks.personal', { agent: cb.agentName ?? cb.agentId }) : t('callbacks.anyone')));
    if (cb.notes) what.append(el('div', 'note', cb.notes));
    row.append(el('div', 'when', formatInZone(cb.dueAt, zone)), what);
    list.append(row);
  }
  box.append(list);
}

function renderFaq(pop) {
  const box = $('faq');
  box.replaceChildren();
  box.classList.add('faq');
  if (!Array.isArray(pop.faq) || pop.faq.length === 0) {
    box.append(el('p', 'empty', t('faq.none')));
    return;
  }
  for (const item of pop.faq) {
    const details = el('details');
    details.append(el('summary', null, item.question), el('p', null, item.answer));
    box.append(details);
  }
}

/** Shows the pop for one call or preview lead; `nowMs` on the server's clock. */
export function renderScreenPop(pop, nowMs) {
  renderHeader(pop);
  renderFields(pop);
  $('script').textContent = pop.script || t('script.none');
  renderHistory(pop);
  renderCallbacks(pop);
  renderFaq(pop);
  updateLeadClock(pop, nowMs);
}

/** The lead's wall clock at `nowMs` (the server's time: this computer's clock may be off),
 * redrawn every second while the pop is up. */
export function updateLeadClock(pop, nowMs) {
  const zone = shownZone(pop.timezone);
  $('lead-clock').textContent = formatTime(new Date(nowMs), { timeZone: zone });
  $('lead-zone').textContent = zone;
}

/** Tabs under the script: history, callbacks, FAQ, as the WAI-ARIA tabs pattern has them: one tab
 * in the Tab order (the one shown), the arrow keys, Home and End move among them and show the
 * tab reached. */
export function bindTabs() {
  const tabs = [...document.querySelectorAll('.tab')];
  const show = (tab) => {
    for (const other of tabs) {
      other.setAttribute('aria-selected', String(other === tab));
      other.tabIndex = other === tab ? 0 : -1;
    }
    for (const panel of document.querySelectorAll('.tab-panel')) panel.hidden = panel.dataset.panel !== tab.dataset.tab;
  };
  for (const tab of tabs) tab.addEventListener('click', () => show(tab));
  show(tabs.find((tab) => tab.getAttribute('aria-selected') === 'true') ?? tabs[0]);
  tabs[0].closest('[role="tablist"]').addEventListener('keydown', (event) => {
    const at = tabs.indexOf(event.target);
    const to = at < 0 || event.altKey || event.ctrlKey || event.metaKey ? undefined : {
      ArrowRight: (at + 1) % tabs.length, ArrowLeft: (at - 1 + tabs.length) % tabs.length, Home: 0, End: tabs.length - 1,
    }[event.key];
    if (to === undefined) return;
    // The desktop's own keys do not also act on a key that moved among the tabs.
    event.preventDefault();
    event.stopPropagation();
    show(tabs[to]);
    tabs[to].focus();
  });
}
