// Engines in one process (the nodes of a test, or of a bench) each talk to a PBX of their own: the
// cap on sockets of one is that PBX's, requests a PBX holds take none of another's sockets, and
// each PBX is sent its own user and password.

import { afterEach, describe, expect, it } from 'vitest';
import { connectAriClient } from '../../../src/adapters/ari/ari-client-connection.js';
import type { AriConnection } from '../../../src/adapters/ari/ari-port.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';

describe('ARI request sockets of two PBXs in one process', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function connected(maxConnections: number, user = 'dialer', password = 'dialer'): Promise<{ pbx: SimPbx; connection: AriConnection }> {
    const pbx = await startSimPbx({ outcomes: 'digit', amiPort: null, username: user, password });
    cleanups.push(() => pbx.close());
    const connection = await connectAriClient({ url: pbx.url, user, password, app: 'dialer', requestTimeoutMs: 3_000, maxConnections });
    cleanups.push(() => connection.close());
    return { pbx, connection };
  }

  /** A bridge on `pbx` whose adds the PBX holds until the returned release. */
  async function heldBridge(pbx: SimPbx, connection: AriConnection): Promise<() => void> {
    await connection.rest.createBridge('held-bridge', 'mixing', 'held-bridge');
    const release = pbx.holdBridgeAdds('held-bridge');
    cleanups.push(release);
    return release;
  }

  it('a PBX holding requests leaves the sockets to another PBX free', async () => {
    const first = await connected(1);
    const second = await connected(1);
    const release = await heldBridge(first.pbx, first.connection);
    // No such channel: the answer (a refusal) is what counts.
    const held = first.connection.rest.addToBridge('held-bridge', ['no-such-channel']).catch((error: unknown) => error);
    await expect(second.connection.rest.listChannels()).resolves.toEqual([]);
    release();
    expect(await held).toMatchObject({ code: 'ARI_NOT_FOUND' });
  }, 20_000);

  it('a connection keeps its own cap, and its sockets, when another connects to another PBX with another cap', async () => {
    const cap = 1;
    const first = await connected(cap);
    const release = await heldBridge(first.pbx, first.connection);
    await connected(4);
    let most = 0;
    const sampler = setInterval(() => { most = Math.max(most, first.pbx.httpSessions().open); }, 5);
    cleanups.push(() => clearInterval(sampler));
    const answers = Array.from({ length: 4 }, (_, i) =>
      first.connection.rest.addToBridge('held-bridge', [`no-such-channel-${i}`]).catch((error: unknown) => error));
    // Long enough for the requests to be sent, were there no cap.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    expect(await Promise.all(answers)).toMatchObject(Array.from({ length: 4 }, () => ({ code: 'ARI_NOT_FOUND' })));
    clearInterval(sampler);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(cap);
  }, 20_000);

  it('each PBX is sent the user and password of its own connection', async () => {
    const first = await connected(4, 'first-user', 'first-password');
    const second = await connected(4, 'second-user', 'second-password');
    await expect(first.connection.rest.listChannels()).resolves.toEqual([]);
    await expect(second.connection.rest.listChannels()).resolves.toEqual([]);
  });
});
