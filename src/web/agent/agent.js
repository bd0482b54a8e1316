// The agent desktop: sign in with a token, log in to a campaign, go ready or pause with a reason,
// get the screen pop the moment a call is reserved for you, disposition it (with a callback and a
// stage change) and, in preview campaigns, pick leads yourself (within the campaign's preview time,
// if it has one). Live state comes over a WebSocket that reconnects by itself; dispositions go
// through an outbox that survives outages.

import { createApi } from '/web/shared/api.js';
import { bindLocaleSwitch, currentLocale, formatDateTime, formatHoursMinutes, formatNumber, formatPercent, loadLocale, say, t, translatePage, tCount } from '/web/shared/i18n.js';
import { openLiveSocket } from '/web/shared/live-socket.js';
import { DispositionForm } from './disposition-form.js';
import { DispositionOutbox } from './disposition-outbox.js';
import { draftOfSubmission, keepDraft } from './disposition-draft.js';
import { renderRefused, unsentText } from './refused-dispositions.js';
import { bindTabs, callerName, renderScreenPop, updateLeadClock } from './screen-pop.js';
import { renderState, stateAnnouncement, stateLabel } from './state-view.js';
import { keepFocus, settleFocus } from './state-focus.js';
import { pauseReasonLabel } from '/web/shared/pause-reason.js';
import { bindTransfer, knowColleague } from './transfer-panel.js';
import { forgetMyCallbacks, loadMyCallbacks, onCallbackCallNow, renderMyCallbacks, setCallbacksCallable } from './my-callbacks.js';
import { $, el, option, toast } from '/web/shared/dom.js';
import { bindSignin } from '/web/shared/signin.js';
import { buttonOfKey, renderKeys } from './desktop-keys.js';
import { PHONE_LOGOUTS, bindMissedDismiss, forgetNotices, renderMissed, sayNotice, sayProblem, showMissed, useClock } from './desktop-notices.js';

const TOKEN_KEY = 'outpace.agentToken';

const app = {
  token: localStorage.getItem(TOKEN_KEY),
  agent: null,
  desktop: null,
  state: { status: 'logged_out' },
  clockOffsetMs: 0,
  pop: null,
  recheckingPreview: false,
  socket: null,
  loadingCall: null,
  /** Earlier calls that ended without a disposition. */
  backlog: [],
  /** The latest reviews of the agent's calls. */
  reviews: [],
  /** Why their phone logged them out (its line ended, or it did not answer at login), or null. */
  phoneLogout: null,
};

const api = createApi(() => app.token);

/** Now on the server's clock: this computer's may be off, and the lead's time, a callback's and
 * the timers are the server's. */
const serverNow = () => Date.now() + app.clockOffsetMs;
useClock(serverNow);

const form = new DispositionForm({
  onSubmit: submitDisposition,
  windowAt: (attemptId, at) => api.get(`/api/attempts/${attemptId}/callback-window?at=${encodeURIComponent(at)}`),
  now: serverNow,
  agentId: () => app.agent?.id ?? null,
});
const outbox = new DispositionOutbox({
  api,
  onChange: renderOutbox,
  onSent: (entry, result) => {
    // created: false means an earlier try had reached the server: for the agent it is saved either way.
    toast(t(result?.leadErased ? 'dispo.savedErased' : 'dispo.saved'));
    if (app.pop?.attempt.id === entry.attemptId && app.state.owesDispositionFor !== entry.attemptId) clearPop();
    void refreshState();
    void loadBacklog();
    void loadOwnCallbacks();
  },
  onRejected: (entry, error) => {
    const onScreen = app.pop?.attempt.id === entry.attemptId;
    // A code retired since the call's codes were read: named, as the form shows it.
    const retired = onScreen && error.code === 'unknown_disposition' ? app.pop.dispositions.find((d) => d.code === entry.body.code) : undefined;
    if (retired) sayProblem('dispo.codeRetired', { label: retired.label });
    else sayProblem('dispo.rejected', { message: error.message });
    if (!onScreen) return;
    // Its call on screen: back into the form, to be put right and sent again (kept as a draft
    // meanwhile). Otherwise it is listed, with why, for the agent to fix or drop.
    outbox.takeBack(entry.attemptId);
    form.saveDraft();
    updateDispositionAvailability();
    if (retired) void rereadCodes(entry.attemptId);
  },
});

/** The campaign's codes read again for the call on screen (one was retired meanwhile): the form
 * offers those it has now, the rest of what it shows as it was. */
async function rereadCodes(attemptId) {
  const pop = await api.get(`/api/agents/${app.agent.id}/calls/${attemptId}`).catch(() => null);
  if (pop && app.pop?.attempt.id === attemptId) showPop({ ...app.pop, dispositions: pop.dispositions });
}

