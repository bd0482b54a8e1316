// The campaign planner for managers: how long a list takes, the talk time and abandonment it
// yields, and the team a deadline needs, answered by the planner API (a simulation with the
// engine's own pacing). A campaign's own figures fill the question in; the address keeps the
// question, so a plan can be bookmarked or sent, and opens answered.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { formatHoursMinutes, formatInZone, formatNumber, formatPercent, say, t, tCount } from '/web/shared/i18n.js';
import { $, kpiBox, option, whileFilling } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

/** Roles the planner API answers. */
const PLANNERS = ['admin', 'manager'];
/** Below this many dials a campaign's rates are only a first reading. */
const FEW_DIALS = 200;
/** The question's fields: form input, address parameter, and how the API wants the value. */
const FIELDS = [
  { id: 'leads', param: 'leads', toApi: (v) => Math.round(v) },
  { id: 'attemptsPerLead', param: 'attempts', toApi: (v) => Math.round(v) },
  { id: 'liveRate', param: 'live', toApi: (v) => v / 100 },
  { id: 'machineRate', param: 'machine', toApi: (v) => v / 100 },
  { id: 'talkSeconds', param: 'talk', toApi: (v) => v },
  { id: 'wrapSeconds', param: 'wrap', toApi: (v) => v },
  { id: 'abandonTarget', param: 'budget', toApi: (v) => v / 100 },
  { id: 'busyRetryMinutes', param: 'waitBusy', toApi: (v) => v, group: 'retryMinutes' },
  { id: 'noAnswerRetryMinutes', param: 'waitNoAnswer', toApi: (v) => v, group: 'retryMinutes' },
  { id: 'machineRetryMinutes', param: 'waitMachine', toApi: (v) => v, group: 'retryMinutes' },
  { id: 'congestionRetryMinutes', param: 'waitCongestion', toApi: (v) => v, group: 'retryMinutes' },
  { id: 'attemptsPerDay', param: 'perDay', toApi: (v) => Math.round(v) },
  { id: 'dialsPerNumberPerDay', param: 'perNumberDay', toApi: (v) => Math.round(v) },
  { id: 'dialHoursPerDay', param: 'hoursPerDay', toApi: (v) => v },
];

/** The form field a campaign's cap fills, by the cap's stored key (its dials per number cap
 * holds its dials per lead). */
const CAP_FIELDS = { maxAttempts: 'attemptsPerLead', maxAttemptsPerPhone: 'attemptsPerLead', maxAttemptsPerDay: 'attemptsPerDay', maxDialsPerNumberPerDay: 'dialsPerNumberPerDay' };

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, defaults: null, filled: null, plan: null, running: false, zones: new Map() };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => {
    renderDefaultsNote();
    renderFilled();
    renderPlan();
  } });
/** Another campaign picked while one's figures are on their way: only the last one's fill the question. */
const fills = latestRequest();

async function start() {
  const session = await openStaffPage(api, 'page');
  if (!session) return;
  if (!PLANNERS.includes(session.role)) {
    frame.showSignin(t('plan.managersOnly'));
    return;
  }
  app.session = session;
  const asked = new URL(window.location.href).searchParams;
  const filled = await whileFilling($('plan-form'), async () => {
    try {
      app.defaults = await api.get('/api/plan/defaults');
    } catch (error) {
      say($('form-error'), 'error.refused', { message: error.message });
      return false;
    }
    fillDefaults();
    renderDefaultsNote();
    await listCampaigns(asked.get('campaign') ?? '');
    if (asked.has('leads')) questionFromAddress(asked);
    else if ($('campaign').value) await fillFromCampaign($('campaign').value);
    return true;
  });
  if (filled && asked.has('leads')) await runPlan();
}

