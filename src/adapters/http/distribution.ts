// Distribution of a campaign's answered calls by a lead attribute: `settings.distributeBy` names
// the lead field (a column of the list as imported, e.g. "region" or "industry") whose value is
// the lead's group, and agents list the groups they are given first (see core/routing.ts).

import { z } from 'zod';
import { leadFieldName } from '../pg/lead-groups.js';
import { ApiError } from './api-error.js';

const GROUPS_MAX = 20;

/** Refuses settings whose `distributeBy` is not a lead field name (null switches distribution off). */
export function assertDistributionValid(settings: Record<string, unknown> | undefined): void {
  const field = settings?.distributeBy;
  if (field === undefined || field === null) return;
  if (typeof field !== 'string' || !leadFieldName.test(field)) {
    throw new ApiError('invalid_request', `settings.distributeBy: ${JSON.stringify(field)} is not a lead field name (letters, digits, _ and -, up to 40), or null for none`);
  }
}

/** An agent's groups as sent: each a value of the campaign's distribution field, any case. */
export const agentGroupsBody = z.array(z.string().trim().min(1).max(60)).max(GROUPS_MAX, `at most ${GROUPS_MAX} groups`);
