// The leads page: staff look a lead up by phone number, customer id or the start of a name, in
// one campaign or all, by status, stage or grade, newest first or the last called first, and open
// it (see lead-detail.js); managers download every lead the search finds as CSV. The address keeps
// the search and the lead open (`?q=`, `?campaign=`, `?status=`, `?stage=`, `?grade=`, `?order=`,
// `?lead=`), so a lead can be sent as a link.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { formatInZone, formatNumber, say, t, tCount } from '/web/shared/i18n.js';
import { $, el, option, whileFilling } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { GRADES, LeadDetail, leadName, STAGES } from './lead-detail.js';

const STATUSES = ['new', 'retry', 'callback', 'scheduled', 'in_progress', 'done', 'dnc', 'exhausted', 'invalid'];
const PAGE_SIZE = 50;
/** The search's own criteria, each kept in the address under its name. */
const CRITERIA = ['status', 'stage', 'grade'];
/** Roles that download leads (numbers in full). */
const DOWNLOADERS = ['admin', 'manager'];

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, search: null, asPhone: false, found: [], next: null, zones: new Map() };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => {
    fillCriteria();
    renderResults();
    detail.render();
  } });
const detail = new LeadDetail(api, () => app.session);
/** A search (or its next page) asked while an earlier one is on its way: only the last is drawn. */
const pages = latestRequest();

