// Looking a lead up: search by phone number, the customer's own id or the start of a name, a
// lead's calls and callbacks, and a lead corrected (names, grade, stage, priority, time zone). For
// staff; corrections by supervisors and up; numbers in full for managers and admins only (see
// phone-numbers.ts), whatever number was searched for.

import { z } from 'zod';
import { leadPriorityRangeText, maxLeadPriority } from '../../../core/lead-priority.js';
import { timeZoneField } from '../time-zone-field.js';
import { leadStages } from '../../pg/disposition-catalog-repository.js';
import { correctLead } from '../../pg/lead-edit.js';
import { leadCallbacks, leadCalls, leadChanges } from '../../pg/lead-history.js';
import { leadOrders, parseLeadCursor, searchLeads, type LeadCriteria } from '../../pg/lead-search.js';
import { getLead, leadGrades, leadStatuses } from '../../pg/lead-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { SeveralRegionsError, regionToRead } from '../number-region.js';
import { payloadSeenBy, phoneSeenBy, textSeenBy } from '../number-visibility.js';
import { readE164, regionCode, toE164 } from '../phone-numbers.js';
import { staff, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam, leadSeenBy, rethrowAsApiError } from './leads-routes.js';

export interface LeadLookupRouteDeps {
  pool: Pool;
  /** The clock (the engine's, so simulated time works); defaults to the wall clock. */
  nowMs?: () => number;
}

const name = z.string().trim().max(200).transform((text) => (text === '' ? null : text)).nullable();
const priorityRange = `priority must be ${leadPriorityRangeText}`;
const leadCorrection = z.strictObject({
  firstName: name.optional(),
  lastName: name.optional(),
  grade: z.enum(leadGrades).optional(),
  stage: z.enum(leadStages).optional(),
  priority: z.number().int(priorityRange).min(-maxLeadPriority, priorityRange).max(maxLeadPriority, priorityRange).optional(),
  timezone: timeZoneField.nullable().optional(),
});

/** The most leads one page holds. */
export const maxLeadsPerPage = 200;

/** Which leads a search finds, in which order (its pages aside): the leads page's and its download's. */
export const leadCriteriaQuery = z.object({
  campaignId: z.string().regex(/^\d+$/, 'a numeric campaign id').optional(),
  phone: z.string().min(3).max(40).optional(),
  /** The region a national number is read in; omitted: the campaign's lists' (US without one). */
  region: regionCode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  status: z.enum(leadStatuses).optional(),
  stage: z.enum(leadStages).optional(),
  grade: z.enum(leadGrades).optional(),
  order: z.enum(leadOrders).default('newest'),
});

/** Text that may be a phone number: digits and the punctuation people type, seven digits at least. */
const numberLike = (text: string): boolean => /^\+?[\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 7;

/** The region the query's numbers are read in, read once for `phone` and `q` alike. `phone` must
 * be read, so a campaign whose lists read numbers in several regions is refused; a `q` that may be
 * a number is then a customer id or a name only (null), never refused for not being a number. */
async function regionOfNumbers(pool: Pool, query: z.infer<typeof leadCriteriaQuery>): Promise<string | null> {
  const region = regionToRead(pool, query.region, query.campaignId);
  if (query.phone !== undefined) return region;
  return region.catch((error: unknown) => {
    if (error instanceof SeveralRegionsError) return null;
    throw error;
  });
}

/** The criteria the query asks for, its number read in E.164 as the DNC routes read theirs (a
 * British number typed as Britons write it, for a British campaign); a number typed into `q`
 * finds the leads with it among their phones as well as those whose customer id it is. */
export async function leadCriteriaOf(pool: Pool, query: z.infer<typeof leadCriteriaQuery>): Promise<LeadCriteria> {
  const typedNumber = query.q !== undefined && numberLike(query.q) ? query.q : undefined;
  const region = query.phone === undefined && typedNumber === undefined ? null : await regionOfNumbers(pool, query);
  return {
    campaignId: query.campaignId,
    e164: query.phone === undefined || region === null ? undefined : toE164(query.phone, region),
    text: query.q, textE164: typedNumber === undefined || region === null ? undefined : readE164(typedNumber, region) ?? undefined,
    status: query.status, stage: query.stage, grade: query.grade,
  };
}

const searchQuery = leadCriteriaQuery.extend({
  limit: z.coerce.number().int().min(1).max(maxLeadsPerPage).default(50),
  /** The last page's `next`. */
  before: z.string().max(60).optional(),
});

export function leadLookupRoutes(deps: LeadLookupRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/leads',
      summary: "find leads by phone, external id or the start of a name, status, stage or grade; newest first or the last called first (order=lastCalled), a page at a time (before: the last page's next)",
      tags: ['leads'], roles: staff, query: searchQuery,
      handler: async ({ query, principal }) => {
        const before = query.before === undefined ? undefined : parseLeadCursor(query.order, query.before);
        if (before === null) throw new ApiError('invalid_request', `before: not the next page of a search in the order ${query.order}; pass the last page's next as it came`);
        const page = await searchLeads(deps.pool, { ...(await leadCriteriaOf(deps.pool, query)), order: query.order, limit: query.limit, before });
        return { leads: page.leads.map((lead) => ({ ...lead, phones: lead.phones.map((phone) => phoneSeenBy(principal, phone)) })), next: page.next };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/leads/:id/history',
      summary: "a lead's calls (outcome, agent, disposition, notes), callbacks and changes (time zone corrected, consent changed by an import, returned to the dialling pool), newest first",
      tags: ['leads'], roles: staff, params: idParam,
      handler: async ({ params, principal }) => {
        if (!(await getLead(deps.pool, params.id))) throw new ApiError('not_found', `lead ${params.id} does not exist`);
        const [calls, callbacks, changes] = await Promise.all([
          leadCalls(deps.pool, params.id, { limit: 100 }), leadCallbacks(deps.pool, params.id, 50), leadChanges(deps.pool, params.id, 50),
        ]);
        return {
          calls: calls.map((call) => ({
            ...call, notes: textSeenBy(principal, call.notes),
            endedBy: call.endedBy?.reason === undefined ? call.endedBy : { ...call.endedBy, reason: textSeenBy(principal, call.endedBy.reason) },
          })),
          callbacks: callbacks.map((callback) => ({ ...callback, notes: textSeenBy(principal, callback.notes) })),
          // Evidence payloads, as the evidence log's routes show them: a number in them whole only for those who see numbers.
          changes: changes.map((change) => ({ ...change, payload: payloadSeenBy(principal, change.payload) })),
        };
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/leads/:id', summary: 'correct a lead: names, grade, stage, priority, time zone (a zone change is recorded in the evidence log)',
      tags: ['leads'], roles: supervisors, params: idParam, body: leadCorrection,
      handler: async ({ params, body, principal }) => {
        await correctLead(deps.pool, { leadId: params.id, changes: body, by: principal.name, now: new Date(deps.nowMs?.() ?? Date.now()) }).catch(rethrowAsApiError);
        return leadSeenBy(deps.pool, principal, params.id);
      },
    }),
  ];
}
