// The agent's phone hung up mid-call, on the agent desktop in headless Chromium against a whole
// node (engine, simulated PBX, Postgres): the engine logs the agent out, and the desktop says why
// (their phone's line ended) rather than only showing them logged out, in the page's language,
// until they log in again; the call it cut off waits under "To disposition" at once, its notes
// typed during the call still in the form when it is opened there. A phone that rings unanswered
// at login (the simulated PBX told to leave it ringing) gives the login up after the configured
// ring time, and the desktop says the phone did not answer; one busy, or out of the PBX's reach, at
// login is told apart from it (the PBX's dialstatus BUSY or CONGESTION on the leg).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { agentLeg, simAuth } from '../helpers/crash-mid-call.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('phone-lost:', {
    name: `Phone lost ${Date.now()}`, agentId: 'pia', agentName: 'Pia Agent',
    leads: [{ firstName: 'Ada', lastName: 'Byron', phones: ['+15550100180'] }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe("the agent's phone hanging up mid-call", () => {
  it('says the phone line ended and the agent is logged out, until they log in again', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Byron');
    await page.fill('#dispo-notes', 'Wants the blue model, ring back after 5');
    const leg = agentLeg(test.pbx, scenario.agentId);
    expect(leg).not.toBe('');
    expect((await fetch(`${test.pbx.url}/ari/channels/${leg}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);

    await page.waitForSelector('#state-pill[data-status="logged_out"]');
    const said = "Your phone's line ended (hung up, or not answered): you are logged out. Log in again to take calls.";
    await expect.poll(() => page.textContent('#toast')).toBe(said);
    await expect.poll(() => page.textContent('#idle-text')).toBe(said);
    await page.waitForSelector('#backlog [data-attempt-id]', { timeout: 10_000 });
    expect(await page.textContent('#backlog .backlog-name')).toBe('Ada Byron');
    // Opened there, the form has the notes typed during the call, and the disposition goes.
    await page.click('#backlog [data-attempt-id]');
    await page.waitForSelector('#pop:visible');
    await page.waitForSelector('#dispo-codes [data-code="NOT_INTERESTED"]');
    expect(await page.inputValue('#dispo-notes')).toBe('Wants the blue model, ring back after 5');
    await page.click('[data-code="NOT_INTERESTED"]');
    await page.click('#dispo-submit');
    await expect.poll(async () => (await test.node.pool.query(
      "SELECT d.notes FROM dispositions d JOIN attempts a ON a.id = d.attempt_id WHERE a.lead_id = $1 AND d.code = 'NOT_INTERESTED'", [scenario.leadIds[0]])).rows)
      .toEqual([{ notes: 'Wants the blue model, ring back after 5' }]);
    await page.waitForSelector('#backlog-card', { state: 'hidden' });

    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#idle-text')).toBe('您的电话线路已断开（已挂断或未接听）：您已退出登录。请重新登录以接听电话。');
    await page.selectOption('#locale', 'en');

    // Logged in again, the desktop no longer says it.
    await page.click('#login-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.click('#logout-btn');
    await page.waitForSelector('#state-pill[data-status="logged_out"]');
    expect(await page.textContent('#idle-text')).toBe('Log in to a campaign to start taking calls.');
  }, 60_000);

  it('says the phone did not answer when it rang out at login', async () => {
    test.pbx.setAgentPhoneAnswers(scenario.agentId, false);
    await page.click('#login-btn');
    await page.waitForSelector('#state-pill[data-status="connecting"]');
    // Twenty seconds' ringing, a tenth of that at the simulated PBX's pace.
    const said = 'Your phone did not answer, so you are not logged in. Check that it is connected and ringing, then log in again.';
    await expect.poll(() => page.textContent('#idle-text'), { timeout: 10_000 }).toBe(said);
    expect(await page.getAttribute('#state-pill', 'data-status')).toBe('logged_out');
    test.pbx.setAgentPhoneAnswers(scenario.agentId, true);
  }, 30_000);

  it('says the phone was busy, or could not be reached, when it was at login', async () => {
    test.pbx.setAgentPhoneFault(scenario.agentId, 'busy');
    await page.click('#login-btn');
    const busy = 'Your phone was busy, so you are not logged in. End the call on it (or turn off do not disturb), then log in again.';
    await expect.poll(() => page.textContent('#idle-text'), { timeout: 10_000 }).toBe(busy);
    expect(await page.getAttribute('#state-pill', 'data-status')).toBe('logged_out');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#idle-text')).toBe('您的电话占线，因此您未能登录。请先结束电话上的通话（或关闭免打扰），然后重新登录。');
    await page.selectOption('#locale', 'en');

    test.pbx.setAgentPhoneFault(scenario.agentId, 'unreachable');
    await page.click('#login-btn');
    const unreachable = 'Your phone could not be reached, so you are not logged in. Check that it is plugged in or that your softphone is open and signed in, then log in again.';
    await expect.poll(() => page.textContent('#idle-text'), { timeout: 10_000 }).toBe(unreachable);
    expect(await page.getAttribute('#state-pill', 'data-status')).toBe('logged_out');
    test.pbx.setAgentPhoneFault(scenario.agentId, null);
    await page.click('#login-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
  }, 30_000);
});
