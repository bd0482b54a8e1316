// A colleague consulted about a call of a recorded campaign is not offered its recording's buttons:
// the recording is the call's agent's to pause or resume, which the engine refuses the colleague,
// until the customer is handed to them. Then the call and its recording are theirs.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let agent: Page;
let colleague: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-consult-recording:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser consult recording ${Date.now()}`, agentId: 'rec-fronter', agentName: 'Rob Fronter',
    leads: [{ firstName: 'Emmy', lastName: 'Noether', phones: ['+15550104630'] }],
  });
  await apiCall(test, 'PUT', '/api/agents/rec-closer', { name: 'Rae Closer' });
  const token = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/rec-closer/tokens')).token;
  agent = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  colleague = await openAgentDesktop(browser, test, token, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('the recording in a consultation', () => {
  it("offers the consulted colleague no recording buttons until the customer is theirs", async () => {
    await agent.keyboard.press('r');
    await agent.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await agent.waitForSelector('#recording-btn:visible');
    await colleague.keyboard.press('r');
    await colleague.waitForSelector('#state-pill[data-status="ready"]');

    expect((await apiAnswer(test, scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/consult`, { toAgentId: 'rec-closer' })).status).toBe(200);
    await expect.poll(() => colleague.textContent('#consult-text')).toBe('Rob Fronter is consulting you; the customer waits on hold. Hang up to leave.');
    await colleague.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether');
    expect(await colleague.isHidden('#recording-btn')).toBe(true);
    expect(await colleague.isHidden('#recording-stop-btn')).toBe(true);
    // Its key does nothing either: nothing refused.
    await colleague.keyboard.press('e');
    await colleague.waitForTimeout(500);
    expect(await colleague.textContent('#problems')).toBe('');

    await agent.click('#consult-complete');
    await agent.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => colleague.textContent('#call-transferred-from')).toBe('Call handed over by Rob Fronter.');
    await colleague.waitForSelector('#recording-btn:visible');
  }, 60_000);
});