/** Runs an API action; a refusal is shown until dismissed unless `explained` shows it better (returns true). */
async function act(action, explained = () => false) {
  try {
    return await action();
  } catch (error) {
    if (!explained(error)) sayProblem(error.status === 0 ? 'error.offline' : 'error.refused', { message: error.message });
    return null;
  }
}

// ---- sign in ----------------------------------------------------------------------------------

/** The sign-in form, with why it shows (`message`). */
function showSignin(message = '') {
  // Whoever signs in next sends only their own queue, with their own token. (A token refused while
  // the agent chose what to do with their unsent dispositions keeps them, as any refused token does.)
  $('unsent').hidden = true;
  outbox.close();
  app.socket?.close();
  app.socket = null;
  $('signin').hidden = false;
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
  $('state-pill').hidden = true;
  $('agent-name').textContent = '';
  $('signin-error').textContent = message;
  $('token').focus();
}

/** How long signing out waits for the agent's queued dispositions to go. */
const SIGN_OUT_SEND_MS = 5_000;

/** The agent signs out (the token already gone from the browser, still in hand here): their queued
 * dispositions are sent now, with their token. What cannot go holds leads' data, which must not
 * stay for the next person at this computer: the agent is told so and chooses to stay signed in
 * while it is tried again, or to sign out and delete it (its calls wait for them under To
 * disposition, on the server). Their drafts, notices, calls and callbacks go from the page and
 * the browser: the next agent on this computer sees nothing of them. */
async function signOut() {
  $('sign-out').disabled = true;
  const unsent = await outbox.sendBeforeSignOut(SIGN_OUT_SEND_MS);
  $('sign-out').disabled = false;
  if (unsent > 0 && app.token) {
    // Signed in until they choose: a reload meanwhile finds them so.
    localStorage.setItem(TOKEN_KEY, app.token);
    sayUnsent();
    $('unsent').hidden = false;
    $('unsent-stay').focus();
    return;
  }
  finishSignOut();
}

/** The agent chose to stay signed in: what could not go is tried again as the link allows. */
function staySignedIn() {
  $('unsent').hidden = true;
  void outbox.flush();
}

/** Signs out, deleting what could not be sent from this browser. */
function finishSignOut() {
  const agentId = app.agent?.id;
  leaveCampaign();
  $('unsent').hidden = true;
  localStorage.removeItem(TOKEN_KEY);
  outbox.discard();
  if (agentId) form.forget(agentId);
  app.token = null;
  app.agent = null;
  app.desktop = null;
  app.state = { status: 'logged_out' };
  app.phoneLogout = null;
  app.backlog = [];
  app.reviews = [];
  say($('preview-held'), null);
  clearPop();
  forgetNotices();
  forgetMyCallbacks();
  renderBacklog();
  renderCoaching();
  showSignin();
}

/** Signing out is leaving the desk: the agent is logged out of their campaign too (on a call,
 * after it, as Log out does), lest calls go on being put through to a phone nobody answers. Sent
 * with their token, taken as the request leaves, before the page forgets it. */
function leaveCampaign() {
  if (!app.agent || app.state.status === 'logged_out') return;
  api.post(agentPath('logout')).catch(() => undefined);
}

async function start() {
  try {
    const session = await api.get('/api/session');
    if (!session.agentId) {
      showSignin(t('signin.notAgent'));
      return;
    }
    app.agent = { id: session.agentId, name: session.name };
    outbox.open(session.agentId);
  } catch (error) {
    showSignin(error.status === 401 ? t('signin.badToken') : t('error.refused', { message: error.message }));
    return;
  }
  $('signin').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
  $('agent-name').textContent = app.agent.name;
  await loadDesktop();
  // A preview lead leased before the page was (re)opened is still the agent's, counted down by
  // the campaign's time limit: shown again. (A call in hand is read as the state names it.)
  if (app.state.status !== 'logged_out' && !app.pop) void loadCall();
  openSocket();
  void outbox.flush();
  void loadToday();
  void loadBacklog();
  void loadOwnCallbacks();
  void loadCoaching();
}

function openSocket() {
  app.socket = openLiveSocket({
    path: '/ws/agent',
    token: app.token,
    onMessage,
    onStatus: (status) => {
      const conn = $('conn');
      conn.dataset.state = status;
      conn.textContent = t(`conn.${status}`);
      if (status === 'live') {
        void outbox.flush();
        void refreshState();
      }
    },
    onRefused: () => showSignin(t('signin.badToken')),
  });
}

// ---- state ------------------------------------------------------------------------------------

