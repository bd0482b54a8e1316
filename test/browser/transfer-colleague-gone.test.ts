// A colleague chosen from the Transfer list who is no longer ready by the time the agent hands the
// customer over (they took a call, or went on a break, meanwhile): the desktop names them and says
// so in words, never their id or the engine's state name, and shows the list of who is ready now.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let fronter: Page;
let closerToken: string;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-transfer-gone:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser transfer gone ${Date.now()}`, agentId: 'gone-fronter', agentName: 'Gina Fronter',
    leads: [{ firstName: 'Ada', lastName: 'Lovelace', phones: ['+15550104610'] }],
  });
  await apiCall(test, 'PUT', '/api/agents/gone-closer', { name: 'Colin Closer' });
  closerToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/gone-closer/tokens')).token;
  fronter = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  await openAgentDesktop(browser, test, closerToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('handing over to a colleague who is no longer ready', () => {
  it('names the colleague, says they are no longer ready, and lists who is ready now', async () => {
    await fronter.keyboard.press('r');
    await fronter.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    expect((await apiAnswer(test, closerToken, 'POST', '/api/agents/gone-closer/ready')).status).toBe(200);

    await fronter.keyboard.press('x');
    await fronter.waitForSelector('#transfer-target:visible');
    await fronter.selectOption('#transfer-target', 'agent:gone-closer');
    // The colleague goes on a break while the agent picks them.
    expect((await apiAnswer(test, closerToken, 'POST', '/api/agents/gone-closer/pause', { reason: 'break' })).status).toBe(200);
    await fronter.click('#transfer-go');

    await expect.poll(() => fronter.textContent('#problems')).toContain('Colin Closer is no longer ready for a call: choose someone else.');
    expect(await fronter.textContent('#problems')).not.toContain('gone-closer');
    await fronter.waitForSelector('#transfer-none:visible');
    expect(await fronter.textContent('#state-card')).toContain('Talking');
  }, 60_000);
});
