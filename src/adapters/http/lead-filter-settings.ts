// A campaign's lead filter as its manager sets it (`settings.leadFilter`: conditions on lead
// fields, see lead-filter.ts), checked when the settings are saved and naming the first bad
// condition, as the engine would otherwise leave every lead out.

import { leadFilterProblems } from '../../core/compliance/lead-filter.js';
import { ApiError } from './api-error.js';

export function assertLeadFilterValid(settings: Record<string, unknown> | undefined): void {
  const [problem] = leadFilterProblems(settings?.leadFilter);
  if (problem !== undefined) throw new ApiError('invalid_request', `settings.leadFilter${problem.startsWith('[') ? '' : ': '}${problem}`);
}