async function loadDesktop() {
  const desktop = await act(() => api.get(`/api/agents/${app.agent.id}/desktop`));
  if (!desktop) return;
  app.desktop = desktop;
  app.clockOffsetMs = desktop.serverTime - Date.now();
  const select = $('campaign-select');
  const chosen = select.value || desktop.campaign?.id;
  select.replaceChildren(...desktop.campaigns.map((c) => option(c.id, `${c.name} · ${t(`mode.${c.mode}`)}`)));
  if (desktop.campaigns.some((c) => c.id === chosen)) select.value = chosen;
  $('login-btn').disabled = desktop.campaigns.length === 0;
  const reasons = desktop.campaign?.pauseReasons ?? [];
  // Read again (another language, a login), the list keeps the reason chosen, or shows the pause's.
  const reasonChosen = $('pause-reason').value;
  $('pause-reason').replaceChildren(...reasons.map((reason) => option(reason, pauseReasonLabel(reason))));
  if (reasons.includes(reasonChosen)) $('pause-reason').value = reasonChosen;
  else showPauseReason(app.state);
  $('preview-card').hidden = desktop.campaign?.mode !== 'preview';
  renderRegions(desktop.campaign?.regions ?? []);
  renderKeys(desktop.keys);
  setState(desktop.state);
}

/** The regions a number typed without its country code may be read in: those of the campaign's
 * lists, the first list's first; a choice shown only when there is one. The number field shows
 * how the chosen region's people write a number. */
function renderRegions(regions) {
  const select = $('manual-region');
  const kept = select.value;
  const names = new Intl.DisplayNames([currentLocale()], { type: 'region' });
  select.replaceChildren(...regions.map((region) => option(region.code, `${names.of(region.code) ?? region.code} (${region.code})`)));
  if (regions.some((region) => region.code === kept)) select.value = kept;
  select.hidden = regions.length < 2;
  showNumberExample();
}

function showNumberExample() {
  const region = (app.desktop?.campaign?.regions ?? []).find((r) => r.code === $('manual-region').value);
  $('manual-phone').placeholder = region?.example ? t('manual.placeholder', { example: region.example }) : '';
}

async function refreshState() {
  if (!app.agent) return;
  const state = await api.get(`/api/agents/${app.agent.id}`).catch(() => null);
  if (state) setState(state);
}

/** The answer to an action can come after the live link has brought a later state (the hang-up
 * answers "talking" while the wrap-up is already here): the state of the later change wins. */
/** A view of the agent made before the one shown: an answer overtaken by a live update (views
 * carry the engine's step count, which also grows across restarts), or one of an earlier state. */
function isOlderState(next, current) {
  if (next.id !== current.id) return false;
  if (typeof next.revision === 'number' && typeof current.revision === 'number') return next.revision < current.revision;
  return typeof next.sinceMs === 'number' && typeof current.sinceMs === 'number' && next.sinceMs < current.sinceMs;
}

/** While paused, the list shows the pause's reason (after a reload, or a pause a supervisor
 * chose): pressing Pause then would restart the same pause and its allowance. */
function showPauseReason(state) {
  const select = $('pause-reason');
  if (state?.status === 'paused' && [...select.options].some((choice) => choice.value === state.pauseReason)) select.value = state.pauseReason;
}

/** Pause, or switch to another reason; the pause already taken is not started again. */
function pause() {
  const reason = $('pause-reason').value;
  if (app.state.status === 'paused' && app.state.pauseReason === reason) return;
  void simpleAction('pause', { reason });
}

function setState(next) {
  if (isOlderState(next, app.state)) return;
  const previous = app.state;
  const focused = document.activeElement;
  app.state = next;
  if (next.status !== 'logged_out' && next.campaignId && next.campaignId !== app.desktop?.campaign?.id) void loadDesktop();
  const callId = next.callId ?? next.owesDispositionFor ?? null;
  if (callId && app.pop?.attempt.id !== callId) void loadCall();
  else if (app.pop && !keepsPop(app.pop, next)) clearPop();
  if (next.status === 'paused' && (previous.status !== 'paused' || previous.pauseReason !== next.pauseReason)) showPauseReason(next);
  renderAll();
  keepFocus(focused, next);
  if (previous.status !== next.status) {
    void loadToday();
    void loadBacklog();
    void loadOwnCallbacks();
    void loadCoaching();
  } else if (Boolean(previous.callbackDue) !== Boolean(next.callbackDue)) {
    // A callback fell due (or was made) with no change of state: paused, say, the list marks it.
    void loadOwnCallbacks();
  }
}

/** The pop stays while its call is the agent's, its disposition is owed or queued, or it is a preview not dialled. */
function keepsPop(pop, state) {
  const id = pop.attempt.id;
  // A late disposition's pop stays until it is sent; a new call takes its place before this is asked.
  if (pop.late || state.callId === id || state.owesDispositionFor === id || outbox.has(id)) return true;
  return pop.attempt.preview && !state.callId && state.status !== 'logged_out';
}