/** Text that is a phone number: digits and the punctuation people type, seven digits at least. */
export function looksLikePhone(text) {
  return /^\+?[\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 7;
}

async function start() {
  app.session = await openStaffPage(api, 'page');
  if (!app.session) return;
  const asked = new URL(window.location.href).searchParams;
  await whileFilling($('search-form'), async () => {
    await listCampaigns(asked.get('campaign') ?? '');
    $('search-text').value = asked.get('q') ?? '';
    for (const criterion of CRITERIA) $(`search-${criterion}`).value = asked.get(criterion) ?? '';
    $('search-order').value = asked.get('order') === 'lastCalled' ? 'lastCalled' : 'newest';
  });
  if (['q', 'campaign', ...CRITERIA, 'order'].some((param) => asked.has(param))) await search();
  else renderResults();
  if (asked.get('lead')) await detail.open(asked.get('lead'));
}

async function listCampaigns(chosen) {
  const campaigns = await api.get('/api/campaigns').catch(() => []);
  // A lead's times are shown on its campaign's clock, wherever the browser is.
  app.zones = new Map(campaigns.map((c) => [c.id, c.timezone]));
  const all = $('search-campaign').options[0];
  $('search-campaign').replaceChildren(all, ...campaigns.map((c) => Object.assign(option(c.id, c.name), { selected: c.id === chosen })));
}

/** A criterion's choices, "any" first, keeping the one chosen. */
function fillChoices(select, any, choices) {
  const chosen = select.value;
  select.replaceChildren(option('', any), ...choices);
  select.value = chosen;
}

function fillCriteria() {
  fillChoices($('search-status'), t('leads.anyStatus'), STATUSES.map((s) => option(s, t(`leads.statuses.${s}`))));
  fillChoices($('search-stage'), t('leads.anyStage'), STAGES.map((stage) => option(stage, t(`stage.${stage}`))));
  fillChoices($('search-grade'), t('leads.anyGrade'), GRADES.map((grade) => option(grade, grade)));
}

// ---- searching --------------------------------------------------------------------------------

/** The form as a search, kept in the address. */
function searchFromForm() {
  const text = $('search-text').value.trim();
  const search = { text, campaignId: $('search-campaign').value, order: $('search-order').value };
  for (const criterion of CRITERIA) search[criterion] = $(`search-${criterion}`).value;
  const url = new URL(window.location.href);
  // Newest first is the order unless another is asked for: the address says only a change.
  const kept = [['q', text], ['campaign', search.campaignId], ...CRITERIA.map((c) => [c, search[c]]), ['order', search.order === 'newest' ? '' : search.order]];
  for (const [param, value] of kept) {
    if (value) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
  }
  window.history.replaceState(null, '', url.toString());
  return search;
}

/** The search's criteria and order as the API takes them (the same for a page and the download). */
function criteriaParams(search, asPhone) {
  const params = new URLSearchParams();
  if (search.text) params.set(asPhone ? 'phone' : 'q', search.text);
  if (search.campaignId) params.set('campaignId', search.campaignId);
  for (const criterion of CRITERIA) if (search[criterion]) params.set(criterion, search[criterion]);
  if (search.order !== 'newest') params.set('order', search.order);
  return params;
}

function query(search, asPhone, before) {
  const params = criteriaParams(search, asPhone);
  params.set('limit', String(PAGE_SIZE));
  if (before) params.set('before', before);
  return `/api/leads?${params}`;
}

/** One page of leads; text that looks like a number but is not one is a customer id after all
 * (and is so for the download too). */
async function fetchPage(search, before) {
  app.asPhone = looksLikePhone(search.text);
  try {
    return await api.get(query(search, app.asPhone, before));
  } catch (error) {
    if (!app.asPhone || error.status !== 400 || !error.message.startsWith('phone:')) throw error;
    app.asPhone = false;
    return api.get(query(search, false, before));
  }
}

/** Every lead the search finds in its campaign, as CSV: the server reads all its pages. */
async function download() {
  say($('download-error'), null);
  try {
    await api.download(`/api/leads.csv?${criteriaParams(app.search, app.asPhone)}&bom=true`, `leads-campaign-${app.search.campaignId}.csv`);
  } catch (error) {
    say($('download-error'), 'error.refused', { message: error.message });
  }
}

async function search(event) {
  event?.preventDefault();
  app.search = searchFromForm();
  app.found = [];
  app.next = null;
  await loadPage();
}

async function loadPage() {
  say($('search-error'), null);
  let page;
  try {
    page = await pages.ask(() => fetchPage(app.search, app.next));
  } catch (error) {
    if (error.status === 401) frame.showSignin(t('signin.badToken'));
    else say($('search-error'), 'error.refused', { message: error.message });
    return;
  }
  if (page === SUPERSEDED) return;
  app.found = [...app.found, ...page.leads];
  app.next = page.next;
  renderResults();
}

/** The summary's words: how many, and in which order. */
function summaryKey() {
  const ordered = app.search?.order === 'lastCalled' ? 'Called' : '';
  if (app.next) return `leads.foundMore${ordered}`;
  return ['leads.foundNone', 'leads.foundOne'][app.found.length] ?? `leads.found${ordered}`;
}

/** The summary's words for the leads found: none and one have words of their own, more are counted. */
function summaryText(key) {
  return key === 'leads.foundNone' || key === 'leads.foundOne' ? t(key) : tCount(key, app.found.length);
}

/** The last call's outcome and when it ended: to the second when the leads are in that order,
 * where many end within a minute. */
function lastCallCell(lead) {
  const cell = el('td', 'last-call', lead.lastOutcome ? t(`outcome.${lead.lastOutcome}`) : '');
  const precise = app.search?.order === 'lastCalled' ? { timeStyle: 'medium' } : {};
  if (lead.lastAttemptAt) cell.append(el('span', 'muted small', formatInZone(lead.lastAttemptAt, app.zones.get(lead.campaignId), precise)));
  return cell;
}

function renderResults() {
  const summary = summaryKey();
  // Before any search the page says how to find someone rather than show an empty table.
  $('results-summary').textContent = app.search ? summaryText(summary) : t('leads.howToFind');
  $('results').hidden = app.found.length === 0;
  $('more').hidden = !app.next;
  $('download').hidden = app.found.length === 0 || !DOWNLOADERS.includes(app.session?.role);
  // A download takes one campaign's leads (and goes on its record).
  $('download').disabled = !app.search?.campaignId;
  $('download').title = t(app.search?.campaignId ? 'leads.downloadHelp' : 'leads.downloadChooseCampaign');
  $('results').tBodies[0].replaceChildren(...app.found.map((lead) => {
    const row = el('tr', lead.id === detail.leadId ? 'chosen' : null);
    row.dataset.lead = lead.id;
    row.tabIndex = 0;
    row.append(
      el('td', 'name', leadName(lead)), el('td', null, lead.externalId ?? ''), el('td', null, lead.campaignName),
      el('td', 'phones', lead.withheld ? t('lead.numberWithheld') : lead.phones.join(', ')), el('td', null, t(`leads.statuses.${lead.status}`)), el('td', null, t(`stage.${lead.stage}`)),
      el('td', null, lead.grade), el('td', 'number', formatNumber(lead.attempts)),
      lastCallCell(lead),
      // On the customer's clock: when they will be called is read as they would read it.
      el('td', 'next-dial', ['new', 'retry', 'callback', 'scheduled'].includes(lead.status) ? formatInZone(lead.nextDialAt, lead.timeZone) : ''),
    );
    return row;
  }));
}

function chooseRow(event) {
  const row = event.target.closest('tr[data-lead]');
  if (!row) return;
  const url = new URL(window.location.href);
  url.searchParams.set('lead', row.dataset.lead);
  window.history.replaceState(null, '', url.toString());
  void detail.open(row.dataset.lead).then(renderResults);
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await frame.open();
  fillCriteria();
  $('search-form').addEventListener('submit', (event) => void search(event));
  $('more').addEventListener('click', () => void loadPage());
  $('download').addEventListener('click', () => void download());
  $('results').addEventListener('click', chooseRow);
  $('results').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') chooseRow(event);
  });
  detail.onChanged(async () => {
    if (app.search) await search();
  });
  await frame.begin();
}

void main();
