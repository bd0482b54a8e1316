// The compliance page: for the campaign chosen, where it stands against its abandonment limit as
// its regime counts it (US: 30 days; UK and strict: 24 hours with estimated AMD false positives)
// and the safe-harbour messages played; its evidence log, newest first, by kind and dates, with
// the CSV export for a date range, or every campaign's entries about a number typed; and the
// do-not-call lists (see dnc-tools.js). For staff; numbers in the log are in full for managers and
// admins only.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { formatInZone, formatNumber, formatPercent, say, shownZone, t, tCount } from '/web/shared/i18n.js';
import { zonedLocalToDate } from '/web/shared/zoned-time.js';
import { $, el, kpiBox, option } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { defaultCampaign } from '/web/shared/default-campaign.js';
import { DncTools } from './dnc-tools.js';

/** Every kind of entry, and the routine check made before each dial, left out unless asked for. */
const KINDS = ['abandon', 'message_withheld', 'dnc_added', 'dnc_removed', 'dnc_list_imported', 'rule_changed', 'campaign_created', 'campaign_changed', 'campaign_status_changed', 'list_changed', 'list_reset', 'recording_started', 'recording_disclosed', 'recording_stopped', 'recording_paused', 'recording_resumed', 'recording_accessed', 'recordings_deleted', 'leads_exported', 'lead_erased', 'lead_zone_changed', 'lead_consent_changed', 'lead_returned', 'supervision', 'return_call', 'manual_dial', 'dial_blocked', 'dial_checked'];
const ROUTINE = 'dial_checked';
const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, campaigns: [], standing: null, entries: [], next: null };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => {
    fillKinds();
    renderStanding();
    renderEvidence();
    dnc.render();
  } });
const dnc = new DncTools(api, () => app.session, () => $('campaign').value, campaignZone);
/** Another campaign, filter or page asked for while an answer is on its way: only the last is drawn. */
const standings = latestRequest();
const evidencePages = latestRequest();

/** Roles that may look a number's evidence up in every campaign (the server refuses viewers: even
 * masked, the answer tells whether the number was called). */
const NUMBER_ASKERS = ['admin', 'manager', 'supervisor'];

async function start() {
  app.session = await openStaffPage(api, 'page');
  if (!app.session) return;
  dnc.show();
  $('evidence-phone').closest('label').hidden = !NUMBER_ASKERS.includes(app.session.role);
  app.campaigns = await api.get('/api/campaigns').catch(() => []);
  const chosen = new URL(window.location.href).searchParams.get('campaign') ?? defaultCampaign(app.campaigns)?.id;
  $('campaign').replaceChildren(...app.campaigns.map((c) => option(c.id, c.name)));
  if (app.campaigns.some((c) => c.id === chosen)) $('campaign').value = chosen;
  await showCampaign();
}

async function showCampaign() {
  const url = new URL(window.location.href);
  url.searchParams.set('campaign', $('campaign').value);
  window.history.replaceState(null, '', url.toString());
  await Promise.all([loadStanding(), loadEvidence(true), dnc.campaignChanged()]);
}

// ---- standing ---------------------------------------------------------------------------------

async function loadStanding() {
  say($('standing-error'), null);
  app.standing = null;
  const campaignId = $('campaign').value;
  let standing = null;
  try {
    standing = await standings.ask(async () => (campaignId ? api.get(`/api/campaigns/${encodeURIComponent(campaignId)}/compliance`) : null));
  } catch (error) {
    say($('standing-error'), 'error.refused', { message: error.message });
  }
  if (standing === SUPERSEDED) return;
  app.standing = standing;
  renderStanding();
}