function onMessage(message) {
  if (message.type === 'hello') {
    app.clockOffsetMs = message.serverTime - Date.now();
    // A node that stopped is followed by another (or itself restarted): the notice ends with it.
    $('notice').hidden = !message.stopping;
  } else if (message.type === 'node_stopping') $('notice').hidden = false;
  else if (message.type === 'agent') {
    // Said from the logout their phone caused until the agent is logged in again, whatever
    // later news of the logged-out agent (a disposition given) says.
    if (message.agent.id === app.agent?.id && (message.agent.status !== 'logged_out' || app.state.status !== 'logged_out')) {
      app.phoneLogout = message.agent.status === 'logged_out' && PHONE_LOGOUTS.has(message.reason) ? message.reason : null;
    }
    setState(message.agent);
    if (message.agent.id !== app.agent?.id) return;
    sayNotice(message);
  }
  else if (message.type === 'missed') showMissed(message.notices);
  else if (message.type === 'call') void loadCall();
  else if (message.type === 'call_closed') {
    if (app.pop?.attempt.id === message.attemptId) updateDispositionAvailability();
    else if (!outbox.has(message.attemptId)) void awaitInBacklog(message.attemptId);
  }
}

// ---- the call ---------------------------------------------------------------------------------

async function loadCall() {
  if (app.loadingCall) return app.loadingCall;
  app.loadingCall = (async () => {
    try {
      const pop = await api.get(`/api/agents/${app.agent.id}/call`);
      showPop(pop);
    } catch (error) {
      if (error.status !== 404) sayProblem('error.refused', { message: error.message });
    } finally {
      app.loadingCall = null;
    }
  })();
  return app.loadingCall;
}

function showPop(pop) {
  app.pop = pop;
  knowColleague(pop.attempt.handingTo);
  form.load(pop);
  renderScreenPop(pop, serverNow());
  renderAll();
  settleFocus(app.state);
}

function clearPop() {
  app.pop = null;
  form.clear();
  renderAll();
}

function updateDispositionAvailability() {
  const pop = app.pop;
  if (pop && app.state.callId === pop.attempt.id && app.state.status === 'talking') form.notePutThrough(pop.attempt.id);
  const late = Boolean(pop?.late);
  const owed = Boolean(pop) && (late || app.state.owesDispositionFor === pop.attempt.id);
  const queued = Boolean(pop) && outbox.has(pop.attempt.id);
  let hint = t('dispo.noCall');
  if (pop && queued) hint = t('dispo.queued');
  else if (late) hint = t('dispo.late');
  else if (owed) hint = t('dispo.owed');
  else if (pop && app.state.callId === pop.attempt.id) hint = t('dispo.duringCall');
  else if (pop?.attempt.preview) hint = t('dispo.preview');
  form.setSubmittable(owed && !queued, hint);
}

function submitDisposition(attemptId, body, summary) {
  void outbox.add(attemptId, body, { label: summary, lead: leadName() });
  toast(t('dispo.sending', { label: summary }));
  updateDispositionAvailability();
}

function renderOutbox(entries) {
  // Signing out waits for these: all sent (or dropped) now, it goes on; some sent, the counts say what is left.
  if (!$('unsent').hidden) {
    if (entries.length === 0) {
      finishSignOut();
      return;
    }
    sayUnsent();
  }
  renderBacklog();
  renderRefused(entries.filter((e) => e.refused), { onFix: (attemptId) => void fixRefused(attemptId), onDrop: dropRefused });
  // Those failed for want of a connection, tried again by themselves; the refused are listed apart.
  const waiting = entries.filter((e) => !e.refused).length;
  const status = $('outbox-status');
  status.textContent = waiting > 0 ? tCount('dispo.outbox', waiting) : '';
  status.classList.toggle('pending', waiting > 0);
  updateDispositionAvailability();
}

/** What the sign-out notice says could not go: for want of a connection, or refused by the server. */
function sayUnsent() {
  say($('unsent-text'), () => unsentText(outbox.waiting().length, outbox.refused().length));
}

/** A refused disposition back into the form, as its call's draft, to be put right and sent
 * again; not while a call is in hand. */
async function fixRefused(attemptId) {
  if (app.state.callId || app.state.owesDispositionFor) {
    toast(t('backlog.busy'), true);
    return;
  }
  const pop = await act(() => api.get(`/api/agents/${app.agent.id}/calls/${attemptId}`));
  const entry = pop && outbox.takeBack(attemptId);
  if (!entry) return;
  keepDraft(app.agent.id, draftOfSubmission(attemptId, entry.body));
  form.reopen();
  showPop({ ...pop, late: true });
  renderBacklog();
}