async function listCampaigns(chosen) {
  const campaigns = await api.get('/api/campaigns').catch(() => []);
  // When a campaign's figures were measured is read on its clock.
  app.zones = new Map(campaigns.map((c) => [c.id, c.timezone]));
  const none = $('campaign').options[0];
  $('campaign').replaceChildren(none, ...campaigns.map((c) => Object.assign(option(c.id, c.name), { selected: c.id === chosen })));
}

// ---- the question -----------------------------------------------------------------------------

const planFor = () => document.querySelector('input[name="planFor"]:checked').value;

function setPlanFor(value) {
  for (const radio of document.querySelectorAll('input[name="planFor"]')) radio.checked = radio.value === value;
}

/** The form as the planner API's body, or the first field that is not a number. */
function question() {
  // A field the campaign's stored cap of 0 (or a window that never opens) filled, not changed
  // since: no plan finishes with it.
  const stopped = stoppingFigures()[0];
  if (stopped) return { stopped };
  const body = { amd: $('amd').checked };
  for (const field of FIELDS) {
    const value = $(field.id).valueAsNumber;
    if (!Number.isFinite(value)) return { invalid: field.id };
    if (field.group) body[field.group] = { ...body[field.group], [field.id]: field.toApi(value) };
    else body[field.id] = field.toApi(value);
  }
  // The campaign's own calendar (weekdays, holidays, breaks) while its mean hours stand as filled in.
  const filled = app.filled;
  if (filled?.dialHoursByDay && $('dialHoursPerDay').value === String(Number(filled.dialHoursPerDay.toFixed(1)))) {
    body.dialHoursByDay = filled.dialHoursByDay;
    if (filled.dialRangesByDay) body.dialRangesByDay = filled.dialRangesByDay;
  }
  // A campaign's plan starts now on its clock: the hours already past today are not planned on.
  if (filled?.startMinute !== undefined) body.startMinute = filled.startMinute;
  // Its leads waiting for a retry are dialled when it falls due, while the list is the campaign's own.
  if (filled?.dueLater?.length && body.leads === filled.leads) body.dueLater = filled.dueLater;
  // The shares of the campaign's leads left that states cap a day (Florida's three), by state.
  if (filled?.jurisdictionCaps?.length) body.jurisdictionCaps = stateShares(filled.jurisdictionCaps);
  const size = planFor() === 'agents' ? 'agents' : 'deadlineHours';
  const value = $(size).valueAsNumber;
  if (!Number.isFinite(value)) return { invalid: size };
  body[size] = size === 'agents' ? Math.round(value) : value;
  return { body };
}

/** The campaign's capped leads as the API takes them: a share a state (a lead of two such states
 * counted under the first, their caps being alike). */
function stateShares(caps) {
  const shares = new Map();
  for (const cap of caps) shares.set(cap.codes[0], (shares.get(cap.codes[0]) ?? 0) + cap.share);
  return [...shares].map(([code, share]) => ({ code, share: Math.min(1, share) }));
}

/** The question as address parameters, so that the page opens with it answered. */
function keepInAddress(body) {
  const url = new URL(window.location.href);
  for (const key of [...url.searchParams.keys()]) if (key !== 'lang') url.searchParams.delete(key);
  if ($('campaign').value) url.searchParams.set('campaign', $('campaign').value);
  for (const field of FIELDS) url.searchParams.set(field.param, String($(field.id).value));
  url.searchParams.set('amd', body.amd ? '1' : '0');
  if (body.agents !== undefined) url.searchParams.set('agents', String(body.agents));
  else url.searchParams.set('deadline', String(body.deadlineHours));
  window.history.replaceState(null, '', url.toString());
}

function questionFromAddress(params) {
  for (const field of FIELDS) if (params.has(field.param)) $(field.id).value = params.get(field.param);
  if (params.has('amd')) $('amd').checked = params.get('amd') !== '0';
  if (params.has('deadline')) {
    $('deadlineHours').value = params.get('deadline');
    setPlanFor('deadline');
  } else if (params.has('agents')) {
    $('agents').value = params.get('agents');
    setPlanFor('agents');
  }
}

