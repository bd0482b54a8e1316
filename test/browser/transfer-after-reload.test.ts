// A desktop reloaded in the middle of a consultation, in headless Chromium against a whole node:
// the agent's desktop names the colleague they are consulting as before the reload (from the call's
// screen pop, there being no list of colleagues chosen from since), not by their id.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let agent: Page;
let colleague: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'transfer-after-reload:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Transfer after reload ${Date.now()}`, agentId: 'rhea', agentName: 'Rhea Reload',
    leads: [{ firstName: 'Lena', lastName: 'Meyer', phones: ['+15550107471'] }],
  });
  await apiCall(test, 'PUT', '/api/agents/cole', { name: 'Cole Colleague' });
  const token = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/cole/tokens')).token;
  agent = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  colleague = await openAgentDesktop(browser, test, token, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a consultation on a reloaded desktop', () => {
  it('names the colleague being consulted, as before the reload', async () => {
    await agent.keyboard.press('r');
    await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lena Meyer', undefined, { timeout: 15_000 });
    await colleague.keyboard.press('r');
    await colleague.waitForSelector('#state-pill[data-status="ready"]');
    await agent.keyboard.press('x');
    await agent.waitForSelector('#transfer-target:visible');
    await agent.selectOption('#transfer-target', 'agent:cole');
    await agent.click('#transfer-consult');
    const speaking = 'Speaking with Cole Colleague; the customer is on hold (music).';
    await expect.poll(() => agent.textContent('#consult-text')).toBe(speaking);

    await agent.reload();
    await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lena Meyer', undefined, { timeout: 15_000 });
    await expect.poll(() => agent.textContent('#consult-text')).toBe(speaking);
    await agent.click('#consult-conference');
    await expect.poll(() => agent.textContent('#consult-text')).toBe('Conference: you, Cole Colleague and the customer.');
    await agent.click('#consult-complete');
    await agent.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => colleague.textContent('#call-transferred-from')).toBe('Call handed over by Rhea Reload.');
  }, 60_000);
});
