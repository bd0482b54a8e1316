// The compliance evidence of a campaign: where it stands against its abandonment limit as its
// regime counts it, and its append-only evidence log, read a page at a time or exported as CSV
// for a date range; and every campaign's entries about one number (a complaint names a number, not
// a lead), asked by supervisors and up only: even masked, the answer tells whether a whole number
// was called. Numbers in the log are shown in full to managers and admins only. The export's
// `at` is UTC (ISO 8601 with Z); its next columns name the campaign's zone and give `at` on its clock,
// and the last is the entry's hash in the log's chain (migrations 085, 090), which a later
// verification of the chain (GET /api/evidence/verify, `outpace evidence verify`) vouches for. An
// export seals what is pending first; an entry committed while it runs (or being sealed by a node
// at that moment) may still have no seal, and its hash is empty.

import { pipeline, Readable } from 'node:stream';
import type { Logger } from 'pino';
import { z } from 'zod';
import { requiredRegistriesFrom } from '../../../core/compliance/national-registries.js';
import { abandonStanding } from '../../pg/abandon-standing.js';
import { registryStandings } from '../../pg/dnc-registry-loads.js';
import { evidenceKinds, isEvidenceKind } from '../../pg/evidence-kinds.js';
import { getCampaign, type Campaign } from '../../pg/campaign-repository.js';
import { sealEvidenceChain, verifyEvidenceChain } from '../../pg/evidence-chain.js';
import { evidenceAboutNumber, evidencePage, exportEvidence, exportEvidenceAboutNumber, type ChainedEvidenceEntry, type EvidenceEntry } from '../../pg/evidence-log-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { campaignLocalIso } from '../campaign-local-time.js';
import { regionToRead } from '../number-region.js';
import { payloadSeenBy, phoneSeenBy } from '../number-visibility.js';
import { regionCode, toE164 } from '../phone-numbers.js';
import { staff, supervisors, type Principal } from '../principal.js';
import type { FastifyReply } from 'fastify';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { csvDownloadQuery, spreadsheetCsv } from '../spreadsheet-csv.js';
import { idParam } from './leads-routes.js';
import { reportPeriod } from './report-range.js';

export interface EvidenceRouteDeps {
  pool: Pool;
  logger?: Logger;
  /** The clock (the engine's, so simulated time works); defaults to the wall clock. */
  nowMs?: () => number;
  /** Entries an export reads at a time (tests make it small). */
  exportBatchSize?: number;
  /** Links of the chain a verification reads at a time (tests make it small). */
  verifyBatchSize?: number;
}

/** The most entries one page holds. */
export const maxEvidencePerPage = 200;

/** Kinds asked for, comma-separated; one no writer makes (a typo) is refused by name rather than
 * answered with an empty log that reads as "nothing happened". */
