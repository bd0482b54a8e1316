// The list, lead, DNC, callback and evidence routes through the real app builder, Postgres and Redis.

import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { pruneImportErrorReports } from '../../../src/adapters/pg/import-report-retention.js';
import { callbacksRoutes } from '../../../src/adapters/http/routes/callbacks-routes.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { leadsRoutes } from '../../../src/adapters/http/routes/leads-routes.js';
import { listsRoutes } from '../../../src/adapters/http/routes/lists-routes.js';
import { uploadBodyPlugin } from '../../../src/adapters/http/upload-body.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { addDncWithEvidence } from '../../../src/adapters/pg/dnc-additions.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { eraseLead } from '../../../src/adapters/pg/lead-erasure.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createLeadImportQueue, createLeadImportWorker } from '../../../src/adapters/redis/lead-import-queue.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { waitForLockWaiters } from '../../helpers/lock-waits.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { seedWorld, worldSpec } from './seed-leads.js';

const pool = createTestPool();
const logger = createLogger({ level: 'silent' });
const prefix = `test-routes-${process.pid}`;
const connection = { url: testRedisUrl() };
const importQueue = createLeadImportQueue(connection, prefix);
const worker = createLeadImportWorker({ connection, pool, logger, prefix });
const scheduled: string[] = [];
const cancelledTimers: string[] = [];
/** Runs as a callback's timer is scheduled: after its booking committed, before the answer. */
let onTimerScheduled: ((callback: { id: string }) => Promise<void>) | null = null;
let app: FastifyInstance;
let simulatedNow = Date.parse('2030-01-07T17:00:00Z');

const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'view', role: 'viewer' as const, name: 'Vic' },
  { token: 'ag1', role: 'agent' as const, name: 'Ann', agentId: 'a1' },
  { token: 'ag2', role: 'agent' as const, name: 'Bo', agentId: 'a2' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  const uploadDir = await mkdtemp(join(tmpdir(), 'outpace-uploads-'));
  const nowMs = () => simulatedNow;
  app = await buildApp({
    routes: [
      ...listsRoutes({ pool, importQueue, uploadDir }), ...leadsRoutes({ pool, nowMs }), ...dncRoutes({ pool, nowMs }),
      ...callbacksRoutes({ pool, nowMs, timers: {
        schedule: async (c) => { scheduled.push(c.id); await onTimerScheduled?.(c); },
        cancel: async (id) => void cancelledTimers.push(id),
      } }),
      ...evidenceRoutes({ pool }),
    ],
    authenticate: createAuthenticator(tokens, null), logger, plugins: [uploadBodyPlugin(4096)],
  });
});
afterAll(async () => {
  await app.close();
  await worker.close();
  await importQueue.obliterate({ force: true });
  await importQueue.close();
  await pool.end();
});
beforeEach(async () => {
  simulatedNow = Date.parse('2030-01-07T17:00:00Z');
  scheduled.length = 0;
  cancelledTimers.length = 0;
  onTimerScheduled = null;
  await truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log', 'lead_imports', 'agents']);
});

