// Leads as they stand, as CSV (see lead-export.ts): a list's, or every lead a search of the leads
// page finds in one campaign (all its pages), for managers and admins: personal data in bulk,
// numbers in full, so each export is kept in the campaign's evidence log with who took it and
// what it took.

import type { FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import type { Logger } from 'pino';
import { z } from 'zod';
import { getCampaign } from '../../pg/campaign-repository.js';
import { appendEvidence } from '../../pg/evidence-log-repository.js';
import { exportedList, exportLeads, type ExportedLead, type LeadExportSelection } from '../../pg/lead-export.js';
import { dialableLeadStatuses } from '../../pg/lead-repository.js';
import { prerecordedConsentCell } from '../../pg/lead-row-normaliser.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { maskedPhone } from '../number-visibility.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { csvDownloadQuery, spreadsheetCsv } from '../spreadsheet-csv.js';
import { leadCriteriaOf, leadCriteriaQuery } from './lead-lookup-routes.js';
import { idParam } from './leads-routes.js';

export interface LeadExportRouteDeps {
  pool: Pool;
  logger?: Logger;
}

const leadColumns = [
  'lead_id', 'campaign', 'list', 'external_id', 'first_name', 'last_name', 'phone', 'other_phones', 'status', 'stage', 'grade', 'priority', 'timezone',
  'postal_code', 'dials', 'last_outcome', 'last_called_at', 'next_dial_at', 'last_disposition', 'last_disposition_notes', 'last_disposition_at',
  'prerecorded_consent',
] as const;

/** Statuses a lead is dialled again from (a personal callback too, by its scheduler): only they
 * have a next dial worth saying. */
const toDial = new Set<string>([...dialableLeadStatuses, 'scheduled']);

const iso = (at: Date | null | undefined): string => at?.toISOString() ?? '';
const text = (value: string | null | undefined): string => value ?? '';

/** A loaded field's value in a cell: text as it is, anything else as JSON. */
function fieldCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A loaded field's column: its name (from the list's mapping, which may come with a vendor's
 * file), apart from a standard column of the same name. Cells and headers alike are written as
 * text a spreadsheet will not run (spreadsheet-csv.ts). */
function fieldColumns(names: readonly string[]): Array<{ name: string; header: string }> {
  const taken = new Set<string>(leadColumns);
  return names.map((name) => ({ name, header: taken.has(name) ? `field_${name}` : name }));
}

function leadRow(lead: ExportedLead, fields: ReadonlyArray<{ name: string }>): string[] {
  const [phone = '', ...others] = lead.phones;
  return [
    lead.id, text(lead.campaignName), text(lead.listName), text(lead.externalId), text(lead.firstName), text(lead.lastName), phone, others.join(' '), lead.status, lead.stage, lead.grade,
    String(lead.priority), lead.timezone ?? '', text(lead.postalCode), String(lead.attempts), lead.lastOutcome ?? '', iso(lead.lastCalledAt),
    toDial.has(lead.status) ? iso(lead.nextDialAt) : '', lead.lastDisposition?.code ?? '', text(lead.lastDisposition?.notes), iso(lead.lastDisposition?.at),
    // As a list's column gives it, so the download imports back with it (prerecorded_consent=prerecorded_consent).
    prerecordedConsentCell(lead.prerecordedConsent, lead.prerecordedConsentOn),
    ...fields.map((field) => fieldCell(lead.fields[field.name])),
  ];
}

/** A search of one campaign: its download goes on that campaign's record. */
const campaignCriteriaQuery = leadCriteriaQuery.extend(csvDownloadQuery.shape).extend({
  campaignId: z.string({ error: 'choose a campaign: a download takes the leads of one, and goes on its record' }).regex(/^\d+$/, 'a numeric campaign id'),
});

/** The selected leads as a CSV download; a download given up ends the reading. */
function sendLeads(deps: LeadExportRouteDeps, reply: FastifyReply, selection: LeadExportSelection, file: { name: string; bom: boolean }): FastifyReply {
  const filename = file.name;
  const rows = Readable.from((async function* () {
    let fields: Array<{ name: string; header: string }> = [];
    const leads = exportLeads(deps.pool, selection, { onFieldNames: (names) => { fields = fieldColumns(names); } });
    // The header once the fields' names are read, in the leads' own snapshot.
    let header = false;
    for await (const lead of leads) {
      if (!header) yield [...leadColumns, ...fields.map((field) => field.header)];
      header = true;
      yield leadRow(lead, fields);
    }
    if (!header) yield [...leadColumns, ...fields.map((field) => field.header)];
  })());
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  // A pipeline, not a pipe: a download given up destroys the reading too, whose transaction then ends.
  const csv = pipeline(rows, spreadsheetCsv({ bom: file.bom }), (error) => {
    // Not the criteria: a name searched for is the customer's, kept out of logs as out of the evidence log.
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') deps.logger?.warn({ err: error, filename }, 'a leads export failed');
  });
  return reply.send(csv);
}

export function leadExportRoutes(deps: LeadExportRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/lists/:id/leads.csv',
      summary: "a list's leads as they stand, as CSV: numbers, status, stage, grade, dials, last call and disposition, consent to prerecorded messages, and the fields they were loaded with (each export kept in the evidence log)",
      tags: ['lists'], roles: managers, params: idParam, query: csvDownloadQuery, produces: 'text/csv',
      handler: async ({ params, query, principal, reply }) => {
        const list = await exportedList(deps.pool, params.id);
        if (!list) throw new ApiError('not_found', `list ${params.id} does not exist`);
        await appendEvidence(deps.pool, {
          kind: 'leads_exported', campaignId: list.campaignId, payload: { by: principal.name, role: principal.role, listId: list.id, list: list.name },
        });
        return sendLeads(deps, reply, { criteria: { listId: list.id }, order: 'loaded' }, { name: `leads-list-${list.id}.csv`, bom: query.bom });
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/leads.csv',
      summary: "every lead a search finds in one campaign (the criteria of GET /api/leads, all its pages, in its order) as CSV, in the columns of a list's download (each export kept in the campaign's evidence log)",
      tags: ['leads'], roles: managers, query: campaignCriteriaQuery, produces: 'text/csv',
      handler: async ({ query, principal, reply }) => {
        const criteria = await leadCriteriaOf(deps.pool, query);
        if (!(await getCampaign(deps.pool, query.campaignId))) throw new ApiError('not_found', `campaign ${query.campaignId} does not exist`);
        // What was asked for, the number searched masked and a name or customer id searched left out:
        // the log, which an erasure does not touch, says what was taken, not whom it was about.
        const { text, textE164, ...rest } = criteria;
        const asked = {
          ...rest, e164: criteria.e164 === undefined ? undefined : maskedPhone(criteria.e164),
          textSearched: text === undefined ? undefined : true, textNumber: textE164 === undefined ? undefined : maskedPhone(textE164), order: query.order,
        };
        await appendEvidence(deps.pool, {
          kind: 'leads_exported', campaignId: query.campaignId,
          payload: { by: principal.name, role: principal.role, ...Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== undefined)) },
        });
        return sendLeads(deps, reply, { criteria, order: query.order }, { name: `leads-campaign-${query.campaignId}.csv`, bom: query.bom });
      },
    }),
  ];
}
