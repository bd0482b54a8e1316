// The third parties a campaign's agents may call about a customer (`settings.thirdParties`: a
// verification desk, a supplier), checked when the settings are saved, naming the first bad entry.
// Agents see the names and call no other number.

import { ApiError } from './api-error.js';
import { isE164, notE164 } from './calling-line-settings.js';

const MAX_THIRD_PARTIES = 20;
const MAX_NAME = 60;

/** Refuses a `thirdParties` that is not a list of `{ name, number }`, with names unique (whatever
 * their case) and numbers valid in E.164 form (null or [] for none). */
export function assertThirdPartiesValid(settings: Record<string, unknown> | undefined): void {
  const list = settings?.thirdParties;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw invalid('', 'a list of { name, number }');
  if (list.length > MAX_THIRD_PARTIES) throw invalid('', `at most ${MAX_THIRD_PARTIES} third parties`);
  const names = new Set<string>();
  list.forEach((entry: unknown, i) => {
    const { name, number } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || name.trim() !== name || name.length > MAX_NAME) {
      throw invalid(`[${i}].name`, `${JSON.stringify(name)} is not a name of 1 to ${MAX_NAME} characters without spaces around it`);
    }
    if (names.has(name.toLowerCase())) throw invalid(`[${i}].name`, `${JSON.stringify(name)} is named twice`);
    names.add(name.toLowerCase());
    if (!isE164(number)) throw invalid(`[${i}].number`, notE164(number));
  });
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('invalid_request', `settings.thirdParties${path}: ${message}`);
}
