// The pacing page: per campaign, why it dials as it does (the decision log) and the last hour of
// dial level, agents, connects per minute and abandonment against its budget. Polls every few
// seconds. A `?token=` in the address signs in (a wall screen's bookmark) and is then dropped.
// A campaign's times are on its clock, the zone named, as its calling hours are.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { browserZone, formatInZone, formatNumber, formatPercent, say, shownZone, t, translatePage } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { renderDecisionLog } from './decision-log.js';
import { drawChart } from './svg-chart.js';

const POLL_MS = 5_000;
const HOUR_MS = 3_600_000;
/** A young history is drawn over at least this span rather than squeezed into the hour's edge. */
const MIN_SPAN_MS = 5 * 60_000;
/** Decisions read per campaign: enough for the shares, a few minutes of a busy campaign. */
const DECISIONS_READ = 100;

/** `asked`: the campaign the address names (`?campaign=`, as the wallboard links), until the picker holds it. */
const app = {
  token: takeToken(), asked: new URL(window.location.href).searchParams.get('campaign') ?? '',
  session: null, names: new Map(), zones: new Map(), history: null, decisions: new Map(), timer: null,
};
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => void poll() });
/** A campaign picked while a reading is on its way: only the last one asked is drawn. */
const readings = latestRequest();

/**
 * A `?token=` in the address (a wall screen's bookmark) signs this page in, and is remembered for
 * the staff pages only where none is yet: a link carrying someone else's token must not sign in
 * as them a manager signed in already, on every staff page.
 */
function takeToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) return localStorage.getItem(STAFF_TOKEN_KEY);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.toString());
  if (!localStorage.getItem(STAFF_TOKEN_KEY)) localStorage.setItem(STAFF_TOKEN_KEY, fromUrl);
  return fromUrl;
}

/** The page's status line: a key or a render function. */
function setStatus(line, isError = false) {
  say($('status'), line);
  $('status').classList.toggle('error', isError);
}

async function start() {
  app.session = await openStaffPage(api, 'page');
  if (!app.session) return;
  await poll();
  // A reading still on its way is waited for, not superseded by the next.
  app.timer ??= setInterval(() => {
    if (!readings.busy) void poll();
  }, POLL_MS);
}

// ---- reading --------------------------------------------------------------------------------

async function poll() {
  if (!app.session) return;
  try {
    const chosen = $('campaign').value || app.asked;
    const reading = await readings.ask(async () => {
      const history = await api.get(`/api/pacing/history${chosen ? `?campaign=${encodeURIComponent(chosen)}` : ''}`);
      const ids = [...history.campaigns, ...history.elsewhere].map((c) => c.campaignId);
      await learnNames(ids);
      const decisions = await Promise.all(ids.map(readDecisions));
      return { history, decisions: new Map(ids.map((id, i) => [id, decisions[i]])) };
    });
    if (reading === SUPERSEDED) return;
    app.history = reading.history;
    app.decisions = reading.decisions;
    render();
    const at = Date.now();
    // No one campaign's clock: the page's own, named.
    setStatus(() => t('pacing.updated', { time: formatInZone(at, browserZone(), { dateStyle: undefined, timeStyle: 'medium' }) }));
  } catch (error) {
    if (error.status === 401 || error.status === 403) frame.showSignin(t('signin.badToken'));
    else setStatus(() => t('pacing.loadFailed', { message: error.message }), true);
  }
}