const kindsList = z.string().max(500).optional()
  .transform((text, ctx) => {
    const kinds = text?.split(',').map((k) => k.trim()).filter((k) => k.length > 0);
    const unknown = kinds?.filter((k) => !isEvidenceKind(k)) ?? [];
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown kind ${unknown.map((k) => JSON.stringify(k)).join(', ')}; kinds are ${evidenceKinds.join(', ')}` });
      return z.NEVER;
    }
    return kinds;
  });

/** An entry as this principal may read it: the numbers in its payload by number-visibility.ts's rule. */
const entryFor = (principal: Principal) => (entry: EvidenceEntry): EvidenceEntry => ({ ...entry, payload: payloadSeenBy(principal, entry.payload) });

/** One page of entries read `limit + 1` at a time, as `principal` may read them, and the id to
 * read the next page before (null on the last). */
export function evidencePageFor(principal: Principal, entries: readonly EvidenceEntry[], limit: number): { entries: EvidenceEntry[]; next: string | null } {
  const page = entries.slice(0, limit);
  return { entries: page.map(entryFor(principal)), next: entries.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** The span, refused when it ends before it starts. */
function inOrder<Span extends { from?: Date; to?: Date }>(span: Span): Span {
  if (span.from && span.to && !(span.from < span.to)) throw new ApiError('invalid_request', '"from" must be before "to"');
  return span;
}

/** Who may look a number up, and what the others are told. */
const numberAskers = { roles: supervisors, refusedBecause: "evidence about a number is looked up by supervisors, managers and admins only (it tells whether the number was called); a campaign's evidence log is open to every staff role" };

/** A number asked about: E.164, or national read in `region`, else in the region of the lists of
 * `campaignId` (the campaign the asker is looking at), else US. */
const numberQuery = { phone: z.string().min(3).max(40), region: regionCode.optional(), campaignId: z.string().regex(/^\d+$/).optional() };

/** A page's filters: dates, kinds and the page to read before. */
const pageQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), kinds: kindsList,
  before: z.string().regex(/^\d+$/, 'an entry id from the last page').optional(),
  limit: z.coerce.number().int().min(1).max(maxEvidencePerPage).default(50),
});

/** The page asked for as the repository reads it: one entry more than shown, to tell if another follows. */
function pageFilters(query: z.infer<typeof pageQuery>): { from?: Date; to?: Date; kinds?: string[]; beforeId?: string; limit: number } {
  return { ...range(query.from, query.to), ...(query.kinds ? { kinds: query.kinds } : {}), ...(query.before ? { beforeId: query.before } : {}), limit: query.limit + 1 };
}

function range(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  return inOrder({ ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) });
}

const evidenceCsvColumns = ['id', 'at', 'kind', 'campaign_id', 'attempt_id', 'lead_id', 'payload', 'campaign_timezone', 'at_local', 'hash'];

/** Sends evidence entries as a CSV download, each on its campaign's clock (`zoneOf`), as `shown` lets the asker read them. */
function sendEvidenceCsv(reply: FastifyReply, entries: AsyncIterable<ChainedEvidenceEntry>, options: {
  shown: (entry: EvidenceEntry) => EvidenceEntry; zoneOf: (campaignId: string | null) => string | Promise<string>; bom: boolean; fileName: string;
  failed: (error: Error) => void;
}): FastifyReply {
  const rows = Readable.from((async function* () {
    for await (const found of entries) {
      const e = options.shown(found);
      const zone = await options.zoneOf(e.campaignId);
      yield [e.id, e.at.toISOString(), e.kind, e.campaignId ?? '', e.attemptId ?? '', e.leadId ?? '', JSON.stringify(e.payload), zone, campaignLocalIso(e.at, zone), found.hash ?? ''];
    }
  })());
  // A pipeline, not a pipe: a read failing part way (the database lost) ends the download
  // instead of throwing an error nobody listens to, which would end the process.
  const csv = pipeline(rows, spreadsheetCsv({ header: true, columns: evidenceCsvColumns, bom: options.bom }), (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') options.failed(error);
  });
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${options.fileName}"`);
  return reply.send(csv);
}

/** The campaign a log is asked of: one there is none of is said not to exist, not answered with
 * an empty log an auditor would read as a campaign with no evidence. */
async function campaignAskedOf(pool: Pool, id: string): Promise<Campaign> {
  const campaign = await getCampaign(pool, id);
  if (!campaign) throw new ApiError('not_found', `campaign ${id} does not exist`);
  return campaign;
}