async function campaign(): Promise<string> {
  return (await createCampaign(pool, { name: `r-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
}

/** A lead of the campaign, with no phone, on Chicago's clock. */
async function chicagoLead(campaignId: string): Promise<string> {
  const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
  const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id, timezone) VALUES ($1, $2, 'America/Chicago') RETURNING id`, [list.rows[0]?.id, campaignId]);
  return String(lead.rows[0]?.id);
}

describe('lists routes', () => {
  it('uploads a CSV, imports it in a job with progress, and serves the error report', async () => {
    const campaignId = await campaign();
    const csv = readFileSync(fileURLToPath(new URL('../../fixtures/csv/mixed-leads.csv', import.meta.url)), 'utf8');
    const map = 'external_id=CustomerId,first_name=First,last_name=Last,phone=Phone,phone2=Mobile,timezone=TZ,postal_code=Zip,grade=Grade,field.plan=Plan';
    const forbidden = await app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}`, headers: { ...as('view'), 'content-type': 'text/csv' }, payload: csv });
    expect(forbidden.statusCode).toBe(403);
    const upload = await app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}`, headers: { ...as('mgr'), 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode).toBe(202);
    const { importId } = upload.json<{ importId: string }>();
    let status: { status: string; imported: number; invalid: number; duplicates: number; progress: { phase: string } | null } | null = null;
    for (let i = 0; i < 100 && status?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers: as('view') })).json();
    }
    expect(status).toMatchObject({ status: 'done', imported: 6, invalid: 2, duplicates: 1, progress: { phase: 'done' } });
    const report = await app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv`, headers: as('view') });
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.split('\n')[0]).toBe('row,column,reason');
    expect(report.body).toContain('4,,row rejected: no valid phone number');
    expect(report.body).toContain('6,CustomerId,same person as row 2 (same external id 1): not added again');

    // Past its retention the report (the rows quoted) goes, as the hourly job deletes it; the counts stay, and the report is said to be gone.
    const [finished] = (await pool.query<{ finished_at: Date }>('SELECT finished_at FROM lead_imports WHERE id = $1', [importId])).rows;
    const deletedAt = new Date('2031-01-01T00:00:00Z');
    await pruneImportErrorReports(pool, { before: new Date((finished?.finished_at ?? new Date()).getTime() + 1), at: deletedAt });
    expect((await app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers: as('view') })).json())
      .toMatchObject({ status: 'done', imported: 6, invalid: 2, duplicates: 1, errorsDeletedAt: deletedAt.toISOString(), problemSamples: [] });
    const gone = await app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv`, headers: as('view') });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ details: { reason: 'report_deleted_by_retention' } });
    expect(gone.json<{ message: string }>().message).toContain('deleted on 2031-01-01T00:00:00.000Z by retention');
  });

  it('rejects a bad mapping with a clear message', async () => {
    const campaignId = await campaign();
    const response = await app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=x&map=nick=Name`, headers: { ...as('mgr'), 'content-type': 'text/csv' }, payload: 'Name\nA\n' });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain('unknown mapping key "nick"');
  });

  it('says a campaign that does not exist is not found, and makes no list', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/campaigns/999999/imports?list=x&map=phone=phone', headers: { ...as('mgr'), 'content-type': 'text/csv' }, payload: 'phone\n2125550100\n' });
    expect([response.statusCode, response.json<{ message: string }>().message]).toEqual([404, 'campaign 999999 does not exist']);
    expect((await pool.query('SELECT 1 FROM lists WHERE campaign_id = 999999')).rowCount).toBe(0);
  });

  it('refuses a region without a numbering plan, which would read every number as none', async () => {
    const campaignId = await campaign();
    const response = await app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=x&region=ZZ`, headers: { ...as('mgr'), 'content-type': 'text/csv' }, payload: 'phone\n2125550100\n' });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain('a region with a phone numbering plan, such as US, GB or CN');
    const dnc = await app.inject({ method: 'POST', url: '/api/dnc', headers: as('mgr'), payload: { phone: '2125550100', region: 'zz' } });
    expect(dnc.statusCode).toBe(400);
  });
});

describe('why-not-dialled API', () => {
  it('agrees with selection on random leads', async () => {
    await fc.assert(fc.asyncProperty(worldSpec, async (world) => {
      await truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts']);
      const now = new Date(simulatedNow);
      const { campaignId, leadIds } = await seedWorld(pool, world, now);
      const eligible = new Set<string>();
      for (const id of leadIds) {
        const response = await app.inject({ method: 'GET', url: `/api/leads/${id}/why-not-dialled`, headers: as('view') });
        const body = response.json<{ eligible: boolean; checks: { rule: string; blocks: boolean; until: string | null }[] }>();
        expect(body.checks.map((c) => c.rule)).toEqual(['list_active', 'lead_status', 'lead_filter', 'due', 'lease', 'max_attempts_lead', 'max_attempts_day', 'calling_window', 'dialable_phone']);
        if (body.eligible) eligible.add(id);
      }
      const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 1000, nodeId: 'n', now, leaseMs: 60_000 });
      expect(new Set(leased.map((l) => l.leadId))).toEqual(eligible);
    }), { numRuns: 6 });
  });
});