/** A campaign's decisions, newest first; null when another node drives it. */
async function readDecisions(campaignId) {
  try {
    return await api.get(`/api/campaigns/${encodeURIComponent(campaignId)}/decisions?limit=${DECISIONS_READ}`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** Campaign names (for the headings and the picker) and time zones, read again only when a campaign is new. */
async function learnNames(ids) {
  if (!ids.every((id) => app.names.has(id))) {
    for (const c of await api.get('/api/campaigns')) {
      app.names.set(c.id, c.name);
      app.zones.set(c.id, c.timezone);
    }
  }
  const select = $('campaign');
  const listed = new Set([...select.options].map((o) => o.value));
  for (const id of ids) {
    if (!listed.has(id)) select.append(option(id, nameOf(id)));
  }
  if (app.asked && listed.size < select.options.length) select.value = app.asked;
}

const nameOf = (campaignId) => app.names.get(campaignId) ?? campaignId;
/** The clock a campaign's times are shown on: its own (UTC when this browser does not know it). */
const zoneOf = (campaignId) => shownZone(app.zones.get(campaignId));

// ---- drawing --------------------------------------------------------------------------------

function render() {
  const { history } = app;
  if (!history) return;
  const container = $('campaigns');
  if (history.campaigns.length === 0 && history.elsewhere.length === 0) {
    container.replaceChildren(el('p', 'empty muted', t('pacing.empty')));
    return;
  }
  container.querySelector('.empty')?.remove();
  const shown = new Set([...history.campaigns, ...history.elsewhere].map((c) => `campaign-${c.campaignId}`));
  for (const section of [...container.children]) if (!shown.has(section.id)) section.remove();
  const toMs = history.nowMs;
  const oldest = Math.min(...history.campaigns.flatMap((c) => c.samples.map((s) => s.atMs)), toMs);
  const fromMs = Math.max(toMs - HOUR_MS, Math.min(oldest, toMs - MIN_SPAN_MS));
  // This node's campaigns, and those another node drives with the series that node gave (nodeId).
  for (const campaign of history.campaigns) {
    const section = sectionFor(campaign);
    showDriver(section, campaign.nodeId ? campaign : null, true);
    renderDecisionLog(section, app.decisions.get(campaign.campaignId) ?? null, zoneOf(campaign.campaignId));
    showForecast(section, campaign.forecast);
    drawCampaign(section, campaign, fromMs, toMs);
  }
  // Driven by a node that did not answer, or by none: its decisions as stored, and a link to its node.
  for (const campaign of history.elsewhere) {
    const section = sectionFor(campaign);
    showDriver(section, campaign, false);
    renderDecisionLog(section, app.decisions.get(campaign.campaignId) ?? null, zoneOf(campaign.campaignId));
  }
}

/** Which node drives a campaign another node drives, with a link to its own pacing page; the
 * charts when its series came with it. */
function showDriver(section, elsewhere, charts) {
  const driver = section.querySelector('.driver');
  section.querySelector('.charts').hidden = !charts;
  driver.hidden = elsewhere === null;
  if (!elsewhere) return;
  const said = !elsewhere.nodeId ? t('pacing.drivenByNone') : t(charts ? 'pacing.drivenByDrawn' : 'pacing.drivenBy', { node: elsewhere.nodeId });
  driver.replaceChildren(el('span', null, said));
  if (elsewhere.nodeUrl) {
    const link = el('a', null, t('pacing.openThere'));
    link.href = `${elsewhere.nodeUrl}/pacing/?campaign=${encodeURIComponent(elsewhere.campaignId)}`;
    driver.append(' ', link);
  }
}

/** How the predictive model's forecast of abandons has fared, once it has paced anything. */
function showForecast(section, forecast) {
  const line = section.querySelector('.forecast');
  line.hidden = !forecast || (forecast.expected <= 0 && forecast.happened <= 0);
  if (line.hidden) return;
  const figure = (value) => formatNumber(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  line.textContent = t('pacing.forecast', { expected: figure(forecast.expected), happened: figure(forecast.happened) });
}

function sectionFor(campaign) {
  const id = `campaign-${campaign.campaignId}`;
  let section = document.getElementById(id);
  if (!section) {
    section = $('campaign-template').content.firstElementChild.cloneNode(true);
    section.id = id;
    section.dataset.campaign = campaign.campaignId;
    $('campaigns').append(section);
  }
  translatePage(section);
  section.querySelector('.name').textContent = nameOf(campaign.campaignId);
  section.querySelector('.regime').textContent = campaign.regime ? t('pacing.regime', { regime: campaign.regime.toUpperCase() }) : '';
  section.querySelector('.clock').textContent = t('pacing.clock', { zone: zoneOf(campaign.campaignId) });
  return section;
}

const decimal = (v) => formatNumber(v, { maximumFractionDigits: 2 });
const percent = (v) => formatPercent(v, v > 0 && v < 0.1 ? 1 : 0);

function drawCampaign(section, campaign, fromMs, toMs) {
  const timeZone = zoneOf(campaign.campaignId);
  const line = (name, key, className = 'series-0') => ({
    name, label: t(`pacing.series.${name}`), className, points: campaign.samples.map((s) => [s.atMs, s[key]]),
  });
  const chart = (name) => section.querySelector(`[data-chart="${name}"]`);
  drawChart(chart('dialLevel'), { fromMs, toMs, timeZone, minMax: 1, format: decimal, series: [line('dialLevel', 'dialLevel')] });
  drawChart(chart('agents'), { fromMs, toMs, timeZone, minMax: 1, format: decimal,
    series: [line('ready', 'agentsReady'), line('staffed', 'agentsStaffed', 'series-1')] });
  drawChart(chart('connects'), { fromMs, toMs, timeZone, minMax: 1, format: decimal, series: [line('connects', 'connectsPerMinute')] });
  drawChart(chart('abandon'), { fromMs, toMs, timeZone, minMax: 0.01, format: percent,
    series: [line('abandoned', 'abandonRate'), line('budget', 'abandonBudget', 'budget')] });
}

// ---- start ----------------------------------------------------------------------------------

async function main() {
  await frame.open();
  $('campaign').addEventListener('change', () => {
    app.asked = '';
    $('campaigns').replaceChildren();
    void poll();
  });
  await frame.begin();
}

void main();
