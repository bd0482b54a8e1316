// The events socket drops while calls are up: the adapter reports telephony_down, refuses new
// dials, reconnects, reconciles (a call that vanished meanwhile ends as lost, one that is still
// there stays tracked) and only then reports telephony_up. So does a socket gone silent without a
// close, found by its pings. Also: a PBX that is not there at start.

import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createAriTelephony, lostInGapText, type Telephony } from '../../../src/adapters/ari/ari-telephony.js';
import type { Input } from '../../../src/core/inputs.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { freePort } from '../../helpers/free-port.js';
import { dial, startHarness, timeScale, type Harness, ariAuth as auth } from './telephony-harness.js';

describe('ARI telephony: connection loss and reconciliation', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('socket drop: down, dials refused, reconcile of a vanished call, the surviving call stays tracked, up', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null });
    cleanups.push(() => pbx.close());
    const proxy: TcpProxy = await startTcpProxy(pbx.port);
    cleanups.push(() => proxy.close());
    const h: Harness = await startHarness({ url: proxy.url }, {});
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');

    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag1', endpoint: 'Local/1001@sim-agent' });
    await h.waitFor('agent_leg_up');
    const vanishing = dial(0);
    const surviving = dial(0);
    await Promise.all([h.telephony.execute(vanishing), h.telephony.execute(surviving)]);
    // These two calls are on the proxied PBX, not the harness's own one.
    await h.waitFor('call_answered', (i) => i.attemptId === vanishing.attemptId);
    await h.waitFor('call_answered', (i) => i.attemptId === surviving.attemptId);

    proxy.refuse(true);
    proxy.drop();
    await h.waitFor('telephony_down');
    expect(h.telephony.status().connected).toBe(false);

    const refused = dial(0);
    await h.telephony.execute(refused);
    expect(await h.waitFor('originate_failed', (i) => i.attemptId === refused.attemptId)).toMatchObject({ reason: expect.stringMatching(/^ARI_DISCONNECTED/) });
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag2', endpoint: 'Local/1002@sim-agent' });
    await h.waitFor('agent_leg_down', (i) => i.agentId === 'ag2');

    // The customer hangs up while nobody listens: its events are lost.
    const gone = await fetch(`${pbx.url}/ari/channels/${vanishing.attemptId}`, { method: 'DELETE', headers: auth });
    expect(gone.status).toBe(204);

    proxy.refuse(false);
    await waitForCount(h.inputs, 'telephony_up', 2);
    const lost = await h.waitFor('call_ended', (i) => i.attemptId === vanishing.attemptId);
    expect(lost).toMatchObject({ cause: 0, causeText: lostInGapText, dialStatus: 'ANSWER', unseen: true });
    const types = h.inputs.map((i) => i.type);
    expect(types.lastIndexOf('call_ended')).toBeLessThan(types.lastIndexOf('telephony_up'));
    expect(h.telephony.status()).toMatchObject({ connected: true, reconnects: 1 });
    expect(h.inputs.some((i) => i.type === 'call_ended' && i.attemptId === surviving.attemptId)).toBe(false);
    expect(h.inputs.some((i) => i.type === 'agent_leg_down' && i.agentId === 'ag1')).toBe(false);

    // The surviving call is still ours: its events map again.
    await h.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: surviving.attemptId, agentId: 'ag1', match: 'any' });
    await h.waitFor('call_bridged', (i) => i.attemptId === surviving.attemptId);
    await h.telephony.execute({ type: 'hangup_call', attemptId: surviving.attemptId, reason: 'test' });
    expect(await h.waitFor('call_ended', (i) => i.attemptId === surviving.attemptId)).toMatchObject({ cause: 16 });
  });

  it('a half-open events socket (silent, never closed): the unanswered ping takes it as dropped, and the reconnect reconciles', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null });
    cleanups.push(() => pbx.close());
    const proxy = await startTcpProxy(pbx.port);
    cleanups.push(() => proxy.close());
    // A ping every 100 ms; a second to answer, as this process (PBX, relay and link in one) may
    // stall for a fraction of one on a loaded machine.
    const h = await startHarness({ url: proxy.url, livenessIntervalMs: 100, livenessTimeoutMs: 1_000 });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');
    const call = dial(0);
    await h.telephony.execute(call);
    await h.waitFor('call_answered', (i) => i.attemptId === call.attemptId);
    // Answered pings keep a quiet socket up (longer than an unanswered one would take to drop it).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(h.inputs.filter((i) => i.type === 'telephony_down')).toEqual([]);

    proxy.freezeWebSockets();
    const gone = await fetch(`${pbx.url}/ari/channels/${call.attemptId}`, { method: 'DELETE', headers: auth });
    expect(gone.status).toBe(204);

    await h.waitFor('telephony_down');
    expect(h.telephony.status().lastError).toMatch(/did not answer a ping/);
    await waitForCount(h.inputs, 'telephony_up', 2);
    expect(await h.waitFor('call_ended', (i) => i.attemptId === call.attemptId)).toMatchObject({ causeText: lostInGapText, unseen: true });
  });

  it('PBX restart: every tracked channel is gone after the reconnect', async () => {
    const port = await freePort();
    let pbx: SimPbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null, port });
    const h = await startHarness({ url: pbx.url }, {});
    cleanups.push(async () => { await h.close(); await pbx.close(); });
    await h.waitFor('telephony_up');
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag1', endpoint: 'Local/1001@sim-agent' });
    await h.waitFor('agent_leg_up');
    const call = dial(7);
    await h.telephony.execute(call);
    await h.waitFor('call_ringing', (i) => i.attemptId === call.attemptId);

    await pbx.close();
    await h.waitFor('telephony_down');
    pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null, port });
    await h.waitFor('agent_leg_down', (i) => i.agentId === 'ag1', 10_000);
    expect(await h.waitFor('call_ended', (i) => i.attemptId === call.attemptId)).toMatchObject({ causeText: lostInGapText, unseen: true });
    await waitForCount(h.inputs, 'telephony_up', 2);
  });

  it('another connection taking the application name puts this one down (no dials into the void) until it reconnects and takes the name back', async () => {
    const first = await startHarness({ reconnectMinMs: 300, reconnectMaxMs: 300 });
    cleanups.push(() => first.close());
    await first.waitFor('telephony_up');
    const second = await startHarness({ url: first.pbx.url });
    cleanups.push(() => second.close());
    await second.waitFor('telephony_up');
    await first.waitFor('telephony_down');
    expect(first.telephony.status()).toMatchObject({ connected: false, lastError: 'application taken over by another connection' });
    const command = dial(0);
    await first.telephony.execute(command);
    await first.waitFor('originate_failed', (i) => i.attemptId === command.attemptId);

    await waitForCount(first.inputs, 'telephony_up', 2);
    expect(first.telephony.status()).toMatchObject({ connected: true, reconnects: 1 });
    await second.waitFor('telephony_down');
  });

  it('PBX absent at start: start resolves, retries until the PBX appears', async () => {
    const port = await freePort();
    const inputs: Input[] = [];
    const telephony: Telephony = createAriTelephony({
      url: `http://127.0.0.1:${port}`, user: 'dialer', password: 'dialer', app: 'dialer',
      customerEndpointTemplate: 'Local/{number}@sim-pstn', reconnectMinMs: 50, reconnectMaxMs: 200,
    }, createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
    cleanups.push(() => telephony.stop());
    await telephony.start((input) => inputs.push(input));
    expect(telephony.status()).toMatchObject({ connected: false, lastConnectedAtMs: null });
    expect(telephony.status().lastError).toMatch(/ARI_UNREACHABLE|ECONNREFUSED/);

    const command = dial(0);
    await telephony.execute(command);
    expect(inputs).toContainEqual(expect.objectContaining({ type: 'originate_failed', attemptId: command.attemptId }));

    const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null, port });
    cleanups.push(() => pbx.close());
    await waitForCount(inputs, 'telephony_up', 1);
    expect(telephony.status().connected).toBe(true);
  });
});

async function waitForCount(inputs: Input[], type: Input['type'], count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (inputs.filter((i) => i.type === type).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} ${type}: ${JSON.stringify(inputs)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
