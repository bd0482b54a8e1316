// A rediss:// URL to a Redis without TLS: the TLS handshake goes unanswered (Redis waits for the
// end of a command line), so the start and the doctor said "no answer in time" of a Redis that
// answers. They say the URL asks for TLS the Redis does not speak, and what to write instead.

import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reachRedis } from '../../../src/adapters/redis/reach-redis.js';
import { checkRedis } from '../../../src/cli/doctor-checks.js';
import { testRedisUrl } from '../../helpers/redis.js';

const overTls = (): URL => {
  const url = new URL(testRedisUrl());
  url.protocol = 'rediss:';
  return url;
};
const said = (url: URL): string => `Redis at ${url.host}${url.pathname} takes no TLS connection (it answers a connection without TLS): `
  + 'REDIS_URL (redis.url) asks for one (rediss://); write redis:// in its place, or turn TLS on in Redis';

describe('a rediss:// URL to a Redis without TLS', () => {
  it('stops the start saying so, not that Redis did not answer', async () => {
    const url = overTls();
    await expect(reachRedis(url.toString(), { timeoutMs: 1_000 })).rejects.toThrow(said(url));
  });

  it('fails the doctor check saying so', async () => {
    const url = overTls();
    expect(await checkRedis(url.toString())).toMatchObject({ state: 'failed', line: said(url) });
  });

  it('still says no answer came from a server that answers neither way', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(reachRedis(`rediss://127.0.0.1:${port}/2`, { timeoutMs: 500 })).rejects.toThrow(`Redis at 127.0.0.1:${port}/2 could not be reached (no answer in time)`);
    } finally {
      silent.close();
    }
  });
});
