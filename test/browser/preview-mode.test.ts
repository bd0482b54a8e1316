// Preview mode in the desktop: the agent sees a lead before anything is dialled, skips one
// (released, not counted as a dial) and dials the next, which connects like any other call (and
// only then offers to record the person's request not to be called); with
// a preview time limit, the desktop counts it down and clears the lead the limit skipped; with a
// national registry the campaign is scrubbed against loaded too long ago, no lead is offered and
// the desktop says which registry, when it was last loaded, and what must be done. An agent of a
// campaign in any pacing mode is told so without asking, from the moment the registry's copy is
// too old until a fresh one is loaded.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRegistryLoad } from '../../src/adapters/pg/dnc-registry-loads.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, launchChromium, openAgentDesktop, screenshot, waitUntil, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let page: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-preview:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser preview ${Date.now()}`, agentId: 'preview-agent', agentName: 'Pat Preview',
    // One skip sets a lead aside: no agent is offered it again until its list is reset.
    campaign: { mode: 'preview', script: 'Good morning {first_name}, this is {agent_name}.', settings: { previewMaxSkips: 1 } },
    leads: [
      { firstName: 'Skip', lastName: 'Me', timezone: 'Europe/London', priority: 9, phones: ['+15550100070'], fields: { company: 'Skipped plc' } },
      { firstName: 'Dial', lastName: 'Me', timezone: 'Asia/Shanghai', phones: ['+15550100080'], fields: { company: 'Dialled Co' } },
      { firstName: 'Timed', lastName: 'Out', priority: -1, phones: ['+15550100090'] },
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('preview mode in the desktop', () => {
  it('shows a lead before dialling, skips it without counting a dial (setting it aside, as the campaign says), and dials the next', async () => {
    page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    await page.waitForSelector('#preview-card:visible');
    // Paused as they logged in, the agent is told to take a lead as they are, as Next does.
    await expect.poll(() => page.textContent('#idle-text')).toBe('You are paused. Take the next lead with Next lead (N) when you want one.');

    await page.keyboard.press('n');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Skip Me');
    expect(await page.textContent('#lead-meta')).toContain('Preview');
    expect(await page.isEnabled('#preview-dial')).toBe(true);
    expect(await page.textContent('#script')).toBe('Good morning Skip, this is Pat Preview.');
    // No one is on a preview not dialled to ask not to be called.
    expect(await page.isVisible('#dnc-now')).toBe(false);
    await screenshot(page, 'agent-desktop-preview-en');

    await page.keyboard.press('s');
    await page.waitForSelector('#pop', { state: 'hidden' });
    const skipped = async () => (await test.node.pool.query<{ attempts: number; status: string; leased_by: string | null }>(
      'SELECT attempts, status, leased_by FROM leads WHERE id = $1', [scenario.leadIds[0]])).rows[0];
    await expect.poll(skipped).toEqual({ attempts: 0, status: 'exhausted', leased_by: null });
    await expect.poll(() => page.textContent('#toast')).toBe('Lead set aside: it has been skipped as often as the campaign allows.');

    await page.keyboard.press('n');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Dial Me');
    await page.keyboard.press('d');
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    expect(await page.textContent('#lead-name')).toBe('Dial Me');
    expect(await page.textContent('#state-sub')).toBe('On the line with Dial Me');
    // Put through, the person on it can.
    await page.waitForSelector('#dnc-now:visible');
  }, 60_000);

  it("counts down the campaign's preview time, and clears a lead the limit skipped", async () => {
    const callId = (await apiCall<{ callId: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).callId;
    await apiAnswer(test, scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/hangup`);
    await waitUntil('the call closed', async () => (await apiCall<{ owesDispositionFor: string | null }>(test, 'GET', `/api/agents/${scenario.agentId}`)).owesDispositionFor === callId);
    expect((await apiAnswer(test, scenario.agentToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' })).status).toBe(201);
    await apiCall(test, 'PATCH', `/api/campaigns/${scenario.campaignId}`, { settings: { previewTimeLimitMs: 5_000, previewTimeoutAction: 'skip' } });

    // In manual wrap-up the agent stays in wrap-up after the disposition until they go ready.
    await apiAnswer(test, scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/ready`);
    await page.waitForSelector('#preview-next:enabled');
    await page.keyboard.press('n');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Timed Out');
    await expect.poll(() => page.textContent('#preview-timer')).toMatch(/^Skipped by itself in [1-5] s$/);
    await page.waitForSelector('#pop', { state: 'hidden', timeout: 12_000 });
    expect(await page.textContent('#toast')).toBe('The lead was skipped: its preview time was up.');
  }, 60_000);

  it('says why no lead is offered while a national registry the campaign is scrubbed against is too old', async () => {
    const held = await createScenario(test, {
      name: `Browser preview CTPS ${Date.now()}`, agentId: 'preview-ctps', agentName: 'Cara Held',
      campaign: { mode: 'preview', settings: { nationalRegistries: ['uk_ctps'] } },
      leads: [{ firstName: 'Not', lastName: 'Offered', phones: ['+15550100170'] }],
    });
    // The CTPS's latest copy is 40 days old: older than the 28 days it stays good.
    const asOf = new Date(Date.now() - 40 * 86_400_000);
    await test.node.pool.query("DELETE FROM dnc_registry_loads WHERE registry = 'uk_ctps'");
    await recordRegistryLoad(test.node.pool, { registry: 'uk_ctps', listName: 'ctps-old', asOf, by: 'test', numbers: 1, added: 1, now: asOf });
    const agent = await openAgentDesktop(browser, test, held.agentToken, held.campaignId);
    await agent.waitForSelector('#preview-card:visible');
    await agent.click('#preview-next');
    const loaded = await agent.evaluate((iso) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso)), asOf.toISOString());
    await expect.poll(() => agent.textContent('#preview-held')).toBe(
      `No leads can be offered: the UK CTPS was last loaded on ${loaded}, more than 28 days ago; a supervisor must load a fresh copy.`);
    expect(await agent.isVisible('#pop')).toBe(false);
    const leased = await test.node.pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1', [held.campaignId]);
    expect(leased.rowCount).toBe(0);
  }, 60_000);

  it('tells an agent of a progressive campaign, unasked, that no call will come from the moment its registry copy is too old, until a fresh one is loaded', async () => {
    // The CTPS's latest copy goes out of date 15 s from now: 28 days after its data's date.
    const staleAtMs = Date.now() + 15_000;
    const asOf = new Date(staleAtMs - 28 * 86_400_000);
    await test.node.pool.query("DELETE FROM dnc_registry_loads WHERE registry = 'uk_ctps'");
    await recordRegistryLoad(test.node.pool, { registry: 'uk_ctps', listName: 'ctps-ageing', asOf, by: 'test', numbers: 1, added: 1, now: asOf });
    const held = await createScenario(test, {
      name: `Browser progressive CTPS ${Date.now()}`, agentId: 'progressive-ctps', agentName: 'Pia Waiting',
      campaign: { mode: 'progressive', settings: { nationalRegistries: ['uk_ctps'] } }, leads: [],
    });
    const agent = await openAgentDesktop(browser, test, held.agentToken, held.campaignId);
    expect(await agent.isHidden('#registry-held')).toBe(true);

    await agent.waitForSelector('#registry-held:visible', { timeout: 30_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(staleAtMs - 1_000);
    const [loaded, since] = await agent.evaluate(([iso, ms]) => [
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso)),
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms)),
    ], [asOf.toISOString(), staleAtMs] as const);
    expect(await agent.textContent('#registry-held')).toBe(
      `No calls will come: the UK CTPS was last loaded on ${loaded} and has been too old since ${since} (over 28 days), so this campaign dials no one. A supervisor must load a fresh copy.`);
    await screenshot(agent, 'agent-desktop-registry-held-en');

    const fresh = await fetch(`${test.node.url}/api/dnc/import?list=ctps-fresh&registry=uk_ctps`, {
      method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'text/plain' }, body: '+442079460771\n',
    });
    expect(fresh.status).toBe(200);
    await agent.waitForSelector('#registry-held', { state: 'hidden', timeout: 20_000 });
  }, 90_000);
});
