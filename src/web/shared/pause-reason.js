// A pause's reason as people read it: the locale's word for the reasons it knows; a campaign's own
// reason (`coaching_session`) as words ("Coaching session"), not as the code it is stored under.

import { tOptional } from '/web/shared/i18n.js';

/** The reason's words in the page's language; '' for none. */
export function pauseReasonLabel(reason) {
  if (!reason) return '';
  return tOptional(`pause.${reason}`, readableCode(reason));
}

/** `coaching_session` → "Coaching session". */
function readableCode(code) {
  const words = code.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
