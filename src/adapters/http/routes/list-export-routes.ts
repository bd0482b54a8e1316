// A list's leads as they stand, as CSV (see lead-export.ts), for managers and admins: personal
// data in bulk, numbers in full, so each export is kept in the evidence log with who took it.

import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { Logger } from 'pino';
import { appendEvidence } from '../../pg/evidence-log-repository.js';
import { exportedList, exportListLeads, listFieldNames, type ExportedLead } from '../../pg/lead-export.js';
import { dialableLeadStatuses } from '../../pg/lead-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { spreadsheetSafe } from '../spreadsheet-safe.js';
import { idParam } from './leads-routes.js';

export interface ListExportRouteDeps {
  pool: Pool;
  logger?: Logger;
}

const leadColumns = [
  'lead_id', 'external_id', 'first_name', 'last_name', 'phone', 'other_phones', 'status', 'stage', 'grade', 'priority', 'timezone',
  'postal_code', 'dials', 'last_outcome', 'last_called_at', 'next_dial_at', 'last_disposition', 'last_disposition_notes', 'last_disposition_at',
] as const;

/** Statuses a lead is dialled again from (a personal callback too, by its scheduler): only they
 * have a next dial worth saying. */
const toDial = new Set<string>([...dialableLeadStatuses, 'scheduled']);

const iso = (at: Date | null | undefined): string => at?.toISOString() ?? '';
const text = (value: string | null | undefined): string => spreadsheetSafe(value ?? '');

/** A loaded field's value in a cell: text as it is, anything else as JSON. */
function fieldCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return spreadsheetSafe(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The loaded fields' columns, each under its own name unless a standard column has it. */
function fieldColumns(names: readonly string[]): Array<{ name: string; header: string }> {
  const taken = new Set<string>(leadColumns);
  return names.map((name) => ({ name, header: taken.has(name) ? `field_${name}` : name }));
}

function leadRow(lead: ExportedLead, fields: ReadonlyArray<{ name: string }>): string[] {
  const [phone = '', ...others] = lead.phones;
  return [
    lead.id, text(lead.externalId), text(lead.firstName), text(lead.lastName), phone, others.join(' '), lead.status, lead.stage, lead.grade,
    String(lead.priority), lead.timezone ?? '', text(lead.postalCode), String(lead.attempts), lead.lastOutcome ?? '', iso(lead.lastCalledAt),
    toDial.has(lead.status) ? iso(lead.nextDialAt) : '', lead.lastDisposition?.code ?? '', text(lead.lastDisposition?.notes), iso(lead.lastDisposition?.at),
    ...fields.map((field) => fieldCell(lead.fields[field.name])),
  ];
}

export function listExportRoutes(deps: ListExportRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/lists/:id/leads.csv',
      summary: "a list's leads as they stand, as CSV: numbers, status, stage, grade, dials, last call and disposition, and the fields they were loaded with (each export kept in the evidence log)",
      tags: ['lists'], roles: managers, params: idParam, produces: 'text/csv',
      handler: async ({ params, principal, reply }) => {
        const list = await exportedList(deps.pool, params.id);
        if (!list) throw new ApiError('not_found', `list ${params.id} does not exist`);
        const fields = fieldColumns(await listFieldNames(deps.pool, list.id));
        await appendEvidence(deps.pool, {
          kind: 'leads_exported', campaignId: list.campaignId, payload: { by: principal.name, role: principal.role, listId: list.id, list: list.name },
        });
        const leads = exportListLeads(deps.pool, list.id);
        const rows = Readable.from((async function* () {
          for await (const lead of leads) yield leadRow(lead, fields);
        })());
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="leads-list-${list.id}.csv"`);
        // A pipeline, not a pipe: a download given up destroys the reading too, whose transaction then ends.
        const csv = pipeline(rows, stringify({ header: true, columns: [...leadColumns, ...fields.map((field) => field.header)] }), (error) => {
          if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') deps.logger?.warn({ err: error, listId: list.id }, "a list's leads export failed");
        });
        return reply.send(csv);
      },
    }),
  ];
}
