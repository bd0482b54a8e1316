// Housekeeping on real Redis and Postgres: every node registers the same hourly schedule, a job
// taken by the worker prunes the pacing decisions older than the retention and keeps the rest,
// and pruning goes a batch at a time until nothing old is left. Recordings past their retention
// are deleted from the (simulated) PBX through ARI, marked deleted and recorded as evidence; one
// the PBX refuses is tried again at the next run. So is a recording of an erased lead that the PBX
// kept at the erasure, whatever the retention. The CRM webhook bodies delivered longer ago than
// their retention go, the newer, the pending and the erasure notices stay; a delivery failed for
// good keeps its row but not its body once its last try is older than the retention. Lead import
// error reports (the refused rows quoted) go the retention after their import, the counts stay.

import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ariRecordingDeleter, type RecordingDeleter } from '../../../src/adapters/ari/stored-recordings.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { eraseLead } from '../../../src/adapters/pg/lead-erasure.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { resetExhaustedLeads } from '../../../src/adapters/pg/list-management.js';
import { insertPacingDecisions, listRecentPacingDecisions, prunePacingDecisions } from '../../../src/adapters/pg/pacing-decision-repository.js';
import { HOUSEKEEPING_QUEUE, PRUNE_SCHEDULER_ID, startHousekeeping, type Housekeeping } from '../../../src/adapters/redis/housekeeping.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool(4);
const connection = { url: testRedisUrl() };
const prefix = `housekeeping-test-${process.pid}`;
const DAY_MS = 86_400_000;
const now = Date.now();
const logger = createLogger({ level: 'silent' });
const nodes: Housekeeping[] = [];
let pbx: SimPbx;
let deleteRecording: RecordingDeleter;
const ari = (path: string, method = 'GET') => fetch(`${pbx.url}/ari${path}`, { method, headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` } });

/** A recording the PBX stores: a bridge recorded and the recording stopped. */
async function storeRecording(name: string): Promise<void> {
  const bridge = (await (await ari('/bridges?type=mixing', 'POST')).json()) as { id: string };
  expect((await ari(`/bridges/${bridge.id}/record?name=${name}&format=wav`, 'POST')).status).toBe(201);
  expect((await ari(`/recordings/live/${name}/stop`, 'POST')).status).toBe(204);
  await ari(`/bridges/${bridge.id}`, 'DELETE');
}

const stored = async (): Promise<string[]> => ((await (await ari('/recordings/stored')).json()) as Array<{ name: string }>).map((r) => r.name).sort();

async function campaignWithDecisions(agesDays: number[]): Promise<string> {
  const campaign = await createCampaign(pool, { name: `housekeeping ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
  await insertPacingDecisions(pool, agesDays.map((age) => ({
    campaignId: campaign.id, at: new Date(now - age * DAY_MS), launch: 1, dialLevel: 1, binding: 'agents', inputs: { ageDays: age },
  })));
  return campaign.id;
}

const agesLeft = async (campaignId: string): Promise<unknown[]> =>
  (await listRecentPacingDecisions(pool, campaignId, 100)).map((d) => d.inputs.ageDays).sort((a, b) => Number(a) - Number(b));

beforeAll(async () => {
  pbx = await startSimPbx({ amiPort: null });
  deleteRecording = ariRecordingDeleter({ url: pbx.url, user: 'dialer', password: 'dialer' });
  // Two nodes start: one schedule between them.
  for (let i = 0; i < 2; i++) {
    nodes.push(await startHousekeeping({ connection, pool, logger, prefix, decisionRetentionDays: 30, recordingRetentionDays: 90, webhookRetentionDays: 30, importErrorRetentionDays: 30, leadRetentionDays: 365, deleteRecording, now: () => new Date(now) }));
  }
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await pool.end();
  await pbx?.close();
});

/** Queues a housekeeping job and waits until a worker has run it. */
async function runHousekeepingJob(): Promise<void> {
  const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
  const events = new QueueEvents(HOUSEKEEPING_QUEUE, { connection, prefix });
  try {
    await events.waitUntilReady();
    const job = await queue.add('prune', { version: 1 });
    await job.waitUntilFinished(events, 15_000);
  } finally {
    await events.close();
    await queue.close();
  }
}

describe('housekeeping', () => {
  it('registers one hourly schedule, however many nodes start', async () => {
    const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => ({ key: s.key, every: s.every }))).toEqual([{ key: PRUNE_SCHEDULER_ID, every: 3_600_000 }]);
    } finally {
      await queue.close();
    }
  });

  it('prunes the decisions older than the retention when a worker takes the job', async () => {
    const campaignId = await campaignWithDecisions([45, 31, 29, 1, 0]);
    await runHousekeepingJob();
    expect(await agesLeft(campaignId)).toEqual([0, 1, 29]);
  });

  it('deletes the CRM webhook bodies delivered before their retention when a worker takes the job, and keeps the rest', async () => {
    const campaign = await createCampaign(pool, { name: `webhooks ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const delivery = async (name: string, event: string, status: string, ageDays: number): Promise<void> => {
      const at = new Date(now - ageDays * DAY_MS);
      await pool.query(
        `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, status, tries, created_at, last_try_at, delivered_at)
         VALUES ($1, $2, 'https://crm.example.com/hook', $3, $4, 1, $5, $5, $6)`,
        [campaign.id, event, { name, lead: { firstName: 'Ann', phone: '+12125550100' } }, status, at, status === 'delivered' ? at : null]);
    };
    await delivery('old disposition', 'disposition', 'delivered', 45);
    await delivery('old call', 'call', 'delivered', 31);
    await delivery('recent disposition', 'disposition', 'delivered', 29);
    await delivery('old failed', 'disposition', 'failed', 45);
    await delivery('recent failed', 'disposition', 'failed', 29);
    await delivery('old pending', 'disposition', 'pending', 45);
    await delivery('old erasure notice', 'lead_erased', 'delivered', 400);
    await delivery('old failed erasure notice', 'lead_erased', 'failed', 400);
    await runHousekeepingJob();
    const kept = await pool.query<{ name: string | null; status: string; deleted_at: Date | null }>(
      `SELECT payload ->> 'name' AS name, status, payload_deleted_at AS deleted_at FROM webhook_deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id]);
    expect(kept.rows).toEqual([
      { name: 'recent disposition', status: 'delivered', deleted_at: null },
      // Failed for good 45 days ago: still listed as failed, its body (the person's data) gone.
      { name: null, status: 'failed', deleted_at: new Date(now) },
      { name: 'recent failed', status: 'failed', deleted_at: null },
      { name: 'old pending', status: 'pending', deleted_at: null },
      { name: 'old erasure notice', status: 'delivered', deleted_at: null },
      // The CRM must still be told of an erasure: its notice (ids only) can be sent again.
      { name: 'old failed erasure notice', status: 'failed', deleted_at: null },
    ]);
  });

  it('erases the finished leads unchanged and not called for longer than the lead retention, and no other', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `lead retention ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const digits = String(process.pid % 10_000).padStart(4, '0');
    const lead = (name: string, n: number) => ({ firstName: name, lastName: 'Past', externalId: `CRM-${name}`, postalCode: 'SW1A 1AA', fields: { note: `${name} likes tea` }, phones: [`+1212555${digits.slice(0, 1)}${n}${digits.slice(1)}`] });
    const [old, withCallback, stillDialled, recent, lateCalled, spent] = await insertLeads(pool, list.id, [lead('Old', 1), lead('Booked', 2), lead('Dialled', 3), lead('Recent', 4), lead('Called', 5), lead('Spent', 6)]);
    const age = async (leadId: string | undefined, status: string, days: number, calledDays = days): Promise<void> => {
      await pool.query('UPDATE leads SET status = $2, updated_at = $3, last_attempt_at = $4 WHERE id = $1', [leadId, status, new Date(now - days * DAY_MS), new Date(now - calledDays * DAY_MS)]);
    };
    await age(old, 'done', 400);
    await age(withCallback, 'exhausted', 400);
    await pool.query(`INSERT INTO callbacks (campaign_id, lead_id, due_at, follow_up_deadline, status, notes) VALUES ($1, $2, $3, $3, 'pending', 'ring after lunch')`, [campaignId, withCallback, new Date(now + DAY_MS)]);
    await age(stillDialled, 'retry', 400);
    await age(recent, 'done', 300);
    await age(lateCalled, 'done', 400, 30);
    await age(spent, 'exhausted', 400);
    await runHousekeepingJob();
    const rows = await pool.query<{ id: string; first_name: string | null; external_id: string | null; fields: Record<string, unknown>; phones: number; erased: boolean }>(
      `SELECT l.id::text, l.first_name, l.external_id, l.fields, (SELECT count(*)::int FROM lead_phones p WHERE p.lead_id = l.id) AS phones, l.erased_at IS NOT NULL AS erased
       FROM leads l WHERE l.list_id = $1 ORDER BY l.id`, [list.id]);
    expect(rows.rows).toEqual([
      { id: old, first_name: null, external_id: null, fields: {}, phones: 0, erased: true },
      { id: withCallback, first_name: 'Booked', external_id: 'CRM-Booked', fields: { note: 'Booked likes tea' }, phones: 1, erased: false },
      { id: stillDialled, first_name: 'Dialled', external_id: 'CRM-Dialled', fields: { note: 'Dialled likes tea' }, phones: 1, erased: false },
      { id: recent, first_name: 'Recent', external_id: 'CRM-Recent', fields: { note: 'Recent likes tea' }, phones: 1, erased: false },
      { id: lateCalled, first_name: 'Called', external_id: 'CRM-Called', fields: { note: 'Called likes tea' }, phones: 1, erased: false },
      { id: spent, first_name: null, external_id: null, fields: {}, phones: 0, erased: true },
    ]);
    const evidence = await pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE kind = 'lead_erased' AND campaign_id = $1 ORDER BY lead_id", [campaignId]);
    expect(evidence.rows).toEqual([old, spent].map(() => ({ payload: expect.objectContaining({ by: 'retention', retentionDays: 365, phonesRemoved: 1 }) })));
    // Another pass over the list dials again its exhausted lead that kept its data, not the erased one (no number left).
    expect(await resetExhaustedLeads(pool, { listId: list.id, by: 'test', now: new Date(now) })).toMatchObject({ reset: 1 });
    expect((await pool.query('SELECT status FROM leads WHERE id = $1', [spent])).rows).toEqual([{ status: 'exhausted' }]);
    // The end of a retention is no request not to be called: the number goes on no list.
    const dnc = await pool.query("SELECT 1 FROM dnc_entries WHERE e164 = $1", [lead('Old', 1).phones[0]]);
    expect(dnc.rowCount).toBe(0);
    // Erased once: a run again finds nothing more.
    await runHousekeepingJob();
    expect((await pool.query("SELECT 1 FROM evidence_log WHERE kind = 'lead_erased' AND campaign_id = $1", [campaignId])).rowCount).toBe(2);
  });

  it("deletes the error reports of lead imports finished before their retention, keeping the imports' counts", async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `imports ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const anImport = async (finishedDaysAgo: number | null): Promise<string> => {
      const finishedAt = finishedDaysAgo === null ? null : new Date(now - finishedDaysAgo * DAY_MS);
      const created = await pool.query<{ id: string }>(
        `INSERT INTO lead_imports (campaign_id, list_id, file_name, status, rows_read, imported, invalid, created_at, finished_at)
         VALUES ($1, $2, 'people.csv', $3, 3, 1, 2, coalesce($4, now()), $4) RETURNING id`, [campaignId, list.id, finishedAt === null ? 'running' : 'done', finishedAt]);
      const id = created.rows[0]?.id ?? '';
      await pool.query(
        `INSERT INTO lead_import_errors (import_id, row_number, column_name, reason) VALUES
           ($1, 2, 'phone', '"Ann Smith,(212) 555-01": not a number'), ($1, 3, 'phone', '"Bob Jones,555": not a number')`, [id]);
      return id;
    };
    const old = await anImport(31);
    const recent = await anImport(29);
    const running = await anImport(null);
    await runHousekeepingJob();
    const imports = await pool.query<{ id: string; rows_read: number; invalid: number; errors_deleted_at: Date | null; errors: number }>(
      `SELECT i.id, i.rows_read, i.invalid, i.errors_deleted_at, (SELECT count(*)::int FROM lead_import_errors e WHERE e.import_id = i.id) AS errors
       FROM lead_imports i WHERE i.campaign_id = $1`, [campaignId]);
    const byId = new Map(imports.rows.map((row) => [row.id, row]));
    expect(byId.get(old)).toMatchObject({ rows_read: 3, invalid: 2, errors_deleted_at: new Date(now), errors: 0 });
    expect(byId.get(recent)).toMatchObject({ rows_read: 3, invalid: 2, errors_deleted_at: null, errors: 2 });
    expect(byId.get(running)).toMatchObject({ errors_deleted_at: null, errors: 2 });
  });

  it('deletes a batch at a time until nothing old is left', async () => {
    const campaignId = await campaignWithDecisions([40, 39, 38, 37, 36, 2]);
    expect(await prunePacingDecisions(pool, new Date(now - 30 * DAY_MS), 2)).toBeGreaterThanOrEqual(5);
    expect(await agesLeft(campaignId)).toEqual([2]);
  });

  it('deletes the recordings past their retention from the PBX, keeps the newer, and records it per campaign', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `recordings ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550100'] }]);
    const tag = Math.random().toString(36).slice(2, 8);
    const call = async (name: string, ageDays: number): Promise<string> => (await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, recording_name, created_at, ended_at)
       VALUES ($1, $2, '+12125550100', 'ended', 'connected', $3, $4, $4) RETURNING id`,
      [campaignId, leadId, name, new Date(now - ageDays * DAY_MS)])).rows[0]?.id ?? '';
    for (const name of [`old-${tag}`, `older-${tag}`, `new-${tag}`]) await storeRecording(name);
    const old = await call(`old-${tag}`, 95);
    const older = await call(`older-${tag}`, 100);
    const kept = await call(`new-${tag}`, 10);
    const vanished = await call(`vanished-${tag}`, 120); // the PBX lost it already: counted as deleted

    expect(await nodes[0]?.purgeRecordingsNow()).toBe(3);
    expect((await stored()).filter((name) => name.endsWith(tag))).toEqual([`new-${tag}`]);
    const marks = await pool.query<{ id: string; purged: boolean }>('SELECT id, recording_purged_at IS NOT NULL AS purged FROM attempts WHERE campaign_id = $1', [campaignId]);
    expect(Object.fromEntries(marks.rows.map((r) => [r.id, r.purged]))).toEqual({ [old]: true, [older]: true, [kept]: false, [vanished]: true });
    const evidence = await pool.query<{ payload: unknown }>("SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'recordings_deleted'", [campaignId]);
    expect(evidence.rows.map((r) => r.payload)).toEqual([{ deleted: 3, callsEndedBefore: new Date(now - 90 * DAY_MS).toISOString(), retentionDays: 90 }]);
    // Nothing left to do.
    expect(await nodes[0]?.purgeRecordingsNow()).toBe(0);
  });

  it('stops at a recording the PBX refuses and takes it up again at the next run; 0 days keeps everything', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `refused ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550101'] }]);
    for (const [name, age] of [['refused-a', 200], ['refused-b', 199]] as const) {
      await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, recording_name, created_at, ended_at)
        VALUES ($1, $2, '+12125550101', 'ended', 'connected', $3, $4, $4)`, [campaignId, leadId, name, new Date(now - age * DAY_MS)]);
    }
    let refusing = true;
    const flaky: RecordingDeleter = async (name) => {
      if (refusing) throw new Error(`the PBX is busy with ${name}`);
      return 'gone';
    };
    const keeper = await startHousekeeping({ connection, pool, logger, prefix, decisionRetentionDays: 30, recordingRetentionDays: 0, webhookRetentionDays: 30, importErrorRetentionDays: 30, deleteRecording: flaky, now: () => new Date(now) });
    const node = await startHousekeeping({ connection, pool, logger, prefix, decisionRetentionDays: 30, recordingRetentionDays: 90, webhookRetentionDays: 30, importErrorRetentionDays: 30, deleteRecording: flaky, now: () => new Date(now) });
    try {
      expect(await keeper.purgeRecordingsNow()).toBe(0);
      expect(await node.purgeRecordingsNow()).toBe(0);
      refusing = false;
      expect(await node.purgeRecordingsNow()).toBe(2);
    } finally {
      await keeper.close();
      await node.close();
    }
  });

  it("deletes at the next run the recordings an erased lead's erasure could not, with retention off, and leaves other leads' alone", async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `erased ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    // Numbers of this run's own: an erasure takes every lead holding the number, other files' too.
    const number = (last: number) => `+1907${String(1_000_000 + Math.floor(Math.random() * 8_000_000) + last)}`;
    const [erasedNumber, keptNumber] = [number(0), number(1)];
    const [erasedId, keptId] = await insertLeads(pool, list.id, [{ phones: [erasedNumber] }, { phones: [keptNumber] }]);
    const tag = Math.random().toString(36).slice(2, 8);
    const call = async (leadId: string | undefined, name: string): Promise<string> => (await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, recording_name, created_at, ended_at)
       VALUES ($1, $2, $5, 'ended', 'connected', $3, $4, $4) RETURNING id`,
      [campaignId, leadId, name, new Date(now - DAY_MS), erasedNumber])).rows[0]?.id ?? '';
    for (const name of [`erased-a-${tag}`, `erased-b-${tag}`, `other-${tag}`]) await storeRecording(name);
    const first = await call(erasedId, `erased-a-${tag}`);
    const second = await call(erasedId, `erased-b-${tag}`);
    const other = await call(keptId, `other-${tag}`);
    // Erased with its recordings left on the PBX, as when the PBX refused to delete them then.
    const erased = await eraseLead(pool, { leadId: String(erasedId), by: 'compliance', now: new Date(now) });
    expect(erased.recordings.map((r) => r.attemptId).sort()).toEqual([first, second].sort());

    const node = await startHousekeeping({ connection, pool, logger, prefix, decisionRetentionDays: 30, recordingRetentionDays: 0, webhookRetentionDays: 30, importErrorRetentionDays: 30, deleteRecording, now: () => new Date(now) });
    try {
      expect(await node.purgeRecordingsNow()).toBe(0);
      expect(await node.purgeErasedRecordingsNow()).toBeGreaterThanOrEqual(2);
      expect((await stored()).filter((name) => name.endsWith(tag))).toEqual([`other-${tag}`]);
      const marks = await pool.query<{ id: string; purged: boolean }>('SELECT id, recording_purged_at IS NOT NULL AS purged FROM attempts WHERE campaign_id = $1', [campaignId]);
      expect(Object.fromEntries(marks.rows.map((r) => [r.id, r.purged]))).toEqual({ [first]: true, [second]: true, [other]: false });
      const evidence = await pool.query<{ payload: unknown }>("SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'recordings_deleted'", [campaignId]);
      expect(evidence.rows.map((r) => r.payload)).toEqual([{ deleted: 2, erasedLead: String(erasedId) }]);
      expect(await node.purgeErasedRecordingsNow()).toBe(0);
    } finally {
      await node.close();
    }
  });
});
