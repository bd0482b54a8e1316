// The campaign results report (see campaign-results.ts) and the call detail export (see
// call-export.ts) over a period, for staff: by default the 24 hours up to now. Numbers are shown
// by number-visibility.ts's rule (the customer's and those in notes whole to managers and admins,
// the caller ID to all). Every cell is written so
// a spreadsheet does not take it for a formula (spreadsheet-csv.ts). Times are UTC (ISO 8601 with
// Z); the last two columns name the campaign's zone and give the dial on its clock.

import { pipeline, Readable } from 'node:stream';
import { z } from 'zod';
import { exportCalls, type CallRecord } from '../../pg/call-export.js';
import { getCampaign } from '../../pg/campaign-repository.js';
import { campaignResults } from '../../pg/campaign-results.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { campaignLocalIso } from '../campaign-local-time.js';
import type { EngineApi } from '../engine-api.js';
import { phoneSeenBy, textSeenBy } from '../number-visibility.js';
import { staff, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { csvDownloadQuery, spreadsheetCsv } from '../spreadsheet-csv.js';
import { reportRange, reportRangeQuery } from './report-range.js';

export interface CampaignReportRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

const idParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });

const callColumns = [
  'attempt_id', 'dialled_at', 'answered_at', 'connected_at', 'ended_at', 'ring_seconds', 'talk_seconds', 'lead_id', 'external_id',
  'first_name', 'last_name', 'grade', 'phone', 'outcome', 'abandoned', 'agent_id', 'disposition', 'notes', 'stage_after', 'recorded',
  'caller_id', 'hold_seconds', 'transferred_from', 'ended_by', 'ended_by_role', 'campaign_timezone', 'dialled_at_local',
  'live_at', 'safe_harbor_at', 'safe_harbor_after_ms',
];

const seconds = (from: Date | null, to: Date | null): string => (from && to ? String(Math.round((to.getTime() - from.getTime()) / 1000)) : '');
const iso = (at: Date | null): string => at?.toISOString() ?? '';

function callRow(call: CallRecord, principal: Principal, zone: string): string[] {
  const phone = call.phone === null ? '' : phoneSeenBy(principal, call.phone);
  return [
    call.attemptId, iso(call.dialledAt), iso(call.answeredAt), iso(call.connectedAt), iso(call.endedAt),
    seconds(call.dialledAt, call.answeredAt ?? call.endedAt), seconds(call.connectedAt, call.talkEndedAt), call.leadId, call.externalId ?? '',
    call.firstName ?? '', call.lastName ?? '', call.grade, phone, call.outcome ?? '', String(call.abandoned), call.agentId ?? '',
    call.disposition ?? '', textSeenBy(principal, call.notes) ?? '', call.stageAfter ?? '', String(call.recorded), textSeenBy(principal, call.callerId, 'caller_id') ?? '',
    String(Math.round(call.heldMs / 1000)), call.transferredFrom ?? '', call.endedBy?.name ?? '', call.endedBy?.role ?? '', zone, campaignLocalIso(call.dialledAt, zone),
    // The 2-second rule call by call: from the greeting's end to the message, as the evidence keeps it.
    iso(call.liveAt), iso(call.safeHarborAt),
    call.liveAt && call.safeHarborAt ? String(call.safeHarborAt.getTime() - call.liveAt.getTime()) : '',
  ];
}

async function campaignOrNotFound(deps: CampaignReportRouteDeps, id: string) {
  const campaign = await getCampaign(deps.pool, id);
  if (!campaign) throw new ApiError('not_found', `campaign ${id} does not exist`);
  return campaign;
}

export function campaignReportRoutes(deps: CampaignReportRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/reports/campaigns/:id',
      summary: "campaign results over a period (default: last 24 h): outcomes, contact, abandonment, dispositions, stage moves, results by grade, list, the customer's local hour and agent",
      tags: ['reports'], roles: staff, params: idParams, query: reportRangeQuery,
      handler: async ({ params, query, principal }) => {
        const campaign = await campaignOrNotFound(deps, params.id);
        const range = reportRange(query, deps.engine.nowMs());
        const results = await campaignResults(deps.pool, { campaignId: campaign.id, from: range.from, to: range.to }, campaign);
        const callerIds = results.callerIds.map((row) => ({ ...row, callerId: textSeenBy(principal, row.callerId, 'caller_id') }));
        return { campaign: { id: campaign.id, name: campaign.name, mode: campaign.mode }, from: range.from, to: range.to, ...results, callerIds };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/calls.csv',
      summary: "the campaign's calls dialled over a period (default: last 24 h) as CSV, one row per dial: lead, outcome, times (UTC, and the dial on the campaign's clock), agent, disposition (full numbers for managers)",
      tags: ['reports'], roles: staff, params: idParams, query: reportRangeQuery.extend(csvDownloadQuery.shape), produces: 'text/csv',
      handler: async ({ params, query, principal, reply }) => {
        const campaign = await campaignOrNotFound(deps, params.id);
        const range = reportRange(query, deps.engine.nowMs());
        const calls = exportCalls(deps.pool, { campaignId: campaign.id, from: range.from, to: range.to });
        const rows = Readable.from((async function* () {
          for await (const call of calls) yield callRow(call, principal, campaign.timezone);
        })());
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="calls-campaign-${campaign.id}.csv"`);
        // A pipeline, not a pipe: a download given up stops the reading too.
        return reply.send(pipeline(rows, spreadsheetCsv({ header: true, columns: callColumns, bom: query.bom }), () => undefined));
      },
    }),
  ];
}
