// A stopped campaign's callbacks past their follow-up deadline are on GET /api/callbacks/overdue,
// and in `outpace_callbacks_overdue` too, so the OutpaceCallbacksOverdue alert fires for them,
// although no engine holds the campaign. One node exports them, the first running node by id:
// with another running node before it, this node leaves them to that one, so a scrape of every
// node counts them once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiCall, waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;
let campaignId: string;

const gauge = async (): Promise<string | undefined> => {
  const text = await (await fetch(`${test.node.url}/metrics`)).text();
  return text.split('\n').find((line) => line.startsWith(`outpace_callbacks_overdue{campaign="${campaignId}"}`));
};

beforeAll(async () => {
  test = await startTestNode({}, 'idle-campaign-overdue:');
  const { pool } = test.node;
  // Nodes earlier test files stopped without a word are still at work by their heartbeats: not this file's.
  await pool.query('DELETE FROM engine_node_heartbeats WHERE node_id <> $1', [test.node.nodeId]);
  campaignId = (await createCampaign(pool, { name: `Stopped with callbacks ${Date.now()}` })).id;
  await pool.query(`UPDATE campaigns SET status = 'stopped' WHERE id = $1`, [campaignId]);
  const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaignId]);
  const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id) VALUES ($1, $2) RETURNING id`, [list.rows[0]?.id, campaignId]);
  await pool.query(
    `INSERT INTO callbacks (lead_id, campaign_id, due_at, status, follow_up_deadline) VALUES ($1, $2, now() - interval '3 days', 'pending', now() - interval '1 day')`,
    [lead.rows[0]?.id, campaignId]);
}, 60_000);

afterAll(async () => {
  await test?.node.pool.query('DELETE FROM engine_node_heartbeats WHERE node_id = $1', [` ${test.node.nodeId}`]);
  await test?.close();
});

describe('overdue callbacks of a campaign no node drives', () => {
  it('are in outpace_callbacks_overdue as on GET /api/callbacks/overdue, from the first running node only', async () => {
    expect(test.node.runtime.state().campaigns.has(campaignId)).toBe(false);
    const listed = await apiCall<unknown[]>(test, 'GET', `/api/callbacks/overdue?campaignId=${campaignId}`, undefined, roleTokens.manager);
    expect(listed).toHaveLength(1);
    await waitUntil('the gauge exported', async () => (await gauge()) === `outpace_callbacks_overdue{campaign="${campaignId}"} 1`, 25_000);

    // Another node running, first by id: it exports them, this one no longer does.
    await test.node.pool.query(`INSERT INTO engine_node_heartbeats (node_id, seen_at) VALUES ($1, now() + interval '1 hour')`, [` ${test.node.nodeId}`]);
    await waitUntil('the gauge left to the other node', async () => (await gauge()) === undefined, 25_000);
  }, 60_000);
});