function renderStanding() {
  const s = app.standing;
  $('standing-pill').hidden = !s;
  $('standing').replaceChildren();
  $('standing-title').textContent = s ? (s.windowHours >= 48 ? tCount('compliance.windowDays', s.windowHours / 24) : tCount('compliance.windowHours', s.windowHours)) : '';
  $('standing-note').textContent = '';
  renderRegistries(s?.nationalRegistries ?? []);
  if (!s) return;
  $('standing-pill').textContent = t(s.withinTarget ? 'compliance.within' : 'compliance.over');
  $('standing-pill').className = `pill ${s.withinTarget ? 'yes' : 'no'}`;
  $('standing').append(
    kpiBox('rate', t('compliance.rate'), formatPercent(s.rate, 2), t('compliance.rateSub', { target: formatPercent(s.target, 1), regime: t(`campaigns.regime.${s.regime}`) })),
    kpiBox('abandoned', t('compliance.abandoned'), formatNumber(Math.round(s.countedAbandoned * 10) / 10), tCount('compliance.abandonedSub', Math.round(s.countedLiveAnswers * 10) / 10)),
    kpiBox('safe-harbor', t('compliance.safeHarbor'), formatNumber(s.safeHarborPlayed), t('compliance.safeHarborSub')),
    // As the regime counts it, as the window's figures above and the pacer's quarter-hour cap.
    kpiBox('quarter-hour', t('compliance.quarterHour'), formatNumber(Math.round(s.quarterHour.countedAbandoned * 10) / 10),
      tCount('compliance.quarterHourSub', Math.round(s.quarterHour.countedLiveAnswers * 10) / 10)),
  );
  if (s.amdFalsePositiveRate !== null) {
    $('standing-note').textContent = tCount('compliance.amdNote', s.machineAnswers, {
      rate: formatPercent(s.amdFalsePositiveRate, 1), abandoned: tCount('compliance.callsAbandoned', s.abandoned),
    });
  }
}

/** The national DNC registries the campaign is scrubbed against: one too old (or never loaded)
 * holds every dial, said as a warning; the others with the date their data is good until. */
function renderRegistries(registries) {
  const zone = campaignZone();
  const stale = registries.filter((r) => r.stale).map((r) => {
    const registry = t(`compliance.registry.${r.registry}`);
    return r.asOf === null ? t('compliance.registryNever', { registry })
      : tCount('compliance.registryStale', r.maxAgeDays, { registry, asOf: formatInZone(r.asOf, zone) });
  });
  const fresh = registries.filter((r) => !r.stale).map((r) => t('compliance.registryFresh', {
    registry: t(`compliance.registry.${r.registry}`), asOf: formatInZone(r.asOf, zone), until: formatInZone(r.staleAt, zone),
  }));
  $('registry-warning').textContent = stale.join(' ');
  $('registry-warning').hidden = stale.length === 0;
  $('registry-note').textContent = fresh.join(' ');
}

// ---- evidence ---------------------------------------------------------------------------------

function fillKinds() {
  const chosen = $('evidence-kind').value;
  $('evidence-kind').replaceChildren(option('', t('compliance.kindsUsual')), option('*', t('compliance.kindsAll')), ...KINDS.map((k) => option(k, t(`compliance.kinds.${k}`))));
  $('evidence-kind').value = chosen;
}

/** The filters as the API's query: the kinds asked for and the dates as a [from, to) range. */
function evidenceQuery() {
  const kind = $('evidence-kind').value;
  // A number's entries are few, and its dials (the routine check) are what a complaint is about.
  const every = kind === '*' || (!kind && $('evidence-phone').value.trim() !== '');
  const kinds = every ? null : kind ? [kind] : KINDS.filter((k) => k !== ROUTINE);
  const params = new URLSearchParams();
  if (kinds) params.set('kinds', kinds.join(','));
  // Days on the campaign's clock, as its times are shown: from the first's midnight to the midnight after the last.
  const from = $('evidence-from').value;
  const to = $('evidence-to').value;
  const zone = campaignZone();
  if (from) params.set('from', zonedLocalToDate(`${from}T00:00`, zone).toISOString());
  if (to) {
    const [y, m, d] = to.split('-').map(Number);
    const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    params.set('to', zonedLocalToDate(`${next}T00:00`, zone).toISOString());
  }
  return params;
}

/** The chosen campaign's time zone: its evidence is read on its clock (UTC when the browser does
 * not know the zone, and named so). */
function campaignZone(id = $('campaign').value) {
  return shownZone(app.campaigns.find((c) => c.id === id)?.timezone);
}

async function loadEvidence(fresh) {
  say($('evidence-error'), null);
  if (fresh) {
    app.entries = [];
    app.next = null;
  }
  const campaignId = $('campaign').value;
  const phone = $('evidence-phone').value.trim();
  const params = evidenceQuery();
  params.set('limit', String(PAGE_SIZE));
  if (app.next) params.set('before', app.next);
  // A number typed: its entries in every campaign (a complaint names a number, not a lead); a
  // national one is read in the region of the campaign chosen's lists.
  if (phone) params.set('phone', phone);
  if (phone && campaignId) params.set('campaignId', campaignId);
  const url = phone ? `/api/evidence?${params}` : campaignId ? `/api/campaigns/${encodeURIComponent(campaignId)}/evidence?${params}` : null;
  let page = null;
  try {
    page = await evidencePages.ask(async () => (url ? api.get(url) : null));
  } catch (error) {
    say($('evidence-error'), 'error.refused', { message: error.message });
  }
  if (page === SUPERSEDED) return;
  if (page) {
    app.entries = [...app.entries, ...page.entries];
    app.next = page.next;
  }
  renderEvidence();
}

