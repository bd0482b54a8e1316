// The system clock stepped back 3 s (NTP correcting it) just as a person answers: the engine's
// clock runs on the monotonic clock and slews to the step, so the person is still given the
// safe-harbor message within the 2 seconds of real time when their call cannot be put through to
// the agent (the bridge held on the simulated PBX), not 5 s later. Real node, digit mode.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { allDayWindow, apiAnswer, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';

const run = runDigits();
const ANSWERS = `+1659${run}0`;
const AGENT = 'clock-step';
const STEP_MS = -3_000;

let test: TestNode;
let stepMs = 0;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.5 }, 'clock-step:', { clock: () => Date.now() + stepMs });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

/** Polls `ready` every 10 ms for up to 30 s: the moments measured here are real time. */
async function soon(ready: () => boolean): Promise<void> {
  for (let tries = 0; tries < 3_000 && !ready(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!ready()) throw new Error('not within 30 s');
}

describe('a step back of the system clock as a person answers', () => {
  it('leaves the 2 seconds to put them through or give them the message as they are in real time', async () => {
    const { id: campaignId } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Clock step ${run}`, mode: 'preview', wrapUpMode: 'manual', settings: { callingWindow: allDayWindow },
    });
    const list = await createList(test.node.pool, { campaignId, name: 'own dials' });
    await insertLeads(test.node.pool, list.id, [{ firstName: 'Answers', phones: [ANSWERS] }]);
    await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
    await apiCall(test, 'PUT', `/api/agents/${AGENT}`, { name: 'Clock step' });
    const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${AGENT}/tokens`);
    await apiCall(test, 'POST', `/api/agents/${AGENT}/login`, { campaignId }, token);
    await waitUntil(`${AGENT} paused`, async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${AGENT}`)).status === 'paused');
    const offered = await apiAnswer<{ attempt: { id: string } }>(test, token, 'POST', `/api/agents/${AGENT}/preview/next`);
    const attemptId = offered.body.attempt.id;
    // The bridge to the agent hangs: the engine's deadline, 2 s after the answer, gives the message.
    const bridged = test.pbx.holdBridgeAdds(`agent-bridge-${AGENT}`);
    expect((await apiAnswer(test, token, 'POST', `/api/agents/${AGENT}/preview/dial`, { attemptId })).status).toBe(200);
    const call = () => test.node.runtime.state().calls.get(attemptId);
    await soon(() => call()?.answeredAtMs != null);
    const answeredAt = Date.now();
    stepMs = STEP_MS;
    await soon(() => call()?.status === 'safe_harbor');
    const silentMs = Date.now() - answeredAt;
    bridged();
    // Read with the system clock, the deadline came 5 s after the answer; on the engine's, 2 s and a little.
    expect(silentMs).toBeLessThan(2_000 - STEP_MS / 2);
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain('outpace_clock_steps_total{followed="slewed"} 1\n');
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
