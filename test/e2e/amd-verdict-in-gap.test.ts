// AMD's verdict reaches the engine as the StasisStart of the call coming back from the AMD
// dialplan (`amd,HUMAN,HUMAN-818-800`). When that event is lost (the events socket gone silent,
// and then dropped), the call is back in the app with nobody acting on it, its person in silence.
// After the reconnect the engine reads the verdict from the channel's AMDSTATUS and AMDCAUSE and
// acts on it: here, found past the 2 seconds, the person gets the safe-harbor message at once.
// Real engine, simulated PBX in digit mode (…3: a person says "Hello?", HUMAN 1.74 s after answer).

import { afterEach, describe, expect, it } from 'vitest';
import { testNodeApp } from '../helpers/outpace-node.js';
import { ariAuth, oneCallThroughRelay, waitForClose, waitUntil } from './one-call-through-relay.js';

describe('an AMD verdict sent while the PBX connection is down', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is read from the channel after the reconnect and acted on, not left waiting', async () => {
    const scene = await oneCallThroughRelay('amd-in-gap:', '+12125550103', 'answered_at', { amdEnabled: true });
    cleanups.push(scene.close);
    const { test, proxy, attemptId } = scene;
    // The socket goes silent: the PBX still counts the app as there, so the call re-enters it
    // after AMD, and the StasisStart carrying the verdict goes nowhere.
    proxy.freezeWebSockets();
    const variable = (name: string) => fetch(`${test.pbx.url}/ari/channels/${attemptId}/variable?variable=${name}`, { headers: ariAuth });
    await waitUntil(async () => (await variable('AMDSTATUS')).status === 200, 10_000, 20);
    const application = await (await fetch(`${test.pbx.url}/ari/applications/${testNodeApp}`, { headers: ariAuth })).json() as { channel_ids: string[] };
    expect(application.channel_ids).toContain(attemptId);
    // Past the person's 2 seconds from the answer, so that what the engine does is the message.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.drop();

    const row = await waitForClose(scene);
    expect(row).toMatchObject({ amd_status: 'HUMAN', outcome: 'abandoned', abandoned: true, safe_harbor_played: true });
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