/** A value as the details show it: nested values as JSON, long texts (a script) cut short. */
function shown(value) {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** An entry's payload as "key: value" pairs; the changes of a setting as "field: before → after";
 * a return call's number withheld as Withheld (its entry says so, or, written before, has none); a
 * reason staff typed for a DNC addition as such (the evidence keeps no typed text: the number's
 * entry does, until an erasure of the person clears it). */
function details(kind, payload) {
  const withheld = kind === 'return_call' && payload?.e164 === null;
  return Object.entries(payload ?? {}).filter(([key]) => !(withheld && key === 'withheld')).map(([key, value]) => key === 'changes' && typeof value === 'object' && value !== null
    ? Object.entries(value).map(([field, change]) => `${field}: ${shown(change.before)} → ${shown(change.after)}`).join(' · ')
    : kind === 'dnc_added' && key === 'reasonTyped' && value === true ? t('compliance.reasonTyped')
      : `${key}: ${withheld && key === 'e164' ? t('calls.numberWithheld') : shown(value)}`).join(' · ');
}

/** An entry's kind as the page names it: an erasure at the end of the lead retention is no request. */
function kindLabel(entry) {
  return entry.kind === 'lead_erased' && entry.payload?.by === 'retention' ? 'compliance.kinds.lead_erased_retention' : `compliance.kinds.${entry.kind}`;
}

function renderEvidence() {
  $('no-evidence').hidden = app.entries.length > 0;
  $('evidence').hidden = app.entries.length === 0;
  $('evidence-more').hidden = !app.next;
  $('evidence').tBodies[0].replaceChildren(...app.entries.map((entry) => {
    const row = el('tr');
    row.dataset.kind = entry.kind;
    const lead = el('td');
    if (entry.leadId) lead.append(Object.assign(el('a', null, entry.leadId), { href: `/leads/?lead=${encodeURIComponent(entry.leadId)}` }));
    // An entry of another campaign (found by its number) names it, and its time is on its clock.
    const other = entry.campaignId && entry.campaignId !== $('campaign').value ? app.campaigns.find((c) => c.id === entry.campaignId) : null;
    const kind = t(kindLabel(entry));
    const what = other ? `${kind} (${other.name})` : kind;
    row.append(el('td', 'when', formatInZone(entry.at, campaignZone(entry.campaignId ?? undefined))), el('td', null, what), lead, el('td', 'details', details(entry.kind, entry.payload)));
    return row;
  }));
}

/** The CSV export of the dates chosen (the last 30 days when none are). */
async function downloadCsv() {
  const params = evidenceQuery();
  const to = params.get('to') ?? new Date().toISOString();
  const from = params.get('from') ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
  params.set('from', from);
  params.set('to', to);
  // Opened in a spreadsheet: the byte order mark makes it read the file as UTF-8.
  params.set('bom', 'true');
  const id = $('campaign').value;
  // A number typed: its entries in every campaign, as the log shows them.
  const phone = $('evidence-phone').value.trim();
  if (phone) params.set('phone', phone);
  if (phone && id) params.set('campaignId', id);
  try {
    if (phone) await api.download(`/api/evidence.csv?${params}`, 'evidence-number.csv');
    else await api.download(`/api/campaigns/${encodeURIComponent(id)}/evidence.csv?${params}`, `evidence-campaign-${id}.csv`);
  } catch (error) {
    say($('evidence-error'), 'error.refused', { message: error.message });
  }
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await frame.open();
  fillKinds();
  $('campaign').addEventListener('change', () => void showCampaign());
  $('evidence-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadEvidence(true);
  });
  $('evidence-more').addEventListener('click', () => void loadEvidence(false));
  $('evidence-csv').addEventListener('click', () => void downloadCsv());
  dnc.onChanged(() => loadEvidence(true));
  await frame.begin();
}

void main();
