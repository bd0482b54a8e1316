// One lead as staff read it: who it is and where it stands, its numbers, why it is or is not
// dialled now (every rule of the dial-rules check, and until when), its calls and callbacks.
// Supervisors correct a lead (names, grade, stage, priority, time zone) and put a lead sales sent
// back into the dialling pool; managers put a number on a do-not-call list and erase a person's
// data at their request. Numbers come from the API in full
// for managers and admins only.

import { formatDuration, formatInZone, formatNumber, say, t, tCount } from '/web/shared/i18n.js';
import { byStaff } from '/web/shared/by-staff.js';
import { $, el, option } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

export const STAGES = ['raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected'];
export const GRADES = ['A', 'B', 'C', 'D', 'E'];
const RETURNERS = ['admin', 'manager', 'supervisor'];
const DNC_EDITORS = ['admin', 'manager'];
/** Statuses a lead comes back to the pool from: worked, out of dials, or on the do-not-call list by
 * mistake (the server refuses it, saying why, while a number of it is still on a list). */
const RETURNABLE = ['done', 'exhausted', 'dnc'];

export const leadName = (lead) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') || t('lead.noName');

const seconds = (from, to) => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null);

function fact(term, value) {
  return [el('dt', null, term), el('dd', null, value)];
}

/** Where an import took a lead's zone from when the list did not say (its source, in words): an
 * area code names the zone most of its numbers are in and the campaign's is only a default, so
 * those two are approximate. A zone the list or a person gave is shown as it is. */
const ZONE_SOURCES = { postal_code: false, region: false, area_code: true, campaign_default: true };

function zoneText(zone, source) {
  if (!(source in ZONE_SOURCES)) return zone;
  const from = t(`lists.zoneSource.${source}`);
  return ZONE_SOURCES[source] ? t('leads.timeZoneApproximate', { zone, source: from }) : t('leads.timeZoneFrom', { zone, source: from });
}

