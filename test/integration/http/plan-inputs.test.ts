// A campaign's own figures as the planner's inputs, through the API of a running node: the leads
// it has left, and the answer rate and call lengths from its saved pacing model while no engine
// drives it, then from the engine once it does (which takes the saved model back), and its
// calling hours over the time zones of its leads.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { savePacingModel } from '../../../src/adapters/pg/pacing-model-repository.js';
import { createForecastCalibration } from '../../../src/core/pacing/forecast-calibration.js';
import { createCampaignStats, recordDialResult, recordTalk, recordWrap } from '../../../src/core/stats/campaign-stats.js';
import type { PlanInputs } from '../../../src/adapters/http/routes/plan-inputs-routes.js';
import { planLeadsWhy } from '../../../src/sim/planner/plan-limits.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;
const now = Date.now();

const get = <T>(path: string, token = roleTokens.manager) => nodeRequest<T>(test, 'GET', path, undefined, token);

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const answer = await nodeRequest<{ id: string }>(test, 'POST', path, body);
  expect(answer.status, path).toBeLessThan(300);
  return answer.body;
}

/** A campaign with `leads` new leads and, when given, `finished` of them already called. */
async function campaignWithLeads(name: string, leads: number, finished = 0, settings: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await post('/api/campaigns', { name: `${name} ${now}`, timezone: 'UTC', amdEnabled: false, settings, ...fields });
  const list = await createList(test.node.pool, { campaignId: id, name });
  const ids = await insertLeads(test.node.pool, list.id, Array.from({ length: leads }, (_, i) => ({ firstName: `P${i}`, phones: [`+1555060${String(i).padStart(4, '0')}`] })));
  await test.node.pool.query(`UPDATE leads SET status = 'done' WHERE id = ANY($1::bigint[])`, [ids.slice(0, finished)]);
  return id;
}

/** 400 dials of which 88 live and 100 machines, 80 talks of 150 s and 80 wraps of 20 s. */
function measuredStats() {
  const stats = createCampaignStats();
  for (let i = 0; i < 400; i++) recordDialResult(stats, i % 25 < 5.5 ? 'live' : i % 4 === 0 ? 'machine' : 'none', 12_000);
  for (let i = 0; i < 80; i++) {
    recordTalk(stats, 150_000);
    recordWrap(stats, 20_000);
  }
  return stats;
}

