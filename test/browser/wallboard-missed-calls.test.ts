// Missed return calls, on the wallboard, in headless Chromium against a whole node on the simulated
// PBX: a person calling back who hangs up while waiting on hold for an agent is listed for
// supervisors and managers (not viewers), with their number as the role sees it, the campaign's
// number they called, how long they waited and their lead (a stranger's made for them), and so is
// a withheld number who hung up on hold too (no attempt, no lead: no call back), and a caller whose wait on hold
// ran out (their attempt and the lead made for them kept), each with why it was missed; Call back
// books a callback due in a minute on the lead and marks the call handled with it, Handled marks it handled.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiCallError, ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';
import { callBack, calledAnHourAgo } from '../e2e/return-call-helpers.js';
import { launchChromium, openWallboard, screenshot, waitUntil } from './browser-helpers.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const PRESENTED = `+1628${run}2`;
const KNOWN = `+1628${run}4`;
const STRANGER = `+1628${run}5`;
const CAMPAIGN = `Missed call-backs ${run}`;
// A second campaign, letting callers wait two seconds: the stranger's wait runs out.
const SHORT_PRESENTED = `+1628${run}3`;
const WAITED_OUT = `+1628${run}6`;
const SHORT_CAMPAIGN = `Missed call-backs, short wait ${run}`;
// A third, whose missed call came in days ago.
const EARLIER_PRESENTED = `+1628${run}7`;
const EARLIER_CAMPAIGN = `Missed call-backs, days ago ${run}`;
const CONNECTING_PRESENTED = `+1628${run}8`;
const CONNECTING_CAMPAIGN = `Missed call-backs, hung up being put through ${run}`;

interface MissedCallSeen { id: string; phone: string | null; leadId: string | null; attemptId: string | null; reason: string; calledNumber: string; waitedMs: number; handledAt: string | null; callbackId: string | null }

let test: TestNode;
let browser: Browser;
let campaignId: string;
let knownLeadId: string;
let shortCampaignId: string;
const manager = (): ApiClient => new ApiClient(test.node.url, roleTokens.manager);
const missed = (client: ApiClient, query = ''): Promise<MissedCallSeen[]> => client.get(`/api/campaigns/${campaignId}/missed-calls${query}`);
const shortMissed = (): Promise<MissedCallSeen[]> => manager().get(`/api/campaigns/${shortCampaignId}/missed-calls`);

/** The caller waits on hold for an agent, then hangs up. */
async function hangsUpOnHold(from: string): Promise<void> {
  const call = callBack(test.pbx, from, PRESENTED);
  await waitUntil(`${from} waiting on hold`, async () =>
    [...test.node.runtime.state().calls.values()].some((c) => c.campaignId === campaignId && c.phone === from && c.status === 'waiting_agent') || undefined, 20_000);
  // Long enough on hold to count a second.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  test.pbx.callerHangsUp(call.channelId);
  call.stop();
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'wallboard-missed:');
  browser = await launchChromium();
  // Preview: nobody is dialled; no agent: the callers wait on hold.
  const campaign = await createCampaign(test.node.pool, {
    name: CAMPAIGN, mode: 'preview', callerId: `"Acme" <${PRESENTED}>`,
    settings: { callingWindow: roundTheClockWindow, returnCallHoldSeconds: 120 },
  });
  campaignId = campaign.id;
  const list = await createList(test.node.pool, { campaignId, name: 'called earlier' });
  knownLeadId = String((await insertLeads(test.node.pool, list.id, [{ firstName: 'Known', phones: [KNOWN] }]))[0]);
  await calledAnHourAgo(test.node.pool, campaignId, knownLeadId, KNOWN);
  await manager().post(`/api/campaigns/${campaignId}/start`);
  await hangsUpOnHold(KNOWN);
  await hangsUpOnHold(STRANGER);
  // A withheld number waits on hold as any caller, and hangs up.
  await hangsUpOnHold('');
  await waitUntil('the three missed calls kept', async () => (await missed(manager())).length === 3 || undefined, 20_000);

  shortCampaignId = (await createCampaign(test.node.pool, {
    name: SHORT_CAMPAIGN, mode: 'preview', callerId: `"Acme" <${SHORT_PRESENTED}>`,
    settings: { callingWindow: roundTheClockWindow, returnCallHoldSeconds: 2 },
  })).id;
  await manager().post(`/api/campaigns/${shortCampaignId}/start`);
  const waitedOut = callBack(test.pbx, WAITED_OUT, SHORT_PRESENTED);
  await waitUntil('the caller heard the message at the end of their wait', async () => waitedOut.events().some((e) => e.type === 'StasisEnd') || undefined, 30_000);
  waitedOut.stop();
  await waitUntil('the missed call kept', async () => (await shortMissed()).length === 1 || undefined, 20_000);
}, 120_000);


afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('missed return calls', () => {
  it('lists each caller who hung up on hold, the withheld one too: whole numbers for a manager, masked for a supervisor, none for a viewer', async () => {
    const [withheld, stranger, known] = await missed(manager());
    expect(withheld).toMatchObject({ phone: null, leadId: null, attemptId: null, reason: 'hung_up', calledNumber: PRESENTED, handledAt: null });
    expect(withheld!.waitedMs).toBeGreaterThanOrEqual(1_000);
    // Nothing is left of the withheld caller's call but the missed call: no number to call back.
    expect((await test.node.pool.query("SELECT 1 FROM attempts WHERE campaign_id = $1 AND e164 = ''", [campaignId])).rowCount).toBe(0);
    expect(known).toMatchObject({ phone: KNOWN, leadId: knownLeadId, reason: 'hung_up', calledNumber: PRESENTED, handledAt: null });
    expect(known!.waitedMs).toBeGreaterThanOrEqual(1_000);
    expect(stranger).toMatchObject({ phone: STRANGER, leadId: expect.stringMatching(/^\d+$/), reason: 'hung_up', calledNumber: PRESENTED });
    expect(stranger!.leadId).not.toBe(knownLeadId);
    const seenBySupervisor = await missed(new ApiClient(test.node.url, roleTokens.supervisor));
    expect(seenBySupervisor.map((call) => call.phone)).toEqual([null, expect.stringMatching(/5$/), expect.stringMatching(/4$/)]);
    expect(seenBySupervisor.map((call) => call.phone)).not.toContain(KNOWN);
    const refused = await missed(new ApiClient(test.node.url, roleTokens.viewer)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiCallError);
    expect((refused as ApiCallError).status).toBe(403);
  });

  it('keeps a caller whose wait on hold ran out as a missed call: their attempt, closed, and the lead made for them', async () => {
    const [waited] = await shortMissed();
    expect(waited).toMatchObject({
      phone: WAITED_OUT, leadId: expect.stringMatching(/^\d+$/), attemptId: expect.any(String), reason: 'wait_over', calledNumber: SHORT_PRESENTED, handledAt: null,
    });
    expect(waited!.waitedMs).toBeGreaterThanOrEqual(2_000);
    const attempt = await test.node.pool.query<{ lead_id: string; e164: string; outcome: string; ended: boolean }>(
      'SELECT lead_id::text, e164, outcome, ended_at IS NOT NULL AS ended FROM attempts WHERE id = $1', [waited!.attemptId]);
    expect(attempt.rows).toEqual([{ lead_id: waited!.leadId, e164: WAITED_OUT, outcome: 'cancelled', ended: true }]);
  });

  it('shows them on a supervisor\'s wallboard, calls the stranger back through a callback on their lead, and marks the other handled', async () => {
    const [withheld, stranger, known] = await missed(manager());
    const page = await openWallboard(browser, test);
    const strangerRow = page.locator(`#missed-calls tr[data-missed-id="${stranger!.id}"]`);
    const knownRow = page.locator(`#missed-calls tr[data-missed-id="${known!.id}"]`);
    await strangerRow.waitFor({ timeout: 15_000 });
    expect(await page.isVisible('#missed-panel')).toBe(true);
    expect(await strangerRow.locator('.campaign-name').textContent()).toBe(CAMPAIGN);
    expect(await strangerRow.locator('.called').textContent()).toBe(PRESENTED);
    expect(await strangerRow.locator('.phone').textContent()).toMatch(/5$/);
    expect(await knownRow.locator('a.lead').getAttribute('href')).toBe(`/leads/?lead=${knownLeadId}`);
    const withheldRow = page.locator(`#missed-calls tr[data-missed-id="${withheld!.id}"]`);
    expect(await withheldRow.locator('.phone').textContent()).toBe('Withheld');
    expect(await withheldRow.locator('button[data-action="callback"]').count()).toBe(0);
    expect(await knownRow.locator('.reason').textContent()).toBe('Hung up on hold');
    expect(await withheldRow.locator('.reason').textContent()).toBe('Hung up on hold');
    const [waited] = await shortMissed();
    const waitedRow = page.locator(`#missed-calls tr[data-missed-id="${waited!.id}"]`);
    await waitedRow.waitFor({ timeout: 15_000 });
    expect(await waitedRow.locator('.reason').textContent()).toBe('Wait ran out');
    expect(await waitedRow.locator('.campaign-name').textContent()).toBe(SHORT_CAMPAIGN);
    expect(await waitedRow.locator('button[data-action="callback"]').count()).toBe(1);
    await screenshot(page, 'wallboard-missed-calls');

    await strangerRow.locator('button[data-action="callback"]').click();
    await strangerRow.waitFor({ state: 'detached', timeout: 10_000 });
    const [handled] = (await missed(manager(), '?handled=true')).filter((call) => call.id === stranger!.id);
    expect(handled).toMatchObject({ handledAt: expect.any(String), callbackId: expect.stringMatching(/^\d+$/) });
    const callbacks = await test.node.pool.query<{ lead_id: string; agent_id: string | null; status: string }>(
      'SELECT lead_id::text, agent_id, status FROM callbacks WHERE id = $1', [handled!.callbackId]);
    expect(callbacks.rows).toEqual([{ lead_id: stranger!.leadId, agent_id: null, status: expect.stringMatching(/^(pending|due)$/) }]);

    await knownRow.locator('button[data-action="handled"]').click();
    await knownRow.waitFor({ state: 'detached', timeout: 10_000 });
    await withheldRow.locator('button[data-action="handled"]').click();
    await withheldRow.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await missed(manager())).toEqual([]);
    const again = (await missed(manager(), '?handled=true')).find((call) => call.id === known!.id);
    expect(again).toMatchObject({ handledAt: expect.any(String), callbackId: null });
    await page.context().close();
  });

  it("dates a missed call from an earlier day, which a time alone would pass off as today's", async () => {
    const earlier = await createCampaign(test.node.pool, {
      name: EARLIER_CAMPAIGN, mode: 'preview', callerId: `"Acme" <${EARLIER_PRESENTED}>`, settings: { callingWindow: roundTheClockWindow },
    });
    await manager().post(`/api/campaigns/${earlier.id}/start`);
    // Three days ago, not handled since: it is still on the list.
    const calledAt = new Date(Date.now() - 3 * 86_400_000);
    const [kept] = (await test.node.pool.query<{ id: string }>(
      `INSERT INTO missed_calls (campaign_id, reason, called_number, called_at, waited_ms) VALUES ($1, 'hung_up', $2, $3, 4000) RETURNING id::text`,
      [earlier.id, EARLIER_PRESENTED, calledAt])).rows;
    const page = await openWallboard(browser, test);
    const row = page.locator(`#missed-calls tr[data-missed-id="${kept!.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    const day = await page.evaluate((iso) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso)), calledAt.toISOString());
    expect(await row.locator('.when').textContent()).toContain(day);
    // Today's show their time alone.
    const [waited] = await shortMissed();
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date()));
    expect(await page.locator(`#missed-calls tr[data-missed-id="${waited!.id}"] .when`).textContent()).not.toContain(today);
    await page.context().close();
  });

  it('says a caller who hung up in the instant of being put through to an agent did so, not that they hung up on hold, in each language', async () => {
    const connecting = await createCampaign(test.node.pool, {
      name: CONNECTING_CAMPAIGN, mode: 'preview', callerId: `"Acme" <${CONNECTING_PRESENTED}>`, settings: { callingWindow: roundTheClockWindow },
    });
    await manager().post(`/api/campaigns/${connecting.id}/start`);
    // As the return-call line keeps it (test/e2e/return-call-routing.test.ts puts the call through).
    const [kept] = (await test.node.pool.query<{ id: string }>(
      `INSERT INTO missed_calls (campaign_id, reason, called_number, called_at, waited_ms) VALUES ($1, 'hung_up_connecting', $2, now(), 300) RETURNING id::text`,
      [connecting.id, CONNECTING_PRESENTED])).rows;
    const page = await openWallboard(browser, test);
    const row = page.locator(`#missed-calls tr[data-missed-id="${kept!.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.reason').textContent()).toBe('Hung up being put through');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => row.locator('.reason').textContent()).toBe('转接坐席时挂断');
    await page.context().close();
  });
});
