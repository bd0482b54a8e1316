// Signing out of the agent desktop in headless Chromium, against a whole node, logs the agent out
// of their campaign: ready, at once; on a call, after it (as Log out does). Signed out but still
// logged in, the engine would go on putting calls through to a phone nobody answers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;

beforeAll(async () => {
  desk = await startDesktopOnACall('browser-sign-out-logs-out:', {
    name: `Sign out ${Date.now()}`, agentId: 'signout-sam', agentName: 'Sam Signout',
    leads: [{ firstName: 'Una', lastName: 'Only', timezone: 'Europe/London', phones: ['+15550102010'] }],
  });
}, 90_000);

afterAll(async () => {
  await desk?.close();
});

const engineAgent = () => desk.test.node.runtime.state().agents.get(desk.scenario.agentId);

async function signIn(): Promise<void> {
  const { page, scenario } = desk;
  await page.fill('#token', scenario.agentToken);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#sign-out:visible');
}

describe('signing out of the agent desktop', () => {
  it('logs out after the call an agent who signs out during it', async () => {
    const { page, test, scenario } = desk;
    const attemptId = engineAgent()?.callId ?? '';
    await page.click('#sign-out');
    await page.waitForSelector('#signin:visible');
    await expect.poll(() => engineAgent()?.pendingLogout).toBe(true);
    expect(engineAgent()?.status).toBe('talking');
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/hangup`, undefined, scenario.agentToken);
    await apiCall(test, 'POST', `/api/attempts/${attemptId}/disposition`, { code: 'NO_ANSWER_AGENT' }, scenario.agentToken);
    await expect.poll(() => engineAgent()?.status, { timeout: 10_000 }).toBe('logged_out');
  });

  it('logs a ready agent out at once', async () => {
    const { page, scenario } = desk;
    await signIn();
    await page.selectOption('#campaign-select', scenario.campaignId);
    await page.click('#login-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.keyboard.press('r');
    await page.waitForSelector('#state-card[data-status="ready"]');
    await page.click('#sign-out');
    await page.waitForSelector('#signin:visible');
    await expect.poll(() => engineAgent()?.status).toBe('logged_out');
    // Signed in again, the desktop says so.
    await signIn();
    await page.waitForSelector('#login-btn:visible');
  });
});
