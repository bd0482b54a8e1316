// A campaign's lists: what each holds and has due, switched on or off, its share of the dials,
// its own caller ID and message on answering machines in place of the campaign's, and another
// pass over its exhausted leads (recorded in the evidence log). Staff read; managers and admins
// change.

import { z } from 'zod';
import { getCampaign } from '../../pg/campaign-repository.js';
import { listOverviews, listWithCampaign, resetExhaustedLeads, updateList } from '../../pg/list-management.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { pbxMediaOrEmptyField } from '../pbx-media-field.js';
import { assertPbxHasMedia } from '../pbx-media-check.js';
import type { PbxMedia } from '../../ari/pbx-media.js';
import { managers, staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { callerIdBody } from './campaign-routes.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface ListManagementRouteDeps {
  pool: Pool;
  /** The PBX's sounds: a running campaign's list is not set to play one it lacks. */
  pbxMedia: PbxMedia;
  /** The clock (the engine's, so simulated time works); defaults to the wall clock. */
  nowMs?: () => number;
}

/** The largest share of the dials one list may be given against another's 1. */
export const maxMixWeight = 100;

const listChanges = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  active: z.boolean().optional(),
  mixWeight: z.number().int().min(0).max(maxMixWeight).optional(),
  // Null or empty: the campaign's again.
  callerId: callerIdBody.nullable().transform((value) => value?.trim() || null).optional(),
  machineMessageMedia: pbxMediaOrEmptyField.nullable().transform((value) => value || null).optional(),
}).refine((changes) => Object.keys(changes).length > 0, 'send name, active, mixWeight, callerId or machineMessageMedia');

export function listManagementRoutes(deps: ListManagementRouteDeps): RouteSpec[] {
  const now = (): Date => new Date(deps.nowMs?.() ?? Date.now());
  const overviewOf = async (campaignId: string, listId: string) => (await listOverviews(deps.pool, campaignId, now(), listId))[0];
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/lists', summary: "a campaign's lists: leads by status, due now, on or off, share of the dials",
      tags: ['lists'], roles: staff, params: idParam,
      handler: async ({ params }) => {
        if (!(await getCampaign(deps.pool, params.id))) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        return listOverviews(deps.pool, params.id, now());
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/lists/:id', summary: "rename a list, switch it on or off, set its share of the dials (mixWeight; 0 pauses it), or the caller ID and machine message its leads get in place of the campaign's (callerId, machineMessageMedia; null: the campaign's); each change kept in the evidence log",
      tags: ['lists'], roles: managers, params: idParam, body: listChanges,
      handler: async ({ params, body, principal }) => {
        if (body.machineMessageMedia) await assertListSoundOnPbx(deps, params.id, body.machineMessageMedia);
        const changed = await updateList(deps.pool, params.id, body, { by: principal.name, now: now() }).catch(rethrowAsApiError);
        if (!changed) throw new ApiError('not_found', `list ${params.id} does not exist`);
        return overviewOf(changed.campaignId, params.id);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/lists/:id/reset', summary: "another pass over a list: its exhausted leads dialled again, their dial counts back to zero (recorded in the evidence log)",
      tags: ['lists'], roles: managers, params: idParam,
      handler: async ({ params, principal }) => {
        const { campaignId, reset } = await resetExhaustedLeads(deps.pool, { listId: params.id, by: principal.name, now: now() }).catch(rethrowAsApiError);
        return { reset, list: await overviewOf(campaignId, params.id) };
      },
    }),
  ];
}

/** The machine message of a running campaign's list is a sound the PBX has (as the campaign's own). */
async function assertListSoundOnPbx(deps: ListManagementRouteDeps, listId: string, media: string): Promise<void> {
  const found = await listWithCampaign(deps.pool, listId);
  if (found?.status !== 'running') return;
  const who = `list "${found.list}" of campaign "${found.campaign}"`;
  await assertPbxHasMedia(deps.pbxMedia, [{ who, use: 'machineMessage', media }], `campaign ${found.campaignId} is running`);
}