export class LeadDetail {
  constructor(api, session) {
    this.api = api;
    this.session = session;
    this.leadId = null;
    this.data = null;
    this.listeners = [];
    /** Another lead opened (or this one again) while one is on its way: only the last is drawn. */
    this.loads = latestRequest();
    $('return-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.returnToPool();
    });
    $('erase').addEventListener('click', () => void this.erase());
    $('correct-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.correct();
    });
    $('phones').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-phone]');
      if (button) void this.addToDnc(button.dataset.phone);
    });
  }

  /** `listener()` after the lead was changed here (returned to the pool, a number on DNC). */
  onChanged(listener) {
    this.listeners.push(listener);
  }

  role() {
    return this.session()?.role;
  }

  async open(leadId) {
    this.leadId = leadId;
    say($('detail-error'), null);
    say($('return-saved'), null);
    say($('erase-saved'), null);
    say($('correct-saved'), null);
    let data;
    try {
      data = await this.loads.ask(async () => {
        const path = `/api/leads/${encodeURIComponent(leadId)}`;
        const [lead, why, history] = await Promise.all([this.api.get(path), this.api.get(`${path}/why-not-dialled`), this.api.get(`${path}/history`)]);
        const campaign = await this.api.get(`/api/campaigns/${encodeURIComponent(lead.campaignId)}`).catch(() => null);
        return { lead, why, history, campaignName: campaign?.name ?? lead.campaignId, campaignZone: campaign?.timezone ?? '' };
      });
    } catch (error) {
      this.data = null;
      $('detail').hidden = false;
      say($('detail-error'), 'error.refused', { message: error.message });
      return;
    }
    if (data === SUPERSEDED) return;
    this.data = data;
    this.render();
    $('detail').hidden = false;
  }

  render() {
    if (!this.data) return;
    const { lead, why } = this.data;
    $('lead-name').textContent = leadName(lead);
    $('lead-status').textContent = t(`leads.statuses.${lead.status}`);
    $('lead-status').dataset.status = lead.status;
    $('lead-eligible').textContent = t(why.eligible ? 'leads.dialableNow' : 'leads.notDialableNow');
    $('lead-eligible').className = `pill ${why.eligible ? 'yes' : 'no'}`;
    this.renderFacts();
    this.renderPhones();
    this.renderWhy();
    this.renderCalls();
    this.renderReturn();
    this.renderCorrection();
    $('erase-box').hidden = !DNC_EDITORS.includes(this.role());
  }

  renderCorrection() {
    const { lead } = this.data;
    $('correct-form').hidden = !RETURNERS.includes(this.role());
    $('correct-first').value = lead.firstName ?? '';
    $('correct-last').value = lead.lastName ?? '';
    $('correct-grade').replaceChildren(...GRADES.map((grade) => option(grade, grade)));
    $('correct-grade').value = lead.grade;
    $('correct-stage').replaceChildren(...STAGES.map((stage) => option(stage, t(`stage.${stage}`))));
    $('correct-stage').value = lead.stage;
    $('correct-priority').value = String(lead.priority);
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const known = lead.timezone && !zones.includes(lead.timezone) ? [lead.timezone] : [];
    $('correct-zone').replaceChildren(option('', t('leads.zoneDefault', { zone: this.data.campaignZone })), ...[...known, ...zones].map((zone) => option(zone, zone)));
    $('correct-zone').value = lead.timezone ?? '';
  }

  async correct() {
    const input = $('correct-priority');
    const priority = input.valueAsNumber;
    // The range is the field's (the server's, a list's): said here before a request is refused.
    if (!Number.isInteger(priority) || priority < Number(input.min) || priority > Number(input.max)) {
      say($('detail-error'), 'leads.badPriority');
      return;
    }
    const body = {
      firstName: $('correct-first').value, lastName: $('correct-last').value, grade: $('correct-grade').value,
      stage: $('correct-stage').value, priority,
    };
    // The zone only when it was changed: setting one drops the other zones the lead's phone or
    // address named, which a change of name must not do.
    const zone = $('correct-zone').value || null;
    if (zone !== (this.data.lead.timezone ?? null)) body.timezone = zone;
    try {
      await this.api.patch(`/api/leads/${encodeURIComponent(this.leadId)}`, body);
    } catch (error) {
      say($('detail-error'), 'error.refused', { message: error.message });
      return;
    }
    await this.changed();
    say($('correct-saved'), 'leads.corrected');
  }

  renderFacts() {
    const { lead, why, campaignName } = this.data;
    const custom = Object.entries(lead.fields ?? {}).flatMap(([key, value]) => fact(key, typeof value === 'object' ? JSON.stringify(value) : String(value)));
    $('lead-facts').replaceChildren(
      ...fact(t('leads.campaign'), campaignName),
      ...fact(t('leads.col.externalId'), lead.externalId ?? '—'),
      ...fact(t('leads.col.stage'), t(`stage.${lead.stage}`)),
      ...fact(t('leads.col.grade'), lead.grade),
      ...fact(t('leads.col.dials'), formatNumber(lead.attempts)),
      // Why a lead no agent would call is exhausted with no dials to show for it.
      ...(lead.previewSkips > 0 ? fact(t('leads.previewSkips'), formatNumber(lead.previewSkips)) : []),
      ...fact(t('leads.timeZone'), why.otherTimeZones.length > 0
        ? t('leads.timeZoneAlso', { zone: zoneText(why.timeZone, lead.timezoneSource), others: why.otherTimeZones.join(', ') })
        : zoneText(why.timeZone, lead.timezoneSource)),
      ...fact(t('lead.postalCode'), lead.postalCode ?? '—'),
      ...fact(t('leads.priority'), formatNumber(lead.priority)),
      ...custom,
    );
  }

  renderPhones() {
    const { lead, why, history } = this.data;
    const canDnc = DNC_EDITORS.includes(this.role());
    $('dnc-scope-line').hidden = !canDnc;
    // A lead made for a caller who withheld their number has none: say why rather than draw nothing.
    if (lead.phones.length === 0 && history.calls.some((call) => call.withheld)) {
      const cell = el('td', 'phone', t('lead.numberWithheld'));
      cell.colSpan = 5;
      const row = el('tr', 'withheld');
      row.append(cell);
      $('phones').tBodies[0].replaceChildren(row);
      return;
    }
    $('phones').tBodies[0].replaceChildren(...lead.phones.map((phone) => {
      const verdict = why.phones.find((p) => p.phoneId === phone.id);
      const blocking = verdict?.checks.filter((c) => c.blocks).map((c) => t(`leads.rule.${c.rule}`)) ?? [];
      const row = el('tr', phone.disabled ? 'disabled' : null);
      row.dataset.phone = phone.id;
      const action = el('td');
      if (canDnc && !blocking.includes(t('leads.rule.dnc'))) {
        const button = el('button', 'small-button', t('leads.addDnc'));
        button.type = 'button';
        button.dataset.phone = phone.e164;
        action.append(button);
      }
      row.append(
        el('td', 'phone', phone.e164), el('td', 'number', formatNumber(phone.attempts)),
        el('td', null, phone.lastOutcome ? t(`outcome.${phone.lastOutcome}`) : ''),
        el('td', verdict?.dialable ? 'yes' : 'no', verdict?.dialable ? t('leads.numberPasses') : t('leads.numberBlocked', { rules: blocking.join(', ') })),
        action,
      );
      return row;
    }));
  }

  /** A moment on the campaign's clock, the zone named: its calling hours are read on it. */
  onCampaignClock(at) {
    return formatInZone(at, this.data.campaignZone);
  }

  /** A moment on the campaign's clock, and on the lead's own where the lead has another zone. */
  onBothClocks(at) {
    const { lead, campaignZone } = this.data;
    const shown = this.onCampaignClock(at);
    return lead.timezone && lead.timezone !== campaignZone ? t('leads.alsoLeadClock', { at: shown, local: formatInZone(at, lead.timezone) }) : shown;
  }

  renderWhy() {
    const { why } = this.data;
    $('why-summary').textContent = why.eligible
      ? t('leads.eligible')
      : why.earliestDialAt ? t('leads.notUntil', { at: this.onBothClocks(why.earliestDialAt) }) : t('leads.notByItself');
    $('why').tBodies[0].replaceChildren(...why.checks.map((check) => {
      const row = el('tr', check.blocks ? 'blocks' : null);
      row.dataset.rule = check.rule;
      row.append(
        el('td', null, t(`leads.rule.${check.rule}`)), el('td', check.blocks ? 'no' : 'yes', t(check.blocks ? 'leads.blocks' : 'leads.passes')),
        el('td', null, check.until ? this.onCampaignClock(check.until) : ''), el('td', 'muted', check.detail),
      );
      return row;
    }));
  }

  renderCalls() {
    const { lead, history } = this.data;
    const numbers = new Map(lead.phones.map((p) => [p.id, p.e164]));
    $('no-calls').hidden = history.calls.length > 0;
    $('calls').hidden = history.calls.length === 0;
    $('calls').tBodies[0].replaceChildren(...history.calls.map((call) => {
      // The agent's talk, as the results and the calls export count it: up to the message they left on
      // a machine, or the customer they left with a third party.
      const talk = seconds(call.connectedAt, call.talkEndedAt);
      const row = el('tr');
      row.dataset.attempt = call.attemptId;
      row.append(
        el('td', 'when', this.onCampaignClock(call.at)), el('td', 'phone', call.withheld ? t('calls.numberWithheld') : numbers.get(call.phoneId) ?? ''),
        // A call staff hung up says who: the customer's complaint about a call cut off is answered here.
        el('td', call.abandoned ? 'no' : null, `${t(`outcome.${call.outcome ?? 'open'}`)}${byStaff(call.endedBy, 'leads.endedBy')}`),
        el('td', 'number', talk === null ? '' : formatDuration(talk)), el('td', null, call.agentName ?? call.agentId ?? ''),
        el('td', null, call.code ?? ''), el('td', 'notes', call.notes ?? ''), el('td', null, call.recorded ? '✓' : ''),
      );
      return row;
    }));
    $('no-callbacks').hidden = history.callbacks.length > 0;
    $('callbacks').replaceChildren(...history.callbacks.map((callback) => el('li', null, t('leads.callbackLine', {
      // In the zone the customer asked in, so "call me at 1 pm" reads as they said it.
      at: formatInZone(callback.dueAt, callback.timezone ?? this.data.campaignZone),
      who: callback.agentName ?? callback.agentId ?? (callback.releasedFrom ? t('leads.anyAgentAfter', { agent: callback.releasedFrom }) : t('leads.anyAgent')),
      status: t(`callbackStatus.${callback.status}`),
      notes: callback.notes ?? '',
    }).trim())));
  }

  renderReturn() {
    const { lead } = this.data;
    const returner = RETURNERS.includes(this.role());
    // An erased lead is never dialled again (the server refuses its return): said, not offered.
    $('return-form').hidden = !returner || !RETURNABLE.includes(lead.status) || lead.erased === true;
    $('return-erased').hidden = !returner || lead.erased !== true;
    $('return-stage').replaceChildren(...STAGES.map((stage) => option(stage, t(`stage.${stage}`))));
    $('return-stage').value = lead.stage;
  }

  async returnToPool() {
    try {
      await this.api.post(`/api/leads/${encodeURIComponent(this.leadId)}/return-to-pool`, { stage: $('return-stage').value });
    } catch (error) {
      say($('detail-error'), 'error.refused', { message: error.message });
      return;
    }
    await this.changed();
    say($('return-saved'), 'leads.returned');
  }

  async erase() {
    if (!window.confirm(t('leads.confirmErase', { name: leadName(this.data.lead) }))) return;
    let answer;
    try {
      answer = await this.api.post(`/api/leads/${encodeURIComponent(this.leadId)}/erase`);
    } catch (error) {
      say($('detail-error'), 'error.refused', { message: error.message });
      return;
    }
    await this.changed();
    const said = [t(answer.recordingsLeft > 0 ? 'leads.erasedRecordingsLeft' : 'leads.erased', {
      phones: tCount('leads.erasedPhones', answer.phonesSuppressed), recordings: tCount('leads.erasedRecordings', answer.recordingsDeleted),
      left: tCount('leads.recordingsLeft', answer.recordingsLeft),
    })];
    // Whose data went besides this lead's, and whose stayed: the manager answers for both.
    const otherLeads = answer.erasedLeads.length - 1;
    if (otherLeads > 0) said.push(tCount('leads.erasedOtherLeads', otherLeads));
    if (answer.otherPeopleKept > 0) said.push(tCount('leads.otherPeopleKept', answer.otherPeopleKept));
    $('erase-saved').textContent = said.join(' ');
  }

  async addToDnc(e164) {
    const scope = $('dnc-scope').value;
    const body = { phone: e164, reason: t('leads.dncReason'), ...(scope === 'campaign' ? { campaignId: this.data.lead.campaignId } : {}) };
    try {
      await this.api.post('/api/dnc', body);
    } catch (error) {
      say($('detail-error'), 'error.refused', { message: error.message });
      return;
    }
    await this.changed();
  }

  async changed() {
    await this.open(this.leadId);
    for (const listener of this.listeners) await listener();
  }
}
