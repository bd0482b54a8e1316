// Notices for an agent whose desktop is closed, against the real Redis: kept in order, the last
// twenty only, taken once (the next read has none), those older than asked for left out, and a
// stored entry this version cannot read skipped rather than failing the rest, one kept twice said once.

import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { keepMissedNotice, missedNoticesKey, takeMissedNotices } from '../../../src/adapters/redis/missed-notices.js';
import { testRedisUrl } from '../../helpers/redis.js';

const redis: Redis = createRedis({ url: testRedisUrl(), keyPrefix: 'outpace-test-missed:' });
const agentId = `agent-${Date.now().toString(36)}`;

afterAll(async () => {
  await redis.del(missedNoticesKey(agentId));
  redis.disconnect();
});

describe("an agent's missed notices", () => {
  it('keeps the last twenty in order and gives them once', async () => {
    for (let i = 1; i <= 22; i++) await keepMissedNotice(redis, agentId, { reason: `pbx_refused_hold`, atMs: i * 1_000 });
    await keepMissedNotice(redis, agentId, { reason: 'third_party_ended', detail: 'Verification desk: busy', atMs: 23_000 });
    const taken = await takeMissedNotices(redis, agentId, 0);
    expect(taken).toHaveLength(20);
    expect(taken.map((n) => n.atMs)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 4) * 1_000));
    expect(taken.at(-1)).toEqual({ reason: 'third_party_ended', detail: 'Verification desk: busy', atMs: 23_000 });
    expect(await takeMissedNotices(redis, agentId, 0)).toEqual([]);
    expect(await redis.pttl(missedNoticesKey(agentId))).toBe(-2);
  });

  it('leaves out what is older than asked for and what it cannot read', async () => {
    await keepMissedNotice(redis, agentId, { reason: 'hold_time_limit', atMs: 1_000 });
    await redis.rpush(missedNoticesKey(agentId), 'not json', JSON.stringify({ atMs: 5_000 }));
    await keepMissedNotice(redis, agentId, { reason: 'pbx_refused_mute', atMs: 9_000 });
    expect(await redis.pttl(missedNoticesKey(agentId))).toBeGreaterThan(59 * 60_000);
    expect(await takeMissedNotices(redis, agentId, 2_000)).toEqual([{ reason: 'pbx_refused_mute', atMs: 9_000 }]);
  });

  it('says a notice kept twice once (a write Redis ran after the node had given up on it, then kept again)', async () => {
    await keepMissedNotice(redis, agentId, { reason: 'hold_time_limit', atMs: 1_000 });
    await keepMissedNotice(redis, agentId, { reason: 'hold_time_limit', atMs: 1_000 });
    await keepMissedNotice(redis, agentId, { reason: 'hold_time_limit', atMs: 1_000, detail: 'a second hold' });
    expect(await takeMissedNotices(redis, agentId, 0)).toEqual([{ reason: 'hold_time_limit', atMs: 1_000 }, { reason: 'hold_time_limit', atMs: 1_000, detail: 'a second hold' }]);
  });
});
