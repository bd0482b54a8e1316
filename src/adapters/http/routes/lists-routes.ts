// Lists: upload a CSV of leads (stored, then imported by a BullMQ job), follow its progress and
// counts, download its error report as CSV.

import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { importEncodingNamed, unknownEncodingMessage } from '../../pg/lead-import-encoding.js';
import { parseMappingFile, parseMappingFlags, type LeadImportMapping } from '../../pg/lead-import-mapping.js';
import { createLeadImport, ensureList, failLeadImport, getLeadImport, ListRegionMismatchError, listImportErrors } from '../../pg/lead-import-repository.js';
import type { Pool } from '../../pg/pool.js';
import { enqueueLeadImport, type LeadImportJobPayload } from '../../redis/lead-import-queue.js';
import { ApiError } from '../api-error.js';
import { fieldsSeenBy, textSeenBy } from '../number-visibility.js';
import { regionCode } from '../phone-numbers.js';
import { managers, staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { csvDownloadQuery, spreadsheetCsvOf } from '../spreadsheet-csv.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface ListsRouteDeps {
  pool: Pool;
  importQueue: Queue<LeadImportJobPayload>;
  /** Where uploads wait for their import job (shared by API and workers on one host). */
  uploadDir: string;
}

/** utf-8 when not given; windows-1252 (or latin1, cp1252, iso-8859-1), any case. */
const encodingParam = z.string().max(40).transform((name, ctx) => {
  const encoding = importEncodingNamed(name);
  if (encoding === null) ctx.addIssue({ code: 'custom', message: unknownEncodingMessage(name) });
  return encoding ?? z.NEVER;
});

const uploadQuery = z.object({
  list: z.string().min(1).max(200),
  /** Region of numbers without a country code: a new list's (US when not given); an existing list's must match. */
  region: regionCode.optional(),
  /** `phone=Phone,phone2=Mobile,first_name=First,...` */
  map: z.string().max(4000).optional(),
  /** A mapping file's content (YAML or JSON), URL-encoded. */
  mapping: z.string().max(20_000).optional(),
  fileName: z.string().max(300).default('upload.csv'),
  /** The file's character encoding; a file sent as UTF-8 that is not is read as Windows-1252, noted in the report. */
  encoding: encodingParam.default('utf-8'),
});

function mappingOf(query: z.infer<typeof uploadQuery>): LeadImportMapping {
  if ((query.map === undefined) === (query.mapping === undefined)) throw new ApiError('invalid_request', 'give exactly one of "map" and "mapping"');
  try {
    return query.map !== undefined ? parseMappingFlags(query.map) : parseMappingFile(query.mapping ?? '');
  } catch (error) {
    return rethrowAsApiError(error);
  }
}

/** A region other than the list's is refused (409): its numbers would be read as another country's. */
function rethrowUploadError(error: unknown): never {
  if (error instanceof ListRegionMismatchError) {
    throw new ApiError('conflict', error.message, {
      listRegion: error.listRegion, uploadRegion: error.uploadRegion, reasonCode: error.refusal.code, reasonParams: error.refusal.params,
    });
  }
  return rethrowAsApiError(error);
}

/** Report rows an import's answer carries, for a page to show (the whole report is errors.csv). */
const PROBLEM_SAMPLES = 10;

