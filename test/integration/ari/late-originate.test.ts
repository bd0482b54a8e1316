// An originate that times out once sent may still be placed by the PBX, after the hang-up sent at
// the timeout found no channel yet: the engine has taken the dial as failed, so the customer's
// phone must not ring on for a call nobody follows (and be hung up on only once answered).

import { afterEach, describe, expect, it } from 'vitest';
import { dial, startHarness, until, type Harness } from './telephony-harness.js';

describe('ARI telephony: an originate the PBX takes up after its timeout', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is hung up as soon as its channel shows, before anyone answers', async () => {
    const h: Harness = await startHarness({ requestTimeoutMs: 500 });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');
    const release = h.pbx.holdOriginates();
    cleanups.push(release);
    const late = dial(7, 600_000); // a phone left ringing, never answered
    let hangupsRefused = 0;
    cleanups.push(h.pbx.onAnswered(({ method, path, status }) => {
      if (method === 'DELETE' && path === `/ari/channels/${late.attemptId}` && status === 404) hangupsRefused++;
    }));
    const originatedBefore = h.pbx.counters.originated;
    await h.telephony.execute(late);
    const failed = await h.waitFor('originate_failed', (i) => i.attemptId === late.attemptId);
    expect(failed.notSent).toBeUndefined();
    expect(failed.reason).toContain('ARI_TIMEOUT');
    // The hang-up sent at the timeout has found no channel: the PBX has not made it yet.
    await until(() => hangupsRefused === 1, 'the hang-up sent at the timeout to be refused');

    release();
    await until(() => h.pbx.counters.originated === originatedBefore + 1, 'the PBX to place the late dial');
    await until(() => !h.pbx.channels().some((channel) => channel.id === late.attemptId), 'the late dial to be hung up', 3_000);
    expect(h.pbx.counters.answered).toBe(0);
    expect(h.inputsFor(late.attemptId).map((input) => input.type)).toEqual(['originate_failed']);
  });
});
