// The agent's state on screen: the pill in the top bar, the state card with its timer, and which
// actions make sense in each state. Times are measured on the server's clock (offset-corrected).

import { formatDuration, t } from '/web/shared/i18n.js';
import { pauseReasonLabel } from '/web/shared/pause-reason.js';
import { $ } from '/web/shared/dom.js';
import { byStaff } from '/web/shared/by-staff.js';
import { renderTransfer } from './transfer-panel.js';

export function stateLabel(status) {
  return t(`status.${status}`);
}

/** What a screen reader is told of the agent's state: the state, the pause's reason or the
 * person on the line, what is to come after the call; no timers, so that it changes only with them. */
export function stateAnnouncement(state, leadName) {
  const parts = [stateLabel(state.status)];
  if (state.status === 'paused') parts.push(pauseReasonLabel(state.pauseReason ?? 'login'));
  if (leadName && (state.status === 'talking' || state.status === 'reserved')) parts.push(t('state.withLead', { name: leadName }));
  const logout = logoutToCome(state);
  if (logout) parts.push(logout);
  else if (state.pendingPause && state.status !== 'paused') parts.push(t('state.pausePending', { reason: pauseReasonLabel(state.pendingPause) }));
  return parts.join(' · ');
}

/** Seconds in the current state, on the server's clock. */
export function secondsInState(state, clockOffsetMs) {
  if (!state?.sinceMs) return 0;
  return Math.max(0, (Date.now() + clockOffsetMs - state.sinceMs) / 1000);
}

/** Seconds the pause's allowance has left (negative once overrun); null without one. */
function pauseLeft(state, elapsed) {
  if (state.status !== 'paused' || state.pauseAllowedUntilMs == null) return null;
  return (state.pauseAllowedUntilMs - state.sinceMs) / 1000 - elapsed;
}

/** The pause a supervisor asked for in the wrap-up, to come once the disposition is given. */
function pauseToCome(state) {
  return state.pendingPause ? ` · ${t('state.pausePendingAfterDisposition', { reason: pauseReasonLabel(state.pendingPause) })}${byStaff(state.pendingPauseBy)}` : '';
}

/** A logout asked for during the call (by the agent, or a supervisor: said who), to come when it ends; null without one. */
function logoutToCome(state) {
  return state.pendingLogout ? `${t('state.logoutPending')}${byStaff(state.pendingLogoutBy)}` : null;
}

/** Seconds left of a wrap-up that ends by itself, by the end the server gives (the engine's own,
 * from the campaign's wrap-up time as it is now); null when it does not end so. */
function wrapUpLeft(state, elapsed) {
  if (state.status !== 'wrap_up' || state.wrapUpEndsAtMs == null) return null;
  return Math.max(0, (state.wrapUpEndsAtMs - state.sinceMs) / 1000 - elapsed);
}

/** How the wrap-up ends by itself, and when: by a logout asked during the call, or (an automatic
 * one) back at work; when a disposition is owed, that its call then waits under To disposition.
 * Null when the wrap-up does not end so. */
function wrapUpEnding(state, elapsed) {
  const left = wrapUpLeft(state, elapsed);
  if (left === null) return null;
  const time = formatDuration(left);
  if (state.pendingLogout) return `${t(state.owesDispositionFor ? 'state.logoutInOwed' : 'state.logoutIn', { time })}${byStaff(state.pendingLogoutBy)}`;
  return t(state.owesDispositionFor ? 'state.wrapLeftOwed' : 'state.wrapLeft', { time });
}

function subtitle(state, elapsed, leadName) {
  // Said until it happens, before a pause asked for too (it comes first): the agent who pressed
  // Log out during a call sees it was heard.
  const logout = logoutToCome(state);
  const then = logout ? ` · ${logout}` : '';
  if (state.status === 'paused') {
    const left = pauseLeft(state, elapsed);
    const allowance = left === null ? '' : ` · ${left < 0 ? t('state.pauseOver', { time: formatDuration(-left) }) : t('state.pauseLeft', { time: formatDuration(left) })}`;
    // Held while paused, a due callback waits for them: said, or they would not know to go ready.
    const callback = state.callbackDue ? ` · ${t('state.callbackDue')}` : '';
    return `${pauseReasonLabel(state.pauseReason ?? 'login')}${byStaff(state.pausedBy)}${allowance}${callback}${then}`;
  }
  if (state.status === 'wrap_up') {
    // What the engine will do, from the end it gives: the campaign's wrap-up time may change meanwhile.
    const ending = wrapUpEnding(state, elapsed);
    const after = ending ? ` · ${ending}` : then;
    if (state.owesDispositionFor) return `${t('state.owesDisposition')}${after}${state.pendingLogout ? '' : pauseToCome(state)}`;
    if (ending && !state.pendingLogout) return ending;
    return `${t('state.wrapManual')}${after}`;
  }
  const withLead = leadName && (state.status === 'talking' || state.status === 'reserved') ? t('state.withLead', { name: leadName }) : null;
  if (logout) return withLead ? `${withLead}${then}` : logout;
  if (state.pendingPause) return `${t('state.pausePending', { reason: pauseReasonLabel(state.pendingPause) })}${byStaff(state.pendingPauseBy)}`;
  if (withLead) return withLead;
  if (state.status === 'ready') return t('state.waiting');
  if (state.status === 'logged_out') return t('state.loggedOutHelp');
  if (state.status === 'connecting') return t('state.connectingHelp');
  return '';
}