/** A refused disposition given up: its call waits under To disposition. */
function dropRefused(attemptId) {
  outbox.takeBack(attemptId);
  void loadBacklog();
}

// ---- calls that ended without a disposition -----------------------------------------------------

async function loadBacklog() {
  if (!app.agent) return;
  const result = await api.get(`/api/agents/${app.agent.id}/undispositioned`).catch(() => null);
  if (!result) return;
  app.backlog = result.calls;
  renderBacklog();
}

/** A call that ended out of the agent's hands (their phone's line gone) is theirs to disposition:
 * listed once its end is on record, which may follow the engine's word by a moment. */
async function awaitInBacklog(attemptId) {
  for (let tries = 0; tries < 10; tries += 1) {
    await loadBacklog();
    if (!app.agent || app.backlog.some((call) => call.attemptId === attemptId) || app.pop?.attempt.id === attemptId) return;
    await new Promise((resolve) => { setTimeout(resolve, 500); });
  }
}

/** The agent's callbacks still to make (see my-callbacks.js). */
async function loadOwnCallbacks() {
  if (app.agent) await loadMyCallbacks(api, app.agent.id);
}

function renderBacklog() {
  // One being sent (or open in the form) is on its way out of the list.
  const calls = app.backlog.filter((call) => !outbox.has(call.attemptId));
  $('backlog-card').hidden = calls.length === 0;
  $('backlog').replaceChildren(...calls.map((call) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'backlog-item';
    button.dataset.attemptId = call.attemptId;
    button.setAttribute('aria-pressed', String(app.pop?.attempt.id === call.attemptId));
    const name = Object.assign(document.createElement('span'), { className: 'backlog-name', textContent: call.leadName || t('backlog.unnamed') });
    const when = Object.assign(document.createElement('span'), { className: 'muted small', textContent: `${call.campaignName} · ${formatDateTime(call.endedAt)}` });
    button.append(name, when);
    const item = document.createElement('li');
    item.append(button);
    return item;
  }));
}

/** Opens an earlier call in the pop and the form, unless a call is in hand. */
async function openLate(attemptId) {
  if (app.state.callId || app.state.owesDispositionFor) {
    toast(t('backlog.busy'), true);
    return;
  }
  const pop = await act(() => api.get(`/api/agents/${app.agent.id}/calls/${attemptId}`));
  if (!pop) return;
  showPop({ ...pop, late: true });
  renderBacklog();
}

// ---- coaching: supervisors' reviews of the agent's calls ------------------------------------------

async function loadCoaching() {
  if (!app.agent) return;
  const reviews = await api.get(`/api/agents/${app.agent.id}/reviews`).catch(() => null);
  if (!reviews) return;
  app.reviews = reviews.slice(0, 5);
  renderCoaching();
}

function renderCoaching() {
  const { reviews } = app;
  $('coaching-card').hidden = reviews.length === 0;
  $('coaching').replaceChildren(...reviews.map((review) => {
    const item = el('li', 'review');
    item.dataset.score = String(review.score);
    item.append(
      el('span', 'review-score', t('coaching.score', { score: review.score })),
      el('p', 'review-comment', review.comment),
      el('span', 'muted small', t('coaching.by', { reviewer: review.reviewer, lead: review.leadName || '—', at: formatDateTime(review.createdAt) })),
    );
    return item;
  }));
}

// ---- drawing ----------------------------------------------------------------------------------

function idleText() {
  const preview = app.desktop?.campaign?.mode === 'preview';
  switch (app.state.status) {
    // Logged out by their phone's line ending, the agent reads why until they log in again.
    case 'logged_out': return app.phoneLogout ? t(`state.notice.${app.phoneLogout}`) : t('idle.loggedOut');
    case 'connecting': return t('idle.connecting');
    case 'paused': return preview ? t('idle.previewPaused') : t('idle.paused');
    case 'ready': return preview ? t('idle.preview') : t('idle.ready');
    case 'wrap_up': return t('idle.wrapUp');
    default: return t('idle.incoming');
  }
}

/** What the recording button does now: start the recording (on demand), pause or resume it. */
function recordingAction(state) {
  if (!state.recorded) return 'record';
  return state.recordingPausedUntilMs != null ? 'recording-resume' : 'recording-pause';
}

/** How the call the agent is on is recorded, as its screen pop says: 'none', 'every_call', or
 * 'on_demand' (started, and stopped, by the agent). */
function callRecording() {
  const attempt = app.pop?.attempt;
  if (!attempt?.recording || attempt.id !== app.state.callId) return 'none';
  return attempt.recordedOnDemand ? 'on_demand' : 'every_call';
}

