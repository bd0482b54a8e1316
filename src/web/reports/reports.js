// Campaign results for managers and supervisors: pick a campaign and a period, read dials,
// contact, abandonment and talk time, target progress with the staffing estimate, dispositions,
// lead stages, results by lead grade, by list, by the customer's local hour and by agent.
// Everything comes from the reports API.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { formatHoursMinutes, formatNumber, formatPercent, formatPeriodInZone, shownZone, t, tCount } from '/web/shared/i18n.js';
import { $, el, kpiBox, option, toast } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { dateToZonedLocal, zonedLocalToDate } from '/web/shared/zoned-time.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { defaultCampaign } from '/web/shared/default-campaign.js';

const DAY_MS = 86_400_000;
const STAGES = ['raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected'];

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, report: null, targets: null, zones: new Map() };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => render() });
/** A campaign or period picked while an earlier answer is on its way: only the last one asked is drawn. */
const reports = latestRequest();

async function start() {
  app.session = await openStaffPage(api, 'page');
  if (!app.session) return;
  const campaigns = await api.get('/api/campaigns').catch(() => []);
  app.zones = new Map(campaigns.map((c) => [c.id, c.timezone]));
  const chosen = new URL(window.location.href).searchParams.get('campaign') ?? defaultCampaign(campaigns)?.id;
  $('campaign').replaceChildren(...campaigns.map((c) => Object.assign(option(c.id, c.name), { selected: c.id === chosen })));
  if (campaigns.length > 0) await load();
}

/** The campaign's time zone (UTC when this browser does not know it): its days and times are its own. */
function campaignZone() {
  return shownZone(app.zones.get($('campaign').value));
}

/** Midnight starting the day `daysBack` days before today, on the campaign's clock. */
function campaignMidnight(now, daysBack) {
  const zone = campaignZone();
  const [y, m, d] = dateToZonedLocal(now, zone).slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d - daysBack));
  return zonedLocalToDate(`${day.toISOString().slice(0, 10)}T00:00`, zone);
}

/** The chosen period as a query string: today or yesterday on the campaign's clock, or the last
 * days up to now. */
