// The npm clients the runtime uses, unchanged, against the simulated PBX: ari-client (api-docs,
// generated operations, events WebSocket) and asterisk-manager (AMI login and CoreStatus).

import ari from 'ari-client';
import AsteriskManager from 'asterisk-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';

type Event = Record<string, unknown> & { type: string; channel?: { id: string; state: string; name: string } };

describe('simulated PBX with the real client libraries', () => {
  let pbx: SimPbx;
  beforeEach(async () => {
    pbx = await startSimPbx({ outcomes: 'digit', timeScale: 0.05 });
  });
  afterEach(async () => {
    await pbx.close();
  });

  it('ari-client connects, originates and receives StasisStart and ChannelDestroyed', async () => {
    const client = await ari.connect(pbx.url, 'dialer', 'dialer');
    const events: Event[] = [];
    client.on('*', (event: Event) => events.push(event));
    await client.start('dialer');
    const channel = await client.channels.originateWithId({
      channelId: 'cust-1', endpoint: 'Local/5550008@sim-pstn', app: 'dialer', appArgs: 'customer,lead-1',
      callerId: '"Outpace" <6505550100>', timeout: 30,
    });
    expect(channel).toMatchObject({ id: 'cust-1', state: 'Down', name: expect.stringMatching(/^Local\/5550008@sim-pstn-[0-9a-f]{8};1$/) });
    // Number ...8 answers after 1 s and hangs up 1 s later (20x faster here).
    await waitFor(() => events.some((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'cust-1'));
    client.stop();

    const start = events.find((e) => e.type === 'StasisStart');
    expect(start).toMatchObject({ application: 'dialer', args: ['customer', 'lead-1'], channel: { id: 'cust-1', state: 'Up' } });
    expect(start?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const destroyed = events.find((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'cust-1');
    expect(destroyed).toMatchObject({ cause: 16, cause_txt: 'Normal Clearing', asterisk_id: expect.any(String) });
    expect(events.some((e) => e.type === 'Dial' && e.dialstatus === 'ANSWER')).toBe(true);
  });

  it('ari-client reports REST errors', async () => {
    const client = await ari.connect(pbx.url, 'dialer', 'dialer');
    await expect(client.channels.hangup({ channelId: 'nope' })).rejects.toThrow(/Channel not found/);
  });

  it('asterisk-manager logs in and reads CoreStatus', async () => {
    const port = pbx.amiPort;
    if (port === null) throw new Error('AMI is off');
    const manager = AsteriskManager(undefined, '127.0.0.1', 'dialer', 'dialer', true);
    const booted = new Promise<void>((resolve) => manager.on('fullybooted', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      manager.connect(port, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
    });
    await new Promise<void>((resolve, reject) => manager.login((error) => (error ? reject(new Error(String(error.message))) : resolve())));
    await booted;
    const status = await new Promise<Record<string, unknown>>((resolve, reject) => {
      manager.action({ action: 'CoreStatus' }, (error, response) => (error ? reject(new Error('CoreStatus failed')) : resolve(response)));
    });
    expect(status).toMatchObject({ response: 'Success', corecurrentcalls: '0' });
    manager.disconnect();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