export function evidenceRoutes(deps: EvidenceRouteDeps): RouteSpec[] {
  const now = (): Date => new Date(deps.nowMs?.() ?? Date.now());
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/compliance', summary: "abandonment over the regime's window against the limit, as the regime counts it, safe-harbour messages played, and the national DNC registries the campaign is scrubbed against with their last loads",
      tags: ['evidence'], roles: staff, params: idParam,
      handler: async ({ params }) => {
        const campaign = await campaignAskedOf(deps.pool, params.id);
        const at = now();
        // The national registries it is scrubbed against, each with its last load and whether it holds the dialling.
        const nationalRegistries = await registryStandings(deps.pool, requiredRegistriesFrom(campaign.settings.nationalRegistries), at);
        return { ...await abandonStanding(deps.pool, campaign, at), nationalRegistries };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/evidence', summary: 'evidence log of a campaign, newest first, a page at a time',
      tags: ['evidence'], roles: staff, params: idParam,
      query: pageQuery,
      handler: async ({ params, query, principal }) => {
        await campaignAskedOf(deps.pool, params.id);
        const entries = await evidencePage(deps.pool, { campaignId: params.id, ...pageFilters(query) });
        return evidencePageFor(principal, entries, query.limit);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/evidence', summary: "every campaign's evidence about a number (named in the entry, or its call's or its lead's), newest first, a page at a time",
      tags: ['evidence'], ...numberAskers,
      query: pageQuery.extend(numberQuery),
      handler: async ({ query, principal }) => {
        const e164 = toE164(query.phone, await regionToRead(deps.pool, query.region, query.campaignId));
        const entries = await evidenceAboutNumber(deps.pool, { e164, ...pageFilters(query) });
        return { e164: phoneSeenBy(principal, e164), ...evidencePageFor(principal, entries, query.limit) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/evidence/verify', summary: "walks the evidence log's hash chain: OK with the entries and the last hash, or the first entry where it breaks and why",
      tags: ['evidence'], roles: supervisors,
      handler: async () => verifyEvidenceChain(deps.pool, deps.verifyBatchSize ? { batchSize: deps.verifyBatchSize } : {}),
    }),
    defineRoute({
      method: 'GET', url: '/api/evidence.csv', summary: "every campaign's evidence about a number for [from, to) (default: the 24 hours up to now), as CSV, each entry on its campaign's clock",
      tags: ['evidence'], ...numberAskers, produces: 'text/csv',
      query: csvDownloadQuery.extend({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), kinds: kindsList, ...numberQuery }),
      handler: async ({ query, reply, principal }) => {
        const e164 = toE164(query.phone, await regionToRead(deps.pool, query.region, query.campaignId));
        const { from, to } = inOrder(reportPeriod(query, now().getTime()));
        await sealEvidenceChain(deps.pool);
        const zones = new Map<string, string>();
        const zoneOf = async (campaignId: string | null): Promise<string> => {
          if (campaignId === null) return 'UTC';
          if (!zones.has(campaignId)) zones.set(campaignId, (await getCampaign(deps.pool, campaignId))?.timezone ?? 'UTC');
          return zones.get(campaignId) ?? 'UTC';
        };
        const entries = exportEvidenceAboutNumber(deps.pool, {
          e164, from, to, ...(query.kinds ? { kinds: query.kinds } : {}), ...(deps.exportBatchSize ? { batchSize: deps.exportBatchSize } : {}),
        });
        return sendEvidenceCsv(reply, entries, {
          shown: entryFor(principal), zoneOf, bom: query.bom, fileName: 'evidence-number.csv',
          failed: (error) => deps.logger?.warn({ err: error }, 'an evidence export by number failed'),
        });
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/evidence.csv', summary: 'evidence log of a campaign for [from, to) (default: the 24 hours up to now, as calls.csv), as CSV', tags: ['evidence'],
      roles: staff, params: idParam, produces: 'text/csv',
      query: csvDownloadQuery.extend({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), kinds: kindsList }),
      handler: async ({ params, query, reply, principal }) => {
        // The reports' default period, without their bound: the whole log may be exported.
        const { from, to } = inOrder(reportPeriod(query, now().getTime()));
        const zone = (await campaignAskedOf(deps.pool, params.id)).timezone;
        await sealEvidenceChain(deps.pool);
        const entries = exportEvidence(deps.pool, {
          campaignId: params.id, from, to, ...(query.kinds ? { kinds: query.kinds } : {}), ...(deps.exportBatchSize ? { batchSize: deps.exportBatchSize } : {}),
        });
        return sendEvidenceCsv(reply, entries, {
          shown: entryFor(principal), zoneOf: () => zone, bom: query.bom, fileName: `evidence-campaign-${params.id}.csv`,
          failed: (error) => deps.logger?.warn({ err: error, campaignId: params.id }, 'an evidence export failed'),
        });
      },
    }),
  ];
}
