// A node that crashed left channels in its ARI application: the next run, on the same PBX, finds
// them at its first connection. A customer answered and never put through (and an agent leg held
// open for nobody) are hung up; a customer talking to an agent is left to finish, and the agent's
// leg goes once the customer hangs up; a previous run's call answered only now is hung up at once.

import { afterEach, describe, expect, it } from 'vitest';
import { agentLegChannelId } from '../../../src/adapters/ari/channel-ids.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { dial, startHarness, timeScale, ariAuth as auth, until } from './telephony-harness.js';

async function channelIds(url: string): Promise<string[]> {
  const response = await fetch(`${url}/ari/channels`, { headers: auth });
  return ((await response.json()) as { id: string }[]).map((c) => c.id).filter((id) => !id.endsWith(';2'));
}

describe('ARI telephony: what a crashed run left in the application', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('hangs up what no conversation holds, lets a conversation finish, and then ends what is left of it', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null });
    cleanups.push(() => pbx.close());
    const crashed = await startHarness({ url: pbx.url });
    await crashed.waitFor('telephony_up');
    for (const agentId of ['ag1', 'ag2']) {
      await crashed.telephony.execute({ type: 'dial_agent', agentId, endpoint: `Local/100${agentId.slice(-1)}@sim-agent` });
      await crashed.waitFor('agent_leg_up', (i) => i.agentId === agentId);
    }
    const talking = dial(0);
    const waiting = dial(0);
    await Promise.all([crashed.telephony.execute(talking), crashed.telephony.execute(waiting)]);
    await crashed.waitFor('call_answered', (i) => i.attemptId === talking.attemptId);
    await crashed.waitFor('call_answered', (i) => i.attemptId === waiting.attemptId);
    await crashed.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: talking.attemptId, agentId: 'ag1', match: 'any' });
    await crashed.waitFor('call_bridged', (i) => i.attemptId === talking.attemptId);
    const ag1Leg = (await channelIds(pbx.url)).find((id) => id.startsWith(agentLegChannelId('ag1', 0).replace(/-0$/, '-')));
    if (!ag1Leg) throw new Error('agent leg of ag1 not found');
    // The process dies: its socket closes, nothing is hung up.
    await crashed.close();
    expect(await channelIds(pbx.url)).toHaveLength(4);

    const next = await startHarness({ url: pbx.url });
    cleanups.push(() => next.close());
    await next.waitFor('telephony_up');
    expect((await channelIds(pbx.url)).sort()).toEqual([ag1Leg, talking.attemptId].sort());
    // The agent still talking cannot be dialled until the conversation ends; the other can.
    expect([...next.telephony.agentsHeldOver().keys()]).toEqual(['ag1']);
    // The agent whose leg was held for nobody logs in again: the crashed run's bridge is no obstacle.
    await next.telephony.execute({ type: 'dial_agent', agentId: 'ag2', endpoint: 'Local/1002@sim-agent' });
    await next.waitFor('agent_leg_up', (i) => i.agentId === 'ag2');
    await next.telephony.execute({ type: 'hangup_agent', agentId: 'ag2' });
    await next.waitFor('agent_leg_down', (i) => i.agentId === 'ag2');

    // The customer hangs up; nothing is left to end the agent's leg but us.
    const hangup = await fetch(`${pbx.url}/ari/channels/${talking.attemptId}`, { method: 'DELETE', headers: auth });
    expect(hangup.status).toBe(204);
    await until(async () => (await channelIds(pbx.url)).length === 0, 'the agent leg is hung up too');
    expect(next.telephony.agentsHeldOver().size).toBe(0);
    expect(next.inputs.filter((i) => !['telephony_up', 'agent_leg_up', 'agent_leg_down'].includes(i.type))).toEqual([]);
  });

  it('hangs up a previous run\'s call the moment it is answered', async () => {
    const h = await startHarness();
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');
    const response = await fetch(`${h.pbx.url}/ari/channels?endpoint=${encodeURIComponent('Local/+15550100990@sim-pstn')}&app=dialer&channelId=ghost-1`, { method: 'POST', headers: auth });
    expect(response.status).toBe(200);
    await until(async () => !(await channelIds(h.pbx.url)).includes('ghost-1'), 'the ghost call is hung up', 10_000);
    expect(h.inputs.filter((i) => i.type !== 'telephony_up')).toEqual([]);
  });
});
