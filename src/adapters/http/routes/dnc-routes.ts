// Do-not-call: add, remove, check a number, import a file of numbers (global or campaign), and read
// the numbers a national registry's full load took off.

import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { z } from 'zod';
import { nationalRegistries } from '../../../core/compliance/national-registries.js';
import { addDncWithEvidence, checkDncAddition, dncEntriesFor, importDncList, registryRegion, removeDncWithEvidence } from '../../pg/dnc-additions.js';
import { registryLoad, registryStandings } from '../../pg/dnc-registry-loads.js';
import { registryRemovalsCsv } from '../../pg/registry-removals-csv.js';
import { DncFileError } from '../../pg/dnc-file-numbers.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { regionToRead } from '../number-region.js';
import { maskedPhone, seesWhole, textSeenBy } from '../number-visibility.js';
import { regionCode, toE164 } from '../phone-numbers.js';
import { managers, staff, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { csvDownloadQuery, spreadsheetCsv } from '../spreadsheet-csv.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface DncRouteDeps {
  pool: Pool;
  /** Where a download that fails part way is told (numbers masked by the logger). */
  logger?: Logger;
  nowMs?: () => number;
}

const campaignId = z.string().regex(/^\d+$/).optional();

export function dncRoutes(deps: DncRouteDeps): RouteSpec[] {
  const now = (): Date => new Date(deps.nowMs?.() ?? Date.now());
  return [
    defineRoute({
      method: 'POST', url: '/api/dnc', summary: 'add a number to the global or a campaign DNC list', tags: ['dnc'], roles: managers,
      body: z.strictObject({ phone: z.string().min(3).max(40), region: regionCode.optional(), campaignId, reason: z.string().max(500).optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
      handler: async ({ body, principal, reply }) => {
        const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
        await checkDncAddition(deps.pool, { campaignId: body.campaignId ?? null, expiresAt, now: now() }).catch(rethrowAsApiError);
        const e164 = toE164(body.phone, await regionToRead(deps.pool, body.region, body.campaignId));
        const result = await addDncWithEvidence(deps.pool, {
          // The manager's own words: kept on the entry, the evidence saying only that there were some.
          e164, campaignId: body.campaignId ?? null, source: 'api', reason: body.reason ?? null, reasonTyped: true,
          expiresAt, by: principal.name, now: now(),
        }).catch(rethrowAsApiError);
        reply.status(result.created ? 201 : 200);
        return { e164, scope: body.campaignId ? 'campaign' : 'global', created: result.created };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/dnc/:phone', summary: 'remove a number from the global or a campaign DNC list, read as `POST /api/dnc` reads it (E.164, or national in `region`, else the campaign\'s lists\' region, else US; reason required for one the person asked for: opt-out key, agent, erasure)', tags: ['dnc'], roles: managers,
      params: z.object({ phone: z.string().min(3).max(40) }), query: z.object({ region: regionCode.optional(), campaignId, reason: z.string().max(500).optional() }),
      handler: async ({ params, query, principal }) => {
        // A campaign that does not exist has no list: said so, not "the number is not on that list".
        await checkDncAddition(deps.pool, { campaignId: query.campaignId ?? null, now: now() }).catch(rethrowAsApiError);
        // Read as it was added, so a number is taken off as the manager wrote it.
        const e164 = toE164(params.phone, await regionToRead(deps.pool, query.region, query.campaignId));
        const removed = await removeDncWithEvidence(deps.pool, { e164, campaignId: query.campaignId ?? null, by: principal.name, reason: query.reason ?? null })
          .catch(rethrowAsApiError);
        if (!removed) throw new ApiError('not_found', 'the number is not on that list');
        return { e164, removed: true };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/dnc/check', summary: 'is a number blocked for a campaign now, and by which entries', tags: ['dnc'], roles: staff,
      query: z.object({ phone: z.string().min(3).max(40), region: regionCode.optional(), campaignId }),
      handler: async ({ query, principal }) => {
        // A campaign that does not exist has no list: said so, not answered for the global list alone.
        await checkDncAddition(deps.pool, { campaignId: query.campaignId ?? null, now: now() }).catch(rethrowAsApiError);
        const e164 = toE164(query.phone, await regionToRead(deps.pool, query.region, query.campaignId));
        const entries = await dncEntriesFor(deps.pool, { e164, campaignId: query.campaignId ?? null, now: now() });
        // The number asked about is the asker's own, answered as it was read; a reason is what people wrote.
        return { e164, blocked: entries.length > 0, entries: entries.map((entry) => ({ ...entry, reason: textSeenBy(principal, entry.reason) })) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/dnc/registries', summary: "each national registry's latest load (the date of its data), until when it is good and whether it is too old to dial on", tags: ['dnc'], roles: staff,
      handler: async () => registryStandings(deps.pool, nationalRegistries, now()),
    }),
    defineRoute({
      method: 'GET', url: '/api/dnc/registry-loads/:id/removed.csv',
      summary: "the numbers a national registry's full load took off the global list (its `dnc_removed` evidence entry and the import's answer give its loadId), as CSV; whole for managers and admins, their last digits for supervisors",
      tags: ['dnc'], roles: supervisors, params: idParam, query: csvDownloadQuery, produces: 'text/csv',
      handler: async ({ params, query, reply, principal }) => {
        const load = await registryLoad(deps.pool, params.id);
        if (!load) throw new ApiError('not_found', `registry load ${params.id} does not exist`);
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${load.registry}-load-${load.id}-removed.csv"`);
        // People's numbers: whole only for those who see numbers (Privacy).
        return reply.send(registryRemovalsCsv(deps.pool, load, {
          ...(seesWhole(principal.role, 'customer') ? {} : { seen: maskedPhone }), csv: (options) => spreadsheetCsv({ ...options, bom: query.bom }),
          failed: (error) => deps.logger?.warn({ err: error, loadId: load.id, registry: load.registry }, "a download of the numbers a registry's full load took off failed"),
        }));
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/dnc/import', summary: 'import a file of numbers (text/plain or text/csv: one per line, or the phone column of a file with a header row); `registry` loads it as a national registry (us_national, uk_tps, uk_ctps) dated `asOf`, and `full=true` as the whole registry, taking off the numbers of its earlier loads that left it', tags: ['dnc'], roles: managers,
      query: z.object({
        campaignId, region: regionCode.optional(), list: z.string().min(1).max(200), expiresAt: z.iso.datetime({ offset: true }).optional(),
        registry: z.enum(nationalRegistries).optional(), asOf: z.iso.datetime({ offset: true }).optional(),
        full: z.enum(['true', 'false']).optional(),
      }),
      handler: async ({ query, body, principal }) => {
        const source = typeof body === 'string' ? Readable.from([body]) : body instanceof Readable ? body : null;
        if (!source) throw new ApiError('invalid_request', 'send the numbers as the request body (text/plain or text/csv)');
        if (query.asOf && !query.registry) throw new ApiError('invalid_request', 'asOf dates a national registry\'s data: give registry too');
        if (query.full === 'true' && !query.registry) throw new ApiError('invalid_request', "full replaces a national registry's numbers: give registry too");
        if (query.registry && query.campaignId) throw new ApiError('invalid_request', `a national registry (${query.registry}) is loaded onto the global list, which every campaign is scrubbed against: leave campaignId out`);
        const read = query.registry && !query.region ? registryRegion[query.registry] : await regionToRead(deps.pool, query.region, query.campaignId);
        const result = await importDncList(deps.pool, {
          source, campaignId: query.campaignId ?? null, region: read, listName: query.list, by: principal.name,
          expiresAt: query.expiresAt ? new Date(query.expiresAt) : null,
          registry: query.registry ?? null, ...(query.asOf ? { asOf: new Date(query.asOf) } : {}), full: query.full === 'true', now: now(),
        }).catch((error: unknown) => {
          // Why, as a code with what it names too, for a page to say in its language.
          if (error instanceof DncFileError) throw new ApiError('invalid_request', error.message, { reasonCode: error.refusal.code, reasonParams: error.refusal.params });
          return rethrowAsApiError(error);
        });
        return { ...result, region: read };
      },
    }),
  ];
}
