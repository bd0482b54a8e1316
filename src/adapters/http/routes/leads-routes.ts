// Leads: detail, "why not dialled" (every rule, whether it blocks now and until when), return
// from sales to the dialling pool, and the campaign's dial rules (calling window, caps, refusal
// period), whose changes are written to the evidence log. Numbers in full for managers and
// admins only (see phone-numbers.ts).

import { z } from 'zod';
import { hoursInForce } from '../../../core/compliance/calling-window.js';
import type { DialRulesPolicy } from '../../../core/compliance/dial-rules-policy.js';
import { leadStages } from '../../pg/disposition-catalog-repository.js';
import { DbError } from '../../pg/db-error.js';
import { returnLeadToDiallingPool } from '../../pg/lead-return.js';
import { loadDialRules, updateDialRules } from '../../pg/dial-rules-repository.js';
import { MappingError } from '../../pg/lead-import-mapping.js';
import { isLeadErased } from '../../pg/erased-lead.js';
import { explainLead } from '../../pg/lead-explainer.js';
import { getLead, listLeadPhones } from '../../pg/lead-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { assertCallingWindowValid, dialRulesBody } from '../dial-rules-body.js';
import { fieldsSeenBy, phonesSeenBy } from '../number-visibility.js';
import { managers, staff, supervisors, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface LeadsRouteDeps {
  pool: Pool;
  /** The clock (the engine's, so simulated time works); defaults to the wall clock. */
  nowMs?: () => number;
}

/** Maps repository errors to API errors with the same message. */
export function rethrowAsApiError(error: unknown): never {
  if (error instanceof DbError) {
    if (error.code === 'NOT_FOUND') throw new ApiError('not_found', error.detail);
    if (error.code === 'INVALID_ARGUMENT' || error.code === 'CALLBACK_TIME_REQUIRED') throw new ApiError('invalid_request', error.detail);
    if (error.code === 'CONFLICT') throw new ApiError('conflict', error.detail);
    if (error.code === 'FORBIDDEN') throw new ApiError('forbidden', error.detail);
  }
  if (error instanceof MappingError) throw new ApiError('invalid_request', error.message);
  throw error;
}

export const idParam = z.object({ id: z.string().regex(/^\d+$/, 'a numeric id') });

/** The rules with the calling hours each weekday as dialling keeps them. */
const withHoursInForce = (rules: DialRulesPolicy) => ({ ...rules, hoursInForce: hoursInForce(rules.callingWindow) });

/** A lead with its phones, numbers in them and in its fields as this principal may see them. */
export async function leadSeenBy(pool: Pool, principal: Principal, leadId: string) {
  const lead = await getLead(pool, leadId);
  if (!lead) throw new ApiError('not_found', `lead ${leadId} does not exist`);
  // An erased lead is never dialled again: the pages offer nothing that would, and say why. Its
  // numbers are kept only to keep them off every list: like its name they are read back nowhere.
  const erased = await isLeadErased(pool, leadId);
  const phones = erased ? [] : phonesSeenBy(principal, await listLeadPhones(pool, leadId));
  return { ...lead, fields: fieldsSeenBy(principal, lead.fields), phones, erased };
}

export function leadsRoutes(deps: LeadsRouteDeps): RouteSpec[] {
  const now = (): Date => new Date(deps.nowMs?.() ?? Date.now());
  return [
    defineRoute({
      method: 'GET', url: '/api/leads/:id', summary: 'a lead with its phones', tags: ['leads'], roles: staff, params: idParam,
      handler: async ({ params, principal }) => leadSeenBy(deps.pool, principal, params.id),
    }),
    defineRoute({
      method: 'GET', url: '/api/leads/:id/why-not-dialled', summary: 'every dial rule for the lead: blocks now, and until when', tags: ['leads'],
      roles: staff, params: idParam, query: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
      handler: async ({ params, query, principal }) => {
        const explanation = await explainLead(deps.pool, params.id, query.at ? new Date(query.at) : now());
        if (!explanation) throw new ApiError('not_found', `lead ${params.id} does not exist`);
        return { ...explanation, phones: phonesSeenBy(principal, explanation.phones) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/leads/:id/return-to-pool', summary: 'a lead back from sales, or a DNC lead whose numbers are off the list: dialable again, with its stage', tags: ['leads'],
      roles: supervisors, params: idParam, body: z.strictObject({ stage: z.enum(leadStages).optional() }),
      handler: async ({ params, body, principal }) => {
        const status = await returnLeadToDiallingPool(deps.pool, { leadId: params.id, stage: body.stage, now: now(), by: principal.name }).catch(rethrowAsApiError);
        if (!status) throw new ApiError('conflict', `lead ${params.id} does not exist, is invalid, or is being called or previewed (return it once the call ends or the preview was skipped)`);
        return { leadId: params.id, status };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/dial-rules', summary: 'calling window, caps and rests in force', tags: ['leads'], roles: staff, params: idParam,
      handler: async ({ params }) => withHoursInForce(await loadDialRules(deps.pool, params.id).catch(rethrowAsApiError)),
    }),
    defineRoute({
      method: 'PUT', url: '/api/campaigns/:id/dial-rules', summary: 'change dial rules (recorded in the evidence log)', tags: ['leads'],
      roles: managers, params: idParam, body: dialRulesBody,
      handler: async ({ params, body, principal }) => {
        assertCallingWindowValid(body.callingWindow, 'calling window');
        return withHoursInForce(await updateDialRules(deps.pool, { campaignId: params.id, changes: body, by: principal.name, now: now() }).catch(rethrowAsApiError));
      },
    }),
  ];
}
