// A dial cap of 0 stored before such caps were refused stops every dial and never lifts by itself.
// Through the API of a running node: a start of a campaign holding one is refused naming the cap
// and what to do, its status and "why not dialled" say the same, the stored value is left as it
// was; and a campaign already running with one when the node boots is said in a warning, once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
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

const dayCapProblem = 'settings.recycle.maxAttemptsPerDay (dials per lead a day) is 0, stored before caps of 0 were refused, and stops every dial: '
  + "set it to 1 or more, or clear it (null) for the default of 3, in the campaign's dial rules (Dialling again, or PUT /api/campaigns/{id}/dial-rules)";

/** Stores caps as a version that took 0 did, past the API that now refuses them. */
async function storeCaps(campaignId: string, caps: Record<string, number>): Promise<void> {
  await pool.query(`UPDATE campaigns SET settings = jsonb_set(settings, '{recycle}', COALESCE(settings->'recycle', '{}'::jsonb) || $2::jsonb) WHERE id = $1`,
    [campaignId, JSON.stringify(caps)]);
}

async function storedRecycle(campaignId: string): Promise<unknown> {
  return (await pool.query<{ recycle: unknown }>(`SELECT settings->'recycle' AS recycle FROM campaigns WHERE id = $1`, [campaignId])).rows[0]?.recycle;
}

const warnings = (campaignId: string) => kept.records.filter((r) => r.campaignId === campaignId && String(r.msg).includes('a dial cap of 0 stops every dial'));

beforeAll(async () => {
  // Running, with a cap of 0 on dials per number a day, before the node starts.
  const campaign = await createCampaign(pool, { name: `Zero cap at boot ${now}`, timezone: 'UTC', status: 'running' });
  runningAtBoot = campaign.id;
  await storeCaps(runningAtBoot, { maxDialsPerNumberPerDay: 0 });
  test = await startTestNode({}, 'zero-cap:', { logger: kept.logger });
}, 60_000);

afterAll(async () => {
  await nodeRequest(test, 'POST', `/api/campaigns/${runningAtBoot}/stop`, {});
  await test?.close();
  await pool.end();
});

