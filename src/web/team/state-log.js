// One agent's state log, opened from their row: each state they were in, newest first, with the
// pause's reason, how long it lasted and who of the staff put them in it ("Paused · Meeting · by
// Sue (Supervisor)"), each login and logout, with who of the staff logged them out, and each call
// of theirs a staff member hung up, with who (their own dial too, hung up before it was put
// through). Read from GET /api/agents/{id}/state-log a day at a time, each earlier day added
// under: a state begun the day before shows on both, on the later one from its start, continuing.
// An agent works any campaign: the times are on this browser's clock, the zone named.

import { browserZone, formatDuration, formatInZone, formatPeriodInZone, t, tOptional } from '/web/shared/i18n.js';
import { byStaff } from '/web/shared/by-staff.js';
import { $, el } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { pauseReasonLabel } from '/web/shared/pause-reason.js';

const DAY_MS = 86_400_000;

/** The pause that follows a login is logged with its cause; the desktop and reports call it 'login'. */
const pauseReason = (reason) => (reason === 'phone_connected' ? 'login' : reason);

/** The entries a day's log holds, each at the moment it began; a state begun before the day and
 * still on at its start shows from the start, continuing (`since`: when it began). */
function entriesOf(log, fromMs, toMs) {
  const within = (at) => at !== null && Date.parse(at) >= fromMs && Date.parse(at) < toMs;
  const during = (s) => Date.parse(s.from) < toMs && (s.to === null || Date.parse(s.to) > fromMs);
  const dayStart = new Date(fromMs).toISOString();
  return [
    ...log.states.filter(during).map((s) => ({
      kind: 'state', at: within(s.from) ? s.from : dayStart, since: within(s.from) ? null : s.from, state: s.state, reason: s.reason, by: s.by, until: s.to,
    })),
    ...log.sessions.filter((s) => within(s.loginAt)).map((s) => ({ kind: 'login', at: s.loginAt, by: null })),
    ...log.sessions.filter((s) => within(s.logoutAt)).map((s) => ({ kind: 'logout', at: s.logoutAt, by: s.logoutBy })),
    ...(log.hangups ?? []).filter((h) => within(h.at)).map((h) => ({ kind: 'hangup', at: h.at, by: h.by, connected: h.connected !== false })),
  ];
}

/** Newest first; at one moment, a logout after the state it closed, a hang-up before the state
 * that followed it (wrap-up) and a login before the first state. */
const ORDER = { logout: 0, state: 1, hangup: 2, login: 3 };
const newestFirst = (a, b) => Date.parse(b.at) - Date.parse(a.at) || ORDER[a.kind] - ORDER[b.kind];

/** What an entry says, in words. */
function what(entry) {
  if (entry.kind === 'login') return t('team.stateLog.loggedIn');
  if (entry.kind === 'logout') return `${t('team.stateLog.loggedOut')}${byStaff(entry.by)}`;
  if (entry.kind === 'hangup') return `${t(entry.connected ? 'team.stateLog.hungUp' : 'team.stateLog.dialHungUp')}${byStaff(entry.by)}`;
  const state = tOptional(`status.${entry.state}`, entry.state);
  const reason = entry.state === 'paused' && entry.reason ? ` · ${pauseReasonLabel(pauseReason(entry.reason))}` : '';
  const since = entry.since ? ` · ${t('team.stateLog.continued', { at: formatInZone(entry.since, browserZone(), { dateStyle: 'short', timeStyle: 'medium' }) })}` : '';
  return `${state}${reason}${byStaff(entry.by)}${since}`;
}

/** How long a state lasted, from its beginning (the day before, for one continuing); an open one, still. */
function lasted(entry) {
  if (entry.kind !== 'state') return '';
  return entry.until ? formatDuration((Date.parse(entry.until) - Date.parse(entry.since ?? entry.at)) / 1000) : t('team.stateLog.still');
}

/** The state log card: `api` reads it, `nameOf(id)` is an agent's name. */
export function stateLog(api, nameOf) {
  /** `agentId`: whose log is shown; `fromMs`..`toMs`: the days read so far. */
  const state = { agentId: null, entries: [], fromMs: 0, toMs: 0, error: null };
  /** Another agent's log opened, or an earlier day, while a day is on its way: only the last is drawn. */
  const days = latestRequest();

  function render() {
    $('state-log-card').hidden = state.agentId === null;
    if (state.agentId === null) return;
    $('state-log-title').textContent = t('team.stateLog.title', { name: nameOf(state.agentId) });
    $('state-log-period').textContent = state.toMs > 0 ? t('team.stateLog.period', { period: formatPeriodInZone(state.fromMs, state.toMs, browserZone()) }) : '';
    $('state-log-none').hidden = state.entries.length > 0 || state.toMs === 0;
    $('state-log').hidden = state.entries.length === 0;
    $('state-log-more').hidden = state.toMs === 0;
    $('state-log-error').textContent = state.error ? state.error() : '';
    $('state-log').tBodies[0].replaceChildren(...state.entries.map((entry) => {
      const row = el('tr');
      row.dataset.kind = entry.kind;
      if (entry.state) row.dataset.state = entry.state;
      row.append(el('td', 'when', formatInZone(entry.at, browserZone(), { dateStyle: 'short', timeStyle: 'medium' })), el('td', 'what', what(entry)),
        el('td', 'lasted', lasted(entry)));
      return row;
    }));
  }

  /** Reads the agent's last 24 hours up to the server's now (`earlier`: the day before those
   * shown, added under). */
  async function load(agentId, earlier = false) {
    // An earlier day of the log shown, once it is: not under another agent's, still on its way.
    if (earlier && (agentId !== state.agentId || state.toMs === 0)) return;
    if (!earlier) Object.assign(state, { agentId, entries: [], fromMs: 0, toMs: 0, error: null });
    const period = earlier ? `?${new URLSearchParams({ from: new Date(state.fromMs - DAY_MS).toISOString(), to: new Date(state.fromMs).toISOString() })}` : '';
    render();
    let log;
    try {
      log = await days.ask(() => api.get(`/api/agents/${encodeURIComponent(agentId)}/state-log${period}`));
    } catch (error) {
      state.error = () => t('error.refused', { message: error.message });
      return render();
    }
    if (log === SUPERSEDED) return;
    const fromMs = Date.parse(log.from);
    const toMs = Date.parse(log.to);
    state.entries = [...state.entries, ...entriesOf(log, fromMs, toMs).sort(newestFirst)];
    state.fromMs = fromMs;
    if (!earlier) state.toMs = toMs;
    state.error = null;
    render();
  }

  $('state-log-more').addEventListener('click', () => void load(state.agentId, true));
  $('state-log-close').addEventListener('click', () => {
    state.agentId = null;
    render();
  });
  return { open: (agentId) => load(agentId), render };
}
