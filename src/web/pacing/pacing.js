// The pacing page: polls /api/pacing/history every few seconds and draws, per campaign, the
// last hour of dial level, agents, connects per minute and abandonment against its budget.

import { drawChart } from './svg-chart.js';

const POLL_MS = 5_000;
const TOKEN_KEY = 'outpace.token';
const HOUR_MS = 3_600_000;
/** A young history is drawn over at least this span rather than squeezed into the hour's edge. */
const MIN_SPAN_MS = 5 * 60_000;

const $ = (id) => document.getElementById(id);

/** A `?token=` in the address wins and is remembered; otherwise the remembered one. */
function takeToken() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return localStorage.getItem(TOKEN_KEY);
}

function showLogin(message) {
  $('login').hidden = false;
  setStatus(message, true);
}

function setStatus(text, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

async function fetchHistory(token) {
  const campaign = $('campaign').value;
  const query = campaign ? `?campaign=${encodeURIComponent(campaign)}` : '';
  const response = await fetch(`/api/pacing/history${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401 || response.status === 403) return { denied: true };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { data: await response.json() };
}

function updateCampaignChoices(campaigns) {
  const select = $('campaign');
  const known = new Set([...select.options].map((o) => o.value));
  for (const c of campaigns) {
    if (known.has(c.campaignId)) continue;
    const option = document.createElement('option');
    option.value = c.campaignId;
    option.textContent = c.campaignId;
    select.append(option);
  }
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
  section.querySelector('.name').textContent = `Campaign ${campaign.campaignId}`;
  section.querySelector('.regime').textContent = campaign.regime ? `(${campaign.regime.toUpperCase()} regime)` : '';
  return section;
}

const percent = (v) => `${Number((v * 100).toFixed(2))}%`;
const decimal = (v) => String(Number(v.toFixed(2)));

function drawCampaign(section, campaign, fromMs, toMs) {
  const pts = (key) => campaign.samples.map((s) => [s.atMs, s[key]]);
  const chart = (name) => section.querySelector(`[data-chart="${name}"]`);
  drawChart(chart('dialLevel'), { fromMs, toMs, minMax: 1, format: decimal,
    series: [{ name: 'dial level', className: 'series-0', points: pts('dialLevel') }] });
  drawChart(chart('agents'), { fromMs, toMs, minMax: 1, format: decimal,
    series: [{ name: 'ready', className: 'series-0', points: pts('agentsReady') },
      { name: 'staffed', className: 'series-1', points: pts('agentsStaffed') }] });
  drawChart(chart('connects'), { fromMs, toMs, minMax: 1, format: decimal,
    series: [{ name: 'connects/min', className: 'series-0', points: pts('connectsPerMinute') }] });
  drawChart(chart('abandon'), { fromMs, toMs, minMax: 0.01, format: percent,
    series: [{ name: 'abandoned', className: 'series-0', points: pts('abandonRate') },
      { name: 'budget', className: 'budget', points: pts('abandonBudget') }] });
}

function render(data) {
  updateCampaignChoices(data.campaigns);
  const shown = new Set(data.campaigns.map((c) => `campaign-${c.campaignId}`));
  for (const section of [...$('campaigns').children]) {
    if (!shown.has(section.id)) section.remove();
  }
  if (data.campaigns.length === 0) {
    $('campaigns').replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: 'No campaign on this engine yet.' }));
    return;
  }
  document.querySelector('.empty')?.remove();
  const toMs = data.nowMs;
  const oldest = Math.min(...data.campaigns.flatMap((c) => c.samples.map((s) => s.atMs)), toMs);
  const fromMs = Math.max(toMs - HOUR_MS, Math.min(oldest, toMs - MIN_SPAN_MS));
  for (const campaign of data.campaigns) drawCampaign(sectionFor(campaign), campaign, fromMs, toMs);
}

async function poll() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return showLogin('a staff token is needed');
  try {
    const result = await fetchHistory(token);
    if (result.denied) return showLogin('the token was refused');
    $('login').hidden = true;
    render(result.data);
    setStatus(`updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    setStatus(`cannot load pacing history: ${error.message}`, true);
  }
  return undefined;
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(TOKEN_KEY, $('token').value.trim());
  void poll();
});
$('campaign').addEventListener('change', () => {
  $('campaigns').replaceChildren();
  void poll();
});

takeToken();
void poll();
setInterval(() => void poll(), POLL_MS);