describe('a dial cap of 0 stored before such caps were refused', () => {
  it('refuses the start naming the cap and what to do, says so in the status and why a lead is not dialled, and leaves the value stored', async () => {
    const created = await nodeRequest<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Zero cap ${now}`, timezone: 'UTC' });
    const id = created.body.id;
    const list = await createList(pool, { campaignId: id, name: 'zero cap' });
    const [leadId] = await insertLeads(pool, list.id, [{ firstName: 'Zero', phones: ['+15550700001'] }]);
    await storeCaps(id, { maxAttemptsPerDay: 0 });

    const start = await nodeRequest<{ message: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect(start.status).toBe(400);
    expect(start.body.message).toBe(`campaign ${id} cannot start until its settings are changed: ${dayCapProblem}`);
    expect((await pool.query('SELECT status FROM campaigns WHERE id = $1', [id])).rows[0]).toEqual({ status: 'draft' });
    expect(await storedRecycle(id)).toEqual({ maxAttemptsPerDay: 0 });

    const status = await nodeRequest<{ settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${id}`);
    expect(status.body.settingsProblems).toEqual([dayCapProblem]);
    // Not "blocked until tomorrow": a cap of 0 never lifts by itself.
    const why = await nodeRequest<{ eligible: boolean; earliestDialAt: string | null; checks: Array<{ rule: string; blocks: boolean; until: string | null; detail: string }> }>(
      test, 'GET', `/api/leads/${leadId ?? ''}/why-not-dialled`);
    expect(why.status).toBe(200);
    expect(why.body.eligible).toBe(false);
    expect(why.body.earliestDialAt).toBeNull();
    expect(why.body.checks.find((c) => c.rule === 'max_attempts_day')).toEqual({ rule: 'max_attempts_day', blocks: true, until: null, detail: dayCapProblem });

    // Cleared for the default: it starts.
    expect((await nodeRequest(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { recycle: { maxAttemptsPerDay: null } })).status).toBe(200);
    const started = await nodeRequest<{ status: string; settingsProblems: string[] }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([started.status, started.body.status, started.body.settingsProblems]).toEqual([200, 'running', []]);
    await nodeRequest(test, 'POST', `/api/campaigns/${id}/stop`, {});
  });

  it('says a campaign running with one when the node boots in a warning, once, and in its status', async () => {
    await waitUntil('the warning about the campaign running at boot', async () => warnings(runningAtBoot).length > 0);
    expect(warnings(runningAtBoot)[0]).toMatchObject({ level: 40, problems: [expect.stringMatching(/^settings\.recycle\.maxDialsPerNumberPerDay \(dials per number a day, every campaign\) is 0, /)] });
    const status = await nodeRequest<{ status: string; settingsProblems: string[]; live: { engineStatus: string } | null }>(test, 'GET', `/api/campaigns/${runningAtBoot}`);
    expect(status.body.status).toBe('running');
    expect(status.body.settingsProblems).toEqual([expect.stringContaining('clear it (null) for the default of 3')]);
    // Said once, not at every pass; the stored value left as it was.
    await test.node.runtime.syncCampaigns();
    await test.node.runtime.syncCampaigns();
    expect(warnings(runningAtBoot)).toHaveLength(1);
    expect(await storedRecycle(runningAtBoot)).toEqual({ maxDialsPerNumberPerDay: 0 });
  });

  it('of calling hours that never open, stored before such windows were refused, refuses the start and says so in the status until hours are given', async () => {
    const created = await nodeRequest<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Closed window ${now}`, timezone: 'UTC' });
    const id = created.body.id;
    // Typed on the wrong clock: every range outside the US hours, past the API that now refuses it.
    await pool.query(`UPDATE campaigns SET settings = jsonb_set(settings, '{callingWindow}', $2::jsonb) WHERE id = $1`,
      [id, JSON.stringify({ regime: 'us', weekly: { mon: [{ start: '22:00', end: '23:30' }] } })]);
    const problem = "settings.callingWindow, stored before such windows were refused: the window never opens: no hours are left on any day within the US calling hours "
      + "(08:00-21:00 in the called person's local time): mon 22:00-23:30 is outside them; no lead would ever be dialled. Give hours within 08:00-21:00 on at least one day, "
      + "or pause the campaign to stop dialling (in the campaign's calling hours, or PUT /api/campaigns/{id}/dial-rules)";
    const start = await nodeRequest<{ message: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([start.status, start.body.message]).toEqual([400, `campaign ${id} cannot start until its settings are changed: ${problem}`]);
    expect((await nodeRequest<{ settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${id}`)).body.settingsProblems).toEqual([problem]);

    expect((await nodeRequest(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { callingWindow: { regime: 'us', weekly: { mon: [{ start: '09:00', end: '17:00' }] } } })).status).toBe(200);
    const started = await nodeRequest<{ status: string; settingsProblems: string[] }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([started.status, started.body.status, started.body.settingsProblems]).toEqual([200, 'running', []]);
    await nodeRequest(test, 'POST', `/api/campaigns/${id}/stop`, {});
  });

  it('of hours outside the US ones with a holiday that is no date starts: dialling sets such a window aside for the default week, which opens', async () => {
    const created = await nodeRequest<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Default window ${now}`, timezone: 'UTC' });
    const id = created.body.id;
    await pool.query(`UPDATE campaigns SET settings = jsonb_set(settings, '{callingWindow}', $2::jsonb) WHERE id = $1`,
      [id, JSON.stringify({ regime: 'us', weekly: { mon: [{ start: '22:00', end: '23:30' }] }, holidays: ['2024-02-31'] })]);
    expect((await nodeRequest<{ settingsProblems: string[] }>(test, 'GET', `/api/campaigns/${id}`)).body.settingsProblems).toEqual([]);
    const started = await nodeRequest<{ status: string }>(test, 'POST', `/api/campaigns/${id}/start`, {});
    expect([started.status, started.body.status]).toEqual([200, 'running']);
    await nodeRequest(test, 'POST', `/api/campaigns/${id}/stop`, {});
  });
});
