// A request past ari.maxConnections waits for a free socket to the PBX. One whose timeout runs out
// while it still waits is given up by the engine, so it must never go out later: an originate
// sent then would ring a customer the engine has already taken as not dialled.

import { afterEach, describe, expect, it } from 'vitest';
import { agentBridgeId } from '../../../src/adapters/ari/channel-ids.js';
import { dial, startHarness, type Harness } from './telephony-harness.js';

const requestTimeoutMs = 1_000;

describe('ARI requests waiting for a socket', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('an originate that times out waiting for a socket is never sent, and the dial is taken as not sent', async () => {
    const h: Harness = await startHarness({ maxConnections: 1, requestTimeoutMs });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag1', endpoint: 'Local/1001@sim-agent' });
    await h.waitFor('agent_leg_up', (i) => i.agentId === 'ag1');
    const customer = dial(0);
    await h.telephony.execute(customer);
    await h.waitFor('call_answered', (i) => i.attemptId === customer.attemptId);

    // The one socket is taken by a bridge the PBX holds; the dial after it waits for the socket.
    const release = h.pbx.holdBridgeAdds(agentBridgeId('ag1'));
    cleanups.push(release);
    const bridging = h.telephony.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId: customer.attemptId, agentId: 'ag1', match: 'any' });
    const queued = dial(0);
    const originatedBefore = h.pbx.counters.originated;
    await h.telephony.execute(queued);
    const failed = await h.waitFor('originate_failed', (i) => i.attemptId === queued.attemptId, requestTimeoutMs * 5);
    expect(failed).toMatchObject({ notSent: true, reason: expect.stringContaining('ARI_NOT_SENT') as unknown });

    // The socket comes free; a dial after it goes out on it, so the one given up would have gone first.
    release();
    await bridging;
    const next = dial(0);
    await h.telephony.execute(next);
    await h.waitFor('call_answered', (i) => i.attemptId === next.attemptId);
    expect(h.pbx.counters.originated).toBe(originatedBefore + 1);
    expect(h.pbx.channels().map((channel) => channel.id)).not.toContain(queued.attemptId);
  }, 20_000);

  it('a bridge that times out waiting for a socket is never made: the customer is not put through to an agent the engine was told they missed', async () => {
    const h: Harness = await startHarness({ maxConnections: 1, requestTimeoutMs });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');
    const customers: string[] = [];
    for (const agentId of ['ag1', 'ag2']) {
      await h.telephony.execute({ type: 'dial_agent', agentId, endpoint: `Local/${agentId === 'ag1' ? 1001 : 1002}@sim-agent` });
      await h.waitFor('agent_leg_up', (i) => i.agentId === agentId);
      const customer = dial(0);
      await h.telephony.execute(customer);
      await h.waitFor('call_answered', (i) => i.attemptId === customer.attemptId);
      customers.push(customer.attemptId);
    }
    const [first, second] = customers as [string, string];

    const release = h.pbx.holdBridgeAdds(agentBridgeId('ag1'));
    cleanups.push(release);
    const bridging = h.telephony.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId: first, agentId: 'ag1', match: 'any' });
    await h.telephony.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId: second, agentId: 'ag2', match: 'any' });
    const failed = await h.waitFor('bridge_failed', (i) => i.attemptId === second, requestTimeoutMs * 5);
    expect(failed.reason).toContain('ARI_NOT_SENT');

    // The socket comes free; a request after it goes out on it, so the one given up would have gone first.
    release();
    await bridging;
    await expect(h.telephony.recordingState(second)).resolves.toBeNull();
    expect(h.pbx.bridges().find((bridge) => bridge.id === agentBridgeId('ag2'))?.channels).not.toContain(second);
  }, 20_000);
});
