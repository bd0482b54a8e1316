// The planner page in headless Chromium: a manager starts from a campaign (its leads left, its
// waits before retries and its saved pacing model fill the question in), plans for a team and for
// a deadline (one sooner than the retries allow is refused), gets the same answers as the API,
// opens the plan again from its address, and reads it in Chinese; a supervisor is told the
// planner is not theirs; a campaign picked whose figures answer late does not fill the question
// over the one picked after it; "None" picked after a campaign puts the starting figures back; a
// figure typed while the page fills the question in is kept.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { savePacingModel } from '../../src/adapters/pg/pacing-model-repository.js';
import { createForecastCalibration } from '../../src/core/pacing/forecast-calibration.js';
import { createCampaignStats, recordDialResult, recordTalk, recordWrap } from '../../src/core/stats/campaign-stats.js';
import type { PlanAnswer } from '../../src/sim/planner/plan-campaign.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, firstAnswerLate, holdAnswers, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let campaignId: string;
const now = Date.now();

beforeAll(async () => {
  test = await startTestNode({}, 'browser-plan:');
  browser = await launchChromium();
  const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Plan page ${now}`, timezone: 'UTC', amdEnabled: false, abandonTarget: 0.02, settings: { recycle: { maxAttempts: 4, noAnswerRetryMinutes: 90 } },
  });
  campaignId = campaign.id;
  const list = await createList(test.node.pool, { campaignId, name: 'plan page' });
  const ids = await insertLeads(test.node.pool, list.id, Array.from({ length: 40 }, (_, i) => ({ firstName: `Q${i}`, phones: [`+1555070${String(i).padStart(4, '0')}`] })));
  await test.node.pool.query(`UPDATE leads SET status = 'done' WHERE id = ANY($1::bigint[])`, [ids.slice(0, 4)]);
  // 300 dials, 45 of them live and 75 machines; calls of 90 s and wrap-ups of 12 s.
  const stats = createCampaignStats();
  for (let i = 0; i < 300; i++) recordDialResult(stats, i % 20 < 3 ? 'live' : i % 4 === 3 ? 'machine' : 'none', 10_000);
  for (let i = 0; i < 45; i++) {
    recordTalk(stats, 90_000);
    recordWrap(stats, 12_000);
  }
  await savePacingModel(test.node.pool, campaignId, { stats, calibration: createForecastCalibration() }, new Date(now - 3_600_000), 'node-elsewhere');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

async function signIn(page: Page, token: string, path: string): Promise<void> {
  await page.goto(`${test.node.url}${path}`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
}

const kpi = (page: Page, id: string) => page.textContent(`.kpi[data-kpi="${id}"] .value`);
const en = (value: number, options: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat('en-US', options).format(value);

describe('planner page', () => {
  it("starts, without a campaign, from the figures the API and `outpace plan` take when a question leaves them out, and says so", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, '/plan/?lang=en');
    const defaults = await apiCall<{ dialHoursPerDay: number; attemptsPerLead: number; liveRate: number; talkSeconds: number; retryMinutes: { noAnswerRetryMinutes: number } }>(test, 'GET', '/api/plan/defaults');
    // All day, as the command plans without --hours-per-day.
    expect(defaults.dialHoursPerDay).toBe(24);
    await expect.poll(() => page.inputValue('#dialHoursPerDay')).toBe('24');
    expect(await page.inputValue('#attemptsPerLead')).toBe(String(defaults.attemptsPerLead));
    expect(await page.inputValue('#liveRate')).toBe(String(defaults.liveRate * 100));
    expect(await page.inputValue('#talkSeconds')).toBe(String(defaults.talkSeconds));
    expect(await page.inputValue('#noAnswerRetryMinutes')).toBe(String(defaults.retryMinutes.noAnswerRetryMinutes));
    expect(await page.textContent('#defaults-note')).toContain(`the same as the planner API and the outpace plan command take when a question leaves them out: calling 24 hours a day (all day), ${defaults.attemptsPerLead} dials a lead`);
    await page.context().close();
  });

  it('fills the question from a campaign, plans for a team and for a deadline as the API does, and keeps the plan in its address', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${campaignId}`);
    await page.waitForSelector('#page:visible');

    // The campaign's own figures, and where they come from.
    await expect.poll(() => page.inputValue('#leads')).toBe('36');
    expect(await page.inputValue('#attemptsPerLead')).toBe('4');
    expect(await page.inputValue('#noAnswerRetryMinutes')).toBe('90');
    expect(await page.inputValue('#machineRetryMinutes')).toBe('120');
    // The US regime's default week (08:00-21:00) and the product's three dials a day.
    expect(await page.inputValue('#dialHoursPerDay')).toBe('13');
    expect(await page.inputValue('#attemptsPerDay')).toBe('3');
    expect(await page.inputValue('#dialsPerNumberPerDay')).toBe('3');
    expect(await page.inputValue('#liveRate')).toBe('15');
    expect(await page.inputValue('#machineRate')).toBe('25');
    expect(await page.inputValue('#talkSeconds')).toBe('90');
    expect(await page.inputValue('#wrapSeconds')).toBe('12');
    expect(await page.inputValue('#abandonTarget')).toBe('2');
    expect(await page.isChecked('#amd')).toBe(false);
    expect(await page.textContent('#measured')).toMatch(/^36 leads left to dial\. Answer rates and call lengths from its pacing model saved .+ UTC: 300 dials, 45 finished calls\.$/);

    // A team of three on a bigger list (one the simulation sizes in a moment).
    await page.fill('#leads', '2000');
    await page.fill('#agents', '3');
    // The campaign's calendar goes with the question while its hours stand as filled in.
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/plan') && request.method() === 'POST');
    await page.click('#run');
    const asked = (await sent).postDataJSON() as Record<string, unknown>;
    expect(asked).toMatchObject({
      leads: 2000, attemptsPerLead: 4, liveRate: 0.15, machineRate: 0.25, talkSeconds: 90, wrapSeconds: 12, amd: false, abandonTarget: 0.02,
      retryMinutes: { noAnswerRetryMinutes: 90 }, attemptsPerDay: 3, agents: 3,
      dialHoursPerDay: 13, dialHoursByDay: Array.from({ length: 120 }, () => 13), dialRangesByDay: Array.from({ length: 120 }, () => [{ start: '08:00', end: '21:00' }]),
    });
    // The calendar starts today, the plan now (the campaign's clock is UTC's).
    const nowMinute = Math.floor((Date.now() % 86_400_000) / 60_000);
    expect([nowMinute, (nowMinute + 1_439) % 1_440]).toContain(asked.startMinute);
    await page.waitForSelector('#answer:visible', { timeout: 60_000 });
    // The API's answer to the question the page asked (kept by the node, as the page's was).
    const team = await apiCall<PlanAnswer>(test, 'POST', '/api/plan', asked);
    expect(await kpi(page, 'agents')).toBe('3');
    expect(await kpi(page, 'talk')).toBe(en(team.talkMinPerAgentHour, { maximumFractionDigits: 1 }));
    expect(await kpi(page, 'abandon')).toBe(en(team.abandonRate, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(await kpi(page, 'dials')).toBe(en(team.dialsPerAgentHour, { maximumFractionDigits: 0 }));
    expect(await page.textContent('.kpi[data-kpi="abandon"] .sub')).toBe('of live answers, within a 2.0% budget');
    expect(await kpi(page, 'dialsPerLead')).toBe(en(team.dialsPerLead, { maximumFractionDigits: 2 }));
    expect(await kpi(page, 'reached')).toBe(en(team.leadsReached, { maximumFractionDigits: 0 }));
    expect(await page.textContent('#summary')).toMatch(
      /^3 agents work through 2,000 leads, up to 4 dials each, in about .+ of dialling, and reach a person on about [\d,]+ of them\. Each agent talks [\d.]+ minutes an hour; [\d.]+% of live answers are abandoned\.$/);
    const address = new URL(page.url());
    expect(Object.fromEntries(address.searchParams)).toMatchObject({ campaign: campaignId, leads: '2000', attempts: '4', live: '15', budget: '2', agents: '3', amd: '0', waitNoAnswer: '90', perDay: '3', perNumberDay: '3', hoursPerDay: '13' });
    expect(await kpi(page, 'days')).toBe(en(team.days, { maximumFractionDigits: 1 }));
    expect(await page.textContent('.kpi[data-kpi="duration"] .sub')).toMatch(/^.+ of it waiting for retries to fall due; .+ at least, whatever the team$/);
    expect(team.shortestHours).toBeGreaterThan(3);
    // What sets the pace: a team of three always has leads of so long a list to dial.
    expect(team.pacedBy).toBe('team');
    expect(await page.textContent('#pace')).toBe(`The team sets the pace: it has leads to dial nearly all its hours, so more agents finish sooner. The last dial falls on day ${team.lastDial.day + 1}.`);

    // The address opens the same plan, answered.
    const again = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    await again.goto(`${test.node.url}/plan/?lang=en`);
    await again.fill('#token', roleTokens.manager);
    await again.click('#signin-form button[type=submit]');
    await again.goto(address.toString());
    await again.waitForSelector('#answer:visible', { timeout: 60_000 });
    expect(await again.textContent('#summary')).toBe(await page.textContent('#summary'));

    // A deadline sooner than the retries allow is refused; a later one finds the fewest agents that meet it.
    await page.click('input[name="planFor"][value="deadline"]');
    await page.fill('#deadlineHours', '2');
    await page.click('#run');
    await expect.poll(() => page.textContent('#form-error'), { timeout: 60_000 })
      .toBe(`Refused: deadlineHours must be at least ${team.shortestHours.toFixed(1)}: the list's retries take that long whatever the team`);
    // An hour or two less than the team takes, past what the retries take: a deadline for one or
    // two more agents, whatever the hour the plan starts at (now, on the campaign's clock).
    const hours = Math.max(Math.ceil(team.shortestHours) + 1, Math.floor(team.expectedHours) - 1);
    expect(hours).toBeLessThan(team.expectedHours);
    await page.fill('#deadlineHours', String(hours));
    const sentDeadline = page.waitForRequest((request) => request.url().endsWith('/api/plan') && request.method() === 'POST');
    await page.click('#run');
    const askedDeadline = (await sentDeadline).postDataJSON() as Record<string, unknown>;
    expect(askedDeadline).toMatchObject({ leads: 2000, deadlineHours: hours });
    expect(askedDeadline).not.toHaveProperty('agents');
    await expect.poll(() => page.textContent('#summary'), { timeout: 60_000 }).toMatch(new RegExp(`^Finishing 2,000 leads, up to 4 dials each, within ${hours} hr of dialling takes \\d+ agents: about `));
    expect(await page.textContent('#form-error')).toBe('');
    const deadline = await apiCall<PlanAnswer>(test, 'POST', '/api/plan', askedDeadline);
    expect(deadline.agentsNeededForDeadline).toBeGreaterThan(3);
    expect(await kpi(page, 'agents')).toBe(String(deadline.agentsNeededForDeadline));
    expect(await page.textContent('.kpi[data-kpi="agents"] .sub')).toBe('the fewest that meet the deadline');
    expect(new URL(page.url()).searchParams.get('deadline')).toBe(String(hours));
    await screenshot(page, 'plan-page-en');

    // In Chinese.
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#summary')).toMatch(/^要在 .+ 的拨号时间内拨完 2,000 条线索（每条最多 4 次），需要 \d+ 名坐席/);
    expect(await page.textContent('#run')).toBe('开始规划');
    await screenshot(page, 'plan-page-zh');

    // Hours a day typed in stand for every day: the campaign's calendar no longer goes with the question
    // (asked for the team, a plan of a moment, not for the deadline again).
    await page.click('input[name="planFor"][value="agents"]');
    await page.fill('#dialHoursPerDay', '10');
    const typed = page.waitForRequest((request) => request.url().endsWith('/api/plan') && request.method() === 'POST');
    await page.click('#run');
    const body = (await typed).postDataJSON() as Record<string, unknown>;
    expect(body.dialHoursPerDay).toBe(10);
    expect(body).not.toHaveProperty('dialHoursByDay');
    expect(body).not.toHaveProperty('dialRangesByDay');
    await expect.poll(() => page.isEnabled('#run'), { timeout: 60_000 }).toBe(true);
  }, 240_000);

  it('says which field is not a number, and keeps a supervisor out', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, '/plan/?lang=en');
    await page.waitForSelector('#page:visible');
    await page.fill('#talkSeconds', '');
    await page.click('#run');
    expect(await page.textContent('#form-error')).toBe('Talk time, seconds: enter a number.');
    expect(await page.isHidden('#answer')).toBe(true);

    const supervisor = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(supervisor, roleTokens.supervisor, '/plan/?lang=en');
    await expect.poll(() => supervisor.textContent('#signin-error')).toBe('The planner is for managers and admins. Sign in with such a token.');
    expect(await supervisor.isHidden('#page')).toBe(true);
  }, 60_000);

  it('fills the question from the campaign picked last, not from one picked before it whose figures answer late', async () => {
    const other = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Plan picked last ${now}`, timezone: 'UTC', settings: { recycle: { maxAttempts: 7 } },
    })).id;
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${other}`);
    await expect.poll(() => page.inputValue('#attemptsPerLead')).toBe('7');
    // The first campaign's figures come late; the other is picked again meanwhile.
    const late = `**/api/campaigns/${campaignId}/plan-inputs`;
    await firstAnswerLate(page, late);
    try {
      const answered = page.waitForResponse((response) => response.url().endsWith(`/api/campaigns/${campaignId}/plan-inputs`), { timeout: 10_000 });
      await page.selectOption('#campaign', campaignId);
      await page.selectOption('#campaign', other);
      await expect.poll(() => page.inputValue('#attemptsPerLead')).toBe('7');
      await answered;
      // Let the page handle the late answer before checking it changed nothing.
      await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await page.inputValue('#attemptsPerLead')).toBe('7');
      expect(await page.inputValue('#noAnswerRetryMinutes')).not.toBe('90');
    } finally {
      await page.unroute(late);
    }
  }, 30_000);

  it("keeps a figure typed while the page is still filling the question in from the address's campaign", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    // The campaign's figures answer only when let go.
    const letGo = await holdAnswers(page, `**/api/campaigns/${campaignId}/plan-inputs`);
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${campaignId}`);
    await page.waitForSelector('#page:visible');
    const typed = page.fill('#talkSeconds', '300');
    // Typed before the figures came, or refused until they did.
    await expect.poll(() => page.$eval('#talkSeconds', (input: HTMLInputElement) => input.disabled || input.value === '300')).toBe(true);
    letGo();
    await typed;
    await expect.poll(() => page.inputValue('#attemptsPerLead')).toBe('4');
    expect(await page.inputValue('#talkSeconds')).toBe('300');
    await page.context().close();
  }, 30_000);

  it('counts in the singular where a campaign has one lead left and one dial measured, and in a plan of one agent, lead and dial, in English and in Chinese', async () => {
    const single = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Plan one dial ${now}`, timezone: 'UTC' })).id;
    const list = await createList(test.node.pool, { campaignId: single, name: 'one lead' });
    await insertLeads(test.node.pool, list.id, [{ firstName: 'Una', phones: ['+15550719999'] }]);
    const stats = createCampaignStats();
    recordDialResult(stats, 'none', 10_000);
    await savePacingModel(test.node.pool, single, { stats, calibration: createForecastCalibration() }, new Date(now - 3_600_000), 'node-elsewhere');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${single}`);
    await expect.poll(() => page.textContent('#measured'))
      .toMatch(/^1 lead left to dial\. Answer rates and call lengths from its pacing model saved .+ UTC: 1 dial, 0 finished calls\. /);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#measured')).toMatch(/^还剩 1 条线索待拨。.+：1 次拨号，0 通已结束的通话。/);
    // A plan of one agent, one lead and one dial says each in the singular.
    await page.goto(`${test.node.url}/plan/?lang=en&leads=1&agents=1&attempts=1`);
    await expect.poll(() => page.textContent('#summary'), { timeout: 60_000 })
      .toMatch(/^1 agent works through 1 lead, up to 1 dial each, in about .+ of dialling, and reaches a person on about [\d,.]+ of them\. The agent talks [\d.]+ minutes? an hour;/);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#summary')).toMatch(/^1 名坐席拨完 1 条线索（每条最多 1 次）/);
    await page.context().close();
  });

  it('puts the starting figures back when "None: my own figures" is picked after a campaign', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })).newPage();
    await signIn(page, roleTokens.manager, '/plan/?lang=en');
    await page.waitForSelector('#page:visible');
    await expect.poll(() => page.inputValue('#dialHoursPerDay')).toBe('24');
    const fields = ['leads', 'agents', 'attemptsPerLead', 'noAnswerRetryMinutes', 'liveRate', 'talkSeconds', 'abandonTarget'];
    const values = () => page.$$eval(fields.map((id) => `#${id}`).join(', '), (inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    const starting = await values();
    const startingAmd = await page.isChecked('#amd');
    await page.selectOption('#campaign', campaignId);
    await expect.poll(() => page.inputValue('#leads')).toBe('36');
    expect(await page.inputValue('#noAnswerRetryMinutes')).toBe('90');
    expect(await page.isChecked('#amd')).toBe(!startingAmd);
    await page.selectOption('#campaign', '');
    await expect.poll(values).toEqual(starting);
    expect(await page.isChecked('#amd')).toBe(startingAmd);
    expect(await page.textContent('#measured')).toBe('');
    await page.context().close();
  });

  it("marks the field a campaign's cap stored as 0 fills, says why no plan finishes with it, and plans once a figure replaces it", async () => {
    const stopped = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Plan zero cap ${now}`, timezone: 'UTC' })).id;
    // A cap of 0 stored before such caps were refused: the API no longer takes one.
    await test.node.pool.query(
      `UPDATE campaigns SET settings = jsonb_set(settings, '{recycle}', coalesce(settings->'recycle', '{}'::jsonb) || '{"maxDialsPerNumberPerDay": 0}') WHERE id = $1`, [stopped],
    );
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    const plansAsked: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/plan')) plansAsked.push(request.url());
    });
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${stopped}`);
    await expect.poll(() => page.getAttribute('#dialsPerNumberPerDay', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#dialsPerNumberPerDay')).toBe('0');
    expect(await page.getAttribute('#attemptsPerDay', 'aria-invalid')).toBeNull();
    const why = 'Dials per number a day, every campaign: the campaign stores its dials per number a day, every campaign as 0, which stops every dial, so no plan of it finishes. '
      + 'Set it to 1 or more in its dial rules (Dialling again), or enter here the figure to plan with.';
    expect(await page.textContent('#zero-caps')).toBe(why);

    // Asked anyway: refused on the page, the field focused, no plan asked of the node.
    await page.fill('#leads', '100');
    await page.fill('#agents', '2');
    await page.click('#run');
    expect(await page.textContent('#form-error')).toBe(why);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dialsPerNumberPerDay');
    expect(plansAsked).toEqual([]);

    // A figure to plan with replaces it: the mark and the reason go, and the plan is made.
    await page.fill('#dialsPerNumberPerDay', '2');
    expect(await page.getAttribute('#dialsPerNumberPerDay', 'aria-invalid')).toBeNull();
    expect(await page.textContent('#zero-caps')).toBe('');
    await page.click('#run');
    await page.waitForSelector('#answer:visible', { timeout: 60_000 });
    expect(await page.textContent('#form-error')).toBe('');
    expect(plansAsked).toHaveLength(1);
  }, 60_000);

  it('says why a campaign whose stored calling window never opens plans nothing, in both languages, and plans once hours are given', async () => {
    // Hours all outside the US ones, stored before such a window was refused: its figures give 0 hours a day.
    const closed = await createCampaign(test.node.pool, {
      name: `Plan page closed ${now}`, timezone: 'UTC', settings: { callingWindow: { regime: 'us', weekly: { mon: [{ start: '22:00', end: '23:00' }] } } },
    });
    const list = await createList(test.node.pool, { campaignId: closed.id, name: 'closed' });
    await insertLeads(test.node.pool, list.id, [{ phones: ['+15550740001'] }]);
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' })).newPage();
    const plansAsked: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/plan')) plansAsked.push(request.url());
    });
    await signIn(page, roleTokens.manager, `/plan/?lang=en&campaign=${closed.id}`);
    await expect.poll(() => page.getAttribute('#dialHoursPerDay', 'aria-invalid')).toBe('true');
    const why = "Calling hours a day: the campaign's calling hours never open for the time zones of its leads left, so it dials no one and no plan of it finishes. "
      + 'Give it hours in its dial rules (Calling hours), or enter here the hours a day to plan with.';
    expect(await page.textContent('#zero-caps')).toBe(why);

    // Asked anyway: the reason, not the API's "Too small", and no plan asked of the node.
    await page.fill('#agents', '2');
    await page.click('#run');
    expect(await page.textContent('#form-error')).toBe(why);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dialHoursPerDay');
    expect(plansAsked).toEqual([]);

    await page.goto(`${test.node.url}/plan/?lang=zh-CN&campaign=${closed.id}`);
    await expect.poll(() => page.textContent('#zero-caps')).toContain('从不开放');

    // Hours to plan with replace them: the mark and the reason go, and the plan is made.
    await page.fill('#dialHoursPerDay', '8');
    expect(await page.getAttribute('#dialHoursPerDay', 'aria-invalid')).toBeNull();
    expect(await page.textContent('#zero-caps')).toBe('');
    await page.fill('#agents', '2');
    await page.click('#run');
    await page.waitForSelector('#answer:visible', { timeout: 60_000 });
    expect(await page.textContent('#form-error')).toBe('');
    expect(plansAsked).toHaveLength(1);
  }, 60_000);
});
