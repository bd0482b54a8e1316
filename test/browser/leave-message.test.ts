// Leaving the campaign's message on an answering machine from the agent desktop in headless
// Chromium against a whole node (engine, simulated PBX, Postgres): V takes the machine out of the
// agent's bridge and plays the message to it once the PBX has heard no greeting for the
// campaign's silence (the test's far end is a person, who says nothing). The agent is free at
// once owing no disposition, and the call closes as a machine with the message left, out of the
// live answers and with the agent's time on it ending when they left it.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { apiCall, startDesktopOnACall, waitUntil, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;
const played: Array<{ target: string; media: string }> = [];

interface AttemptRow {
  id: string; outcome: string | null; connected_at: Date | null; message_left_at: Date | null; ended_at: Date | null;
  message_played_at: Date | null; message_start: string | null; message_media: string | null;
}

beforeAll(async () => {
  desk = await startDesktopOnACall('leave-message:', {
    name: `Leave message ${Date.now()}`, agentId: 'vera', agentName: 'Vera Agent',
    campaign: { machineMessageMedia: 'sound:acme/sorry-we-missed-you' },
    leads: [{ firstName: 'Max', lastName: 'Planck', phones: ['+15550100120'], prerecordedConsent: true }],
  }, {}, { sounds: { 'acme/sorry-we-missed-you': 4_000 } });
  ({ test, page, scenario } = desk);
  test.pbx.onEvent((_app, event) => {
    const playback = event.playback as { target_uri?: string; media_uri?: string } | undefined;
    if (event.type === 'PlaybackStarted' && playback) played.push({ target: playback.target_uri ?? '', media: playback.media_uri ?? '' });
  });
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('leaving a message from the agent desktop', () => {
  it('plays the message to the machine, frees the agent owing nothing, and closes the call as a machine', async () => {
    const attempt = async () => (await test.node.pool.query<AttemptRow>(
      'SELECT id, outcome, connected_at, message_left_at, message_played_at, message_start, message_media, ended_at FROM attempts WHERE lead_id = $1', [scenario.leadIds[0]])).rows[0];
    const connected = async () => {
      const row = await attempt();
      return row?.connected_at ? row : undefined;
    };
    const { id } = await waitUntil('the attempt connected', connected);
    expect(await page.textContent('#message-btn')).toBe('Leave message V');
    await page.click('body');
    await page.keyboard.press('v');

    await expect.poll(() => page.textContent('#toast')).toBe("The campaign's message is being left on the answering machine: you are free for the next call.");
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => page.isEnabled('#ready-btn')).toBe(true);
    expect(test.pbx.bridges().find((b) => b.id === 'agent-bridge-vera')?.channels).not.toContain(id);
    await expect.poll(() => played, { timeout: 10_000 }).toContainEqual({ target: `channel:${id}`, media: 'sound:acme/sorry-we-missed-you' });

    const closed = await waitUntil('the call closed', async () => {
      const row = await attempt();
      return row?.ended_at ? row : undefined;
    });
    expect(closed).toMatchObject({ outcome: 'machine', message_left_at: expect.any(Date), message_start: 'no_greeting', message_media: 'sound:acme/sorry-we-missed-you' });
    // Not before the campaign's silence (1.5 s by default) had passed with nothing heard.
    expect((closed.message_played_at?.getTime() ?? 0) - (closed.message_left_at?.getTime() ?? Infinity)).toBeGreaterThanOrEqual(1_500);
    expect(closed.ended_at?.getTime()).toBeGreaterThanOrEqual(closed.message_left_at?.getTime() ?? Infinity);
    const owed = await test.node.pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [id]);
    expect(owed.rowCount).toBe(0);

    // Not an answer by a person; the agent's time on it ends when they left the message.
    const report = await apiCall<{ liveAnswers: number; agents: Array<{ agentId: string; connected: number; talkSeconds: number }> }>(
      test, 'GET', `/api/reports/campaigns/${scenario.campaignId}`);
    expect(report.liveAnswers).toBe(0);
    const talk = ((closed.message_left_at?.getTime() ?? 0) - (closed.connected_at?.getTime() ?? 0)) / 1000;
    expect(report.agents.find((a) => a.agentId === 'vera')).toMatchObject({ connected: 1, talkSeconds: Math.round(talk) });
    await page.click('#ready-btn');
    await page.waitForSelector('#state-card[data-status="ready"]');
  }, 60_000);
});
