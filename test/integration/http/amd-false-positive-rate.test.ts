// A campaign's estimate of AMD false positives, set through the API: stored, and handed to the
// engine that drives the campaign; an estimate outside 0-50% is refused with the field named.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError, ApiClient } from '../../../src/demo/api-client.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

describe('amdFalsePositiveRate campaign setting', () => {
  let test: TestNode;
  let manager: ApiClient;
  const patch = async (id: string, body: object) => fetch(`${test.node.url}/api/campaigns/${id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  beforeAll(async () => {
    // Emptied before the node starts, so it loads no campaign whose id a new one would reuse.
    const pool = createTestPool(1);
    await truncateTables(pool, ['campaigns']);
    await pool.end();
    test = await startTestNode({}, 'amd-fp:');
    manager = new ApiClient(test.node.url, roleTokens.manager);
  });
  afterAll(async () => test.close());

  it('is stored and reaches the engine that drives the campaign', async () => {
    const created = await manager.post<{ id: string; amdFalsePositiveRate: number }>('/api/campaigns', { name: `uk ${Date.now()}`, regime: 'uk', amdFalsePositiveRate: 0.08 });
    expect(created.amdFalsePositiveRate).toBe(0.08);
    const patched = await patch(created.id, { amdFalsePositiveRate: 0.1 });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { amdFalsePositiveRate: number }).amdFalsePositiveRate).toBe(0.1);
    await manager.post(`/api/campaigns/${created.id}/start`);
    expect(test.node.runtime.state().campaigns.get(created.id)?.settings.amdFalsePositiveRate).toBe(0.1);
  });

  it('refuses an estimate outside 0-50%, naming the field', async () => {
    const error = await manager.post('/api/campaigns', { name: `bad ${Date.now()}`, amdFalsePositiveRate: 0.7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBe(400);
    expect((error as ApiCallError).message).toMatch(/amdFalsePositiveRate/);
    const created = await manager.post<{ id: string }>('/api/campaigns', { name: `ok ${Date.now()}` });
    expect((await patch(created.id, { amdFalsePositiveRate: -0.1 })).status).toBe(400);
  });
});
