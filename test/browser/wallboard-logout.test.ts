// A supervisor logs out an agent from the wallboard (one who left their desk, still taking
// calls), in headless Chromium against a whole node: Log out is pressed twice, once to arm it and
// once to confirm; an agent on a call is logged out after it (once its disposition is in: one
// whose code asks for notes is not sent without them), one between calls at once. Both screens
// say which supervisor asked; a supervisor's pause in the wrap-up comes once the agent has given
// the disposition they still owe.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, openWallboard, screenshot, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let agentPage: Page;
let wallboard: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'wallboard-logout:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Wallboard logout ${Date.now()}`, agentId: 'lou', agentName: 'Lou Away',
    leads: [{ firstName: 'Rosalind', lastName: 'Franklin', phones: ['+15550100130'], priority: 10 }, { firstName: 'Lise', lastName: 'Meitner', phones: ['+15550100140'] }],
  });
  // Not interested asks the agent to say why.
  await apiCall(test, 'PUT', `/api/campaigns/${scenario.campaignId}/disposition-codes/NOT_INTERESTED`, {
    label: 'Not interested', hotkey: '4', sortOrder: 40, final: true, movesStageTo: 'valid_contact', notesRequired: true,
  });
  agentPage = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  wallboard = await openWallboard(browser, test);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('logging an agent out from the wallboard', () => {
  it('asks for a second press, then logs out an agent on a call after it, and one between calls at once', async () => {
    await agentPage.keyboard.press('r');
    await agentPage.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    const tile = wallboard.locator('.agent[data-agent-id="lou"]');
    await expect.poll(() => tile.getAttribute('data-status'), { timeout: 5_000 }).toBe('talking');
    const logout = tile.locator('button.agent-logout');
    expect(await logout.textContent()).toBe('Log out');

    await logout.click();
    expect(await logout.textContent()).toBe('Log out? Press again');
    await screenshot(wallboard, 'wallboard-logout-armed-en');
    // Armed only for a few seconds: a stray press does nothing on its own.
    await expect.poll(() => logout.textContent(), { timeout: 8_000 }).toBe('Log out');
    expect(await agentPage.getAttribute('#state-card', 'data-status')).toBe('talking');
    await logout.click();
    await logout.click();
    await expect.poll(() => wallboard.textContent('#toast')).toBe('Lou Away will be logged out after the call.');
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe('logging out after the call · by test supervisor (Supervisor)');
    expect(await tile.locator('.agent-detail a').count()).toBe(0); // what is to come is said, not the call's lead
    expect(await logout.isDisabled()).toBe(true);

    // The call ends and is dispositioned: then the agent is logged out. Not interested is not
    // sent without the notes it asks for.
    await agentPage.click('body');
    await agentPage.keyboard.press('h');
    await agentPage.waitForSelector('#state-card[data-status="wrap_up"]');
    expect(await agentPage.textContent('.code[data-code="NOT_INTERESTED"] .flags')).toBe('notes4');
    await agentPage.keyboard.press('4');
    await expect.poll(() => agentPage.isEnabled('#dispo-submit')).toBe(true);
    await agentPage.click('#dispo-submit');
    await expect.poll(() => agentPage.textContent('#dispo-hint')).toBe('Not interested needs notes: say why, or what was agreed.');
    expect(await agentPage.evaluate(() => document.activeElement?.id)).toBe('dispo-notes');
    await agentPage.keyboard.type('Has a supplier until 2028.');
    await agentPage.keyboard.press('Control+Enter');
    await agentPage.waitForSelector('#state-card[data-status="logged_out"]', { timeout: 10_000 });
    // The disposition's write lands as the engine logs the agent out, not necessarily before.
    const saved = async () => (await test.node.pool.query('SELECT code, notes FROM dispositions JOIN attempts a ON a.id = attempt_id WHERE a.lead_id = $1', [scenario.leadIds[0]])).rows;
    await expect.poll(saved).toEqual([{ code: 'NOT_INTERESTED', notes: 'Has a supplier until 2028.' }]);

    // Logged in again and paused: out at once.
    await agentPage.selectOption('#campaign-select', scenario.campaignId);
    await agentPage.click('#login-btn');
    await agentPage.waitForSelector('#state-card[data-status="paused"]');
    await expect.poll(() => tile.getAttribute('data-status')).toBe('paused');
    await logout.click();
    await logout.click();
    await expect.poll(() => wallboard.textContent('#toast')).toBe('Lou Away is logged out.');
    await agentPage.waitForSelector('#state-card[data-status="logged_out"]', { timeout: 5_000 });
    const sessions = await test.node.pool.query<{ logout_at: Date | null }>('SELECT logout_at FROM agent_sessions WHERE agent_id = $1 ORDER BY login_at', ['lou']);
    expect(sessions.rows.map((row) => row.logout_at !== null)).toEqual([true, true]);
  }, 60_000);

  it("pauses an agent in a wrap-up that owes its disposition once they give it, both screens saying whose pause it is", async () => {
    await agentPage.selectOption('#campaign-select', scenario.campaignId);
    await agentPage.click('#login-btn');
    await agentPage.waitForSelector('#state-card[data-status="paused"]');
    await agentPage.keyboard.press('r');
    await agentPage.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await agentPage.keyboard.press('h');
    await agentPage.waitForSelector('#state-card[data-status="wrap_up"]');

    await apiCall(test, 'POST', '/api/agents/lou/pause', { reason: 'meeting' }, roleTokens.supervisor);
    await expect.poll(() => agentPage.textContent('#state-sub')).toBe('Choose a disposition to finish this call · then pause (Meeting) · by test supervisor (Supervisor)');
    const tile = wallboard.locator('.agent[data-agent-id="lou"]');
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe('Pause (Meeting) after this call · by test supervisor (Supervisor)');
    expect(await agentPage.getAttribute('#state-card', 'data-status')).toBe('wrap_up');

    await agentPage.keyboard.press('1');
    await expect.poll(() => agentPage.isEnabled('#dispo-submit')).toBe(true);
    await agentPage.click('#dispo-submit');
    await agentPage.waitForSelector('#state-card[data-status="paused"]', { timeout: 10_000 });
    await expect.poll(() => agentPage.textContent('#state-sub')).toBe('Meeting · by test supervisor (Supervisor)');
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe('Meeting · by test supervisor (Supervisor)');
    const saved = async () => (await test.node.pool.query('SELECT code FROM dispositions JOIN attempts a ON a.id = attempt_id WHERE a.lead_id = $1', [scenario.leadIds[1]])).rows;
    await expect.poll(saved).toEqual([{ code: 'SALE' }]);
  }, 60_000);
});
