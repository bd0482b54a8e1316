// `outpace plan --campaign` as a campaign manager runs it against the database: the question filled
// from the campaign's own figures (its leads left, caps, waits and calendar, and the answer rate
// and call lengths its saved pacing model measured), said with the period they were measured over,
// each replaced by a flag given; a campaign that does not exist, or has not measured what a plan
// needs, is refused with what is missing and the flags to give.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { savePacingModel } from '../../src/adapters/pg/pacing-model-repository.js';
import { createForecastCalibration } from '../../src/core/pacing/forecast-calibration.js';
import { createCampaignStats, recordDialResult, recordTalk, recordWrap } from '../../src/core/stats/campaign-stats.js';
import { createTestPool, testDatabaseUrl } from '../helpers/db.js';
import { runOutpace, type OutpaceRun } from '../helpers/outpace-cli.js';
import { insertPastCall } from '../helpers/past-calls.js';

const pool = createTestPool(2);
const now = Date.now();

/** 09:00 in New York on the Tuesday after next, as --start takes it (with its offset: winter's, or
 * summer's an hour later, both in the morning there). */
function nextTuesdayMorning(): string {
  const day = new Date(now);
  day.setUTCDate(day.getUTCDate() + 7 + ((9 - day.getUTCDay()) % 7));
  return `${day.toISOString().slice(0, 10)}T09:00:00-05:00`;
}