/** The name of the agent who handed the call in hand over, as the pop has it. */
function handedOverByName() {
  const by = app.pop?.attempt.handedOverBy;
  return by && by.id === app.state.transferredFrom ? by.name : null;
}

/** The person of the call in hand as the pop names them: one without a name is said to be so. */
function leadName() {
  return app.pop ? callerName(app.pop) : null;
}

function renderAll() {
  renderState(app.state, app.clockOffsetMs, leadName(), callRecording(), handedOverByName());
  renderRegistryHold();
  $('pop').hidden = !app.pop;
  $('idle').hidden = Boolean(app.pop);
  $('idle-text').textContent = idleText();
  const preview = app.pop?.attempt.preview && app.state.callId !== app.pop.attempt.id;
  const canPreview = ['ready', 'paused'].includes(app.state.status);
  $('preview-next').disabled = !canPreview || Boolean(preview);
  $('preview-dial').disabled = !(preview && canPreview);
  $('preview-skip').disabled = !preview;
  // A manual dial is for an agent free of any call, a preview lead included.
  $('manual-form').hidden = app.state.status === 'logged_out';
  $('manual-dial').disabled = !canPreview || Boolean(preview) || Boolean(app.state.callId);
  setCallbacksCallable(!$('manual-dial').disabled, app.state.status === 'logged_out' ? null : app.state.campaignId ?? null);
  renderPreviewTimer();
  updateDispositionAvailability();
  document.title = `${stateLabel(app.state.status)} · Outpace`;
  announceState();
}

/** Tells a screen reader the agent's state once it changes (a call come, its person, a pause):
 * written only on a change, as the page is redrawn far more often. */
function announceState() {
  const text = app.agent ? stateAnnouncement(app.state, leadName()) : '';
  if ($('state-announce').textContent !== text) $('state-announce').textContent = text;
}

/** A national registry's copy too old (or never loaded) stops the campaign's dialling, whatever its
 * pacing: said from the moment it is (on the server's clock), which registry and since when, so
 * that the agent does not wait for calls that will not come, until a fresh copy is loaded (their
 * state then names none held). */
function renderRegistryHold() {
  const hold = app.state.status === 'logged_out' ? null : app.state.registryHold;
  const held = Boolean(hold) && (hold.stale || (hold.staleAtMs !== null && hold.staleAtMs <= serverNow()));
  $('registry-held').hidden = !held;
  if (!held) return;
  const registry = t(`compliance.registry.${hold.registry}`);
  const text = hold.loadedAt === null
    ? t('state.registryNever', { registry })
    : tCount('state.registryStale', hold.maxAgeDays, { registry, date: formatDateTime(hold.loadedAt, { timeStyle: undefined }), since: formatDateTime(hold.staleAtMs) });
  // Said again each second: only a change is written, so that a screen reader does not repeat it.
  if ($('registry-held').textContent !== text) $('registry-held').textContent = text;
}

