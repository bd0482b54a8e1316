// What the agent desktop would have said while it was closed, said when it opens again, in
// headless Chromium against a whole node (engine, simulated PBX, Postgres): the agent's desktop
// is closed mid-call, a recording start is asked for through the API and the PBX refuses it; the
// desktop opened again shows the refusal with its time, in the language the agent reads, until
// the agent dismisses it, and only once. The refusal, provoked here, is logged as an error, and
// kept by the test rather than written out with the run's output.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { simAuth } from '../helpers/crash-mid-call.js';
import { keptLogger } from '../helpers/kept-logger.js';
import { apiCall, startDesktopOnACall, waitUntil, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;
const logged = keptLogger();

beforeAll(async () => {
  desk = await startDesktopOnACall('missed-notices:', {
    name: `Missed notices ${Date.now()}`, agentId: 'mona', agentName: 'Mona Agent',
    campaign: { settings: { recordingOnDemand: true } },
    leads: [{ firstName: 'Hedy', lastName: 'Lamarr', phones: ['+15550100170'] }],
  }, { logger: logged.logger });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

/** The node's open agent streams, as its metrics say. */
async function agentStreamsOpen(): Promise<number> {
  const text = await (await fetch(`${test.node.url}/metrics`)).text();
  return Number(/^outpace_live_connections\{stream="agent"\} (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

describe('notices missed while the agent desktop was closed', () => {
  it('shows a refusal the PBX made while the desktop was closed, with its time, once', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Hedy Lamarr');
    expect(await agentStreamsOpen()).toBe(1);
    const desktopUrl = page.url();
    await page.goto('about:blank');
    await waitUntil('the desktop closed', async () => (await agentStreamsOpen()) === 0);

    // A recording of the same name in progress elsewhere: the PBX refuses the start asked for now.
    const { rows } = await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [scenario.leadIds[0]]);
    const attemptId = rows[0]?.id ?? '';
    const pbx = (path: string) => fetch(`${test.pbx.url}/ari${path}`, { method: 'POST', headers: simAuth });
    expect((await pbx('/bridges?type=mixing&bridgeId=elsewhere')).status).toBe(200);
    expect((await pbx(`/bridges/elsewhere/record?name=outpace-${attemptId}&format=wav`)).status).toBe(201);
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/record`, undefined, scenario.agentToken);
    await waitUntil('the refusal on record', async () => (await test.node.pool.query(
      "SELECT 1 FROM evidence_log WHERE attempt_id = $1 AND kind = 'recording_started' AND payload ? 'refusedByPbx'", [attemptId])).rowCount === 1);
    expect(logged.records.filter((record) => Number(record.level) >= 50)).toEqual([expect.objectContaining({
      msg: 'the PBX did not start the recording as the agent asked', attemptId,
      err: expect.objectContaining({ code: 'ARI_CONFLICT', operation: 'recordBridge', message: expect.stringContaining('same name') }),
    })]);

    await page.goto(desktopUrl);
    await page.waitForSelector('#state-pill[data-status="talking"]');
    await page.waitForSelector('#missed:visible');
    expect(await page.textContent('#missed strong')).toBe('While this desktop was closed');
    const items = await page.locator('#missed-list li').allTextContents();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)? The recording did not start: this call is not being recorded\. Start it again\.$/);
    // Read again in the language the agent switches to.
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#missed strong')).toBe('此工作台关闭期间');
    expect(await page.locator('#missed-list li').allTextContents()).toEqual([expect.stringContaining('录音未能开始：本通话未被录音。请再次开始录音。')]);
    await page.selectOption('#locale', 'en');
    await page.click('#missed-dismiss');
    expect(await page.isVisible('#missed')).toBe(false);

    // Said once: opened again, the desktop has nothing missed.
    await page.reload();
    await page.waitForSelector('#state-pill[data-status="talking"]');
    await expect.poll(agentStreamsOpen).toBe(1);
    expect(await page.isVisible('#missed')).toBe(false);
  });
});
