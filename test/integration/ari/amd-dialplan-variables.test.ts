// A call the engine places carries the dialplan's variables: after AMD it re-enters the app of the
// node that placed it (OUTPACE_APP), not the dialplan's default app another node may hold, and
// AMD waits the campaign's after-greeting silence (AMD_AFTER_GREETING_MS), which the engine
// backdates the 2-second clock by.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial, startHarness, type Harness } from './telephony-harness.js';

describe('ARI telephony: the dialplan variables of a customer call', () => {
  let h: Harness;
  const amdSteps: string[] = [];

  beforeAll(async () => {
    // The dialplan's own app is the first; this node's is the second.
    h = await startHarness({ app: 'outpace-2' }, { apps: ['outpace', 'outpace-2'] });
    h.pbx.onEvent((app, event) => {
      if (event.type === 'ChannelDialplan' && event.dialplan_app === 'AMD') amdSteps.push(`${app}: ${String(event.dialplan_app_data)}`);
    });
    await h.waitFor('telephony_up');
  });

  afterAll(async () => {
    await h.close();
  });

  it('brings the call back to this node after AMD, which waited the campaign\'s silence after the greeting', async () => {
    const command = { ...dial(3, 30_000, true), amdAfterGreetingMs: 300 };
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'start_amd', attemptId: command.attemptId });
    expect(await h.waitFor('amd_result', (i) => i.attemptId === command.attemptId)).toMatchObject({ verdict: 'human' });
    expect(h.pbx.channels().find((c) => c.id === command.attemptId)).toBeDefined();
    expect(amdSteps.at(-1)).toMatch(/^outpace-2: \d+,\d+,300,/);
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });
});
