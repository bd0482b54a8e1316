// A node whose engine is slow to start (here a PBX whose ARI holds the first connection): its
// port opens first, so /health answers at once and an orchestrator does not restart a node that
// is only starting, while /ready and the API say it is starting until the engine has started.

import net from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { freePort } from '../../helpers/free-port.js';
import { roleTokens, startTestNode, testNodeApp, type TestNode } from '../../helpers/outpace-node.js';

/** A relay to the PBX that holds every connection, unanswered, until released. */
async function holdingRelay(targetPort: number): Promise<{ url: string; release(): void; close(): Promise<void> }> {
  const held: net.Socket[] = [];
  const sockets = new Set<net.Socket>();
  let released = false;
  const relay = (client: net.Socket): void => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  };
  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (released) relay(client);
    else held.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    release: () => {
      released = true;
      for (const client of held.splice(0)) relay(client);
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of [...sockets, ...held]) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

let pbx: SimPbx | null = null;
let node: TestNode | null = null;
let relay: Awaited<ReturnType<typeof holdingRelay>> | null = null;

afterAll(async () => {
  // The node's close closes its PBX too.
  if (node) await node.close();
  else await pbx?.close();
  await relay?.close();
});

describe('a node whose engine is slow to start', () => {
  it('answers /health as soon as its port opens, /ready and the API only once the engine has started', async () => {
    pbx = await startSimPbx({ apps: [testNodeApp], amiPort: null });
    const held = await holdingRelay(pbx.port);
    relay = held;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const starting = startTestNode({}, 'slow-start:', { pbx, ariUrl: held.url, port });
    try {
      await vi.waitFor(async () => expect((await fetch(`${base}/health`)).status).toBe(200), { timeout: 8_000, interval: 100 });
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { accepting: { ok: false, error: 'starting: the engine has not started yet' } } });
      const api = await fetch(`${base}/api/campaigns`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect(await api.json()).toMatchObject({ error: 'unavailable', message: 'this node is starting: try again in a few seconds' });
    } finally {
      held.release();
      node = await starting;
    }
    expect((await fetch(`${base}/api/campaigns`, { headers: { authorization: `Bearer ${roleTokens.manager}` } })).status).toBe(200);
    const ready = await (await fetch(`${base}/ready`)).json() as { checks: Record<string, { ok: boolean }> };
    expect(ready.checks.accepting).toEqual(expect.objectContaining({ ok: true }));
  }, 60_000);
});