export function listsRoutes(deps: ListsRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/campaigns/:id/imports', summary: 'upload a CSV of leads into a list (imported by a background job)', tags: ['lists'],
      roles: managers, params: idParam, query: uploadQuery,
      handler: async ({ params, query, body, reply }) => {
        const mapping = mappingOf(query);
        const source = typeof body === 'string' ? Readable.from([body]) : body instanceof Readable ? body : null;
        if (!source) throw new ApiError('invalid_request', 'send the CSV as the request body (text/csv or text/plain)');
        const list = await ensureList(deps.pool, { campaignId: params.id, name: query.list, defaultRegion: query.region }).catch(rethrowUploadError);
        const record = await createLeadImport(deps.pool, { campaignId: params.id, listId: list.id, fileName: query.fileName, mapping }).catch(rethrowAsApiError);
        await mkdir(deps.uploadDir, { recursive: true });
        const filePath = join(deps.uploadDir, `${record.id}.csv`);
        await pipeline(source, createWriteStream(filePath)).catch(async (error: unknown) => {
          // Too large, or the sender gone: no job is queued, the import says why, nothing is left on disk.
          const message = (error as Error).message;
          await failLeadImport(deps.pool, record.id, `the upload did not arrive whole: ${message}`, undefined, { code: 'upload_incomplete', params: { message } });
          await rm(filePath, { force: true });
          throw error;
        });
        await enqueueLeadImport(deps.importQueue, { importId: record.id, campaignId: params.id, listId: list.id, filePath, mapping, encoding: query.encoding })
          .catch(async (error: unknown) => {
            // No job will ever read the file, nor remove it: it holds every person of the list, so
            // it goes now, and the import says why rather than waiting for ever.
            const message = (error as Error).message;
            await failLeadImport(deps.pool, record.id, `the import could not be queued (${message}): nothing was loaded, upload the file again`, undefined, { code: 'not_queued', params: { message } });
            await rm(filePath, { force: true });
            throw new ApiError('unavailable', `the import could not be queued (${message}): nothing was loaded and the file was not kept; upload it again once the job queue answers`);
          });
        reply.status(202);
        // The region the numbers are read in: the list's, which an upload naming none gets.
        return { importId: record.id, listId: list.id, region: list.defaultRegion, status: record.status };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/imports/:importId', summary: 'an import: status, counts and live progress', tags: ['lists'], roles: staff,
      params: z.object({ importId: z.uuid() }),
      handler: async ({ params, principal }) => {
        const record = await getLeadImport(deps.pool, params.importId);
        if (!record) throw new ApiError('not_found', `import ${params.importId} does not exist`);
        const job = await deps.importQueue.getJob(params.importId);
        // The first rows of its report, each also as a code with what it names for a page to say
        // in its language (reason stays English).
        const problems = await listImportErrors(deps.pool, params.importId, PROBLEM_SAMPLES);
        const problemSamples = problems.map((p) => ({
          row: p.rowNumber, column: p.column, reason: textSeenBy(principal, p.reason), reasonCode: p.code, reasonParams: fieldsSeenBy(principal, p.params),
        }));
        // Why it failed may quote the file (a header row of numbers), as its error report does.
        return {
          ...record, error: textSeenBy(principal, record.error), errorParams: record.errorParams && fieldsSeenBy(principal, record.errorParams),
          problemSamples, progress: job && typeof job.progress === 'object' ? job.progress : null,
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/imports/:importId/errors.csv', summary: 'the error report of an import (row, column, reason)', tags: ['lists'],
      roles: staff, params: z.object({ importId: z.uuid() }), query: csvDownloadQuery, produces: 'text/csv',
      handler: async ({ params, query, principal, reply }) => {
        const record = await getLeadImport(deps.pool, params.importId);
        if (!record) throw new ApiError('not_found', `import ${params.importId} does not exist`);
        // Not an empty report, which would read as nothing refused: the counts stay on the import.
        if (record.errorsDeletedAt !== null) {
          throw new ApiError('not_found', `the error report of import ${params.importId} was deleted on ${record.errorsDeletedAt.toISOString()} by retention (imports.errorRetentionDays): it quoted the rows refused; the import's counts are kept`,
            { reason: 'report_deleted_by_retention', errorsDeletedAt: record.errorsDeletedAt.toISOString() });
        }
        const problems = await listImportErrors(deps.pool, params.importId);
        const csv = spreadsheetCsvOf(problems.map((p) => [String(p.rowNumber), p.column ?? '', textSeenBy(principal, p.reason)]), { header: true, columns: ['row', 'column', 'reason'], bom: query.bom });
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="import-${params.importId}-errors.csv"`);
        return reply.send(csv);
      },
    }),
  ];
}
