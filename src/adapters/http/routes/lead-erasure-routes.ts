// Erasing a person's data at their request (see lead-erasure.ts), for managers and admins: the
// lead is emptied and suppressed in one transaction, then its recordings are deleted from the PBX.
// Asking again is safe: it deletes the recordings the PBX refused the first time, which the hourly
// clean-up (housekeeping.ts) also asks for by itself.

import type { Logger } from 'pino';
import { deleteStoredRecordings, type RecordingDeleter } from '../../ari/stored-recordings.js';
import { eraseLead } from '../../pg/lead-erasure.js';
import type { Pool } from '../../pg/pool.js';
import { markRecordingsPurged } from '../../pg/recording-retention.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface LeadErasureRouteDeps {
  pool: Pool;
  deleteRecording: RecordingDeleter;
  logger: Logger;
  /** The clock (the engine's, so simulated time works); defaults to the wall clock. */
  nowMs?: () => number;
  /** Posts the CRM deliveries of the erasure. */
  sendWebhooks: (deliveryIds: readonly string[]) => Promise<void>;
}

export function leadErasureRoutes(deps: LeadErasureRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/leads/:id/erase',
      summary: "erase a person's data at their request, in this lead, the leads under its customer id in its campaign, and every lead of any campaign with one of their numbers under one of their names or none (named leads kept when the person has no name): names, ids, fields and notes go, numbers onto the global DNC list, reasons staff typed on their DNC entries and import error cells with them cleared, recordings deleted, the CRM told; calls and evidence kept",
      tags: ['leads'], roles: managers, params: idParam,
      handler: async ({ params, principal }) => {
        const now = new Date(deps.nowMs?.() ?? Date.now());
        const erased = await eraseLead(deps.pool, { leadId: params.id, by: principal.name, now }).catch(rethrowAsApiError);
        const deleted = await deleteStoredRecordings(erased.recordings, deps.deleteRecording, (recording, error) =>
          deps.logger.warn({ err: error, recording: recording.name, leadId: params.id }, 'the PBX did not delete a recording of an erased lead; the hourly clean-up tries again'));
        await markRecordingsPurged(deps.pool, deleted, { at: now, why: { erasedLead: params.id } });
        if (erased.webhookIds.length > 0) {
          await deps.sendWebhooks(erased.webhookIds).catch((error: unknown) => deps.logger.warn({ err: error }, 'queueing the erasure\'s CRM webhooks failed; the sweep sends them'));
        }
        return {
          leadId: params.id, phonesSuppressed: erased.phonesSuppressed,
          // The scope: every lead erased (this one, its customer id's, and each other of the person on one of their numbers).
          erasedLeads: erased.leads, otherPeopleKept: erased.otherPeopleKept, importErrorRowsCleared: erased.importErrorRowsCleared,
          dncReasonsCleared: erased.dncReasonsCleared,
          recordingsDeleted: deleted.length, recordingsLeft: erased.recordings.length - deleted.length,
        };
      },
    }),
  ];
}
