// What the agent desktop says beyond its state: the notices the server marks on a state change (a
// problem, or news), as they come, and those it kept while the desktop was closed, listed with
// their times until the agent dismisses them. The server decides which reasons are notices; the
// desktop only puts them into words.

import { formatTime, t } from '/web/shared/i18n.js';
import { $, el, toast } from '/web/shared/dom.js';

/** Notices kept while the desktop was closed, until dismissed. */
let missed = [];

/** A notice's words in the page's language. */
function noticeText(reason, detail) {
  if (reason.startsWith('pbx_refused_')) return t(`state.pbxRefused.${reason.slice('pbx_refused_'.length)}`);
  if (reason === 'third_party_ended') return t('thirdParty.ended', { detail });
  return t(`state.notice.${reason}`);
}

/** Says the notice an agent state message carries, if it carries one. */
export function sayNotice(message) {
  if (message.notice) toast(noticeText(message.reason, message.detail), message.notice === 'problem');
}

/** The agent signed out: nothing said to them stays for the next. */
export function forgetNotices() {
  missed = [];
  renderMissed();
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
}

export function bindMissedDismiss() {
  $('missed-dismiss').addEventListener('click', () => {
    missed = [];
    renderMissed();
  });
}
