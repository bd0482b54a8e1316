// What the agent desktop says beyond its state: the notices the server marks on a state change (a
// problem, or news), as they come, and those it kept while the desktop was closed, listed with
// their times until the agent dismisses them. The server decides which reasons are notices; the
// desktop only puts them into words.
//
// A problem (a failure the agent must act on: a disposition refused, the PBX refusing a hold or a
// recording, a transfer refused) stays on screen until the agent dismisses it: an agent looking
// away must not miss it, and one who comes back reads when it happened (on the server's clock, as
// the missed notices are, in the page's language and this computer's zone). It keeps how to say
// itself, not the words: switching the language says it again in the new one. News fades after a
// few seconds.

import { formatTime, t } from '/web/shared/i18n.js';
import { $, el, toast } from '/web/shared/dom.js';

/** Notices kept while the desktop was closed, until dismissed. */
let missed = [];
/** Problems said while it was open, newest first, until dismissed: { render() (its words in the
 * page's language), text (the words last shown), atMs (when it was last said) }. */
let problems = [];
/** Now on the server's clock (see useClock). */
let now = () => Date.now();
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
export const PHONE_LOGOUTS = new Set(['phone_lost', 'phone_not_answered', 'phone_busy', 'phone_unreachable']);

/** Says the notice an agent state message carries, if it carries one. */
export function sayNotice(message) {
  if (!message.notice) return;
  const text = noticeText(message.reason, message.detail);
  if (message.notice === 'problem' && !PHONE_LOGOUTS.has(message.reason)) sayProblem(() => noticeText(message.reason, message.detail));
  else toast(text, message.notice === 'problem');
}

/** The clock problems are timed on: the server's, as the notices it keeps are. */
export function useClock(serverNow) {
  now = serverNow;
}

/**
 * Shows a problem until the agent dismisses it, with the time it was said; the same one said
 * again is shown once, on top, with the later time. `key` and `vars` as t's, or a function that
 * puts it into words (for a line made of several strings): either is asked again for the words
 * whenever the page's language changes.
 */
export function sayProblem(key, vars = {}) {
  const render = typeof key === 'function' ? key : () => t(key, vars);
  const text = render();
  problems = [{ render, text, atMs: now() }, ...problems.filter((shown) => shown.text !== text)].slice(0, MAX_PROBLEMS);
  renderProblems();
}

function renderProblems() {
  for (const problem of problems) problem.text = problem.render();
  $('problems').replaceChildren(...problems.map((problem) => {
    const item = el('div', 'problem');
    const at = formatTime(problem.atMs, { timeStyle: 'medium' });
    const time = el('time', 'problem-time', at);
    time.dateTime = new Date(problem.atMs).toISOString();
    const dismiss = el('button', 'problem-dismiss', t('missed.dismiss'));
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', `${t('missed.dismiss')}: ${at} ${problem.text}`);
    dismiss.addEventListener('click', () => {
      problems = problems.filter((shown) => shown !== problem);
      renderProblems();
    });
    item.append(time, el('span', 'problem-text', problem.text), dismiss);
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
  // The problems, their times and their dismiss buttons in the page's language.
  renderProblems();
}

export function bindMissedDismiss() {
  $('missed-dismiss').addEventListener('click', () => {
    missed = [];
    renderMissed();
  });
}
