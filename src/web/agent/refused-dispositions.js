// The dispositions the server refused, each with its reason in the server's words ("ZZ is not in
// the catalogue…", "hang up the call before its disposition"): they are not sent again as they
// are. The agent fixes one (it goes back into the form, as a draft of its call, to be put right
// and sent again) or drops it (its call then waits under To disposition). Those that failed for
// want of a connection are not listed here: the outbox keeps trying them.

import { t, tCount } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';

/** Draws the refused entries; `onFix(attemptId)` and `onDrop(attemptId)` are the agent's choices. */
export function renderRefused(entries, { onFix, onDrop }) {
  $('refused-card').hidden = entries.length === 0;
  $('refused-list').replaceChildren(...entries.map((entry) => {
    const item = el('li', 'refused-item');
    item.dataset.attemptId = entry.attemptId;
    const what = [entry.about?.label || entry.body?.code, entry.about?.lead].filter(Boolean).join(' · ');
    const fix = el('button', 'refused-fix', t('dispo.refusedFix'));
    fix.type = 'button';
    fix.addEventListener('click', () => onFix(entry.attemptId));
    const drop = el('button', 'refused-drop ghost', t('dispo.refusedDrop'));
    drop.type = 'button';
    drop.addEventListener('click', () => onDrop(entry.attemptId));
    item.append(el('span', 'refused-what', what), el('span', 'refused-reason', t('dispo.refusedReason', { message: entry.refused.message })), fix, drop);
    return item;
  }));
}

/** What the sign-out notice says of what could not go: `waiting` for want of a connection,
 * `refused` by the server (listed with why). */
export function unsentText(waiting, refused) {
  if (refused === 0) return tCount('signout.unsent', waiting);
  if (waiting === 0) return tCount('signout.refused', refused);
  return t('signout.unsentAndRefused', { unsent: tCount('signout.unsentPart', waiting), refused: tCount('signout.refusedPart', refused) });
}