/** The recording's buttons while the agent talks in a campaign that records: to start the
 * recording (on demand), or to pause it, and to stop one started on demand; while it is paused,
 * when it goes on by itself. */
function renderRecording(state, recording, clockOffsetMs) {
  const paused = state.recordingPausedUntilMs != null;
  // A colleague consulted about the call (not handing it over) has no say over its recording,
  // which the engine leaves to the call's agent until the customer is theirs.
  const consulted = state.consultStage != null && state.transferringTo == null;
  const talking = state.status === 'talking' && !consulted;
  $('recording-btn').hidden = !(talking && (recording !== 'none' || paused));
  $('recording-stop-btn').hidden = !(talking && state.recorded && recording === 'on_demand');
  $('recording-label').textContent = t(!state.recorded ? 'state.recordingStart' : paused ? 'state.recordingResume' : 'state.recordingPause');
  $('recording-btn').dataset.paused = String(paused);
  $('recording-paused').hidden = !paused;
  if (paused) {
    const left = Math.max(0, (state.recordingPausedUntilMs - Date.now() - clockOffsetMs) / 1000);
    $('recording-paused').textContent = t('state.recordingPaused', { time: formatDuration(left) });
  }
}

/** The hold button while the agent talks, and while the customer is on hold, for how long and
 * when the hold's limit brings them back. */
function renderHold(state, clockOffsetMs) {
  const held = state.heldSinceMs != null;
  // In a consultation (or a call to a third party) the customer's hold follows it (conference,
  // cancel), not the button; while they are being handed over, the engine refuses a hold.
  $('hold-btn').hidden = state.status !== 'talking' || state.consultStage != null || state.thirdParty != null || state.transferringTo != null;
  $('hold-label').textContent = t(held ? 'state.unhold' : 'state.hold');
  $('hold-btn').dataset.held = String(held);
  $('call-held').hidden = !held;
  if (held) {
    const now = Date.now() + clockOffsetMs;
    const since = Math.max(0, (now - state.heldSinceMs) / 1000);
    const left = Math.max(0, ((state.heldUntilMs ?? now) - now) / 1000);
    $('call-held').textContent = t('state.held', { time: formatDuration(since), left: formatDuration(left) });
  }
}

/** Leave message while the agent talks with their own customer, with nothing else going on. */
function renderMessage(state) {
  const busy = state.heldSinceMs != null || state.transferringTo != null || state.waitingForGroup != null || state.waitingForCampaign != null || state.consultStage != null
    || state.thirdParty != null;
  $('message-btn').hidden = state.status !== 'talking' || busy;
}

/** The mute button while the agent talks; while muted, a reminder that the customer hears nothing. */
function renderMute(state) {
  $('mute-btn').hidden = state.status !== 'talking';
  $('mute-label').textContent = t(state.muted ? 'state.unmute' : 'state.mute');
  $('mute-btn').dataset.muted = String(Boolean(state.muted));
  $('agent-muted').hidden = !state.muted;
  $('agent-muted').textContent = t('state.muted');
}

/** Redraws the state pill and card; cheap enough to call every second. `recorded`: the call
 * shown is recorded; `handedOverBy`: the name of the agent who handed it over. */
/** `recording`: how the call is recorded ('none', 'every_call', 'on_demand'). */
export function renderState(state, clockOffsetMs, leadName = null, recording = 'none', handedOverBy = null) {
  const elapsed = secondsInState(state, clockOffsetMs);
  const status = state.status;
  for (const el of [$('state-pill'), $('state-card')]) el.dataset.status = status;
  $('state-pill').hidden = false;
  $('pill-label').textContent = stateLabel(status);
  $('pill-timer').textContent = formatDuration(elapsed);
  $('state-label').textContent = stateLabel(status);
  $('state-timer').textContent = formatDuration(elapsed);
  $('state-sub').textContent = subtitle(state, elapsed, leadName);
  $('state-card').classList.toggle('over-pause', (pauseLeft(state, elapsed) ?? 0) < 0);

  const loggedIn = status !== 'logged_out';
  $('login-box').hidden = loggedIn;
  $('state-actions').hidden = !loggedIn;
  const owes = Boolean(state.owesDispositionFor);
  $('ready-btn').disabled = !(status === 'paused' || (status === 'wrap_up' && !owes));
  // Already paused for the reason chosen: pressing it again would restart the pause's allowance.
  const samePause = status === 'paused' && $('pause-reason').value === state.pauseReason;
  $('pause-btn').disabled = samePause || !['ready', 'paused', 'wrap_up', 'reserved', 'talking'].includes(status);
  // Their own dial may be given up while it rings (a wrong number typed).
  $('hangup-btn').disabled = !(status === 'talking' || (status === 'reserved' && state.ownDial === true));
  $('logout-btn').disabled = !loggedIn;
  renderHold(state, clockOffsetMs);
  renderMute(state);
  renderMessage(state);
  renderTransfer(state, handedOverBy);
  renderRecording(state, recording, clockOffsetMs);
}
