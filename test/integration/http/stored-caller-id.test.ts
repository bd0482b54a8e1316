// A caller ID stored by an older version in a form now refused when saved (a national form, which
// could not be judged, a premium-rate number): a start of a campaign presenting one (its own, a
// local presence number or a list's) is refused, naming it and what to do, its status says it, the
// stored value is left as it was; and a campaign already running with one when the node boots is
// said in a warning, once, its numbers redacted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList } from '../../../src/adapters/pg/lead-repository.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { createTestPool } from '../../helpers/db.js';
import { keptLogger } from '../../helpers/kept-logger.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { waitUntil } from '../../browser/browser-helpers.js';

const pool = createTestPool(2);
const kept = keptLogger('warn');
const now = Date.now();
let test: TestNode;
let runningAtBoot: string;
let bootList: { id: string; name: string };

const howTo = "is not in E.164 form: write the caller ID's number with + and its country code";
const storedBefore = 'was stored before such caller IDs were refused';

/** Stores a caller ID as a version that took national forms did, past the API that now refuses them. */
async function storeCallerId(table: 'campaigns' | 'lists', id: string, callerId: string | null): Promise<void> {
  await pool.query(`UPDATE ${table} SET caller_id = $2 WHERE id = $1`, [id, callerId]);
}

/** Stores local presence numbers past the API, as a version that did not judge them did. */
async function storeCallerIdPool(campaignId: string, numbers: string[]): Promise<void> {
  await pool.query("UPDATE campaigns SET settings = settings || jsonb_build_object('callerIdPool', $2::jsonb) WHERE id = $1", [campaignId, JSON.stringify(numbers)]);
}

/** A premium-rate number (UK 0909), which costs the person calling back. */
const premium = '+449098790000';
const premiumIs = 'is a premium-rate number: a caller ID must be a number the person can call back';

const warnings = (campaignId: string) => kept.records.filter((r) => r.campaignId === campaignId && String(r.msg).includes('caller ID that would be refused now'));

beforeAll(async () => {
  const campaign = await createCampaign(pool, { name: `National caller ID at boot ${now}`, timezone: 'UTC', status: 'running' });
  runningAtBoot = campaign.id;
  await storeCallerId('campaigns', runningAtBoot, '020 7946 0018');
  await storeCallerIdPool(runningAtBoot, ['+12125550101', premium]);
  bootList = await createList(pool, { campaignId: runningAtBoot, name: 'boot national' });
  await storeCallerId('lists', bootList.id, '(212) 555-0142');
  test = await startTestNode({}, 'stored-caller-id:', { logger: kept.logger });
}, 60_000);

afterAll(async () => {
  await nodeRequest(test, 'POST', `/api/campaigns/${runningAtBoot}/stop`, {});
  await test?.close();
  await pool.end();
});

