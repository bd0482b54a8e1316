// The supervisor wallboard: a snapshot of every agent and campaign each second over a WebSocket,
// agent changes pushed as they happen, listen / whisper / barge from the supervisor's own phone
// (entered once, kept in this browser; a session still open is taken up again when the page is
// opened again) and the recent recordings for roles that may hear them.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { bindLocaleSwitch, formatTime, loadLocale, t, translatePage } from '/web/shared/i18n.js';
import { openLiveSocket } from '/web/shared/live-socket.js';
import { AgentTiles } from './agent-tiles.js';
import { renderCampaigns } from './campaign-cards.js';
import { RecordingsPanel } from './recordings-panel.js';
import { $, toast } from '/web/shared/dom.js';
import { bindStaffSignin, openStaffPage, showStaffFrame, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

const ENDPOINT_KEY = 'outpace.supervisorEndpoint';
const SUPERVISORS = ['admin', 'manager', 'supervisor'];
/** The legend: every state a tile can be in (src/core/agent.ts, and held_over: on a call a crashed
 * run left), so its counts add up to the tiles. */
const STATES = ['ready', 'reserved', 'talking', 'wrap_up', 'paused', 'connecting', 'held_over', 'logged_out'];
const SESSIONS_EVERY_MS = 5_000;
const ENDPOINT = /^[A-Za-z]{2,10}\/[A-Za-z0-9_.+*#@-]{1,80}$/;

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, snapshot: null, clockOffsetMs: 0, socket: null, supervision: null };
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
  onReviewed: () => toast(t('recordings.reviewSaved')),
});

function showSignin(message = '') {
  clearInterval(sessionsTimer);
  sessionsTimer = null;
  app.socket?.close();
  app.socket = null;
  app.session = null;
  recordings.enabled = false;
  showStaffFrame(null, 'board', message);
  $('phone-setting').hidden = true;
}

async function start() {
  app.session = await openStaffPage(api, 'board');
  tiles.canSupervise = app.session !== null && SUPERVISORS.includes(app.session.role);
  // Recordings are for the same roles (GET /api/recordings).
  recordings.enabled = tiles.canSupervise;
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
    void resumeOwnSession();
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
  if (open && open !== SUPERSEDED) tiles.setSessions(open.sessions ?? []);
}

/** A listen or whisper goes on into the agent's next calls until it is ended: a wallboard opened
 * again (reloaded, or on another screen) takes up this supervisor's newest open session, so its End
 * is there to press. */
async function resumeOwnSession() {
  const open = await api.get('/api/supervision/sessions').catch(() => null);
  const me = app.session;
  const mine = (open?.sessions ?? []).filter((s) => me && s.by?.name === me.name && s.by?.role === me.role);
  const newest = mine.at(-1);
  if (!newest || app.supervision) return;
  app.supervision = { sessionId: newest.sessionId, agentId: newest.agentId, mode: newest.mode, name: tiles.agents.get(newest.agentId)?.name ?? newest.agentId };
  tiles.supervisedAgentId = newest.agentId;
  renderSession();
}

function onMessage(message) {
  if (message.type === 'wallboard') {
    app.snapshot = message.snapshot;
    app.clockOffsetMs = message.snapshot.atMs - Date.now();
    tiles.nodeId = message.snapshot.nodeId;
    tiles.nodeUrls = message.snapshot.nodeUrls ?? {};
    tiles.campaignNames = new Map(message.snapshot.campaigns.map((c) => [c.id, c.name]));
    tiles.setAll(message.snapshot.agents);
    renderCampaigns($('campaigns'), message.snapshot.campaigns, { nodeId: message.snapshot.nodeId, nodeUrls: message.snapshot.nodeUrls ?? {} });
    renderLegend();
    if (app.supervision && app.supervision.name === app.supervision.agentId) renderSession();
  } else if (message.type === 'agent') {
    tiles.update(message.agent);
    renderLegend();
  } else if (message.type === 'supervision_ended') {
    supervisionEnded(message);
  }
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
 * barge whose call ended while the phone rang), with why. */
let endedBeforeAnswer = new Map();

async function supervise(agentId, mode) {
  const endpoint = supervisorEndpoint();
  if (!endpoint) return;
  if (app.supervision) await endSupervision();
  endedBeforeAnswer = new Map();
  try {
    const session = await api.post('/api/supervision/sessions', { agentId, mode, endpoint });
    const name = tiles.agents.get(agentId)?.name ?? agentId;
    const reason = endedBeforeAnswer.get(session.sessionId);
    if (reason) {
      toast(t(`supervise.ended.${reason}`, { agent: name }), true);
      return;
    }
    app.supervision = { ...session, name };
    tiles.supervisedAgentId = agentId;
    renderSession();
    toast(t('supervise.started', { mode: t(`supervise.${mode}`), agent: app.supervision.name }));
  } catch (error) {
    toast(t('supervise.failed', { message: error.message }), true);
  }
  void refreshSessions();
}

/** The server ended a session (the barged call ended, the agent logged out, the phone hung up):
 * the banner goes, and the supervisor is told why. */
function supervisionEnded({ sessionId, reason }) {
  const session = app.supervision;
  if (session?.sessionId !== sessionId) {
    endedBeforeAnswer.set(sessionId, reason);
    return;
  }
  forgetSession();
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

/** Ends the session; one already over is said to be (404), any other failure too (503: the node
 * holding it is away, and the supervisor hangs up their phone themselves). */
async function endSupervision() {
  const session = app.supervision;
  if (!session) return;
  forgetSession();
  await api.del(`/api/supervision/sessions/${encodeURIComponent(session.sessionId)}`).catch((error) => {
    toast(t('supervise.endFailed', { message: error.message }), error.status !== 404);
  });
}

function forgetSession() {
  app.supervision = null;
  tiles.supervisedAgentId = null;
  renderSession();
  void refreshSessions();
}

function renderSession() {
  const session = app.supervision;
  // A session taken up before the agents were shown is named by the agent's id until they are.
  if (session) session.name = tiles.agents.get(session.agentId)?.name ?? session.name;
  $('session-banner').hidden = !session;
  if (session) $('session-text').textContent = t(`supervise.active.${session.mode}`, { agent: session.name });
  tiles.render(app.clockOffsetMs);
}

// ---- start ------------------------------------------------------------------------------------

function bind() {
  // A supervision session is ended with the token still in hand: the request takes it as it leaves.
  bindStaffSignin(app, { start, showSignin, beforeSignOut: () => void endSupervision() });
  $('session-end').addEventListener('click', () => void endSupervision());
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
    renderSession();
    recordings.render();
  });
  bind();
  setInterval(() => {
    $('clock').textContent = formatTime(new Date(), { timeStyle: 'medium' });
    if (!$('board').hidden) tiles.render(app.clockOffsetMs);
  }, 1_000);
  setInterval(() => { if (!$('board').hidden && !recordings.readings.busy) void recordings.refresh(); }, 15_000);
  if (app.token) await start();
  else showSignin();
}

void main();
