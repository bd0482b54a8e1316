import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, withDatabase } from './reach-database.js';

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

describe('a database that never answers', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('is given up on after the connection timeout, and said unreachable at its address, not its password', async () => {
    const { server, port, sockets } = await silentServer();
    close = () => { for (const socket of sockets) socket.destroy(); server.close(); };
    const connected = connectDatabase(`postgres://outpace:s3cret@127.0.0.1:${port}/outpace`, 300);
    await expect(connected).rejects.toMatchObject({
      code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(new RegExp(`^the database at 127\\.0\\.0\\.1:${port} \\(database "outpace"\\) could not be reached \\(no answer in time\\)`)),
    });
    await expect(connected).rejects.not.toThrow(/s3cret/);
  }, 5_000);

  it('is given up on before the work meant for it runs (a command\'s migrations check, or migrating)', async () => {
    const { server, port, sockets } = await silentServer();
    close = () => { for (const socket of sockets) socket.destroy(); server.close(); };
    let ran = false;
    const worked = withDatabase(`postgres://outpace@127.0.0.1:${port}/outpace`, async () => { ran = true; }, 300);
    await expect(worked).rejects.toMatchObject({ code: 'SERVICE_UNREACHABLE' });
    expect(ran).toBe(false);
  }, 5_000);
});

// A PostgreSQL without SSL answers a client's SSLRequest (8 bytes) with "N".
function serverWithoutSsl(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => { socket.once('data', () => socket.write('N')); });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe('a database asked for TLS that takes none', () => {
  it('is said to take no TLS, naming sslmode in DATABASE_URL, not the user or the password', async () => {
    const { server, port } = await serverWithoutSsl();
    try {
      await expect(connectDatabase(`postgres://outpace:s3cret@127.0.0.1:${port}/outpace?sslmode=no-verify`, 2_000)).rejects.toMatchObject({
        code: 'SERVICE_UNREACHABLE',
        message: `the database at 127.0.0.1:${port} (database "outpace") takes no TLS connection (The server does not support SSL connections): `
          + 'DATABASE_URL (database.url) asks for one (sslmode); drop that from it, or turn TLS on in PostgreSQL',
      });
    } finally {
      server.close();
    }
  }, 5_000);
});
