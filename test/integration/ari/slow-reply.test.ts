// A PBX slow to answer a request (here one that makes a bridge, held 6 s) still has its answer
// seen, as long as it comes within the connection's request timeout: ari-client's requests must
// not be dropped by an idle timeout of Node's HTTP agent (5 s) on the way.

import { afterEach, describe, expect, it } from 'vitest';
import { connectAriClient } from '../../../src/adapters/ari/ari-client-connection.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';

const heldMs = 6_000;

describe('ARI requests answered slowly', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a reply after more than 5 s reaches the engine', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', amiPort: null });
    cleanups.push(() => pbx.close());
    const connection = await connectAriClient({ url: pbx.url, user: 'dialer', password: 'dialer', app: 'dialer', requestTimeoutMs: 10_000 });
    cleanups.push(() => connection.close());
    await connection.rest.createBridge('slow-bridge', 'mixing', 'slow-bridge');
    const release = pbx.holdBridgeAdds('slow-bridge');
    const timer = setTimeout(release, heldMs);
    cleanups.push(() => { clearTimeout(timer); release(); });
    const startedMs = Date.now();
    // No such channel: the PBX's answer (a refusal) is what the test waits for, not its effect.
    const answer = await connection.rest.addToBridge('slow-bridge', ['no-such-channel']).then(() => 'added', (error: unknown) => error);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(heldMs - 50);
    expect(answer).toMatchObject({ code: 'ARI_NOT_FOUND', message: expect.stringContaining('Channel not found') as unknown });
  }, 20_000);
});