async function loadToday() {
  if (!app.agent) return;
  const midnight = new Date(serverNow());
  midnight.setHours(0, 0, 0, 0);
  const result = await api.get(`/api/agents/${app.agent.id}/state-durations?from=${encodeURIComponent(midnight.toISOString())}`).catch(() => null);
  const states = result?.agent?.states ?? {};
  const rows = [
    ['talking', t('status.talking'), formatHoursMinutes(states.talking ?? 0)],
    ['wrap_up', t('status.wrap_up'), formatHoursMinutes(states.wrap_up ?? 0)],
    ['ready', t('status.ready'), formatHoursMinutes(states.ready ?? 0)],
    ['paused', t('status.paused'), formatHoursMinutes(states.paused ?? 0)],
    [null, t('today.occupancy'), result?.agent?.occupancy == null ? '—' : formatPercent(result.agent.occupancy, 0)],
  ];
  $('today-stats').replaceChildren(...rows.flatMap(([status, label, value]) => {
    const dt = document.createElement('dt');
    if (status) dt.dataset.status = status;
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

// ---- actions ----------------------------------------------------------------------------------

const agentPath = (action) => `/api/agents/${app.agent.id}/${action}`;

/** Another engine node drives the campaign, or has the agent logged in: point them at its desktop. */
function showDrivenElsewhere(error) {
  const url = error.status === 409 ? error.details?.url : undefined;
  if (!url) return false;
  const key = error.details.reason === 'agent_logged_in_elsewhere' ? 'login.agentElsewhere' : 'login.elsewhere';
  say($('login-elsewhere-text'), key, { node: error.details.node });
  $('login-elsewhere-link').href = new URL('/agent/', url).href;
  $('login-elsewhere').hidden = false;
  return true;
}

async function login() {
  const campaignId = $('campaign-select').value;
  if (!campaignId) return;
  $('login-elsewhere').hidden = true;
  const state = await act(() => api.post(agentPath('login'), { campaignId }), showDrivenElsewhere);
  if (state) {
    setState(state);
    await loadDesktop();
  }
}

async function simpleAction(action, body) {
  const state = await act(() => api.post(agentPath(action), body));
  if (state) setState(state);
}

/** The agent reached an answering machine: the message is left on it and the agent is free. */
async function leaveMessage() {
  // A lead without consent to prerecorded messages: said in the agent's language.
  const withheld = (error) => error.details?.engineCode === 'message_refused' && Boolean(app.pop?.attempt.messageWithheld) && (sayProblem('state.messageWithheld'), true);
  const state = await act(() => api.post(agentPath('leave-message')), withheld);
  if (!state) return;
  setState(state);
  toast(t('state.messageLeft'));
}

/** The person asked not to be called again: their number goes on the DNC list now, during the
 * call or wrap-up, not only once the disposition is sent. */
async function doNotCallNow() {
  const attemptId = app.pop?.attempt.id;
  if (!attemptId) return;
  const answer = await act(() => api.post(`/api/attempts/${encodeURIComponent(attemptId)}/do-not-call`, {}));
  if (!answer) return;
  form.markDoNotCall(attemptId);
  toast(t('dispo.doNotCallDone'));
}

/** The preview the campaign's time limit will dial or skip by itself, and when, if any. */
function previewDeadline() {
  const pop = app.pop;
  if (!pop?.attempt.preview || !pop.attempt.previewDeadline || app.state.callId === pop.attempt.id) return null;
  return pop.attempt.previewDeadline;
}

/** Seconds left before the campaign dials (or skips) the lead; once past, the pop is read again,
 * so a lead skipped by the limit goes away and a dialled one shows its call. */
function renderPreviewTimer() {
  const deadline = previewDeadline();
  $('preview-timer').hidden = !deadline;
  if (!deadline) return;
  const left = Math.ceil((Date.parse(deadline.at) - serverNow()) / 1000);
  $('preview-timer').textContent = t(`preview.${deadline.action}sIn`, { seconds: formatNumber(Math.max(0, left)) });
  if (left <= -2) void recheckPreview(app.pop.attempt.id);
}

/** One read at a time: the timer and every render ask again each second until the node acts. */
async function recheckPreview(attemptId) {
  if (app.recheckingPreview) return;
  app.recheckingPreview = true;
  try {
    showPop(await api.get(agentPath('call')));
  } catch (error) {
    if (error.status !== 404 || app.pop?.attempt.id !== attemptId) return;
    clearPop();
    toast(t('preview.skippedByLimit'));
  } finally {
    app.recheckingPreview = false;
  }
}

async function previewNext() {
  const pop = await act(() => api.post(agentPath('preview/next')), explainNoLead);
  if (!pop) return;
  say($('preview-held'), null);
  showPop(pop);
}

/** No lead offered while a national registry the campaign is scrubbed against is too old (or
 * never loaded): said in the preview card, which registry and since when, until a lead comes. */
function explainNoLead(error) {
  const held = error.details?.reason === 'national_registry' ? error.details : null;
  if (!held) return false;
  // Said again, the registry's name too, in a language the agent switches to.
  say($('preview-held'), () => {
    const registry = t(`compliance.registry.${held.registry}`);
    return held.loadedAt === null
      ? t('preview.registryNever', { registry })
      : tCount('preview.registryStale', held.maxAgeDays, { registry, date: formatDateTime(held.loadedAt, { timeStyle: undefined }) });
  });
  return true;
}

async function previewDial() {
  if (!app.pop) return;
  const state = await act(() => api.post(agentPath('preview/dial'), { attemptId: app.pop.attempt.id }));
  if (state) setState(state);
}

async function previewSkip() {
  if (!app.pop) return;
  const done = await act(() => api.post(agentPath('preview/skip'), { attemptId: app.pop.attempt.id }));
  if (!done) return;
  clearPop();
  // Skipped as often as the campaign allows: no agent is offered it again until the list is reset.
  if (done.leadSetAside) toast(t('preview.setAside'));
}

/** Calls the number typed for the agent; a refusal says which rule stopped it. */
async function manualDial(event) {
  event.preventDefault();
  const phone = $('manual-phone').value.trim();
  if (!phone || $('manual-dial').disabled) return;
  const region = $('manual-region').hidden ? undefined : $('manual-region').value;
  if (await dialByHand({ phone, ...(region ? { region } : {}) })) $('manual-phone').value = '';
}

/** Calls a callback's person now, before its time: the manual dial of its lead. */
async function callBackNow(callback) {
  if ($('manual-dial').disabled) return;
  if (await dialByHand({ leadId: callback.leadId })) await loadOwnCallbacks();
}

/** A manual dial (a number, or a lead by id); false when refused, the toast saying why. */
async function dialByHand(target) {
  const dialled = await act(() => api.post(agentPath('manual-dial'), target));
  if (!dialled) return false;
  setState(dialled.agent);
  await loadCall();
  return true;
}

function bindActions() {
  bindSignin(TOKEN_KEY, {
    onToken: (token) => {
      app.token = token;
      void start();
    },
    onSignOut: () => void signOut(),
  });
  $('login-btn').addEventListener('click', () => void login());
  $('unsent-stay').addEventListener('click', staySignedIn);
  $('unsent-delete').addEventListener('click', finishSignOut);
  bindMissedDismiss();
  $('ready-btn').addEventListener('click', () => void simpleAction('ready'));
  $('pause-btn').addEventListener('click', pause);
  $('pause-reason').addEventListener('change', renderAll);
  $('hangup-btn').addEventListener('click', () => void simpleAction('hangup'));
  $('message-btn').addEventListener('click', () => void leaveMessage());
  $('dnc-now').addEventListener('click', () => void doNotCallNow());
  $('hold-btn').addEventListener('click', () => void simpleAction(app.state.heldSinceMs != null ? 'unhold' : 'hold'));
  $('mute-btn').addEventListener('click', () => void simpleAction(app.state.muted ? 'unmute' : 'mute'));
  // Card details are not to be recorded: the agent pauses the recording while the customer gives them.
  // On demand, the agent starts the recording (having asked the customer) with the same button.
  $('recording-btn').addEventListener('click', () => void simpleAction(recordingAction(app.state)));
  $('recording-stop-btn').addEventListener('click', () => void simpleAction('record-stop'));
  $('logout-btn').addEventListener('click', () => void simpleAction('logout'));
  bindTransfer({ get: (path) => api.get(agentPath(path)), post: (path, body) => api.post(agentPath(path), body), act, setState });
  $('preview-next').addEventListener('click', () => void previewNext());
  $('preview-dial').addEventListener('click', () => void previewDial());
  $('preview-skip').addEventListener('click', () => void previewSkip());
  $('manual-form').addEventListener('submit', (event) => void manualDial(event));
  $('manual-region').addEventListener('change', showNumberExample);
  onCallbackCallNow((callback) => void callBackNow(callback));
  $('backlog').addEventListener('click', (event) => {
    const button = event.target.closest('[data-attempt-id]');
    if (button) void openLate(button.dataset.attemptId);
  });
  window.addEventListener('online', () => {
    app.socket?.reconnectNow();
    void outbox.flush();
  });
  document.addEventListener('keydown', onKey);
}

/** Inputs that take no typed text: a key pressed on one (the callback's owner picked, say) is a shortcut. */
const UNTYPED_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the key goes into text the agent is typing (notes, a number, a time) or a list they choose from. */
function isTyping(target) {
  if (typeof target?.closest !== 'function') return false;
  if (target.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) return true;
  return target.tagName === 'INPUT' && !UNTYPED_INPUTS.has(target.type);
}

/** Shortcuts work anywhere except while typing; Ctrl+Enter submits even from the notes. A key
 * held down presses its button once: its repeats would undo a hold or a mute as soon as it is made. */
function onKey(event) {
  if (!app.agent || $('workspace').hidden) return;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    if (!event.repeat) form.submit();
    return;
  }
  if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.repeat) {
    if (buttonOfKey(app.desktop?.keys, event.key) !== undefined) event.preventDefault();
    return;
  }
  const id = buttonOfKey(app.desktop?.keys, event.key);
  if (id !== undefined) {
    if (!$(id).disabled && !$(id).closest('[hidden]')) $(id).click();
    event.preventDefault();
    return;
  }
  if (form.handleHotkey(event.key)) event.preventDefault();
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await loadLocale();
  translatePage();
  bindLocaleSwitch($('locale'), () => {
    $('conn').textContent = t(`conn.${$('conn').dataset.state}`);
    if (app.desktop) void loadDesktop();
    if (app.pop) showPop(app.pop);
    renderAll();
    renderBacklog();
    renderOutbox(outbox.entries());
    renderMyCallbacks();
    renderCoaching();
    renderMissed();
    void loadToday();
  });
  bindTabs();
  bindActions();
  setInterval(() => {
    if ($('workspace').hidden) return;
    renderState(app.state, app.clockOffsetMs, leadName(), callRecording(), handedOverByName());
    if (app.pop) updateLeadClock(app.pop, serverNow());
    renderPreviewTimer();
    renderRegistryHold();
  }, 1_000);
  if (app.token) await start();
  else showSignin();
}

void main();
