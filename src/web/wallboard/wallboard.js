// The supervisor wallboard: a snapshot of every agent and campaign each second over a WebSocket,
// agent changes pushed as they happen, listen / whisper / barge from the supervisor's own phone
// (entered once, kept in this browser; the sessions still open that the signed-in token started
// are taken up again when the page is opened again), the people calling back who wait on hold
// (hung up by supervisors and up), those who hung up before an agent took them (for supervisors
// and up, to call back or mark handled) and the recent recordings for roles that may hear them.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { bindLocaleSwitch, browserZone, formatInZone, loadLocale, t, translatePage } from '/web/shared/i18n.js';
import { openLiveSocket } from '/web/shared/live-socket.js';
import { AgentTiles } from './agent-tiles.js';
import { renderCampaigns } from './campaign-cards.js';
import { RecordingsPanel } from './recordings-panel.js';
import { MissedCallsPanel } from './missed-calls.js';
import { WaitingCallersPanel } from './waiting-callers.js';
import { $, el, toast } from '/web/shared/dom.js';
import { bindStaffSignin, openStaffPage, showStaffFrame, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

const ENDPOINT_KEY = 'outpace.supervisorEndpoint';
const SUPERVISORS = ['admin', 'manager', 'supervisor'];
/** The legend: every state a tile can be in (src/core/agent.ts, and held_over: on a call a crashed
 * run left), so its counts add up to the tiles. */
const STATES = ['ready', 'reserved', 'talking', 'wrap_up', 'paused', 'connecting', 'held_over', 'logged_out'];
const SESSIONS_EVERY_MS = 5_000;
const ENDPOINT = /^[A-Za-z]{2,10}\/[A-Za-z0-9_.+*#@-]{1,80}$/;

/** `supervisions`: the sessions this page holds, each `{ sessionId, agentId, mode, name }`. */
const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, snapshot: null, clockOffsetMs: 0, socket: null, supervisions: [] };
const api = createApi(() => app.token);
let sessionsTimer = null;
/** The sessions read again (one started or ended here) while a reading is on its way: only the last is drawn. */
const sessionReadings = latestRequest();
const tiles = new AgentTiles($('agents'), {
  onSupervise: (agentId, mode) => void supervise(agentId, mode),
  onLogout: (agentId) => void logOut(agentId),
});
const recordings = new RecordingsPanel({
  api, panel: $('recordings-panel'), body: $('recordings'), empty: $('no-recordings'),
  onError: (error) => toast(t('error.refused', { message: error.message }), true),
  // A call whose person was erased keeps the score, not the comment (it may name them).
  onReviewed: (review) => toast(t(review?.leadErased ? 'recordings.reviewSavedErased' : 'recordings.reviewSaved')),
});

const waitingCallers = new WaitingCallersPanel({
  api, panel: $('waiting-panel'), body: $('waiting-callers'),
  onError: (error) => toast(t('error.refused', { message: error.message }), true),
  onHungUp: (caller) => toast(t('waitingCallers.hungUp', { phone: caller.phone ?? t('missedCalls.withheld') })),
});
const missedCalls = new MissedCallsPanel({
  api, panel: $('missed-panel'), body: $('missed-calls'),
  onError: (error) => toast(t('error.refused', { message: error.message }), true),
  onHandled: (call, calledBack) => toast(t(calledBack ? 'missedCalls.calledBack' : 'missedCalls.markedHandled', { phone: call.phone ?? t('missedCalls.withheld') })),
});

function showSignin(message = '') {
  clearInterval(sessionsTimer);
  sessionsTimer = null;
  app.socket?.close();
  app.socket = null;
  app.session = null;
  recordings.enabled = false;
  missedCalls.enabled = false;
  showStaffFrame(null, 'board', message);
  $('phone-setting').hidden = true;
}

async function start() {
  app.session = await openStaffPage(api, 'board');
  tiles.canSupervise = app.session !== null && SUPERVISORS.includes(app.session.role);
  // Recordings are for the same roles (GET /api/recordings).
  recordings.enabled = tiles.canSupervise;
  waitingCallers.canHangUp = tiles.canSupervise;
  // Missed calls are for the same roles (GET /api/campaigns/{id}/missed-calls).
  missedCalls.enabled = tiles.canSupervise;
  $('phone-setting').hidden = !tiles.canSupervise;
  if (!app.session) return;
  app.socket = openLiveSocket({
    path: '/ws/supervisor',
    token: app.token,
    onMessage,
    onStatus: (status) => {
      $('conn').dataset.state = status;
      $('conn').textContent = t(`conn.${status}`);
    },
    onRefused: () => showSignin(t('signin.badToken')),
  });
  void recordings.refresh();
  if (tiles.canSupervise) {
    void resumeOwnSessions();
    followSessions();
  }
}

/** Every few seconds (and after this supervisor starts or ends one), the sessions open on any
 * node, so each tile names who is listening, whispering or barging on the agent. */
function followSessions() {
  if (sessionsTimer === null) sessionsTimer = setInterval(() => {
    if (!sessionReadings.busy) void refreshSessions();
  }, SESSIONS_EVERY_MS);
  void refreshSessions();
}

async function refreshSessions() {
  const open = await sessionReadings.ask(() => api.get('/api/supervision/sessions')).catch(() => null);
  if (open && open !== SUPERSEDED) {
    tiles.setSessions(open.sessions ?? []);
    noteListening();
  }
}

/** A listen or whisper goes on into the agent's next calls until it is ended: a wallboard opened
 * again (reloaded, or on another screen) takes up every open session the signed-in token started
 * (the server says which: another token of the same name is someone else), so each End is there to press. */
async function resumeOwnSessions() {
  const open = await api.get('/api/supervision/sessions').catch(() => null);
  const held = new Set(app.supervisions.map((s) => s.sessionId));
  const mine = (open?.sessions ?? []).filter((s) => s.mine === true && !held.has(s.sessionId));
  if (mine.length === 0) return;
  app.supervisions.push(...mine.map((s) => ({ sessionId: s.sessionId, agentId: s.agentId, mode: s.mode, name: tiles.agents.get(s.agentId)?.name ?? s.agentId })));
  renderSessions();
}

function onMessage(message) {
  if (message.type === 'wallboard') {
    app.snapshot = message.snapshot;
    app.clockOffsetMs = message.snapshot.atMs - Date.now();
    tiles.nodeId = message.snapshot.nodeId;
    tiles.nodeUrls = message.snapshot.nodeUrls ?? {};
    tiles.campaignNames = new Map(message.snapshot.campaigns.map((c) => [c.id, c.name]));
    const recordingTurned = supervisedRecordingTurned(message.snapshot.agents);
    tiles.setAll(message.snapshot.agents);
    renderCampaigns($('campaigns'), message.snapshot.campaigns, { nodeId: message.snapshot.nodeId, nodeUrls: message.snapshot.nodeUrls ?? {} });
    waitingCallers.follow(message.snapshot.campaigns);
    missedCalls.follow(message.snapshot.campaigns, app.clockOffsetMs);
    renderLegend();
    if (app.supervisions.some((s) => s.name === s.agentId)) renderSessions();
    if (recordingTurned) void refreshSessions();
  } else if (message.type === 'agent') {
    tiles.update(message.agent);
    renderLegend();
  } else if (message.type === 'supervision_ended') {
    supervisionEnded(message);
  }
}

/** Whether the recording of a call this page supervises was paused or went on since the last
 * snapshot: the sessions are read again at once then, not at the next reading, so their lines
 * soon say whether the supervisor hears the call. */
function supervisedRecordingTurned(agents) {
  return agents.some((agent) => app.supervisions.some((s) => s.agentId === agent.id)
    && Boolean(agent.recordingPaused) !== Boolean(tiles.agents.get(agent.id)?.recordingPaused));
}

function renderLegend() {
  const counts = tiles.counts();
  $('legend').replaceChildren(...STATES.map((status) => {
    const badge = document.createElement('span');
    badge.className = 'state-badge';
    badge.dataset.status = status;
    badge.textContent = t(`status.${status}`);
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = String(counts[status] ?? 0);
    badge.append(count);
    return badge;
  }));
  $('no-agents').hidden = tiles.agents.size > 0;
}

// ---- supervision ------------------------------------------------------------------------------

function supervisorEndpoint() {
  const value = $('supervisor-endpoint').value.trim();
  if (!ENDPOINT.test(value)) {
    $('phone-setting').classList.add('missing');
    $('supervisor-endpoint').focus();
    toast(t('supervise.needPhone'), true);
    return null;
  }
  $('phone-setting').classList.remove('missing');
  localStorage.setItem(ENDPOINT_KEY, value);
  return value;
}

/** Sessions of this supervisor the server said were over before their start was answered (a
 * barge whose call ended while the phone rang), or, for the one being replaced, before the
 * replacement was answered, with why. */
let endedBeforeAnswer = new Map();
/** The session of this page a new one is asked to take the place of, while it is asked. */
let replacing = null;

/** The starts asked for, one after another: a second press (listen, then whisper at once) waits
 * for the first's answer and takes the place of the session it started, rather than asking to
 * replace the same session again, which the server refuses. */
let starts = Promise.resolve();

function supervise(agentId, mode) {
  const started = starts.then(() => startSupervision(agentId, mode));
  starts = started.catch(() => undefined);
  return started;
}

/** Starts a session from the supervisor's phone (one phone, one call). Its own session on the same
 * agent the server swaps for the new one, leaving it as it is if the new one is refused (another
 * supervisor speaks, say); those on other agents end first. */
async function startSupervision(agentId, mode) {
  const endpoint = supervisorEndpoint();
  if (!endpoint) return;
  const replaced = app.supervisions.findLast((s) => s.agentId === agentId) ?? null;
  await Promise.all(app.supervisions.filter((s) => s !== replaced).map((s) => endSupervision(s.sessionId)));
  endedBeforeAnswer = new Map();
  replacing = replaced?.sessionId ?? null;
  try {
    const session = await api.post('/api/supervision/sessions', { agentId, mode, endpoint, ...(replaced ? { replaces: replaced.sessionId } : {}) });
    replacing = null;
    if (replaced) forgetSession(replaced.sessionId);
    const name = tiles.agents.get(agentId)?.name ?? agentId;
    const reason = endedBeforeAnswer.get(session.sessionId);
    if (reason) {
      toast(t(`supervise.ended.${reason}`, { agent: name }), true);
      return;
    }
    app.supervisions.push({ ...session, name, endpoint });
    renderSessions();
    // In place of one on the same phone the server moved the phone, still on the line: it does not ring.
    const samePhone = replaced !== null && (replaced.endpoint === undefined || replaced.endpoint === endpoint);
    toast(t(samePhone ? 'supervise.switched' : 'supervise.started', { mode: t(`supervise.${mode}`), agent: name }));
  } catch (error) {
    replacing = null;
    toast(t('supervise.failed', { message: error.message }), true);
    // Refused, the session it was to replace goes on: unless it ended meanwhile of itself.
    const endedMeanwhile = replaced && endedBeforeAnswer.get(replaced.sessionId);
    if (endedMeanwhile) supervisionEnded({ sessionId: replaced.sessionId, reason: endedMeanwhile });
  }
  void refreshSessions();
}

/** The server ended a session (the barged call ended, the agent logged out, the phone hung up):
 * the banner goes, and the supervisor is told why. The end of one being replaced waits for the
 * replacement's answer. */
function supervisionEnded({ sessionId, reason }) {
  const session = app.supervisions.find((s) => s.sessionId === sessionId);
  if (!session || sessionId === replacing) {
    endedBeforeAnswer.set(sessionId, reason);
    return;
  }
  forgetSession(sessionId);
  toast(t(`supervise.ended.${reason}`, { agent: session.name }), reason !== 'hung_up');
}

/** Logs an agent out (one who has left their desk, still taking calls): at once, or after the call
 * they are on. */
async function logOut(agentId) {
  const name = tiles.agents.get(agentId)?.name ?? agentId;
  try {
    const view = await api.post(`/api/agents/${encodeURIComponent(agentId)}/logout`);
    tiles.update(view);
    toast(t(view.pendingLogout ? 'wallboard.loggedOutAfterCall' : 'wallboard.loggedOut', { agent: name }));
  } catch (error) {
    toast(t('error.refused', { message: error.message }), true);
  }
}

/** Ends a session; one already over is said to be (404), any other failure too (503: the node
 * holding it is away, and the supervisor hangs up their phone themselves). */
async function endSupervision(sessionId) {
  if (!app.supervisions.some((s) => s.sessionId === sessionId)) return;
  forgetSession(sessionId);
  await api.del(`/api/supervision/sessions/${encodeURIComponent(sessionId)}`).catch((error) => {
    toast(t('supervise.endFailed', { message: error.message }), error.status !== 404);
  });
}

async function endAllSupervision() {
  await Promise.all(app.supervisions.map((s) => endSupervision(s.sessionId)));
}

function forgetSession(sessionId) {
  app.supervisions = app.supervisions.filter((s) => s.sessionId !== sessionId);
  renderSessions();
  void refreshSessions();
}

/** The banner: a line for each session this page holds, each with its End. */
function renderSessions() {
  tiles.supervisedAgentIds = new Set(app.supervisions.map((s) => s.agentId));
  tiles.heldSessionIds = new Set(app.supervisions.map((s) => s.sessionId));
  $('session-banner').hidden = app.supervisions.length === 0;
  $('session-banner').replaceChildren(...app.supervisions.map((session) => {
    // A session taken up before the agents were shown is named by the agent's id until they are.
    session.name = tiles.agents.get(session.agentId)?.name ?? session.name;
    const row = el('div', 'session');
    row.dataset.sessionId = session.sessionId;
    const dot = el('span', 'live-dot');
    dot.setAttribute('aria-hidden', 'true');
    const end = el('button', 'session-end danger', t('supervise.end'));
    end.type = 'button';
    end.addEventListener('click', () => void endSupervision(session.sessionId));
    row.append(dot, el('span', 'session-text', sessionText(session)), end);
    return row;
  }));
  tiles.render(app.clockOffsetMs);
}

/** What a session's line says: while the agent's call has its recording paused (card details), the
 * server mutes what the supervisor's phone hears, and the line says why it is silent. It follows the
 * session as the server reads it, not the agent's recording: a PBX that refused to unmute the phone
 * leaves it silent after the recording goes on. */
function sessionText(session) {
  const doing = t(`supervise.active.${session.mode}`, { agent: session.name });
  const read = (tiles.sessionsByAgent.get(session.agentId) ?? []).find((s) => s.sessionId === session.sessionId);
  return read?.listeningPaused ? `${doing} · ${t('supervise.listeningPaused')}` : doing;
}

/** The sessions' lines follow each reading of the sessions, in place (their End buttons stay as
 * they are). */
function noteListening() {
  for (const row of $('session-banner').querySelectorAll('.session')) {
    const session = app.supervisions.find((s) => s.sessionId === row.dataset.sessionId);
    const text = row.querySelector('.session-text');
    const now = session ? sessionText(session) : null;
    if (text && now !== null && text.textContent !== now) text.textContent = now;
  }
}

// ---- start ------------------------------------------------------------------------------------

function bind() {
  // A supervision session is ended with the token still in hand: the request takes it as it leaves.
  bindStaffSignin(app, { start, showSignin, beforeSignOut: () => void endAllSupervision() });
  $('supervisor-endpoint').value = localStorage.getItem(ENDPOINT_KEY) ?? '';
  $('supervisor-endpoint').addEventListener('change', () => {
    if (ENDPOINT.test($('supervisor-endpoint').value.trim())) supervisorEndpoint();
  });
}

async function main() {
  await loadLocale();
  translatePage();
  bindLocaleSwitch($('locale'), () => {
    $('conn').textContent = t(`conn.${$('conn').dataset.state}`);
    if (app.session) showStaffFrame(app.session, 'board');
    if (app.snapshot) onMessage({ type: 'wallboard', snapshot: app.snapshot });
    renderSessions();
    recordings.render();
    waitingCallers.relabel();
    missedCalls.render();
  });
  bind();
  setInterval(() => {
    $('clock').textContent = formatInZone(new Date(), browserZone(), { dateStyle: undefined, timeStyle: 'medium' });
    if (!$('board').hidden) {
      tiles.render(app.clockOffsetMs);
      waitingCallers.render(app.clockOffsetMs);
    }
  }, 1_000);
  setInterval(() => { if (!$('board').hidden && !recordings.readings.busy) void recordings.refresh(); }, 15_000);
  if (app.token) await start();
  else showSignin();
}

void main();
