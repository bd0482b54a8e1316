// Housekeeping on real Redis and Postgres: every node registers the same hourly schedule, a job
// taken by the worker prunes the pacing decisions older than the retention and keeps the rest,
// and pruning goes a batch at a time until nothing old is left.

import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { insertPacingDecisions, listRecentPacingDecisions, prunePacingDecisions } from '../../../src/adapters/pg/pacing-decision-repository.js';
import { HOUSEKEEPING_QUEUE, PRUNE_SCHEDULER_ID, startHousekeeping, type Housekeeping } from '../../../src/adapters/redis/housekeeping.js';
import { createTestPool } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool(4);
const connection = { url: testRedisUrl() };
const prefix = `housekeeping-test-${process.pid}`;
const DAY_MS = 86_400_000;
const now = Date.now();
const logger = createLogger({ level: 'silent' });
const nodes: Housekeeping[] = [];

async function campaignWithDecisions(agesDays: number[]): Promise<string> {
  const campaign = await createCampaign(pool, { name: `housekeeping ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
  await insertPacingDecisions(pool, agesDays.map((age) => ({
    campaignId: campaign.id, at: new Date(now - age * DAY_MS), launch: 1, dialLevel: 1, binding: 'agents', inputs: { ageDays: age },
  })));
  return campaign.id;
}

const agesLeft = async (campaignId: string): Promise<unknown[]> =>
  (await listRecentPacingDecisions(pool, campaignId, 100)).map((d) => d.inputs.ageDays).sort((a, b) => Number(a) - Number(b));

beforeAll(async () => {
  // Two nodes start: one schedule between them.
  for (let i = 0; i < 2; i++) nodes.push(await startHousekeeping({ connection, pool, logger, prefix, decisionRetentionDays: 30, now: () => new Date(now) }));
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await pool.end();
});

describe('housekeeping', () => {
  it('registers one hourly schedule, however many nodes start', async () => {
    const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => ({ key: s.key, every: s.every }))).toEqual([{ key: PRUNE_SCHEDULER_ID, every: 3_600_000 }]);
    } finally {
      await queue.close();
    }
  });

  it('prunes the decisions older than the retention when a worker takes the job', async () => {
    const campaignId = await campaignWithDecisions([45, 31, 29, 1, 0]);
    const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
    const events = new QueueEvents(HOUSEKEEPING_QUEUE, { connection, prefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add('prune', { version: 1 });
      await job.waitUntilFinished(events, 15_000);
      expect(await agesLeft(campaignId)).toEqual([0, 1, 29]);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('deletes a batch at a time until nothing old is left', async () => {
    const campaignId = await campaignWithDecisions([40, 39, 38, 37, 36, 2]);
    expect(await prunePacingDecisions(pool, new Date(now - 30 * DAY_MS), 2)).toBeGreaterThanOrEqual(5);
    expect(await agesLeft(campaignId)).toEqual([2]);
  });
});