describe('dial rules, DNC and evidence routes', () => {
  it('changes the calling window (refusing a bad one), checks and adds DNC, and exports the evidence as CSV', async () => {
    const campaignId = await campaign();
    const bad = await app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('mgr'), payload: { callingWindow: { regime: 'us', weekly: { mon: [{ start: '18:00', end: '09:00' }] } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('mon: 18:00-09:00 ends before it starts');
    // A window that never opens within the US hours, or has no hours at all, would stop every dial while the campaign runs: refused, the rules kept.
    for (const weekly of [{ mon: [{ start: '21:00', end: '23:00' }], sun: [{ start: '06:00', end: '07:30' }] }, {}]) {
      const closed = await app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('mgr'), payload: { callingWindow: { regime: 'us', weekly } } });
      expect([closed.statusCode, closed.json<{ message: string }>().message]).toEqual([400, expect.stringMatching(/^calling window: the window never opens: .*; no lead would ever be dialled/)]);
    }
    const kept = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('view') });
    expect(kept.json<{ callingWindow: unknown }>().callingWindow).toEqual({ regime: 'us' });
    const good = await app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('mgr'), payload: { callingWindow: { regime: 'cn' }, refusalDnc: { days: 180 } } });
    expect(good.json()).toMatchObject({ callingWindow: { regime: 'cn' }, refusalDncMs: 180 * 86_400_000 });
    // China's default week: every day 09:00-21:00, the hours dialling keeps.
    const inForce = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('view') });
    expect(inForce.json<{ hoursInForce: Record<string, unknown> }>().hoursInForce).toEqual(
      Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '09:00', end: '21:00' }]])));
    expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: as('view'), payload: { phone: '212 555 0100' } })).statusCode).toBe(403);
    const added = await app.inject({ method: 'POST', url: '/api/dnc', headers: as('mgr'), payload: { phone: '(212) 555-0100', campaignId } });
    expect(added.statusCode).toBe(201);
    const check = await app.inject({ method: 'GET', url: `/api/dnc/check?phone=2125550100&campaignId=${campaignId}`, headers: as('view') });
    expect(check.json()).toMatchObject({ e164: '+12125550100', blocked: true, entries: [{ scope: 'campaign', source: 'api' }] });
    const imported = await app.inject({ method: 'POST', url: `/api/dnc/import?list=state-registry&campaignId=${campaignId}`, headers: { ...as('mgr'), 'content-type': 'text/plain' }, payload: 'phone\n2125550100\n312-555-0101\nnope\n' });
    expect(imported.json()).toMatchObject({ read: 3, added: 1, alreadyListed: 1, invalid: 1, region: 'US' });
    // A campaign whose lists read numbers as Chinese ones has its DNC file read so too.
    const china = (await createCampaign(pool, { name: `cn-${Math.random()}`, timezone: 'Asia/Shanghai', seedDispositions: false })).id;
    await ensureList(pool, { campaignId: china, name: 'cn', defaultRegion: 'CN' });
    const chinese = await app.inject({ method: 'POST', url: `/api/dnc/import?list=refusals&campaignId=${china}`, headers: { ...as('mgr'), 'content-type': 'text/plain' }, payload: '13012345678\n' });
    expect(chinese.json()).toMatchObject({ read: 1, added: 1, region: 'CN' });
    const listed = await app.inject({ method: 'GET', url: `/api/dnc/check?phone=%2B8613012345678&campaignId=${china}`, headers: as('view') });
    expect(listed.json()).toMatchObject({ blocked: true });
    await ensureList(pool, { campaignId: china, name: 'us', defaultRegion: 'US' });
    const ambiguous = await app.inject({ method: 'POST', url: `/api/dnc/import?list=refusals&campaignId=${china}`, headers: { ...as('mgr'), 'content-type': 'text/plain' }, payload: '13012345678\n' });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json<{ message: string }>().message).toMatch(/several regions: say which/);
    const csv = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/evidence.csv?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, headers: as('view') });
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,at,kind,campaign_id,attempt_id,lead_id,payload,campaign_timezone,at_local,hash');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['rule_changed', 'dnc_added', 'dnc_list_imported']);
  });

  it("takes a number the person asked to be left alone off the list only with a reason, kept in the evidence; one a list put there without", async () => {
    // On a registry's list first, then the person pressed the opt-out key: their own request is what the entry is.
    await addDncWithEvidence(pool, { e164: '+12125550142', campaignId: null, source: 'import', by: 'registry' });
    await addDncWithEvidence(pool, { e164: '+12125550142', campaignId: null, source: 'opt_out', reason: 'safe-harbor opt-out key', by: 'callee' });
    const remove = (e164: string, query = '') => app.inject({ method: 'DELETE', url: `/api/dnc/${encodeURIComponent(e164)}${query}`, headers: as('mgr') });
    const refused = await remove('+12125550142', '?reason=%20');
    expect([refused.statusCode, refused.json<{ message: string }>().message]).toEqual([400,
      "reason is required: +12125550142 is on the list at the person's own request (opt_out); say why they may be called again, e.g. the consent they gave and when"]);
    const check = await app.inject({ method: 'GET', url: '/api/dnc/check?phone=%2B12125550142', headers: as('view') });
    expect(check.json()).toMatchObject({ blocked: true, entries: [{ source: 'opt_out' }] });
    const consent = 'written consent of 2030-01-05, ref 881';
    expect((await remove('+12125550142', `?reason=${encodeURIComponent(consent)}`)).statusCode).toBe(200);
    const removed = await pool.query("SELECT payload FROM evidence_log WHERE kind = 'dnc_removed'");
    expect(removed.rows).toEqual([{ payload: { e164: '+12125550142', scope: 'global', by: 'Mia', reason: consent } }]);
    await addDncWithEvidence(pool, { e164: '+12125550143', campaignId: null, source: 'import', by: 'registry' });
    expect((await remove('+12125550143')).statusCode).toBe(200);
  });

  it('changes the caps and waits key by key, puts one back to its default with null, and records each change', async () => {
    const campaignId = await campaign();
    const put = (payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('mgr'), payload });
    const defaults = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('view') });
    expect(defaults.json()).toMatchObject({
      maxAttemptsPerLead: 6, maxAttemptsPerPhone: 4, maxAttemptsPerDay: 3,
      retryMinutes: { busyRetryMinutes: 15, noAnswerRetryMinutes: 60, machineRetryMinutes: 120, congestionRetryMinutes: 10, failedRetryMinutes: 5, abandonedRetryMinutes: 4320 },
    });

    expect((await put({ recycle: { maxAttempts: 8, busyRetryMinutes: 30 } })).statusCode).toBe(200);
    const second = await put({ recycle: { noAnswerRetryMinutes: 240, busyRetryMinutes: null } });
    // The first change's cap is kept; the busy wait is back to the default.
    expect(second.json()).toMatchObject({ maxAttemptsPerLead: 8, retryMinutes: { busyRetryMinutes: 15, noAnswerRetryMinutes: 240 } });
    const stored = await pool.query<{ settings: { recycle: unknown } }>('SELECT settings FROM campaigns WHERE id = $1', [campaignId]);
    expect(stored.rows[0]?.settings.recycle).toEqual({ maxAttempts: 8, noAnswerRetryMinutes: 240 });

    // Refused whole: a fraction of a dial, a negative wait; nothing stored.
    for (const payload of [{ recycle: { maxAttempts: 2.5 } }, { recycle: { machineRetryMinutes: -1 } }, { recycle: { retryMinutes: 5 } }]) {
      const refused = await put(payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(/recycle/);
    }
    // A cap of 0 would stop every dial while the campaign shows running: refused by its field,
    // saying what to do instead.
    for (const cap of ['maxAttempts', 'maxAttemptsPerPhone', 'maxAttemptsPerDay', 'maxDialsPerNumberPerDay']) {
      const zero = await put({ recycle: { [cap]: 0 } });
      expect(zero.statusCode).toBe(400);
      expect(zero.json<{ message: string }>().message).toMatch(new RegExp(`^body\\.recycle\\.${cap}: must be at least 1: 0 would stop every dial; pause the campaign to stop dialling, or send null for the default \\(\\d+\\)$`));
    }
    const evidence = await pool.query<{ payload: { before: { recycle: unknown }; after: { recycle: unknown } } }>(
      "SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'rule_changed' ORDER BY id", [campaignId]);
    expect(evidence.rows.map((r) => [r.payload.before.recycle, r.payload.after.recycle])).toEqual([
      [null, { maxAttempts: 8, busyRetryMinutes: 30 }],
      [{ maxAttempts: 8, busyRetryMinutes: 30 }, { maxAttempts: 8, noAnswerRetryMinutes: 240 }],
    ]);

    // A refusal's DNC entry back to the regime's default: for good under US hours, six months under China's.
    expect((await put({ refusalDnc: { days: 30 } })).json()).toMatchObject({ refusalDncMs: 30 * 86_400_000 });
    expect((await put({ refusalDnc: { days: null } })).json()).toMatchObject({ refusalDncMs: 0 });
    expect((await put({ callingWindow: { regime: 'cn' } })).json()).toMatchObject({ refusalDncMs: 183 * 86_400_000 });
  });
});

