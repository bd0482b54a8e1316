// A burst of ARI requests to a PBX slow to answer them opens no more sockets than the engine's
// cap: Asterisk drops the HTTP sessions past http.conf's sessionlimit, so requests past the cap
// wait for a free socket rather than being refused by the PBX. The PBX's sounds, asked for
// outside the requests' agents, hold no socket once answered.

import { afterEach, describe, expect, it } from 'vitest';
import { connectAriClient } from '../../../src/adapters/ari/ari-client-connection.js';
import { ariSoundIds } from '../../../src/adapters/ari/ari-sound-ids.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';

const cap = 4;
const burst = 30;

describe('ARI request sockets', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a burst of requests the PBX holds keeps within the cap, and each is answered', async () => {
    // A PBX that, like Asterisk, closes the connections past its session limit.
    const pbx = await startSimPbx({ outcomes: 'digit', amiPort: null, sessionLimit: cap + 4 });
    cleanups.push(() => pbx.close());
    const connection = await connectAriClient({ url: pbx.url, user: 'dialer', password: 'dialer', app: 'dialer', requestTimeoutMs: 10_000, maxConnections: cap });
    cleanups.push(() => connection.close());
    await connection.rest.createBridge('held-bridge', 'mixing', 'held-bridge');
    const release = pbx.holdBridgeAdds('held-bridge');
    cleanups.push(release);
    // The sessions the PBX sees open, looked at every 5 ms from the burst's start to its end.
    let most = 0;
    const sampler = setInterval(() => { most = Math.max(most, pbx.httpSessions().open); }, 5);
    cleanups.push(() => clearInterval(sampler));
    // No such channel: each request's answer (a refusal) is what counts, not its effect.
    const answers = Array.from({ length: burst }, (_, i) =>
      connection.rest.addToBridge('held-bridge', [`no-such-channel-${i}`]).then(() => 'added', (error: unknown) => error));
    // Long enough for every request of the burst to be sent, were there no cap.
    await new Promise((resolve) => setTimeout(resolve, 500));
    release();
    const settled = await Promise.all(answers);
    clearInterval(sampler);
    expect(settled.filter((answer) => (answer as { code?: unknown }).code === 'ARI_NOT_FOUND')).toHaveLength(burst);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(cap);
    expect(pbx.httpSessions().refused).toBe(0);
  }, 20_000);

  it('asking for the PBX\'s sounds leaves no session open once they are answered', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', amiPort: null });
    cleanups.push(() => pbx.close());
    const ids = await ariSoundIds({ url: pbx.url, user: 'dialer', password: 'dialer', requestTimeoutMs: 5_000 });
    expect(ids.has('beep')).toBe(true);
    expect(pbx.httpSessions().peak).toBe(1);
    // Kept alive, the socket would stay open about 4 s, besides the cap of the requests' agents.
    await expect.poll(() => pbx.httpSessions().open, { timeout: 1_000 }).toBe(0);
  });
});
