// Handing a customer over between two agent desktops in headless Chromium against a whole node:
// the fronter presses X, picks the closer from the colleagues ready now, and the closer's desktop
// pops the call, saying who handed it over, while the fronter's clears and goes on owing nothing.
// With a consultation first, both desktops say who is in it, through a conference to the handover.
// Handed to a group with nobody ready, the customer waits on hold for the next of it to come free.
// While the customer is being handed over, hold (which the engine refuses then) is not offered.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, launchChromium, openAgentDesktop, openWallboard, screenshot, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let fronter: Page;
let closer: Page;
let closerToken: string;

function openDesktop(token: string, campaignId = scenario.campaignId): Promise<Page> {
  return openAgentDesktop(browser, test, token, campaignId);
}

/** Who each attempt on the lead belongs to; the store writes a handover a moment after the desktops show it. */
async function agentsOnAttempts(leadId: string | undefined): Promise<Array<{ agent_id: string }>> {
  return (await test.node.pool.query<{ agent_id: string }>('SELECT agent_id FROM attempts WHERE lead_id = $1', [leadId])).rows;
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-transfer:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser transfer ${Date.now()}`, agentId: 'fronter-agent', agentName: 'Frank Fronter',
    leads: [{ firstName: 'Mary', lastName: 'Somerville', phones: ['+15550100080'], fields: { company: 'Orbits Ltd' } }],
  });
  await apiCall(test, 'PUT', '/api/agents/closer-agent', { name: 'Clara Closer', groups: ['closers'] });
  closerToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/closer-agent/tokens')).token;
  fronter = await openDesktop(scenario.agentToken);
  closer = await openDesktop(closerToken);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('transferring a call between desktops', () => {
  it('hands the customer from the fronter to the closer chosen from the ready colleagues', async () => {
    await fronter.keyboard.press('r');
    await fronter.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await fronter.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Mary Somerville');
    // No colleague ready yet: the panel says so and offers nothing to hand over to.
    await fronter.keyboard.press('x');
    await fronter.waitForSelector('#transfer-none:visible');
    expect(await fronter.isDisabled('#transfer-go')).toBe(true);
    await fronter.click('#transfer-cancel');

    await closer.keyboard.press('r');
    await closer.waitForSelector('#state-pill[data-status="ready"]');
    await fronter.click('#transfer-btn');
    await fronter.waitForSelector('#transfer-target:visible');
    const choices = await fronter.locator('#transfer-target option').allTextContents();
    expect(choices).toEqual(['Clara Closer', 'closers (1 ready)']);
    await screenshot(fronter, 'agent-desktop-transfer-en');
    await fronter.selectOption('#transfer-target', 'agent:closer-agent');
    await fronter.click('#transfer-go');

    await closer.waitForSelector('#state-pill[data-status="talking"]', { timeout: 10_000 });
    await closer.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Mary Somerville');
    await expect.poll(() => closer.textContent('#call-transferred-from')).toBe('Call handed over by Frank Fronter.');
    await fronter.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => fronter.isHidden('#pop')).toBe(true);
    await expect.poll(() => fronter.isEnabled('#ready-btn')).toBe(true);
    // The Transfer button that had the focus went with the call: it is on Ready, what the fronter
    // may do next, however many updates the wrap-up came in.
    await expect.poll(() => fronter.evaluate(() => document.activeElement?.id ?? '')).toBe('ready-btn');
    await screenshot(closer, 'agent-desktop-transferred-en');
    await expect.poll(() => agentsOnAttempts(scenario.leadIds[0])).toEqual([{ agent_id: 'closer-agent' }]);
  }, 60_000);

  it('consults the closer with the customer on hold, brings the customer into a conference, then hands them over', async () => {
    const second = await createScenario(test, {
      name: `Browser consult ${Date.now()}`, agentId: 'fronter-two', agentName: 'Fiona Fronter',
      leads: [{ firstName: 'Ada', lastName: 'Byron', phones: ['+15550100090'] }],
    });
    await apiCall(test, 'PUT', '/api/agents/closer-two', { name: 'Carl Closer' });
    const token = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/closer-two/tokens')).token;
    const agent = await openDesktop(second.agentToken, second.campaignId);
    const colleague = await openDesktop(token, second.campaignId);
    await agent.keyboard.press('r');
    await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Byron', undefined, { timeout: 15_000 });
    await colleague.keyboard.press('r');
    await colleague.waitForSelector('#state-pill[data-status="ready"]');

    await agent.keyboard.press('x');
    await agent.waitForSelector('#transfer-target:visible');
    await agent.selectOption('#transfer-target', 'agent:closer-two');
    await agent.click('#transfer-consult');
    await expect.poll(() => agent.textContent('#consult-text')).toBe('Speaking with Carl Closer; the customer is on hold (music).');
    expect(await agent.isHidden('#hold-btn')).toBe(true);
    expect(await agent.isHidden('#consult-conference')).toBe(false);
    await expect.poll(() => colleague.textContent('#consult-text')).toBe('Fiona Fronter is consulting you; the customer waits on hold. Hang up to leave.');
    // The colleague sees the lead before taking the customer, and has no say over the consultation.
    await colleague.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Byron');
    expect(await colleague.isHidden('#consult-actions')).toBe(true);

    await agent.click('#consult-conference');
    await expect.poll(() => agent.textContent('#consult-text')).toBe('Conference: you, Carl Closer and the customer.');
    await expect.poll(() => colleague.textContent('#consult-text')).toBe('Conference with Fiona Fronter and the customer.');
    await screenshot(agent, 'agent-desktop-conference-en');

    await agent.click('#consult-complete');
    await agent.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => colleague.textContent('#call-transferred-from')).toBe('Call handed over by Fiona Fronter.');
    expect(await colleague.isHidden('#consult-bar')).toBe(true);
    await expect.poll(() => agentsOnAttempts(second.leadIds[0])).toEqual([{ agent_id: 'closer-two' }]);
  }, 60_000);

  it('offers no hold while the customer is being handed over, which the engine would refuse', async () => {
    const blind = await createScenario(test, {
      name: `Browser blind handover ${Date.now()}`, agentId: 'blind-fronter', agentName: 'Bea Fronter',
      leads: [{ firstName: 'Grace', lastName: 'Hopper', phones: ['+15550177110'] }],
    });
    await apiCall(test, 'PUT', '/api/agents/blind-closer', { name: 'Cole Closer' });
    const token = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/blind-closer/tokens')).token;
    const agent = await openDesktop(blind.agentToken, blind.campaignId);
    const colleague = await openDesktop(token, blind.campaignId);
    await agent.keyboard.press('r');
    await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Grace Hopper', undefined, { timeout: 15_000 });
    expect(await agent.isVisible('#hold-btn')).toBe(true);
    await colleague.keyboard.press('r');
    await colleague.waitForSelector('#state-pill[data-status="ready"]');

    // The PBX is slow to move the customer into the colleague's bridge: the handover stays under way.
    const release = test.pbx.holdBridgeAdds('agent-bridge-blind-closer');
    try {
      await agent.keyboard.press('x');
      await agent.waitForSelector('#transfer-target:visible');
      await agent.selectOption('#transfer-target', 'agent:blind-closer');
      await agent.click('#transfer-go');
      await expect.poll(() => agent.textContent('#call-transferring')).toContain('Cole Closer');
      expect(await agent.isHidden('#hold-btn')).toBe(true);
      // Nor does its key ask for it.
      await agent.keyboard.press('o');
      await agent.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 300); }));
      expect(await agent.isHidden('#toast')).toBe(true);
    } finally {
      release();
    }
    await colleague.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Grace Hopper', undefined, { timeout: 10_000 });
    await agent.waitForSelector('#state-card[data-status="wrap_up"]');
    await agent.close();
    await colleague.close();
  }, 60_000);

  it('has the customer wait on hold for the next agent of a group with nobody ready, and hands them over then', async () => {
    const third = await createScenario(test, {
      name: `Browser queue ${Date.now()}`, agentId: 'fronter-three', agentName: 'Fay Fronter',
      leads: [
        { firstName: 'Emmy', lastName: 'Noether', phones: ['+15550100100'], priority: 10 },
        { firstName: 'Sofia', lastName: 'Kovalevskaya', phones: ['+15550100110'] },
      ],
    });
    await apiCall(test, 'PUT', '/api/agents/closer-three', { name: 'Cleo Closer', groups: ['vip'] });
    const token = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/closer-three/tokens')).token;
    const agent = await openDesktop(third.agentToken, third.campaignId);
    const colleague = await openDesktop(token, third.campaignId);
    // The closer is on a call of her own when the fronter's customer is to be handed to her group.
    await colleague.keyboard.press('r');
    await colleague.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether', undefined, { timeout: 15_000 });
    await agent.keyboard.press('r');
    await agent.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Sofia Kovalevskaya', undefined, { timeout: 15_000 });

    await agent.keyboard.press('x');
    await agent.waitForSelector('#transfer-target:visible');
    expect(await agent.locator('#transfer-target option').allTextContents()).toEqual(['vip (none ready: the customer waits on hold for the next)']);
    // Nobody to consult now; the handover can wait.
    expect(await agent.isDisabled('#transfer-consult')).toBe(true);
    await agent.click('#transfer-go');
    await expect.poll(() => agent.textContent('#call-transferring')).toBe('The customer waits for the next agent of vip to come free. Take them off hold to stop waiting.');
    await expect.poll(() => agent.textContent('#call-held')).toMatch(/^Customer on hold \(music\) for 0:0\d; back with you in (3:00|2:5\d)\.$/);
    expect(await agent.isHidden('#transfer-btn')).toBe(true);
    const waiting = await apiCall<{ agents: Array<{ id: string; waitingForGroup: string | null }> }>(test, 'GET', '/api/wallboard');
    expect(waiting.agents.find((a) => a.id === 'fronter-three')?.waitingForGroup).toBe('vip');
    const [customer] = (await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [third.leadIds[1]])).rows;
    await expect.poll(() => test.pbx.bridges().find((b) => b.id === `hold-${customer?.id}`)?.channels).toEqual([customer?.id]);
    await screenshot(agent, 'agent-desktop-handover-waiting-en');

    // The closer finishes her call: the waiting customer is hers.
    await colleague.keyboard.press('h');
    await colleague.waitForSelector('#state-card[data-status="wrap_up"]');
    const [own] = (await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [third.leadIds[0]])).rows;
    expect((await apiAnswer(test, token, 'POST', `/api/attempts/${own?.id}/disposition`, { code: 'SALE' })).status).toBe(201);
    await colleague.click('#ready-btn');
    await colleague.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Sofia Kovalevskaya', undefined, { timeout: 10_000 });
    await expect.poll(() => colleague.textContent('#call-transferred-from')).toBe('Call handed over by Fay Fronter.');
    await agent.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => test.pbx.bridges().find((b) => b.id === 'agent-bridge-closer-three')?.channels).toContain(customer?.id);
    const handedOver = async () => (await test.node.pool.query<{ from_agent: string; to_agent: string }>(
      'SELECT from_agent, to_agent FROM attempt_handovers WHERE attempt_id = $1', [customer?.id])).rows;
    await expect.poll(handedOver).toEqual([{ from_agent: 'fronter-three', to_agent: 'closer-three' }]);
  }, 60_000);
  it("hands the customer to a group of another campaign's team, chosen under Other teams, and a next customer waits for that team", async () => {
    const closingName = `Closing team ${Date.now()}`;
    const closing = await createScenario(test, { name: closingName, agentId: 'team-closer', agentName: 'Tess Closer', campaign: { mode: 'preview' }, leads: [] });
    await apiCall(test, 'PUT', '/api/agents/team-closer', { name: 'Tess Closer', groups: ['spanish'] });
    const fronting = await createScenario(test, {
      name: `Fronting team ${Date.now()}`, agentId: 'team-fronter', agentName: 'Theo Fronter',
      campaign: { settings: { handoverCampaigns: [closing.campaignId] } },
      leads: [{ firstName: 'Emmy', lastName: 'Noether', phones: ['+15550100100'] }, { firstName: 'Lise', lastName: 'Meitner', phones: ['+15550100101'] }],
    });
    const teamCloser = await openDesktop(closing.agentToken, closing.campaignId);
    const teamFronter = await openDesktop(fronting.agentToken, fronting.campaignId);
    await teamCloser.keyboard.press('r');
    await teamCloser.waitForSelector('#state-pill[data-status="ready"]');
    await teamFronter.keyboard.press('r');
    await teamFronter.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether', null, { timeout: 15_000 });
    await teamFronter.keyboard.press('x');
    await teamFronter.waitForSelector('#transfer-target:visible');
    expect(await teamFronter.locator('#transfer-target optgroup').evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label))).toEqual(['Other teams']);
    expect(await teamFronter.locator('#transfer-target option').allTextContents()).toEqual([`${closingName} (1 ready)`, `spanish of ${closingName} (1 ready)`]);
    await teamFronter.selectOption('#transfer-target', `campaign:${closing.campaignId}:spanish`);
    await teamFronter.click('#transfer-go');
    // Named while the customer is moved to them.
    await expect.poll(() => teamFronter.textContent('#call-transferring')).toContain('Tess Closer');

    await teamCloser.waitForSelector('#state-pill[data-status="talking"]', { timeout: 10_000 });
    await teamCloser.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether');
    await expect.poll(() => teamCloser.textContent('#call-transferred-from')).toBe('Call handed over by Theo Fronter.');
    await teamFronter.waitForSelector('#state-card[data-status="wrap_up"]');

    // The next customer: Tess is busy with Emmy, so the team is offered to wait for.
    await teamFronter.keyboard.press('r');
    await teamFronter.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lise Meitner', null, { timeout: 15_000 });
    await teamFronter.waitForSelector('#state-pill[data-status="talking"]');
    await teamFronter.keyboard.press('x');
    await teamFronter.waitForSelector('#transfer-target:visible');
    expect(await teamFronter.locator('#transfer-target option').allTextContents()).toEqual([
      `${closingName} (none ready: the customer waits on hold for the next)`, `spanish of ${closingName} (none ready: the customer waits on hold for the next)`,
    ]);
    await teamFronter.selectOption('#transfer-target', `campaign:${closing.campaignId}`);
    expect(await teamFronter.isDisabled('#transfer-consult')).toBe(true);
    await teamFronter.click('#transfer-go');
    await expect.poll(() => teamFronter.textContent('#call-transferring'))
      .toBe(`The customer waits for the next agent of ${closingName} to come free. Take them off hold to stop waiting.`);
    // The wallboard names the team by its campaign's name.
    const wallboard = await openWallboard(browser, test);
    await expect.poll(() => wallboard.textContent('[data-agent-id="team-fronter"]')).toContain(`customer waiting for ${closingName}`);
    // The closing team's card counts the customer waiting for it.
    await expect.poll(() => wallboard.textContent(`[data-campaign-id="${closing.campaignId}"]`)).toContain('1 waiting to be handed over');
    await wallboard.close();

    // Tess finishes with Emmy: Lise is hers.
    const emmy = await apiCall<{ callId: string }>(test, 'GET', '/api/agents/team-closer');
    await teamCloser.keyboard.press('h');
    await teamCloser.waitForSelector('#state-card[data-status="wrap_up"]');
    expect((await apiAnswer(test, closing.agentToken, 'POST', `/api/attempts/${emmy.callId}/disposition`, { code: 'SALE' })).status).toBe(201);
    await teamCloser.click('#ready-btn');
    await teamCloser.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lise Meitner', null, { timeout: 10_000 });
    await teamFronter.waitForSelector('#state-card[data-status="wrap_up"]');
    await teamCloser.close();
    await teamFronter.close();
  }, 90_000);
});