describe('a caller ID stored in a form now refused', () => {
  it("refuses the start naming the campaign's, a local presence number's or a list's caller ID and what to do, says so in the status, and leaves it stored", async () => {
    const created = await nodeRequest<{ id: string }>(test, 'POST', '/api/campaigns', { name: `National caller ID ${now}`, timezone: 'UTC' });
    const id = created.body.id;
    await storeCallerId('campaigns', id, '"Acme" <09098790000>');
    const list = await createList(pool, { campaignId: id, name: 'national' });
    await storeCallerId('lists', list.id, '(212) 555-0101');

    const start = await nodeRequest<{ message: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect(start.status).toBe(400);
    expect(start.body.message).toContain(`campaign ${id} cannot start until its settings are changed: callerId ${storedBefore}: "09098790000" ${howTo}`);
    expect(start.body.message).toContain(`; list ${list.id} (national) callerId ${storedBefore}: "(212) 555-0101" ${howTo}`);
    expect((await pool.query('SELECT status, caller_id FROM campaigns WHERE id = $1', [id])).rows[0]).toEqual({ status: 'draft', caller_id: '"Acme" <09098790000>' });
    const status = await nodeRequest<{ settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${id}`);
    expect(status.body.settingsProblems).toEqual([
      expect.stringContaining(`callerId ${storedBefore}: "09098790000" ${howTo}`),
      expect.stringContaining(`list ${list.id} (national) callerId ${storedBefore}: "(212) 555-0101" ${howTo}`),
    ]);
    // The campaigns' list says them too.
    const all = await nodeRequest<Array<{ id: string; settingsProblems: string[] }>>(test, 'GET', '/api/campaigns');
    expect(all.body.find((c) => c.id === id)?.settingsProblems).toEqual(status.body.settingsProblems);

    // A local presence number stored premium-rate holds the start back too, named by its place.
    await storeCallerIdPool(id, ['+12125550101', premium]);
    const pooled = await nodeRequest<{ message: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([pooled.status, pooled.body.message]).toEqual([400, expect.stringContaining(`settings.callerIdPool[1] ${storedBefore}: ${premium} ${premiumIs}`)]);
    expect((await nodeRequest<{ settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${id}`)).body.settingsProblems)
      .toContainEqual(expect.stringContaining(`settings.callerIdPool[1] ${storedBefore}`));
    expect((await nodeRequest(test, 'PATCH', `/api/campaigns/${id}`, { settings: { callerIdPool: ['+12125550101'] } })).status).toBe(200);

    // Its own in E.164: the list's still holds it back; the list's cleared: it starts.
    expect((await nodeRequest(test, 'PATCH', `/api/campaigns/${id}`, { callerId: '"Acme" <+442079460018>' })).status).toBe(200);
    const held = await nodeRequest<{ message: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([held.status, held.body.message]).toEqual([400, expect.stringContaining(`list ${list.id} (national) callerId ${storedBefore}`)]);
    expect((await nodeRequest(test, 'PATCH', `/api/lists/${list.id}`, { callerId: null })).status).toBe(200);
    const started = await nodeRequest<{ status: string; settingsProblems: string[] }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([started.status, started.body.status, started.body.settingsProblems]).toEqual([200, 'running', []]);
    await nodeRequest(test, 'POST', `/api/campaigns/${id}/stop`, {});
  });

  it('says a campaign running with one when the node boots in a warning, once, and in its status', async () => {
    await waitUntil('the warning about the campaign running at boot', async () => warnings(runningAtBoot).length > 0);
    // Its own caller ID, its premium-rate local presence number and its list's, not the pool's good one.
    expect(warnings(runningAtBoot)[0]).toMatchObject({ level: 40, problems: [
      expect.stringMatching(/^callerId was stored before such caller IDs were refused: ".*0018" is not in E\.164 form: .*; change it \(the campaigns page's Caller ID, or PATCH with the caller ID in E\.164\)$/),
      expect.stringMatching(/^settings\.callerIdPool\[1\] was stored before such caller IDs were refused: .* is a premium-rate number/),
      expect.stringMatching(new RegExp(`^list ${bootList.id} \\(boot national\\) callerId was stored before such caller IDs were refused: ".*0142" is not in E\\.164 form`)),
    ] });
    // The log keeps the numbers redacted, as every number it holds.
    const logged = JSON.stringify(warnings(runningAtBoot)[0]);
    for (const digits of ['7946', '555-0142', '9098790000']) expect(logged).not.toContain(digits);
    const status = await nodeRequest<{ status: string; settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${runningAtBoot}`);
    expect([status.body.status, status.body.settingsProblems]).toEqual(['running', [
      expect.stringContaining('"020 7946 0018"'), expect.stringContaining(`settings.callerIdPool[1] ${storedBefore}: ${premium} ${premiumIs}`),
      expect.stringContaining(`list ${bootList.id} (boot national) callerId ${storedBefore}: "(212) 555-0142"`),
    ]]);
    await test.node.runtime.syncCampaigns();
    await test.node.runtime.syncCampaigns();
    expect(warnings(runningAtBoot)).toHaveLength(1);
  });

  it("reads no paused campaign's stored caller ID, and says it in a warning when the campaign runs", async () => {
    const store = new PgEngineStore(pool, { nodeId: 'stored-caller-id-reader', leadLeaseMs: 60_000 });
    const { id } = await createCampaign(pool, { name: `National caller ID paused ${now}`, timezone: 'UTC', status: 'paused' });
    await storeCallerId('campaigns', id, '020 7946 0019');
    const paused = (await store.activeCampaigns()).find((c) => c.id === id);
    expect(paused).toMatchObject({ status: 'paused', callerIdProblems: [] });
    await test.node.runtime.syncCampaigns();
    expect(warnings(id)).toHaveLength(0);

    // Started (as a node of an older version could): its stored caller ID is read and said, once.
    await pool.query("UPDATE campaigns SET status = 'running' WHERE id = $1", [id]);
    try {
      expect((await store.activeCampaigns()).find((c) => c.id === id)?.callerIdProblems).toEqual([expect.stringContaining(`callerId ${storedBefore}`)]);
      await test.node.runtime.syncCampaigns();
      await waitUntil('the warning about the campaign started', async () => warnings(id).length > 0);
      await test.node.runtime.syncCampaigns();
      expect(warnings(id)).toHaveLength(1);
    } finally {
      await pool.query("UPDATE campaigns SET status = 'stopped' WHERE id = $1", [id]);
      await test.node.runtime.syncCampaigns();
    }
  });
});
