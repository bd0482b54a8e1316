// The recording of an agent's call is paused, resumed, started on demand and stopped by the agent
// alone: the evidence log writes each gap and start as the agent's, so a supervisor's token is
// refused rather than put on the record as the agent. Against a whole node and the simulated PBX.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { agentTalking, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;
let attemptId = '';

async function post(token: string, action: string) {
  const response = await fetch(`${test.node.url}/api/agents/${scenario.agentId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'recording-by-agent:', { closeDrainMs: 0 });
  scenario = await createScenario(test, {
    name: `Recording by agent ${Date.now()}`, agentId: 'rec-agent', agentName: 'Rec Agent',
    leads: [{ firstName: 'Card', lastName: 'Holder', phones: ['+15550100150'] }],
  });
  attemptId = await agentTalking(test, scenario);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe("the recording of an agent's call", () => {
  it('is paused and resumed by the agent, and not by staff whom the evidence would call the agent', async () => {
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      for (const action of ['recording-pause', 'recording-resume', 'record', 'record-stop']) {
        expect(await post(roleTokens[role], action), `${role} ${action}`).toBe(403);
      }
    }
    const gaps = async () => (await test.node.pool.query<{ kind: string; by: string }>(
      "SELECT kind, payload->>'by' AS by FROM evidence_log WHERE attempt_id = $1 AND kind IN ('recording_paused', 'recording_resumed') ORDER BY id", [attemptId])).rows;
    expect(await gaps()).toEqual([]);
    expect(await post(scenario.agentToken, 'recording-pause')).toBe(200);
    await waitUntil('the pause on the record', async () => (await gaps()).length === 1);
    expect(await gaps()).toEqual([{ kind: 'recording_paused', by: 'agent' }]);
  });
});