/** The question as it starts, before a campaign or the address fills it in: the figures the API
 * and `outpace plan` take where a question leaves them out, from the API (one source for all three). */
function fillDefaults() {
  const { retryMinutes, liveRate, machineRate, abandonTarget, amd, ...counts } = app.defaults;
  for (const id of ['attemptsPerLead', 'attemptsPerDay', 'dialsPerNumberPerDay', 'dialHoursPerDay', 'talkSeconds', 'wrapSeconds']) $(id).value = String(counts[id]);
  for (const [id, minutes] of Object.entries(retryMinutes)) $(id).value = String(minutes);
  $('liveRate').value = String(Number((liveRate * 100).toFixed(1)));
  $('machineRate').value = String(Number((machineRate * 100).toFixed(1)));
  $('abandonTarget').value = String(Number((abandonTarget * 100).toFixed(2)));
  $('amd').checked = amd;
}

/** "None: my own figures" picked after a campaign: the question as the page starts, so that no
 * figure of the campaign picked before stays in it unnoticed (the leads and the team too). */
function startingFigures() {
  if (!app.defaults) return;
  fillDefaults();
  for (const id of ['leads', 'agents']) $(id).value = $(id).defaultValue;
}

function renderDefaultsNote() {
  if (!app.defaults) return;
  const { dialHoursPerDay, attemptsPerLead, liveRate, talkSeconds } = app.defaults;
  say($('defaults-note'), () => t('plan.defaultsNote', {
    hours: tCount('plan.hours', dialHoursPerDay), attempts: tCount('plan.attemptsEach', attemptsPerLead), liveRate: formatPercent(liveRate, 0),
    talk: tCount('plan.secondsOfTalk', talkSeconds),
  }));
}

/** Fills the question with what the campaign has measured, and says where the figures are from. */
async function fillFromCampaign(campaignId) {
  app.filled = null;
  markStoppingCaps();
  renderFilled();
  let filled;
  try {
    filled = await fills.ask(async () => (campaignId ? api.get(`/api/campaigns/${encodeURIComponent(campaignId)}/plan-inputs`) : null));
  } catch (error) {
    say($('measured'), 'error.refused', { message: error.message });
    return;
  }
  if (filled === SUPERSEDED) return;
  if (filled === null) {
    startingFigures();
    return;
  }
  app.filled = filled;
  const { leads, attemptsPerLead, retryMinutes, attemptsPerDay, dialsPerNumberPerDay, dialHoursPerDay, agents, amd, abandonTarget, measured } = app.filled;
  if (leads > 0) $('leads').value = String(leads);
  $('attemptsPerLead').value = String(attemptsPerLead);
  for (const [id, minutes] of Object.entries(retryMinutes)) $(id).value = String(minutes);
  $('attemptsPerDay').value = String(attemptsPerDay);
  $('dialsPerNumberPerDay').value = String(dialsPerNumberPerDay);
  $('dialHoursPerDay').value = String(Number(dialHoursPerDay.toFixed(1)));
  if (agents) $('agents').value = String(agents);
  $('amd').checked = amd;
  const set = (id, value, scale, digits) => {
    if (typeof value === 'number') $(id).value = String(Number((value * scale).toFixed(digits)));
  };
  set('liveRate', measured?.liveRate, 100, 1);
  set('machineRate', measured?.machineRate, 100, 1);
  set('talkSeconds', measured?.talkSeconds, 1, 0);
  set('wrapSeconds', measured?.wrapSeconds, 1, 0);
  set('abandonTarget', abandonTarget, 100, 2);
  markStoppingCaps();
  renderFilled();
}

/** The fields a stored figure that plans nothing may fill: a cap's, and the hours a day. */
const STOPPING_FIELDS = [...new Set(Object.values(CAP_FIELDS)), 'dialHoursPerDay'];

/** The campaign's stored figures that plan nothing, each whose field still holds it: its caps
 * stored as 0, and a calling window that never opens: each one's field and why, in words. */