function periodQuery() {
  const now = new Date();
  const chosen = $('period').value;
  const [from, to] = chosen === 'today' ? [campaignMidnight(now, 0), now]
    : chosen === 'yesterday' ? [campaignMidnight(now, 1), campaignMidnight(now, 0)]
      : [new Date(now.getTime() - Number(chosen) * DAY_MS), now];
  return `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
}

async function load() {
  const campaignId = $('campaign').value;
  if (!campaignId) return;
  // The planner answers managers and admins only.
  $('plan-link').hidden = !['admin', 'manager'].includes(app.session?.role);
  $('plan-link').href = `/plan/?campaign=${encodeURIComponent(campaignId)}`;
  const query = periodQuery();
  let answers;
  try {
    answers = await reports.ask(() => Promise.all([api.get(`/api/reports/campaigns/${campaignId}${query}`), api.get(`/api/campaigns/${campaignId}/targets`)]));
  } catch (error) {
    toast(t('error.refused', { message: error.message }), true);
    return;
  }
  if (answers === SUPERSEDED) return;
  [app.report, app.targets] = answers;
  render();
}

/** The period's calls as a CSV file (the API wants the token, so the page fetches it itself). */
async function downloadCalls() {
  const campaignId = $('campaign').value;
  if (!campaignId) return;
  const response = await fetch(`/api/campaigns/${campaignId}/calls.csv${periodQuery()}&bom=true`, { headers: { authorization: `Bearer ${app.token}` } })
    .catch(() => null);
  if (!response?.ok) {
    toast(t('error.refused', { message: response ? `HTTP ${response.status}` : t('error.offline') }), true);
    return;
  }
  const link = el('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `calls-campaign-${campaignId}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// ---- drawing ----------------------------------------------------------------------------------

const percentOrDash = (value) => (value === null ? '—' : formatPercent(value, 1));
/** "09:00–10:00": an hour of day on the customer's clock. */
const hourSpan = (hour) => `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;

function emptyRow(span) {
  const row = el('tr');
  const cell = el('td', 'empty', t('reports.none'));
  cell.colSpan = span;
  row.append(cell);
  return row;
}

/** A table from column headers (numeric ones right-aligned) and rows of cells. */
function fillTable(table, columns, rows) {
  const head = el('tr');
  head.append(...columns.map(([label, numeric]) => el('th', numeric ? 'num' : null, label)));
  const body = rows.length > 0 ? rows.map((cells) => {
    const row = el('tr');
    row.append(...cells.map((cell, i) => el('td', columns[i]?.[1] ? 'num' : null, cell)));
    return row;
  }) : [emptyRow(columns.length)];
  table.replaceChildren(el('thead'), el('tbody'));
  table.tHead.append(head);
  table.tBodies[0].append(...body);
}

/** What the abandonment rate divides, with the regime's estimate of machine verdicts that were
 * people when it counts one (UK, strict). */
function abandonedOf(r) {
  const abandoned = formatNumber(r.abandoned);
  if (r.amdFalsePositiveRate === null || r.machineAnswers === 0) return tCount('reports.abandonedOf', r.liveAnswers, { abandoned });
  return tCount('reports.abandonedEstimate', r.liveAnswers, {
    abandoned, machines: tCount('reports.machineAnswers', r.machineAnswers), rate: formatPercent(r.amdFalsePositiveRate, 1),
  });
}

function render() {
  const r = app.report;
  if (!r) return;
  // On the campaign's clock, as its calling hours and targets are: a supervisor elsewhere reads the campaign's day.
  $('range').textContent = formatPeriodInZone(r.from, r.to, campaignZone());
  $('kpis').replaceChildren(
    kpiBox('dials', t('reports.dials'), formatNumber(r.dials), tCount('reports.connected', r.connected)),
    kpiBox('contactRate', t('campaign.contactRate'), percentOrDash(r.contactRate)),
    kpiBox('abandonRate', t('campaign.abandon'), formatPercent(r.abandonRate, 2), abandonedOf(r)),
    // The campaign's own calls, as its dials and connects; return calls are in the agents' figures.
    kpiBox('talk', t('reports.talk'), formatHoursMinutes(r.talkSeconds),
      r.returnCallTalkSeconds > 0 ? t('reports.talkReturnCalls', { time: formatHoursMinutes(r.returnCallTalkSeconds) }) : undefined),
    // Leads, each once (the server's figure): a lead set an appointment then made an opportunity is one.
    kpiBox('advanced', t('reports.advanced'), formatNumber(r.advanced),
      t('reports.advancedSub', { a: formatNumber(r.stageMoves.appointment ?? 0), o: formatNumber(r.stageMoves.opportunity ?? 0) })),
  );
  renderTargets();
  // Each code's share of the period's dispositions: agents give one to their own dials that nobody
  // answered too (preview, manual, callbacks), so the calls put through are no whole to share.
  const dispositionsGiven = r.dispositions.reduce((sum, d) => sum + d.count, 0);
  fillTable($('dispositions'), [[t('reports.code'), false], [t('reports.count'), true], [t('reports.shareOfDispositions'), true]],
    r.dispositions.map((d) => [d.label, formatNumber(d.count), formatPercent(d.count / dispositionsGiven, 1)]));
  fillTable($('stages'), [[t('dispo.stage'), false], [t('reports.movedIn'), true], [t('reports.now'), true]],
    STAGES.map((stage) => [t(`stage.${stage}`), formatNumber(r.stageMoves[stage] ?? 0), formatNumber(r.stagesNow[stage] ?? 0)]));
  fillTable($('grades'), [[t('reports.grade'), false], [t('reports.leads'), true], [t('reports.dials'), true], [t('campaign.contactRate'), true], [t('reports.advanced'), true]],
    r.grades.map((g) => [g.grade, formatNumber(g.leads), formatNumber(g.dials), percentOrDash(g.contactRate), formatNumber(g.advanced)]));
  fillTable($('lists'), [[t('reports.list'), false], [t('reports.leads'), true], [t('reports.dials'), true], [t('campaign.contactRate'), true],
    [t('reports.successes'), true], [t('reports.advanced'), true]],
  r.lists.map((l) => [l.active ? l.name : t('reports.listOff', { name: l.name }), formatNumber(l.leads), formatNumber(l.dials), percentOrDash(l.contactRate),
    formatNumber(l.successes), formatNumber(l.advanced)]));
  fillTable($('local-hours'), [[t('reports.hour'), false], [t('reports.dials'), true], [t('reports.liveAnswers'), true], [t('campaign.contactRate'), true],
    [t('campaign.abandon'), true]],
  // An hour with no dials still shows the abandons answered in it (a call dialled just before it).
  r.localHours.filter((h) => h.dials > 0 || h.abandoned > 0).map((h) => [hourSpan(h.hour), formatNumber(h.dials), formatNumber(h.liveAnswers), percentOrDash(h.contactRate),
    h.abandonRate === null ? '—' : formatPercent(h.abandonRate, 1)]));
  fillTable($('caller-ids'), [[t('reports.callerId'), false], [t('reports.dials'), true], [t('reports.liveAnswers'), true], [t('reports.answerRate'), true],
    [t('reports.connectedCalls'), true]],
  r.callerIds.map((c) => [c.callerId ?? t('reports.callerIdUnknown'), formatNumber(c.dials), formatNumber(c.liveAnswers), percentOrDash(c.answerRate),
    formatNumber(c.connected)]));
  fillTable($('agents'), [[t('reports.agent'), false], [t('reports.connectedCalls'), true], [t('reports.talk'), true], [t('reports.dispositions'), true],
    [t('reports.successes'), true], [t('target.appointment'), true], [t('target.opportunity'), true], [t('reports.handedOver'), true],
    [t('reports.takenOver'), true], [t('reports.previewsSkipped'), true], [t('reports.reviewScore'), true]],
  r.agents.map((a) => [a.name, formatNumber(a.connected), formatHoursMinutes(a.talkSeconds), formatNumber(a.dispositions),
    formatNumber(a.successes), formatNumber(a.appointments), formatNumber(a.opportunities), formatNumber(a.handedOver), formatNumber(a.takenOver),
    skipsOf(a), a.averageScore === null ? '—' : t('reports.scoreOf', { score: formatNumber(a.averageScore, { maximumFractionDigits: 1 }), reviews: formatNumber(a.reviews) })]));
}

/** Leads an agent skipped in preview, and those the preview time limit skipped for them. */
function skipsOf(agent) {
  const own = formatNumber(agent.previewsSkipped);
  return agent.previewsTimedOut > 0 ? t('reports.skippedAndTimedOut', { skipped: own, timedOut: formatNumber(agent.previewsTimedOut) }) : own;
}

function renderTargets() {
  const targets = app.targets?.targets ?? [];
  $('targets-card').hidden = targets.length === 0;
  $('targets').replaceChildren(...targets.map((target) => {
    const box = el('div', 'target');
    box.dataset.measure = target.measure;
    const head = el('div', 'target-head');
    head.append(el('span', null, t('target.label', { measure: t(`target.${target.measure}`), per: t(`target.${target.per}`) })),
      el('span', 'target-value', `${formatNumber(target.reached)} / ${formatNumber(target.count)}`));
    const bar = el('div', 'bar');
    bar.classList.toggle('met', target.remaining === 0);
    const fill = el('span');
    fill.style.width = `${Math.round(target.share * 100)}%`;
    bar.append(fill);
    const estimate = target.remaining === 0 ? t('reports.targetMet')
      : target.agentHoursNeeded === null ? t('reports.noPace')
        : t('reports.agentHoursNeeded', { hours: formatNumber(target.agentHoursNeeded, { maximumFractionDigits: 1 }), pace: formatNumber(target.perAgentHour, { maximumFractionDigits: 2 }) });
    box.append(head, bar, el('div', 'muted small estimate', estimate));
    return box;
  }));
}

// ---- start ------------------------------------------------------------------------------------

function bindActions() {
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  $('campaign').addEventListener('change', () => void load());
  $('download').addEventListener('click', () => void downloadCalls());
  $('period').addEventListener('change', () => void load());
}

async function main() {
  await frame.open();
  bindActions();
  await frame.begin();
}

void main();
