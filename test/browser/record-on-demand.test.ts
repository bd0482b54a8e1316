// Recording on demand on the agent desktop in headless Chromium against a whole node (engine,
// simulated PBX, Postgres): in a campaign that records only when its agents ask, a call connects
// unrecorded; the agent, the customer having agreed, starts the recording, which the PBX then
// makes of the agent's bridge and the attempt keeps. A start the PBX refuses leaves the call
// unrecorded, says so, and lets the agent start it again; the agent may stop it and start it
// again, the same file going on; each start and stop is evidence. The refusal says when it came,
// and is read again in the language the agent switches to. The refusal, provoked here, is logged
// as an error, and kept by the test rather than written out with the run's output.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { simAuth } from '../helpers/crash-mid-call.js';
import { keptLogger } from '../helpers/kept-logger.js';
import { startDesktopOnACall, waitUntil, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;
const logged = keptLogger();

beforeAll(async () => {
  desk = await startDesktopOnACall('record-on-demand:', {
    name: `On demand ${Date.now()}`, agentId: 'rita', agentName: 'Rita Agent',
    campaign: { settings: { recordingOnDemand: true } },
    leads: [{ firstName: 'Grace', lastName: 'Kelly', phones: ['+15550100160'] }],
  }, { logger: logged.logger });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('recording on demand from the agent desktop', () => {
  it('connects the call unrecorded and records it once the agent starts the recording', async () => {
    const bridge = 'agent-bridge-rita';
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Grace Kelly');
    expect(await page.textContent('#lead-meta')).toContain('Recorded on demand');
    await expect.poll(() => page.textContent('#recording-label')).toBe('Record this call (the customer agreed)');
    expect(test.pbx.bridgeRecording(bridge)).toBeNull();

    const { rows } = await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [scenario.leadIds[0]]);
    const attemptId = rows[0]?.id ?? '';
    // A recording of the same name in progress elsewhere: the PBX refuses the start (409).
    const pbx = (path: string, method = 'POST') => fetch(`${test.pbx.url}/ari${path}`, { method, headers: simAuth });
    expect((await pbx('/bridges?type=mixing&bridgeId=elsewhere')).status).toBe(200);
    expect((await pbx(`/bridges/elsewhere/record?name=outpace-${attemptId}&format=wav`)).status).toBe(201);
    await page.click('#recording-btn');
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('The recording did not start: this call is not being recorded. Start it again.');
    expect(logged.records.filter((record) => Number(record.level) >= 50)).toEqual([expect.objectContaining({
      msg: 'the PBX did not start the recording as the agent asked', attemptId,
      err: expect.objectContaining({ code: 'ARI_CONFLICT', operation: 'recordBridge', message: expect.stringContaining('same name') }),
    })]);
    // It says when it happened, and is read again, time and all, in the language the agent switches to.
    const time = page.locator('#problems .problem-time');
    expect(await time.textContent()).toMatch(/^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)$/);
    const at = Date.parse((await time.getAttribute('datetime')) ?? '');
    expect(Math.abs(Date.now() - at)).toBeLessThan(10_000);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('录音未能开始：本通话未被录音。请再次开始录音。');
    expect(await time.textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await page.textContent('#problems .problem-dismiss')).toBe('知道了');
    await page.selectOption('#locale', 'en');
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('The recording did not start: this call is not being recorded. Start it again.');
    await page.click('#problems .problem-dismiss');
    await expect.poll(() => page.textContent('#recording-label')).toBe('Record this call (the customer agreed)');
    expect(test.pbx.bridgeRecording(bridge)).toBeNull();

    expect((await pbx(`/recordings/live/outpace-${attemptId}/stop`)).status).toBe(204);
    // The recording buttons answer to their keys, which the desktop shows on them and in its card.
    expect(await page.textContent('#recording-btn kbd')).toBe('E');
    expect(await page.locator('#shortcut-keys li').allTextContents()).toEqual(expect.arrayContaining(['E Record, pause or resume the recording', 'Q Stop recording']));
    await page.click('body');
    await page.keyboard.press('e');
    await expect.poll(() => page.textContent('#recording-label')).toBe('Pause recording (card details)');
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBe(`outpace-${attemptId}`);
    const evidence = async () => (await test.node.pool.query<{ kind: string; payload: Record<string, unknown> }>(
      "SELECT kind, payload FROM evidence_log WHERE attempt_id = $1 AND kind = 'recording_started' ORDER BY id", [attemptId])).rows;
    await expect.poll(evidence).toEqual([
      { kind: 'recording_started', payload: { agentId: 'rita', by: 'agent', refusedByPbx: expect.stringContaining('same name') } },
      { kind: 'recording_started', payload: { agentId: 'rita', by: 'agent' } },
    ]);

    // Stopped (what was recorded is kept), then started again in the same file.
    expect(await page.isVisible('#recording-stop-btn')).toBe(true);
    await page.keyboard.press('q');
    await expect.poll(() => page.textContent('#recording-label')).toBe('Record this call (the customer agreed)');
    expect(await page.isVisible('#recording-stop-btn')).toBe(false);
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBeNull();
    expect((await pbx(`/recordings/stored/outpace-${attemptId}`, 'GET')).status).toBe(200);
    const stopped = async () => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM evidence_log WHERE attempt_id = $1 AND kind = 'recording_stopped'", [attemptId])).rows;
    await expect.poll(stopped).toEqual([{ payload: { agentId: 'rita', by: 'agent' } }]);
    await page.click('#recording-btn');
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBe(`outpace-${attemptId}`);
    await expect.poll(async () => (await evidence()).length).toBe(3);

    await page.click('body');
    await page.keyboard.press('h');
    const closed = await waitUntil('the call closed with its recording', async () => {
      const result = await test.node.pool.query<{ recording_name: string | null }>('SELECT recording_name FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attemptId]);
      return result.rows[0];
    });
    expect(closed.recording_name).toBe(`outpace-${attemptId}`);
  }, 60_000);
});