beforeAll(async () => {
  test = await startTestNode({}, 'plan-inputs:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('GET /api/campaigns/:id/plan-inputs', () => {
  it('gives a campaign that has not dialled its leads left and nothing measured', async () => {
    const id = await campaignWithLeads('Plan fresh', 7, 2);
    const { status, body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(status).toBe(200);
    // The product's default of six dials per lead, as no recycle limit is set, of which a lead of
    // one number gets four: the default dials per number.
    expect(body).toEqual({
      campaignId: id, name: `Plan fresh ${now}`, leads: 5, attemptsPerLead: 4, agents: null, amd: false, abandonTarget: 0.03, measured: null,
      retryMinutes: { busyRetryMinutes: 15, noAnswerRetryMinutes: 60, machineRetryMinutes: 120, congestionRetryMinutes: 10 },
      // The US regime's default week: 08:00-21:00 every day, day by day for four months; the product's three dials a day.
      dialHoursPerDay: 13, dialHoursByDay: Array.from({ length: 120 }, () => 13), attemptsPerDay: 3, dialsPerNumberPerDay: 3, jurisdictionCaps: [], zeroDialCaps: [],
      dialRangesByDay: Array.from({ length: 120 }, () => [{ start: '08:00', end: '21:00' }]),
      // Now on its clock, and none of its leads waiting for a retry.
      startMinute: expect.any(Number), dueLater: [],
    });
  });

  it("gives each number's dials a day and the share of its leads left that a state holds to fewer dials a day", async () => {
    const id = await campaignWithLeads('Plan state caps', 0, 0, { recycle: { maxAttemptsPerDay: 5, maxDialsPerNumberPerDay: 4 } });
    const list = await createList(test.node.pool, { campaignId: id, name: 'border states' });
    await insertLeads(test.node.pool, list.id, [
      { phones: ['+13055570001'], jurisdictions: ['US-FL'] }, { phones: ['+14055570002'], jurisdictions: ['US-OK'] },
      { phones: ['+13055570003'], jurisdictions: ['US-FL', 'US-OK'] }, { phones: ['+12125570004'] },
      { phones: ['+15125570005'], jurisdictions: ['US-TX'] },
    ]);
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body).toMatchObject({ leads: 5, attemptsPerDay: 5, dialsPerNumberPerDay: 4 });
    expect(body.jurisdictionCaps).toEqual([
      { codes: ['US-FL'], names: ['Florida'], share: 0.2, dialsPerDay: 3 },
      { codes: ['US-FL', 'US-OK'], names: ['Florida', 'Oklahoma'], share: 0.2, dialsPerDay: 3 },
      { codes: ['US-OK'], names: ['Oklahoma'], share: 0.2, dialsPerDay: 3 },
    ]);
    // A campaign that turns the states' rules off, or caps every lead at three a day, is held by none.
    await nodeRequest(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { recycle: { maxAttemptsPerDay: 3 } }, roleTokens.manager);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.jurisdictionCaps).toEqual([]);
  });

  it('leaves out the leads of a list the campaign no longer dials', async () => {
    const id = await campaignWithLeads('Plan lists', 6, 1);
    const paused = await createList(test.node.pool, { campaignId: id, name: 'paused list' });
    await insertLeads(test.node.pool, paused.id, [1, 2, 3].map((i) => ({ phones: [`+1555061000${i}`] })));
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.leads).toBe(8);
    await test.node.pool.query('UPDATE lists SET active = false WHERE id = $1', [paused.id]);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.leads).toBe(5);
  });

  it('leaves out the leads at their dials-per-lead cap, as selection and the leads left to dial do, but not a callback owed', async () => {
    const id = await campaignWithLeads('Plan capped', 6);
    const leads = await test.node.pool.query<{ id: string }>('SELECT l.id::text AS id FROM leads l WHERE l.campaign_id = $1 ORDER BY l.id', [id]);
    const [a, b, c] = leads.rows.map((row) => row.id);
    // Three leads dialled four times each and waiting for their next dial; one of them promised a callback.
    await test.node.pool.query(`UPDATE leads SET attempts = 4, status = 'retry' WHERE id = ANY($1::bigint[])`, [[a, b, c]]);
    await test.node.pool.query(`UPDATE leads SET status = 'callback' WHERE id = $1`, [c]);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.leads).toBe(6);
    // The manager gives each lead three dials at most: two of the six are never dialled again.
    const capped = await nodeRequest(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { recycle: { maxAttempts: 3 } }, roleTokens.manager);
    expect(capped.status).toBe(200);
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body).toMatchObject({ leads: 4, attemptsPerLead: 3 });
  });

  it("gives the dials its leads can get under both caps: a lead's own, and its numbers' each", async () => {
    const id = await campaignWithLeads('Plan numbers', 0);
    const list = await createList(test.node.pool, { campaignId: id, name: 'two numbers each' });
    await insertLeads(test.node.pool, list.id, [1, 2, 3].map((i) => ({ firstName: `N${i}`, phones: [`+1555062000${i}`, `+1555062100${i}`] })));
    // Two numbers of four dials each: the lead's own six hold.
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.attemptsPerLead).toBe(6);
    // One of each lead's numbers found wrong: four dials are left on the other.
    await test.node.pool.query(`UPDATE lead_phones SET disabled = true WHERE e164 LIKE '+15550621%'`);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.attemptsPerLead).toBe(4);
    await nodeRequest(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { recycle: { maxAttemptsPerPhone: 2 } }, roleTokens.manager);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.attemptsPerLead).toBe(2);
  });

  it('gives the dials its leads have left, not those of a fresh list, once the campaign has dialled them', async () => {
    const id = await campaignWithLeads('Plan half worked', 4);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.attemptsPerLead).toBe(4);
    // Every lead dialled three times on its one number, unanswered: one dial left each.
    await test.node.pool.query(`UPDATE leads SET attempts = 3, status = 'retry' WHERE campaign_id = $1`, [id]);
    await test.node.pool.query(`UPDATE lead_phones p SET attempts = 3 FROM leads l WHERE l.id = p.lead_id AND l.campaign_id = $1`, [id]);
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body.attemptsPerLead).toBe(1);
  });

  it('reads the saved pacing model of a campaign no engine drives, then the engine that took it back', async () => {
    const id = await campaignWithLeads('Plan saved', 12, 4, { recycle: { maxAttempts: 3, noAnswerRetryMinutes: 240 }, callingWindow: { regime: 'uk' } }, { abandonTarget: 0.01 });
    const stats = measuredStats();
    const savedAt = new Date(Date.now() - 60_000);
    await savePacingModel(test.node.pool, id, { stats, calibration: createForecastCalibration() }, savedAt, 'another-node');

    const saved = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ leads: 8, attemptsPerLead: 3, abandonTarget: 0.01, agents: null });
    // UK hours: a machine is not called again within the day (Ofcom), so the plan waits 24 h after one.
    expect(saved.body.retryMinutes).toEqual({ busyRetryMinutes: 15, noAnswerRetryMinutes: 240, machineRetryMinutes: 1440, congestionRetryMinutes: 10 });
    // The UK courtesy week: weekdays 09-21, Saturday 10-17, no Sunday; each week of the calendar alike.
    expect(saved.body.dialHoursPerDay).toBe(9.57);
    const firstWeek = saved.body.dialHoursByDay.slice(0, 7);
    expect([...firstWeek].sort((a, b) => a - b)).toEqual([0, 7, 12, 12, 12, 12, 12]);
    expect(saved.body.dialHoursByDay.slice(7, 14)).toEqual(firstWeek);
    expect(saved.body.measured).toEqual({
      source: 'saved', asOf: savedAt.toISOString(), dials: 400, liveRate: stats.liveAnswerRateLong.mean, machineRate: stats.machineRate.mean,
      talks: 80, talkSeconds: 150, wraps: 80, wrapSeconds: 20, firstDialAt: null,
    });
    expect(saved.body.measured?.liveRate).toBeCloseTo(96 / 400, 6);

    // Started here, the engine takes back the model saved a minute ago, whole, and answers live.
    await post(`/api/campaigns/${id}/start`, {});
    await test.node.runtime.syncCampaigns();
    const live = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(live.body.agents).toBe(0);
    expect(live.body.measured).toMatchObject({ source: 'engine', dials: 400, talks: 80, talkSeconds: 150, wrapSeconds: 20 });
    expect(Date.parse(live.body.measured?.asOf ?? '')).toBeGreaterThanOrEqual(now);
  }, 20_000);

  it("counts the agents logged in now, and plans with the regime's budget when the campaign asks for more", async () => {
    const id = await campaignWithLeads('Plan staffed', 3, 0, {}, { regime: 'strict', abandonTarget: 0.03 });
    await post(`/api/campaigns/${id}/start`, {});
    await test.node.runtime.syncCampaigns();
    const status = (agentId: string) => test.node.runtime.state().agents.get(agentId)?.status;
    for (const agentId of ['plan-ann', 'plan-bob']) {
      await nodeRequest(test, 'PUT', `/api/agents/${agentId}`, { name: agentId });
      await post(`/api/agents/${agentId}/login`, { campaignId: id });
      await waitUntil(`${agentId} paused`, async () => status(agentId) === 'paused');
    }
    await post('/api/agents/plan-bob/logout', {});
    await waitUntil('plan-bob logged out', async () => status('plan-bob') === 'logged_out');
    const answer = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(answer.body).toMatchObject({ agents: 1, abandonTarget: 0.01 });
    await post('/api/agents/plan-ann/logout', {});
  }, 30_000);

  it("closes the campaign's holidays in its calendar", async () => {
    // The day after tomorrow on the campaign's clock (UTC), a holiday.
    const holiday = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const id = await campaignWithLeads('Plan holiday', 2, 0, { callingWindow: { regime: 'us', holidays: [holiday] } });
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body.dialHoursByDay.slice(0, 4)).toEqual([13, 13, 0, 13]);
    expect(body.dialHoursPerDay).toBe(13);
  });

  it('opens each day from the first of its leads\' time zones to open to the last to close, as far as their leads fill it', async () => {
    const id = await campaignWithLeads('Plan zones', 0, 0, { callingWindow: { regime: 'us' } }, { timezone: 'America/New_York' });
    const list = await createList(test.node.pool, { campaignId: id, name: 'coast to coast' });
    await insertLeads(test.node.pool, list.id, [
      { firstName: 'East', phones: ['+12125550101'], timezone: 'America/New_York' },
      { firstName: 'West', phones: ['+13105550102'], timezone: 'America/Los_Angeles' },
    ]);
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    // 08:00 in New York to 21:00 in Los Angeles, which is midnight in New York: 16 hours a day.
    expect(body.dialHoursPerDay).toBe(16);
    expect(new Set(body.dialHoursByDay)).toEqual(new Set([16]));

    // Nine in ten leads in New York: the evening hours only Los Angeles is open run out of leads,
    // and the list is dialled in New York's 13 hours a day over nine tenths of it.
    await insertLeads(test.node.pool, list.id, Array.from({ length: 8 }, (_, i) => (
      { firstName: `East ${i}`, phones: [`+1212555020${i}`], timezone: 'America/New_York' })));
    const lopsided = (await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body;
    expect(lopsided.dialHoursPerDay).toBe(14.44);
    expect(new Set(lopsided.dialHoursByDay)).toEqual(new Set([14.44]));
  });

  it('starts its plan now, and gives its leads waiting for a retry with when each falls due, which a plan dials then, not now', async () => {
    const id = await campaignWithLeads('Plan retries due', 10);
    const asOf = Date.now();
    // Four leads called unanswered, due again in five hours.
    await test.node.pool.query(
      `UPDATE leads SET status = 'retry', attempts = 1, next_dial_at = $2 WHERE id IN (SELECT id FROM leads WHERE campaign_id = $1 ORDER BY id LIMIT 4)`,
      [id, new Date(asOf + 5 * 3_600_000)],
    );
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body.leads).toBe(10);
    expect(body.dueLater).toEqual([{ afterMinutes: 300, leads: 4 }]);
    // Now on the campaign's clock (UTC), to the minute.
    const minuteNow = Math.floor((asOf % 86_400_000) / 60_000);
    expect([minuteNow, (minuteNow + 1) % 1_440]).toContain(body.startMinute);

    type Plan = { expectedHours: number; lastDial: { day: number; time: string } };
    const asked = { leads: body.leads, attemptsPerLead: 1, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 3, startMinute: body.startMinute };
    const plan = async (extra: object): Promise<Plan> => {
      const answer = await nodeRequest<Plan>(test, 'POST', '/api/plan', { ...asked, ...extra }, roleTokens.manager);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const minuteOf = (p: Plan): number => p.lastDial.day * 1_440 + Number(p.lastDial.time.slice(0, 2)) * 60 + Number(p.lastDial.time.slice(3));
    const allDue = await plan({});
    const waiting = await plan({ dueLater: body.dueLater });
    // Three agents dial ten leads in minutes from now; the four waiting are dialled five hours on.
    expect(minuteOf(allDue) - body.startMinute).toBeLessThan(30);
    expect(minuteOf(waiting) - body.startMinute).toBeGreaterThanOrEqual(300);
    expect(waiting.expectedHours).toBeGreaterThanOrEqual(5);
    const tooMany = await nodeRequest<{ message: string }>(test, 'POST', '/api/plan', { ...asked, dueLater: [{ afterMinutes: 60, leads: 11 }] }, roleTokens.manager);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe('dueLater must not hold more leads than leads');
  });

  it('gives a lead due over a year from now as due a year on, which a plan takes', async () => {
    const id = await campaignWithLeads('Plan retries due next year', 4);
    const asOf = Date.now();
    // A callback set for the year after next: beyond any calendar a plan is asked on.
    await test.node.pool.query(
      `UPDATE leads SET status = 'retry', attempts = 1, next_dial_at = $2 WHERE id IN (SELECT id FROM leads WHERE campaign_id = $1 ORDER BY id LIMIT 1)`,
      [id, new Date(asOf + 500 * 86_400_000)],
    );
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body.dueLater).toEqual([{ afterMinutes: 366 * 1_440, leads: 1 }]);
    const asked = { leads: body.leads, attemptsPerLead: 1, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 3, startMinute: body.startMinute, dueLater: body.dueLater };
    const answer = await nodeRequest<{ message?: string }>(test, 'POST', '/api/plan', asked, roleTokens.manager);
    expect(answer.status, answer.body.message).toBe(200);
  });

  it('refuses a plan of more leads than the planner takes, in the words `outpace plan` uses', async () => {
    const asked = { leads: 100_000_000, attemptsPerLead: 1, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 3 };
    const answer = await nodeRequest<{ message: string }>(test, 'POST', '/api/plan', asked, roleTokens.manager);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(`body.leads: ${planLeadsWhy}`);
  });

  it('gives the hours of a window with a lunch break as they are, and a plan from them dials seven hours a day, not eight', async () => {
    const lunch = [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }];
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, lunch]));
    const id = await campaignWithLeads('Plan lunch', 4, 0, { callingWindow: { regime: 'us', weekly } });
    const { body } = await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`);
    expect(body.dialHoursPerDay).toBe(7);
    expect(new Set(body.dialHoursByDay)).toEqual(new Set([7]));
    expect(body.dialRangesByDay).toEqual(Array.from({ length: 120 }, () => lunch));

    type Plan = { openHoursPerDay: number; days: number; lastDial: { day: number; time: string } };
    const asked = { leads: 20_000, attemptsPerLead: 3, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 3, dialHoursPerDay: body.dialHoursPerDay };
    const planned = await nodeRequest<Plan>(test, 'POST', '/api/plan', { ...asked, dialHoursByDay: body.dialHoursByDay, dialRangesByDay: body.dialRangesByDay }, roleTokens.manager);
    expect(planned.status).toBe(200);
    expect(planned.body.openHoursPerDay).toBe(7);
    const straight = await nodeRequest<Plan>(test, 'POST', '/api/plan', { ...asked, dialHoursPerDay: 8, dialRanges: [{ start: '09:00', end: '17:00' }] }, roleTokens.manager);
    expect(straight.body.openHoursPerDay).toBe(8);
    expect(planned.body.days).toBeGreaterThan(straight.body.days);
    expect(planned.body.lastDial.day).toBeGreaterThan(straight.body.lastDial.day);
  }, 60_000);

  it('passes over a saved model it cannot read, and says which campaign does not exist', async () => {
    const id = await campaignWithLeads('Plan damaged', 3);
    await savePacingModel(test.node.pool, id, { stats: { dials: 'many' } }, new Date(), 'another-node');
    expect((await get<PlanInputs>(`/api/campaigns/${id}/plan-inputs`)).body).toMatchObject({ leads: 3, measured: null });
    const missing = await get<{ message: string }>('/api/campaigns/987654321/plan-inputs');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('campaign 987654321 does not exist');
  });

  it('is for managers, as the planner is', async () => {
    const id = await campaignWithLeads('Plan roles', 1);
    expect((await get(`/api/campaigns/${id}/plan-inputs`, roleTokens.supervisor)).status).toBe(403);
  });
});
