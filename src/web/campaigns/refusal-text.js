// A refused save in the form's words: a number out of the API's range is named by its box, its
// bound given in the box's units (seconds, %) rather than the API's (milliseconds, a share), so
// that "Ring for, seconds" is not told ">=15000"; any other refusal is shown as the API put it.

import { formatNumber, t } from '/web/shared/i18n.js';
import { allFields } from './campaign-fields.js';

/** zod's words for a number out of range, as the API passes them on. */
const OUT_OF_RANGE = /^Too (?:small|big): expected number to be (>=|<=|>|<)(-?\d+(?:\.\d+)?)$/;
const boundKey = { '>=': 'atLeast', '>': 'above', '<=': 'atMost', '<': 'below' };

/** One issue ({ path: 'body.ringTimeoutMs', message }) in the form's words; null when not a box's range. */
function rangeText(issue) {
  const range = OUT_OF_RANGE.exec(issue?.message ?? '');
  const field = allFields.find((f) => f.type === 'number' && issue?.path === `body.${f.setting ? 'settings.' : ''}${f.key}`);
  if (!range || !field) return null;
  const bound = field.toForm(Number(range[2]));
  return t(`campaigns.range.${boundKey[range[1]]}`, { field: t(`campaigns.field.${field.key}`), bound: formatNumber(bound) });
}

/** What to show for a refused save: each issue in the form's words where it can be, else the API's message. */
export function refusalText(error) {
  const issues = Array.isArray(error.details) ? error.details : [];
  const texts = issues.map(rangeText);
  if (texts.length === 0 || texts.includes(null)) return t('error.refused', { message: error.message });
  return texts.join(' ');
}