const outpacePlan = (...args: string[]): Promise<OutpaceRun> =>
  runOutpace(['plan', ...args], { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' });

/** A campaign with `leads` leads of which `finished` are done; the ids of its campaign and leads. */
async function campaignWithLeads(name: string, leads: number, finished: number): Promise<{ id: string; leadIds: string[] }> {
  const campaign = await createCampaign(pool, {
    name: `${name} ${now}`, timezone: 'UTC', amdEnabled: false, abandonTarget: 0.01,
    settings: { recycle: { maxAttempts: 3, noAnswerRetryMinutes: 240 }, callingWindow: { regime: 'uk' } },
  });
  const list = await createList(pool, { campaignId: campaign.id, name });
  const leadIds = await insertLeads(pool, list.id, Array.from({ length: leads }, (_, i) => ({ phones: [`+1555070${String(i).padStart(4, '0')}`] })));
  await pool.query(`UPDATE leads SET status = 'done' WHERE id = ANY($1::bigint[])`, [leadIds.slice(0, finished)]);
  return { id: campaign.id, leadIds };
}

/** 400 dials of which 96 live and 76 machines, 80 talks of 150 s and 80 wraps of 20 s. */
function measuredStats() {
  const stats = createCampaignStats();
  for (let i = 0; i < 400; i++) recordDialResult(stats, i % 25 < 6 ? 'live' : i % 4 === 0 ? 'machine' : 'none', 12_000);
  for (let i = 0; i < 80; i++) {
    recordTalk(stats, 150_000);
    recordWrap(stats, 20_000);
  }
  return stats;
}

const minute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

let dialled: { id: string; firstDial: Date; savedAt: Date };

beforeAll(async () => {
  const { id, leadIds } = await campaignWithLeads('Plan CLI dialled', 12, 4);
  const firstDial = new Date(now - 2 * 86_400_000);
  for (const [k, leadId] of leadIds.slice(0, 4).entries()) {
    await insertPastCall(pool, id, { leadId, outcome: 'no_answer', dialledAt: new Date(firstDial.getTime() + k * 3_600_000) });
  }
  const savedAt = new Date(now - 60_000);
  await savePacingModel(pool, id, { stats: measuredStats(), calibration: createForecastCalibration() }, savedAt, 'another-node');
  dialled = { id, firstDial, savedAt };
});

afterAll(async () => {
  await pool.end();
});

interface CampaignPlan {
  agents: number;
  openHoursPerDay: number;
  fromCampaign: { campaignId: string; figures: Record<string, number | boolean>; flagsGiven: string[]; measured: { dials: number; firstDialAt: string; asOf: string } };
}

describe('outpace plan --campaign', () => {
  it("plans from the campaign's own figures, saying which and over what period, a flag given replacing its figure", async () => {
    const [json, text] = await Promise.all([
      outpacePlan('--campaign', dialled.id, '--agents', '3', '--json'),
      outpacePlan('--campaign', dialled.id, '--agents', '3', '--talk', '90'),
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as CampaignPlan;
    expect(plan.agents).toBe(3);
    expect(plan.fromCampaign.campaignId).toBe(dialled.id);
    expect(plan.fromCampaign.figures).toMatchObject({
      leads: 8, attempts: 3, unansweredWait: 240, busyWait: 15, amd: false, abandonTarget: 0.01, talk: 150, wrap: 20, dialsPerDay: 3,
    });
    expect(plan.fromCampaign.figures.live).toBeCloseTo(96 / 400, 6);
    expect(plan.fromCampaign.figures.machine).toBeCloseTo(76 / 400, 6);
    expect(plan.fromCampaign.flagsGiven).toEqual([]);
    expect(plan.fromCampaign.measured).toMatchObject({ dials: 400, firstDialAt: dialled.firstDial.toISOString(), asOf: dialled.savedAt.toISOString() });
    // The UK courtesy week (weekdays 09-21, Saturday 10-17, no Sunday), not the round-the-clock default.
    expect(plan.openHoursPerDay).toBeGreaterThan(6);
    expect(plan.openHoursPerDay).toBeLessThanOrEqual(12);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`from campaign ${dialled.id} "Plan CLI dialled ${now}":\n`);
    expect(text.stdout).toMatch(/^ {2}leads left +8$/m);
    expect(text.stdout).toMatch(/^ {2}live answers +24\.0% of 400 dials$/m);
    expect(text.stdout).toMatch(/^ {2}wrap-up +20 s over 80 finished calls$/m);
    expect(text.stdout).toContain(`400 dials and 80 finished calls, from ${minute(dialled.firstDial)} (its first dial) to ${minute(dialled.savedAt)} (its pacing model saved then)`);
    // The talk time given replaces the campaign's, which is not said to be used.
    expect(text.stdout).not.toMatch(/^ {2}talk +/m);
    expect(text.stdout).toContain('given instead: --talk\n');
    expect(text.stdout).toMatch(/^agents +3$/m);
  }, 120_000);

  it("plans with the campaign's dials a number a day and its leads in states with a cap a day, and says the cap sets the pace", async () => {
    const campaign = await createCampaign(pool, {
      name: `Plan CLI caps ${now}`, timezone: 'UTC', amdEnabled: false,
      settings: { recycle: { maxAttempts: 6, maxAttemptsPerDay: 6, maxDialsPerNumberPerDay: 2, noAnswerRetryMinutes: 20, machineRetryMinutes: 20 } },
    });
    const list = await createList(pool, { campaignId: campaign.id, name: 'caps' });
    await insertLeads(pool, list.id, Array.from({ length: 40 }, (_, i) => ({
      phones: [`+1305571${String(i).padStart(4, '0')}`], ...(i % 2 === 0 ? { jurisdictions: ['US-FL'] } : {}),
    })));
    // From a morning to come: planned from now, the hours left today (none, late in the day) would
    // decide what sets the pace.
    const given = ['--campaign', campaign.id, '--agents', '2', '--live', '0.2', '--machine', '0.25', '--talk', '90', '--wrap', '10', '--start', nextTuesdayMorning()];
    const [json, text] = await Promise.all([outpacePlan(...given, '--json'), outpacePlan(...given)]);
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as CampaignPlan & { pacedBy: string; paceCap: unknown; lastDial: { day: number } };
    expect(plan.fromCampaign.figures).toMatchObject({ dialsPerDay: 6, numberDialsPerDay: 2 });
    expect(plan).toMatchObject({ pacedBy: 'day_cap', paceCap: { kind: 'number', dialsPerDay: 2 } });
    expect(plan.lastDial.day).toBeGreaterThanOrEqual(1);
    expect(text.stdout).toMatch(/^ {2}dials a number a day +2, every campaign's together$/m);
    expect(text.stdout).toContain("  states' caps a day: Florida 3 on 50.0% of the leads");
    expect(text.stdout).toMatch(/^pace +the list is exhausted for today by the 2-dials-per-day cap of each number, every campaign's dials together; finishing takes \d+ days/m);
  }, 120_000);

  it('refuses a start that has passed, or one given without a campaign', async () => {
    const campaign = await campaignWithLeads('Plan CLI start', 5, 0);
    const [passed, alone] = await Promise.all([
      outpacePlan('--campaign', campaign.id, '--agents', '2', '--start', '2020-01-07T09:00:00-05:00'),
      outpacePlan('--leads', '100', '--agents', '2', '--start', nextTuesdayMorning()),
    ]);
    expect([passed.code, passed.stderr]).toEqual([1, expect.stringContaining('outpace plan: --start has passed: give a time to come')]);
    expect([alone.code, alone.stderr]).toEqual([1, expect.stringContaining('outpace plan: --start plans a campaign from that time: give --campaign too')]);
  }, 60_000);

  it('refuses a campaign that does not exist, and one that has not measured what a plan needs, naming the flags to give', async () => {
    const fresh = await campaignWithLeads('Plan CLI fresh', 5, 0);
    const [missing, undialled, filledIn, noLeads] = await Promise.all([
      outpacePlan('--campaign', '999997', '--agents', '2'),
      outpacePlan('--campaign', fresh.id, '--agents', '2'),
      outpacePlan('--campaign', fresh.id, '--agents', '2', '--live', '0.2', '--machine', '0.2', '--talk', '100', '--wrap', '10', '--json'),
      outpacePlan('--agents', '2'),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('outpace plan: campaign 999997 does not exist');
    expect(undialled.code).not.toBe(0);
    expect(undialled.stderr).toContain(`outpace plan: campaign ${fresh.id} ("Plan CLI fresh ${now}") has too little history to plan from: `
      + 'a live answer rate, a machine rate, a talk time, a wrap-up time (it has not dialled yet); give --live, --machine, --talk, --wrap');
    expect(filledIn.code).toBe(0);
    expect((JSON.parse(filledIn.stdout) as CampaignPlan).fromCampaign).toMatchObject({ figures: { leads: 5 }, flagsGiven: ['--live', '--machine', '--talk', '--wrap'] });
    expect(noLeads.code).not.toBe(0);
    expect(noLeads.stderr).toContain('give --leads, or --campaign to plan the leads a campaign has left');
  }, 120_000);

  it('refuses a campaign whose cap stored as 0 stops every dial, naming it, unless the option replacing it is given', async () => {
    const stopped = await createCampaign(pool, { name: `Plan CLI zero cap ${now}`, timezone: 'UTC', amdEnabled: false, settings: { recycle: { maxDialsPerNumberPerDay: 0 } } });
    const list = await createList(pool, { campaignId: stopped.id, name: 'zero' });
    await insertLeads(pool, list.id, [{ phones: ['+15550720001'] }]);
    const figures = ['--campaign', stopped.id, '--agents', '2', '--live', '0.2', '--machine', '0.2', '--talk', '100', '--wrap', '10'];
    const [refused, replaced] = await Promise.all([outpacePlan(...figures), outpacePlan(...figures, '--number-dials-per-day', '2', '--json')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`outpace plan: campaign ${stopped.id} ("Plan CLI zero cap ${now}") dials no one: settings.recycle.maxDialsPerNumberPerDay (dials per number a day, every campaign) is 0`);
    expect(replaced.code, replaced.stderr).toBe(0);
  }, 120_000);

  it('refuses a campaign whose stored calling window never opens, saying so rather than naming an option not given, unless hours are given', async () => {
    // Hours all outside the US ones, stored before such a window was refused.
    const closed = await createCampaign(pool, {
      name: `Plan CLI closed ${now}`, timezone: 'UTC', amdEnabled: false, settings: { callingWindow: { regime: 'us', weekly: { mon: [{ start: '22:00', end: '23:00' }] } } },
    });
    const list = await createList(pool, { campaignId: closed.id, name: 'closed' });
    await insertLeads(pool, list.id, [{ phones: ['+15550730001'] }]);
    const figures = ['--campaign', closed.id, '--agents', '2', '--live', '0.2', '--machine', '0.2', '--talk', '100', '--wrap', '10'];
    const [refused, hours, window] = await Promise.all([
      outpacePlan(...figures), outpacePlan(...figures, '--hours-per-day', '8', '--json'), outpacePlan(...figures, '--window', '09:00-17:00', '--json'),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`outpace plan: campaign ${closed.id} ("Plan CLI closed ${now}") dials no one: its calling window never opens for the time zones of its leads left`);
    expect(refused.stderr).not.toContain('--hours-per-day must be');
    expect(hours.code, hours.stderr).toBe(0);
    expect((JSON.parse(hours.stdout) as CampaignPlan).openHoursPerDay).toBe(8);
    expect(window.code, window.stderr).toBe(0);
    expect((JSON.parse(window.stdout) as CampaignPlan).openHoursPerDay).toBe(8);
  }, 120_000);

  it('plans a campaign whose window is open a minute a week, not refusing it as one that never opens', async () => {
    const brief = await createCampaign(pool, {
      name: `Plan CLI brief ${now}`, timezone: 'UTC', amdEnabled: false, settings: { callingWindow: { regime: 'us', weekly: { sun: [{ start: '20:59', end: '23:00' }] } } },
    });
    const list = await createList(pool, { campaignId: brief.id, name: 'brief' });
    await insertLeads(pool, list.id, [{ phones: ['+15550730101'] }]);
    const run = await outpacePlan('--campaign', brief.id, '--agents', '2', '--live', '0.2', '--machine', '0.2', '--talk', '100', '--wrap', '10', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as CampaignPlan).openHoursPerDay).toBeGreaterThan(0);
  }, 120_000);

  it('plans from now, dialling the leads waiting for a retry when it falls due, unless --leads gives a list of its own', async () => {
    const { id, leadIds } = await campaignWithLeads('Plan CLI retries due', 6, 0);
    const asOf = Date.now();
    await pool.query(`UPDATE leads SET status = 'retry', attempts = 1, next_dial_at = $2 WHERE id = ANY($1::bigint[])`, [leadIds.slice(0, 3), new Date(asOf + 5 * 3_600_000)]);
    const given = ['--campaign', id, '--agents', '2', '--attempts', '1', '--live', '0.2', '--machine', '0.2', '--talk', '100', '--wrap', '10', '--hours-per-day', '24', '--json'];
    const [campaignList, ownList] = await Promise.all([outpacePlan(...given), outpacePlan(...given, '--leads', '6')]);
    expect(campaignList.code, campaignList.stderr).toBe(0);
    type Plan = { expectedHours: number; lastDial: { day: number; time: string } };
    const minuteOf = (plan: Plan): number => plan.lastDial.day * 1_440 + Number(plan.lastDial.time.slice(0, 2)) * 60 + Number(plan.lastDial.time.slice(3));
    // Now on the campaign's clock (UTC): the plan starts then, and the three waiting are dialled five hours on.
    const now = Math.floor((asOf % 86_400_000) / 60_000);
    const waiting = JSON.parse(campaignList.stdout) as Plan;
    expect(minuteOf(waiting) - now).toBeGreaterThanOrEqual(299);
    expect(waiting.expectedHours).toBeGreaterThan(4.9);
    // A list of one's own is dialled from now, every lead due.
    const own = JSON.parse(ownList.stdout) as Plan;
    expect(minuteOf(own) - now).toBeGreaterThanOrEqual(0);
    expect(minuteOf(own) - now).toBeLessThan(30);
  }, 120_000);
});