describe('a lead as staff see it', () => {
  it('masks numbers in its loaded fields, however written, for all but managers', async () => {
    const campaignId = await campaign();
    const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
    const fields = { mobile: '(555) 010-0199', office: '+1 555 010 0123', seats: 12, joined: '2024-01-15', fax: 15550100777 };
    const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id, fields) VALUES ($1, $2, $3) RETURNING id`, [list.rows[0]?.id, campaignId, JSON.stringify(fields)]);
    const seenBy = async (token: string) => (await app.inject({ method: 'GET', url: `/api/leads/${lead.rows[0]?.id}`, headers: as(token) })).json<{ fields: unknown }>().fields;
    expect(await seenBy('mgr')).toEqual(fields);
    expect(await seenBy('view')).toEqual({ mobile: '(***) ***-0199', office: '+* *** *** 0123', seats: 12, joined: '2024-01-15', fax: '*******0777' });
  });
});

describe('callbacks routes', () => {
  it('says whether the calling window is open at a callback time in the lead zone, and when it opens if not: after hours, a holiday', async () => {
    const campaignId = await campaign();
    const holiday = await app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: as('mgr'), payload: { callingWindow: { regime: 'us', holidays: ['2030-01-09'] } } });
    expect(holiday.statusCode).toBe(200);
    const leadId = await chicagoLead(campaignId);
    const schedule = async (dueLocal: string) => {
      const answer = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload: { dueLocal } });
      expect(answer.statusCode).toBe(201);
      return answer.json<{ dueAt: string; callingWindow: unknown }>();
    };
    expect(await schedule('2030-01-08T10:00')).toMatchObject({ dueAt: '2030-01-08T16:00:00.000Z', callingWindow: { open: true, opensAt: null, never: false } });
    // 22:30 in Chicago, past the US hours; the next day a holiday: kept, and dialled at 08:00 the day after.
    expect(await schedule('2030-01-08T22:30')).toMatchObject({ dueAt: '2030-01-09T04:30:00.000Z', callingWindow: { open: false, opensAt: '2030-01-10T14:00:00.000Z', never: false } });
  });

  it("books one of two colleagues' own callbacks asked for one lead at once, and refuses the other", async () => {
    const campaignId = await campaign();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann'), ('a2', 'Bo')`);
    const leadId = await chicagoLead(campaignId);
    await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, ended_at)
      VALUES ($1, $2, '+13125550100', 'ended', 'connected', 'a1', now()), ($1, $2, '+13125550100', 'ended', 'connected', 'a2', now())`, [campaignId, leadId]);
    // The lead held elsewhere lets both requests reach it before either has booked.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE', [leadId]);
      const book = (token: string, agentId: string) =>
        app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as(token), payload: { dueLocal: '2030-01-08T10:00', agentId } });
      const answers = [book('ag1', 'a1'), book('ag2', 'a2')];
      await waitForLockWaiters(pool, 2);
      await holder.query('COMMIT');
      const codes = (await Promise.all(answers)).map((answer) => answer.statusCode);
      expect(codes.sort()).toEqual([201, 403]);
    } finally {
      holder.release();
    }
    const open = await pool.query("SELECT agent_id FROM callbacks WHERE lead_id = $1 AND status = 'pending'", [leadId]);
    expect(open.rowCount).toBe(1);
  });

  it('lets an agent schedule their own callbacks or ones for anyone, in the lead zone, and see only theirs', async () => {
    const campaignId = await campaign();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann'), ('a2', 'Bo')`);
    const leadId = await chicagoLead(campaignId);
    const other = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('ag1'), payload: { dueLocal: '2030-01-08T10:00', agentId: 'a2' } });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ message: string }>().message).toBe('an agent schedules a callback for themselves (agentId a1) or for anyone (no agentId), not for a2');
    // Only for a lead she has talked to.
    const stranger = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('ag1'), payload: { dueLocal: '2030-01-08T10:00', agentId: 'a1' } });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json<{ message: string }>().message).toBe(`lead ${leadId} is not one of your calls: an agent schedules callbacks for the leads they have talked to`);
    await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, ended_at) VALUES ($1, $2, '+13125550100', 'ended', 'connected', 'a1', now())`, [campaignId, leadId]);
    const mine = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('ag1'), payload: { dueLocal: '2030-01-08T10:00', agentId: 'a1' } });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ dueAt: '2030-01-08T16:00:00.000Z', timezone: 'America/Chicago', agentId: 'a1' });
    expect(scheduled).toHaveLength(1);
    // For anyone, as her disposition of the call could have made it.
    const anyone = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('ag1'), payload: { dueLocal: '2030-01-09T10:00', notes: 'anyone' } });
    expect(anyone.statusCode).toBe(201);
    expect(anyone.json()).toMatchObject({ dueAt: '2030-01-09T16:00:00.000Z', agentId: null });
    expect(scheduled).toHaveLength(2);
    await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload: { dueAt: '2030-01-08T18:00:00Z', agentId: 'a2' } });
    const listed = await app.inject({ method: 'GET', url: '/api/callbacks', headers: as('ag1') });
    expect(listed.json<{ agentId: string }[]>().map((c) => c.agentId)).toEqual(['a1']);
    // Bo's own callback waits on the lead now: Ann's would be dialled first and close his.
    const overBo = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('ag1'), payload: { dueLocal: '2030-01-08T09:00', agentId: 'a1' } });
    expect(overBo.statusCode).toBe(403);
    expect(overBo.json<{ message: string }>().message).toBe(`lead ${leadId} already waits for a callback of a2's`);
    simulatedNow = Date.parse('2030-01-10T16:00:01Z');
    const overdue = await app.inject({ method: 'GET', url: `/api/callbacks/overdue?campaignId=${campaignId}`, headers: as('view') });
    expect(overdue.json<unknown[]>()).toHaveLength(1);
  });

  it('lists callbacks with numbers in their notes masked for those who do not see numbers, the closed ones latest first and up to a limit', async () => {
    const campaignId = await campaign();
    const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
    const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id) VALUES ($1, $2) RETURNING id`, [list.rows[0]?.id, campaignId]);
    await pool.query(
      `INSERT INTO callbacks (lead_id, campaign_id, due_at, notes, status, follow_up_deadline) VALUES
         ($1, $2, '2030-01-08T10:00Z', 'call her mobile 07700 900123', 'pending', '2030-01-10T10:00Z'),
         ($1, $2, '2029-01-01T10:00Z', 'first', 'done', '2029-01-03T10:00Z'), ($1, $2, '2029-02-01T10:00Z', 'second', 'done', '2029-02-03T10:00Z'),
         ($1, $2, '2029-03-01T10:00Z', 'third', 'done', '2029-03-03T10:00Z')`,
      [lead.rows[0]?.id, campaignId]);
    const notesAs = async (token: string) => (await app.inject({ method: 'GET', url: `/api/callbacks?campaignId=${campaignId}`, headers: as(token) }))
      .json<Array<{ notes: string }>>().map((c) => c.notes);
    expect(await notesAs('mgr')).toEqual(['call her mobile 07700 900123']);
    const masked = await notesAs('view');
    expect(masked).toHaveLength(1);
    expect(masked[0]).not.toContain('900123');
    const done = await app.inject({ method: 'GET', url: `/api/callbacks?campaignId=${campaignId}&status=done&limit=2`, headers: as('mgr') });
    expect(done.json<Array<{ notes: string }>>().map((c) => c.notes)).toEqual(['third', 'second']);
    expect((await app.inject({ method: 'GET', url: '/api/callbacks?limit=5001', headers: as('mgr') })).statusCode).toBe(400);
  });

  it('refuses a callback time that is not on the calendar or the clock', async () => {
    const campaignId = await campaign();
    const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
    const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id) VALUES ($1, $2) RETURNING id`, [list.rows[0]?.id, campaignId]);
    for (const dueLocal of ['2030-02-31T10:00', '2030-01-08T25:00', '2030-13-01T10:00']) {
      const refused = await app.inject({ method: 'POST', url: `/api/leads/${lead.rows[0]?.id}/callbacks`, headers: as('mgr'), payload: { dueLocal } });
      expect(refused.statusCode, dueLocal).toBe(400);
      expect(refused.json<{ message: string }>().message, dueLocal).toContain('a date and time that exist');
    }
    await pool.query(`UPDATE leads SET timezone = 'America/New_York' WHERE id = $1`, [lead.rows[0]?.id]);
    const skipped = await app.inject({ method: 'POST', url: `/api/leads/${lead.rows[0]?.id}/callbacks`, headers: as('mgr'), payload: { dueLocal: '2030-03-10T02:30' } });
    expect(skipped.statusCode).toBe(400);
    expect(skipped.json<{ message: string }>().message)
      .toContain('2030-03-10T02:30 does not exist in America/New_York: the clocks go forward then; the first time after it is 2030-03-10T03:00');
    const after = await app.inject({ method: 'POST', url: `/api/leads/${lead.rows[0]?.id}/callbacks`, headers: as('mgr'), payload: { dueLocal: '2030-03-10T03:00' } });
    expect(after.statusCode).toBe(201);
  });

  it('returns a worked lead to the pool, but not one being called', async () => {
    const campaignId = await campaign();
    const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
    const leads = await pool.query<{ id: string }>(
      `INSERT INTO leads (list_id, campaign_id, status, leased_by, leased_until) VALUES ($1, $2, 'done', NULL, NULL), ($1, $2, 'in_progress', 'node-a', now() + interval '10 minutes') RETURNING id`,
      [list.rows[0]?.id, campaignId]);
    const [worked, calling] = leads.rows.map((row) => String(row.id)) as [string, string];
    simulatedNow = Date.now();
    // Dialled to its limits: back in the pool, its counts start again (a number switched off stays off).
    await pool.query('UPDATE leads SET attempts = 6 WHERE id = $1', [worked]);
    await pool.query(`INSERT INTO lead_phones (lead_id, e164, attempts, disabled) VALUES ($1, '+12125550180', 4, false), ($1, '+12125550181', 2, true)`, [worked]);
    const back = await app.inject({ method: 'POST', url: `/api/leads/${worked}/return-to-pool`, headers: as('mgr'), payload: { stage: 'rejected' } });
    expect(back.json()).toEqual({ leadId: worked, status: 'retry' });
    expect((await pool.query('SELECT attempts FROM leads WHERE id = $1', [worked])).rows).toEqual([{ attempts: 0 }]);
    expect((await pool.query('SELECT attempts FROM lead_phones WHERE lead_id = $1 ORDER BY e164', [worked])).rows).toEqual([{ attempts: 0 }, { attempts: 2 }]);
    const refused = await app.inject({ method: 'POST', url: `/api/leads/${calling}/return-to-pool`, headers: as('mgr'), payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('is being called');
    expect((await pool.query('SELECT leased_by FROM leads WHERE id = $1', [calling])).rows[0]).toEqual({ leased_by: 'node-a' });
    // Its dial counts started again, as a list's reset does: kept in the evidence with who and what it was; a lead not returned leaves none.
    const returned = await pool.query("SELECT lead_id::text, payload FROM evidence_log WHERE kind = 'lead_returned'");
    expect(returned.rows).toEqual([{ lead_id: worked, payload: { from: 'done', status: 'retry', stageBefore: 'raw_lead', stage: 'rejected', dialsBefore: 6, by: 'Mia' } }]);
  });

  it('returns a lead still owed a callback to wait for it, not to be dialled now and leave the promise to go overdue', async () => {
    const campaignId = await campaign();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann') ON CONFLICT DO NOTHING`);
    const leadId = await chicagoLead(campaignId);
    simulatedNow = Date.parse('2030-01-07T12:00:00Z');
    const schedule = async (payload: object) => (await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload })).json<{ id: string }>();
    await schedule({ dueLocal: '2030-01-09T15:00', agentId: 'a1' });
    await pool.query('UPDATE leads SET attempts = 6 WHERE id = $1', [leadId]);
    const back = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/return-to-pool`, headers: as('mgr'), payload: {} });
    expect(back.json()).toEqual({ leadId, status: 'scheduled' });
    expect((await pool.query('SELECT status, next_dial_at, attempts FROM leads WHERE id = $1', [leadId])).rows)
      .toEqual([{ status: 'scheduled', next_dial_at: new Date('2030-01-09T21:00:00Z'), attempts: 0 }]);
    // One for anyone as well, sooner: selection dials the lead for it, at its time.
    await schedule({ dueLocal: '2030-01-08T10:00' });
    expect((await app.inject({ method: 'POST', url: `/api/leads/${leadId}/return-to-pool`, headers: as('mgr'), payload: {} })).json())
      .toEqual({ leadId, status: 'callback' });
    expect((await pool.query('SELECT next_dial_at FROM leads WHERE id = $1', [leadId])).rows).toEqual([{ next_dial_at: new Date('2030-01-08T16:00:00Z') }]);
  });

  it('returns a DNC lead once its number is off the list, with the evidence, and never an erased one', async () => {
    const campaignId = await campaign();
    const leadId = await chicagoLead(campaignId);
    const erasedId = await chicagoLead(await campaign());
    await pool.query(`INSERT INTO lead_phones (lead_id, e164) VALUES ($1, '+12125550190'), ($2, '+12125550191')`, [leadId, erasedId]);
    await pool.query(`UPDATE leads SET status = 'dnc' WHERE id IN ($1, $2)`, [leadId, erasedId]);
    // An agent's DNC code given by mistake.
    await addDncWithEvidence(pool, { e164: '+12125550190', campaignId: null, source: 'agent', reason: 'DNC', by: 'a1' });
    const returnLead = (id: string) => app.inject({ method: 'POST', url: `/api/leads/${id}/return-to-pool`, headers: as('mgr'), payload: {} });

    const refused = await returnLead(leadId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toBe(
      `lead ${leadId} has a number still on a do-not-call list: take it off the list first (with why they may be called), then return the lead`);
    const removed = await app.inject({ method: 'DELETE', url: `/api/dnc/${encodeURIComponent('+12125550190')}?reason=${encodeURIComponent('DNC code given by mistake: the customer asked for a callback')}`, headers: as('mgr') });
    expect(removed.statusCode).toBe(200);
    expect((await returnLead(leadId)).json()).toEqual({ leadId, status: 'retry' });
    const evidence = await pool.query("SELECT payload FROM evidence_log WHERE kind = 'lead_returned' AND lead_id = $1", [leadId]);
    expect(evidence.rows).toEqual([{ payload: { from: 'dnc', status: 'retry', stage: null, by: 'Mia' } }]);

    await pool.query(`INSERT INTO evidence_log (kind, lead_id) VALUES ('lead_erased', $1)`, [erasedId]);
    const erased = await returnLead(erasedId);
    expect(erased.statusCode).toBe(409);
    expect(erased.json<{ message: string }>().message).toBe(`lead ${erasedId} was erased at the person's request: it is never dialled again`);
    expect((await pool.query('SELECT status FROM leads WHERE id = $1', [erasedId])).rows).toEqual([{ status: 'dnc' }]);
  });

  it('refuses a callback for a lead being called or never called again, for an agent not on record, or at a time past or over a year off', async () => {
    const campaignId = await campaign();
    const leadId = await chicagoLead(campaignId);
    simulatedNow = Date.parse('2030-01-07T12:00:00Z');
    const schedule = (payload: object) => app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload });
    const message = async (payload: object, status: number) => {
      const answer = await schedule(payload);
      expect(answer.statusCode).toBe(status);
      return answer.json<{ message: string }>().message;
    };
    expect(await message({ dueAt: '2030-01-07T11:00:00Z' }, 400)).toContain('has passed');
    expect(await message({ dueAt: '2031-02-07T11:00:00Z' }, 400)).toContain('more than a year ahead');
    expect(await message({ dueAt: '2030-01-08T15:00:00Z', agentId: 'nobody-here' }, 400)).toContain('agent nobody-here does not exist');
    // In a call: its end would decide the lead's next dial over the callback.
    await pool.query(`UPDATE leads SET leased_by = 'node-a', leased_until = $2 WHERE id = $1`, [leadId, new Date(simulatedNow + 60_000)]);
    expect(await message({ dueAt: '2030-01-08T15:00:00Z' }, 409)).toContain('is being called');
    // Never called again: the callback would only fall due, undialled, and go overdue.
    await pool.query(`UPDATE leads SET leased_by = NULL, leased_until = NULL, status = 'dnc' WHERE id = $1`, [leadId]);
    expect(await message({ dueAt: '2030-01-08T15:00:00Z' }, 409)).toBe(`lead ${leadId} is on the do-not-call list: it is not called, so no callback is scheduled for it`);
    await pool.query(`UPDATE leads SET status = 'invalid' WHERE id = $1`, [leadId]);
    expect(await message({ dueLocal: '2030-01-08T09:00' }, 409)).toBe(`lead ${leadId} has no valid number left: it is not called, so no callback is scheduled for it`);
    expect((await pool.query('SELECT count(*)::int AS n FROM callbacks WHERE lead_id = $1', [leadId])).rows).toEqual([{ n: 0 }]);
  });

  it('answers a callback whose lead was erased as it was booked as refused, not made: the booking cancelled, its timer gone', async () => {
    const leadId = await chicagoLead(await campaign());
    // The erasure lands after the booking's transaction committed, before the route answers.
    onTimerScheduled = async () => void await eraseLead(pool, { leadId, by: 'Mia', now: new Date(simulatedNow) });
    const answer = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload: { dueLocal: '2030-01-08T10:00', notes: 'ask for Ann' } });
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toMatchObject({
      error: 'conflict',
      message: `lead ${leadId}'s data was erased at the person's request while the callback was being scheduled: the callback was cancelled with it, and no callback is scheduled for it`,
    });
    const callbacks = await pool.query<{ id: string; status: string; notes: string | null }>('SELECT id::text, status, notes FROM callbacks WHERE lead_id = $1', [leadId]);
    expect(callbacks.rows).toEqual([{ id: scheduled[0], status: 'cancelled', notes: null }]);
    expect(cancelledTimers).toEqual(scheduled);
    expect((await pool.query('SELECT status FROM leads WHERE id = $1', [leadId])).rows).toEqual([{ status: 'dnc' }]);
    // Erased before the booking: refused under the lead's lock, nothing written.
    onTimerScheduled = null;
    const again = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload: { dueLocal: '2030-01-08T11:00' } });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toBe(`lead ${leadId}'s data was erased at the person's request: no callback is scheduled for it`);
    expect((await pool.query('SELECT count(*)::int AS n FROM callbacks WHERE lead_id = $1', [leadId])).rows).toEqual([{ n: 1 }]);
  });

  it("puts the lead of a cancelled callback back: to its next open callback, or to the dialling pool", async () => {
    const campaignId = await campaign();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann') ON CONFLICT DO NOTHING`);
    const leadId = await chicagoLead(campaignId);
    simulatedNow = Date.parse('2030-01-07T12:00:00Z');
    const leadNow = async () => (await pool.query<{ status: string; next_dial_at: Date }>('SELECT status, next_dial_at FROM leads WHERE id = $1', [leadId])).rows[0];
    const schedule = async (payload: object) => (await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: as('mgr'), payload })).json<{ id: string }>().id;
    const cancel = (id: string, token = 'mgr') => app.inject({ method: 'POST', url: `/api/callbacks/${id}/cancel`, headers: as(token) });

    // A callback for anyone, then Ann's own later one: cancelling the first leaves the lead waiting for hers.
    const anyone = await schedule({ dueAt: '2030-01-08T15:00:00Z' });
    const ann = await schedule({ dueAt: '2030-01-09T15:00:00Z', agentId: 'a1' });
    expect((await cancel(anyone)).statusCode).toBe(200);
    expect(await leadNow()).toEqual({ status: 'scheduled', next_dial_at: new Date('2030-01-09T15:00:00Z') });

    // Hers cancelled too (by herself): nothing waits, so the lead is dialled again as any other, from now.
    expect((await cancel(ann, 'ag1')).statusCode).toBe(200);
    expect(await leadNow()).toEqual({ status: 'retry', next_dial_at: new Date(simulatedNow) });
    expect((await cancel(ann)).statusCode).toBe(409);

    // A lead worked meanwhile keeps what it became.
    const late = await schedule({ dueAt: '2030-01-10T15:00:00Z' });
    await pool.query("UPDATE leads SET status = 'done' WHERE id = $1", [leadId]);
    expect((await cancel(late)).statusCode).toBe(200);
    expect((await leadNow())?.status).toBe('done');
  });
});
