// `outpace serve` on an HTTP port another process holds, or on an address that is not this
// machine's: it stops with one line naming the address and the setting to change (HTTP_PORT,
// HTTP_HOST), not a bare "listen EADDRINUSE".

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testRedisUrl } from '../helpers/redis.js';

let holder: net.Server;
let port: number;

beforeAll(async () => {
  port = await freePort();
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
});

function serve(env: Record<string, string>) {
  return runOutpace(['serve', '--no-migrate'], {
    PATH: process.env.PATH ?? '', DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: `http-port-in-use-${Date.now()}:`,
    // Nothing answers there: the node starts without a PBX and retries it.
    ARI_URL: 'http://127.0.0.1:1', NODE_ID: `http-port-${process.pid}`, WRITE_SPOOL_DIR: '', LOG_LEVEL: 'silent', ...env,
  });
}

describe('outpace serve on an HTTP address it cannot take', () => {
  it('names the port in use and HTTP_PORT', async () => {
    const run = await serve({ HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 1,
      stderr: `outpace: the HTTP port 127.0.0.1:${port} is in use by another process (another outpace node?): stop it, or set HTTP_PORT (http.port) to a free port\n`,
    });
  }, 90_000);

  it('names an address that is not this machine\'s and HTTP_HOST', async () => {
    // TEST-NET-1: an address no machine here holds.
    const run = await serve({ HTTP_HOST: '192.0.2.1', HTTP_PORT: String(port) });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 1,
      stderr: 'outpace: the HTTP address 192.0.2.1 is not an address of this machine: set HTTP_HOST (http.host) to one of its addresses, or to 0.0.0.0 for all of them\n',
    });
  }, 90_000);
});