function stoppingFigures() {
  const caps = (app.filled?.zeroDialCaps ?? [])
    .filter((cap) => CAP_FIELDS[cap] && !($(CAP_FIELDS[cap]).valueAsNumber >= 1))
    .map((cap) => ({ field: CAP_FIELDS[cap], text: t('plan.zeroCap', { cap: t(`plan.cap.${cap}`), field: t(`plan.${CAP_FIELDS[cap]}`) }) }));
  const window = windowNeverOpens() ? [{ field: 'dialHoursPerDay', text: t('plan.windowNeverOpens', { field: t('plan.dialHoursPerDay') }) }] : [];
  return [...caps, ...window];
}

/** The campaign's stored calling window never opens for its leads left (hours kept from before
 * such windows were refused: its figures give 0 hours a day), and the hours field still holds them. */
function windowNeverOpens() {
  return app.filled?.dialHoursPerDay === 0 && !($('dialHoursPerDay').valueAsNumber > 0);
}

/** Marks the fields a stored cap of 0 or a window that never opens filled (and unmarks the rest),
 * as the reason below says. */
function markStoppingCaps() {
  const stopped = new Set(stoppingFigures().map(({ field }) => field));
  for (const field of STOPPING_FIELDS) {
    $(field).classList.toggle('stopped', stopped.has(field));
    if (stopped.has(field)) $(field).setAttribute('aria-invalid', 'true');
    else $(field).removeAttribute('aria-invalid');
  }
}

/** Why a stored cap of 0 plans nothing, for each one whose field still holds it, and a window that never opens. */
function stoppingCapsText() {
  return stoppingFigures().map(({ text }) => text).join(' ');
}

/** Where the figures filled in came from, in the page's language. */
function renderFilled() {
  const filled = app.filled;
  if (!filled) {
    say($('measured'), null);
    return;
  }
  const m = filled.measured;
  const parts = [
    filled.leads > 0 ? tCount('plan.leadsLeft', filled.leads) : t('plan.noLeadsLeft'),
    !m ? t('plan.nothingMeasured')
      : t(m.source === 'engine' ? 'plan.measuredLive' : 'plan.measuredSaved', {
        dials: tCount('plan.dials', m.dials), talks: tCount('plan.finishedCalls', m.talks), at: formatInZone(m.asOf, app.zones.get($('campaign').value)),
      }),
  ];
  if (m && m.dials < FEW_DIALS) parts.push(t('plan.fewDials'));
  $('measured').textContent = parts.join(' ');
  $('zero-caps').textContent = stoppingCapsText();
}

// ---- the answer -------------------------------------------------------------------------------

async function runPlan() {
  if (app.running) return;
  const { body, invalid, stopped } = question();
  say($('form-error'), invalid ? () => t('plan.notNumber', { field: t(`plan.${invalid}`) }) : stopped ? stoppingCapsText : null);
  if (invalid || stopped) {
    $(invalid ?? stopped.field).focus();
    return;
  }
  app.running = true;
  $('run').disabled = true;
  say($('status'), 'plan.running');
  try {
    app.plan = { body, answer: await api.post('/api/plan', body) };
    keepInAddress(body);
    say($('status'), null);
    renderPlan();
  } catch (error) {
    say($('status'), null);
    if (error.status === 401) frame.showSignin(t('signin.badToken'));
    else if (error.status === 429) say($('form-error'), 'plan.busy');
    else say($('form-error'), 'error.refused', { message: error.message });
  } finally {
    app.running = false;
    $('run').disabled = false;
  }
}

