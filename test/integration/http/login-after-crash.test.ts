// An engine that crashed left an agent talking to a customer; the conversation goes on in the PBX.
// The node that starts next leaves it to finish, shows the agent on the wallboard as on a call
// from before the restart, and refuses the agent's login while it lasts: the login would ring
// the agent's phone in the middle of the call. Once the customer hangs up, the agent logs in as
// usual.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import type { ApiCallError } from '../../../src/demo/api-client.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import type { WallboardSnapshot } from '../../../src/adapters/http/ws/wallboard-snapshot.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, testNodeApp, type TestNode } from '../../helpers/outpace-node.js';
import { launchChromium, waitUntil } from '../../browser/browser-helpers.js';
import { dial, startHarness, timeScale } from '../ari/telephony-harness.js';

const auth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

describe('agent login while a crashed run\'s conversation holds the phone', () => {
  let pbx: SimPbx;
  let test: TestNode;
  let manager: ApiClient;
  let customerChannel = '';

  beforeAll(async () => {
    pbx = await startSimPbx({ apps: [testNodeApp], outcomes: 'digit', timeScale, amiPort: null });
    // The run that crashes: Ann's leg is up and bridged to an answered customer when it dies.
    const crashed = await startHarness({ url: pbx.url, app: testNodeApp });
    await crashed.waitFor('telephony_up');
    await crashed.telephony.execute({ type: 'dial_agent', agentId: 'ann', endpoint: 'Local/1001@sim-agent' });
    await crashed.waitFor('agent_leg_up', (i) => i.agentId === 'ann');
    const call = dial(0);
    customerChannel = call.attemptId;
    await crashed.telephony.execute(call);
    await crashed.waitFor('call_answered', (i) => i.attemptId === call.attemptId);
    await crashed.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: call.attemptId, agentId: 'ann', match: 'any' });
    await crashed.waitFor('call_bridged', (i) => i.attemptId === call.attemptId);
    await crashed.close();

    const pool = createTestPool(1);
    await truncateTables(pool, ['campaigns']);
    await pool.end();
    test = await startTestNode({}, 'login-after-crash:', { pbx });
    await upsertAgent(test.node.pool, { id: 'ann', name: 'Ann' });
    await upsertAgent(test.node.pool, { id: 'bob', name: 'Bob' });
    manager = new ApiClient(test.node.url, roleTokens.manager);
  });
  afterAll(async () => test.close());

  it('refuses the login while the conversation lasts, saying why, and takes it once the customer hangs up', async () => {
    const campaign = await createCampaign(test.node.pool, { name: `after crash ${Date.now()}` });
    await manager.post(`/api/campaigns/${campaign.id}/start`);
    await waitUntil('the leftover conversation is seen', async () => test.node.runtime.agentsHeldOver().has('ann'));

    const refused = await manager.post('/api/agents/ann/login', { campaignId: campaign.id }).then(() => null, (e: unknown) => e as ApiCallError);
    expect(refused?.status).toBe(409);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ message: expect.stringMatching(/ann's phone is still in the call that was going on when the engine restarted/) });
    expect(test.node.runtime.state().agents.has('ann')).toBe(false);
    // Supervisors see her on the wallboard, busy with that call.
    const supervisor = new ApiClient(test.node.url, roleTokens.supervisor);
    const held = await supervisor.get<WallboardSnapshot>('/api/wallboard');
    expect(held.agents.find((a) => a.id === 'ann')).toMatchObject({ name: 'Ann', status: 'held_over', nodeId: test.node.nodeId });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale: 'en-US' });
      await page.goto(`${test.node.url}/wallboard/?lang=en`);
      await page.fill('#token', roleTokens.supervisor);
      await page.click('#signin-form button[type=submit]');
      const tile = page.locator('.agent[data-agent-id="ann"]');
      await expect.poll(() => tile.locator('.state-badge').textContent()).toBe('On a call from before the restart');
      expect(await tile.locator('button[data-mode="listen"]').isDisabled()).toBe(true);
      // The legend counts her too: its counts add up to the tiles.
      await expect.poll(() => page.locator('#legend .state-badge[data-status="held_over"] .count').textContent()).toBe('1');
    } finally {
      await browser.close();
    }
    // Another agent is not held up by it.
    await expect(manager.post('/api/agents/bob/login', { campaignId: campaign.id })).resolves.toMatchObject({ id: 'bob' });
    await waitUntil('bob\'s leg is up', async () => test.node.runtime.state().agents.get('bob')?.status === 'paused');

    const hangup = await fetch(`${pbx.url}/ari/channels/${customerChannel}`, { method: 'DELETE', headers: auth });
    expect(hangup.status).toBe(204);
    await waitUntil('the conversation has ended', async () => !test.node.runtime.agentsHeldOver().has('ann'));
    expect((await supervisor.get<WallboardSnapshot>('/api/wallboard')).agents.find((a) => a.id === 'ann')).toBeUndefined();
    await expect(manager.post('/api/agents/ann/login', { campaignId: campaign.id })).resolves.toMatchObject({ id: 'ann' });
    // Her phone answers the new leg: she is in, paused until she says she is ready.
    await waitUntil('ann\'s new leg is up', async () => test.node.runtime.state().agents.get('ann')?.status === 'paused');
  });
});
