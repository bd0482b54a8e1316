// A consultation the colleague ends, in headless Chromium against a whole node: the colleague
// hangs up their side, or their phone's line ends. The agent consulting them keeps the customer
// (still on hold) and their desktop says why the consultation is gone, as a problem that stays
// until dismissed, rather than its bar just vanishing.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLeg, simAuth } from '../helpers/crash-mid-call.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let agent: Page;
let colleague: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'consult-ended:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Consult ended ${Date.now()}`, agentId: 'omar', agentName: 'Omar Owner',
    leads: [{ firstName: 'Ines', lastName: 'Held', phones: ['+15550107481'] }],
  });
  await apiCall(test, 'PUT', '/api/agents/kai', { name: 'Kai Colleague' });
  const colleagueToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/kai/tokens')).token;
  agent = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  colleague = await openAgentDesktop(browser, test, colleagueToken, scenario.campaignId);
  await agent.keyboard.press('r');
  await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ines Held', undefined, { timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

/** The colleague ready, and the agent consulting them about the customer. */
async function consultColleague(): Promise<void> {
  await colleague.click('#ready-btn');
  await colleague.waitForSelector('#state-pill[data-status="ready"]');
  // Ready as the engine has it, not only as the desktop shows it: a consult asked before is refused.
  await expect.poll(async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/kai')).status).toBe('ready');
  await agent.keyboard.press('x');
  await agent.waitForSelector('#transfer-target:visible');
  await agent.selectOption('#transfer-target', 'agent:kai');
  await agent.click('#transfer-consult');
  // The bar keeps the last consultation's text while hidden: this one is under way once it shows.
  await agent.waitForSelector('#consult-bar', { state: 'visible' });
  await expect.poll(() => agent.textContent('#consult-text')).toBe('Speaking with Kai Colleague; the customer is on hold (music).');
}

const problems = () => agent.locator('#problems .problem-text').allTextContents();

describe('a consultation the colleague ends', () => {
  it('is said to the agent when the colleague hangs up their side, the customer still on hold with them', async () => {
    await consultColleague();
    await colleague.waitForSelector('#hangup-btn:visible');
    await colleague.click('#hangup-btn');
    await expect.poll(problems).toEqual(['Your colleague left the consultation: the customer stays with you.']);
    expect(await agent.isHidden('#consult-bar')).toBe(true);
    expect(await agent.textContent('#hold-label')).toBe('Take off hold');
    await agent.click('#problems .problem-dismiss');
    await agent.click('#hold-btn');
    await agent.waitForSelector('#call-held', { state: 'hidden' });
    await colleague.waitForSelector('#state-card[data-status="wrap_up"]');
  }, 60_000);

  it("is said to the agent when the colleague's phone line ends", async () => {
    await consultColleague();
    const leg = agentLeg(test.pbx, 'kai');
    expect((await fetch(`${test.pbx.url}/ari/channels/${leg}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    await expect.poll(problems).toEqual(["Your colleague's phone line ended: the customer stays with you."]);
    expect(await agent.isHidden('#consult-bar')).toBe(true);
    expect(await agent.textContent('#hold-label')).toBe('Take off hold');
  }, 60_000);
});
