import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkUnshippedMigrations } from './migrate.js';
import { requireMigrated } from './pending-migrations.js';

// A host that takes the TCP connection and never answers: a database that is down behind a proxy,
// or a firewall that swallows packets.
function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => { sockets.push(socket); });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0, sockets });
    });
  });
}

describe('requireMigrated on a database that never answers', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('gives up after its connection timeout, saying the database could not be reached', async () => {
    const { server, port, sockets } = await silentServer();
    close = () => { for (const socket of sockets) socket.destroy(); server.close(); };
    const checked = requireMigrated(`postgres://outpace@127.0.0.1:${port}/outpace`, `127.0.0.1:${port}`, 300);
    await expect(checked).rejects.toMatchObject({ code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/no answer in time/) });
  }, 5_000);

  it('gives up on the check for a newer release\'s migrations too, which a node started without migrating runs next', async () => {
    const { server, port, sockets } = await silentServer();
    close = () => { for (const socket of sockets) socket.destroy(); server.close(); };
    const checked = checkUnshippedMigrations(`postgres://outpace@127.0.0.1:${port}/outpace`, { timeoutMs: 300 });
    await expect(checked).rejects.toThrow(/timeout/i);
  }, 5_000);
});
