// What the agent desktop says beyond its state: the notices the server marks on a state change (a
// problem, or news), as they come, and those it kept while the desktop was closed, listed with
// their times until the agent dismisses them. The server decides which reasons are notices; the
// desktop only puts them into words.
//
// A problem (a failure the agent must act on: a disposition refused, the PBX refusing a hold or a
// recording, a transfer refused) stays on screen until the agent dismisses it: an agent looking
// away must not miss it. News fades after a few seconds.

import { formatTime, t } from '/web/shared/i18n.js';
import { $, el, toast } from '/web/shared/dom.js';

/** Notices kept while the desktop was closed, until dismissed. */
let missed = [];
/** Problems said while it was open, newest first, until dismissed. */
let problems = [];
/** The most problems shown at once: the oldest go first. */
const MAX_PROBLEMS = 5;

/** A notice's words in the page's language. */
function noticeText(reason, detail) {
  if (reason.startsWith('pbx_refused_')) return t(`state.pbxRefused.${reason.slice('pbx_refused_'.length)}`);
  if (reason === 'third_party_ended') return t('thirdParty.ended', { detail });
  return t(`state.notice.${reason}`);
}

/** The logouts their phone caused: the desktop says why in place of its idle text until the agent
 * logs in again, so its notice fades like news. */
export const PHONE_LOGOUTS = new Set(['phone_lost', 'phone_not_answered']);

/** Says the notice an agent state message carries, if it carries one. */
export function sayNotice(message) {
  if (!message.notice) return;
  const text = noticeText(message.reason, message.detail);
  if (message.notice === 'problem' && !PHONE_LOGOUTS.has(message.reason)) sayProblem(text);
  else toast(text, message.notice === 'problem');
}

/** Shows a problem until the agent dismisses it; the same one said again is shown once, on top. */
export function sayProblem(text) {
  problems = [text, ...problems.filter((shown) => shown !== text)].slice(0, MAX_PROBLEMS);
  renderProblems();
}

function renderProblems() {
  $('problems').replaceChildren(...problems.map((text) => {
    const item = el('div', 'problem');
    const dismiss = el('button', 'problem-dismiss', t('missed.dismiss'));
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', `${t('missed.dismiss')}: ${text}`);
    dismiss.addEventListener('click', () => {
      problems = problems.filter((shown) => shown !== text);
      renderProblems();
    });
    item.append(el('span', 'problem-text', text), dismiss);
    return item;
  }));
}

/** The agent signed out: nothing said to them stays for the next. */
export function forgetNotices() {
  missed = [];
  problems = [];
  renderMissed();
  renderProblems();
  $('toast').hidden = true;
}

/** What the desktop would have said while it was closed. */
export function showMissed(notices) {
  missed.push(...notices);
  renderMissed();
}

/** The missed notices in the page's language. */
export function renderMissed() {
  $('missed-list').replaceChildren(...missed.map((notice) => el('li', null, `${formatTime(notice.atMs, { timeStyle: 'medium' })} ${noticeText(notice.reason, notice.detail)}`)));
  $('missed').hidden = missed.length === 0;
  // The dismiss buttons in the page's language (the problems keep the words they were said in).
  renderProblems();
}

export function bindMissedDismiss() {
  $('missed-dismiss').addEventListener('click', () => {
    missed = [];
    renderMissed();
  });
}
