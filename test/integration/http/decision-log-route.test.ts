// The decision log through the API of a running node for a campaign it does not drive (another
// node does, or none since a stop or a crash): the decisions as stored, newest first, each with
// the node that made it; a campaign that does not exist is a 404 that says so.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPacingDecisions } from '../../../src/adapters/pg/pacing-decision-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';

let test: TestNode;

const get = <T>(path: string) => nodeRequest<T>(test, 'GET', path, undefined, roleTokens.viewer);

beforeAll(async () => {
  test = await startTestNode({}, 'decision-log:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('GET /api/campaigns/:id/decisions for a campaign this node does not drive', () => {
  it('answers with the stored decisions, newest first, and the node that made each', async () => {
    const { id } = (await nodeRequest<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Log ${Date.now()}` })).body;
    const at = Date.now() - 60_000;
    await insertPacingDecisions(test.node.pool, [
      { campaignId: id, at: new Date(at), nodeId: 'node-b', launch: 2, dialLevel: 1.5, binding: 'agents', inputs: { agentsReady: 2 } },
      { campaignId: id, at: new Date(at + 1_000), nodeId: 'node-b', launch: 3, dialLevel: 2.25, binding: 'model', inputs: { agentsReady: 1 } },
    ]);
    const { status, body } = await get<unknown[]>(`/api/campaigns/${id}/decisions?limit=5`);
    expect(status).toBe(200);
    expect(body).toEqual([
      { atMs: at + 1_000, launch: 3, dialLevel: 2.25, binding: 'model', inputs: { agentsReady: 1 }, nodeId: 'node-b' },
      { atMs: at, launch: 2, dialLevel: 1.5, binding: 'agents', inputs: { agentsReady: 2 }, nodeId: 'node-b' },
    ]);
    expect((await get<unknown[]>(`/api/campaigns/${id}/decisions?limit=1`)).body).toHaveLength(1);
  });

  it('says which campaign does not exist', async () => {
    const { status, body } = await get<{ message: string }>('/api/campaigns/987654321/decisions');
    expect(status).toBe(404);
    expect(body.message).toBe('campaign 987654321 does not exist');
  });
});