function renderPlan() {
  if (!app.plan) return;
  const { body, answer: a } = app.plan;
  const hours = (h) => (Number.isFinite(h) ? formatHoursMinutes(h * 3600) : '—');
  const duration = hours(a.expectedHours);
  const figures = {
    agents: formatNumber(a.agents), reached: formatNumber(a.leadsReached, { maximumFractionDigits: 0 }),
    talk: formatNumber(a.talkMinPerAgentHour, { maximumFractionDigits: 1 }), abandon: formatPercent(a.abandonRate, 2),
  };
  $('summary').textContent = tCount(a.agentsNeededForDeadline === null ? 'plan.summaryTeam' : 'plan.summaryDeadline', a.agents, {
    ...figures, leads: tCount('plan.leadsCount', body.leads), attempts: tCount('plan.attemptsEach', body.attemptsPerLead), duration,
    // Rounded as shown, so that the words agree with the figure ("1 minute", not "1 minutes" for 1.04).
    talk: tCount('plan.talkMinutes', Math.round(a.talkMinPerAgentHour * 10) / 10),
    deadline: a.deadlineHours === null ? '' : formatHoursMinutes(a.deadlineHours * 3600),
  });
  $('pace').textContent = paceText(a, hours);
  $('kpis').replaceChildren(
    kpiBox('agents', t('plan.kpi.agents'), figures.agents, a.agentsNeededForDeadline === null ? t('plan.kpi.agentsGiven') : t('plan.kpi.agentsNeeded')),
    kpiBox('duration', t('plan.kpi.duration'), duration, t('plan.kpi.durationSub', { waiting: hours(a.waitingHours), shortest: hours(a.shortestHours) })),
    kpiBox('days', t('plan.kpi.days'), formatNumber(a.days, { maximumFractionDigits: 1 }), t('plan.kpi.daysSub')),
    kpiBox('dialsPerLead', t('plan.kpi.dialsPerLead'), formatNumber(a.dialsPerLead, { maximumFractionDigits: 2 }), t('plan.kpi.dialsPerLeadSub')),
    kpiBox('reached', t('plan.kpi.reached'), figures.reached, t('plan.kpi.reachedSub', { share: formatPercent(a.leadsReached / body.leads, 0) })),
    kpiBox('talk', t('plan.kpi.talk'), figures.talk, t('plan.kpi.talkSub')),
    kpiBox('occupancy', t('plan.kpi.occupancy'), formatPercent(a.occupancy, 0), t('plan.kpi.occupancySub')),
    kpiBox('abandon', t('plan.kpi.abandon'), figures.abandon, t('plan.kpi.abandonSub', { budget: formatPercent(body.abandonTarget, 1) })),
    kpiBox('dials', t('plan.kpi.dials'), formatNumber(a.dialsPerAgentHour, { maximumFractionDigits: 0 }), t('plan.kpi.dialsSub')),
  );
  $('answer').hidden = false;
}

/** What sets the plan's pace, in the page's language: the team, the retries' waits, or a cap a day. */
function paceText(a, hours) {
  const days = formatNumber(a.lastDial.day + 1);
  const waiting = { waiting: hours(a.waitingHours), duration: hours(a.expectedHours), days };
  if (a.pacedBy === 'team') return t('plan.pace.team', { days });
  if (a.pacedBy === 'retries') return t('plan.pace.retries', waiting);
  const cap = a.paceCap;
  return t(`plan.pace.${cap.kind}Cap`, { ...waiting, cap: formatNumber(cap.dialsPerDay), states: cap.names.join(', ') });
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await frame.open();
  $('campaign').addEventListener('change', () => void fillFromCampaign($('campaign').value));
  // A cap of 0, or the hours of a window that never opens, replaced by a figure to plan with: its field and its reason go.
  for (const field of STOPPING_FIELDS) {
    $(field).addEventListener('input', () => {
      markStoppingCaps();
      $('zero-caps').textContent = stoppingCapsText();
    });
  }
  // Typing a team size or a deadline picks it as what to plan for.
  $('agents').addEventListener('focus', () => setPlanFor('agents'));
  $('deadlineHours').addEventListener('focus', () => setPlanFor('deadline'));
  $('plan-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void runPlan();
  });
  await frame.begin();
}

void main();
