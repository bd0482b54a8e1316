// Recording consent by jurisdiction on the agent desktop in headless Chromium against a whole node
// (engine, simulated PBX, Postgres): in a campaign that records every call, a call to a lead whose
// state field names California, an all-party consent state, connects unrecorded; the desktop tells
// the agent, in its languages, that the person must agree first; the agent starts the recording
// once they have, and the start is kept as the recording's disclosure, with the agent and the
// time. A call to a lead in a one-party state is recorded from its connection, as before.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { startAgentOnACall, startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('recording-consent:', {
    name: `Consent ${Date.now()}`, agentId: 'cora', agentName: 'Cora Agent',
    leads: [{ firstName: 'Ada', lastName: 'Byron', fields: { state: 'CA' }, phones: ['+12125550170'] }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('recording a call to an all-party consent state', () => {
  it('connects it unrecorded, tells the agent to ask, and keeps the start as the disclosure', async () => {
    const bridge = 'agent-bridge-cora';
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Byron');
    await expect.poll(() => page.textContent('#lead-meta .recording-consent'))
      .toBe('Consent needed before recording (CA): tell the person the call is recorded, then start the recording once they agree');
    await expect.poll(() => page.textContent('#recording-label')).toBe('Record this call (the customer agreed)');
    expect(test.pbx.bridgeRecording(bridge)).toBeNull();
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#lead-meta .recording-consent')).toBe('录音前须征得对方同意（CA）：先告知对方本通话将被录音，对方同意后再开始录音');
    await page.selectOption('#locale', 'en');

    const { rows } = await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [scenario.leadIds[0]]);
    const attemptId = rows[0]?.id ?? '';
    const before = Date.now();
    await page.click('#recording-btn');
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBe(`outpace-${attemptId}`);
    const evidence = async () => (await test.node.pool.query<{ kind: string; at: Date; payload: Record<string, unknown> }>(
      "SELECT kind, at, payload FROM evidence_log WHERE attempt_id = $1 AND kind LIKE 'recording_%' ORDER BY id", [attemptId])).rows;
    await expect.poll(evidence).toEqual([
      { kind: 'recording_disclosed', at: expect.any(Date), payload: { agentId: 'cora', by: 'agent', consentStates: ['US-CA'] } },
    ]);
    const [disclosed] = await evidence();
    expect(Math.abs((disclosed?.at.getTime() ?? 0) - before)).toBeLessThan(10_000);
  }, 60_000);

  it('records a call to a one-party state from its connection', async () => {
    const other = await startAgentOnACall('recording-consent-other:', {
      name: `One party ${Date.now()}`, agentId: 'olga', agentName: 'Olga Agent',
      leads: [{ firstName: 'Alan', lastName: 'Turing', fields: { state: 'NY' }, phones: ['+12125550180'] }],
    });
    try {
      const { rows } = await other.test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1', [other.scenario.leadIds[0]]);
      await expect.poll(() => other.test.pbx.bridgeRecording('agent-bridge-olga')).toBe(`outpace-${rows[0]?.id ?? ''}`);
    } finally {
      await other.test.close();
    }
  }, 60_000);
});
