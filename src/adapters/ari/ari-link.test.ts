// The link's own ways back after its socket stopped serving it while still open: another
// connection of the app taking the name, or a socket gone dead without a close (no ping answered).

import { describe, expect, it, vi } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { createLogger } from '../log/logger.js';
import type { AriEvent } from './ari-events.js';
import type { AriConnection, AriConnector, AriLinkChange } from './ari-port.js';
import { createAriTelephony } from './ari-telephony.js';
import { fakeAriRest } from './fake-ari-rest.js';

interface FakeConnection {
  connection: AriConnection;
  closed: boolean;
  /** Whether its socket answers pings (a half-open one does not). */
  answering: boolean;
  pings: number;
  send: (event: AriEvent) => void;
}

/** A PBX with nothing in our app; each connect gives a fresh connection whose socket opens at once. */
function fakePbx() {
  const made: FakeConnection[] = [];
  const rest = fakeAriRest({
    listChannels: async () => [],
    getApplication: async (app) => ({ name: app, channelIds: [], bridgeIds: [] }),
  });
  const connect: AriConnector = async () => {
    const eventListeners: Array<(event: AriEvent) => void> = [];
    const linkListeners: Array<(change: AriLinkChange) => void> = [];
    const fake: FakeConnection = {
      closed: false, answering: true, pings: 0,
      send: (event) => eventListeners.forEach((listener) => listener(event)),
      connection: {
        rest, onEvent: (listener) => void eventListeners.push(listener), onBadEvent: () => undefined,
        onLink: (listener) => void linkListeners.push(listener),
        open: () => linkListeners.forEach((listener) => listener({ kind: 'open' })),
        close: () => { fake.closed = true; },
        ping: async (timeoutMs) => {
          fake.pings++;
          if (!fake.answering) await new Promise((resolve) => setTimeout(resolve, timeoutMs));
          return fake.answering;
        },
      },
    };
    made.push(fake);
    return fake.connection;
  };
  return { connect, made };
}

async function started(pbx: ReturnType<typeof fakePbx>) {
  const telephony = createAriTelephony({
    url: 'http://pbx.test', user: 'dialer', password: 'dialer', app: 'dialer', customerEndpointTemplate: 'Local/{number}@sim-pstn',
    connect: pbx.connect, reconnectMinMs: 10, reconnectMaxMs: 20, livenessIntervalMs: 10, livenessTimeoutMs: 10,
  }, createLogger({ level: 'silent' }));
  const inputs: Input[] = [];
  await telephony.start((input) => inputs.push(input));
  const ups = (): number => inputs.filter((input) => input.type === 'telephony_up').length;
  return { telephony, inputs, ups };
}

describe('ARI link: a socket open but serving no more', () => {
  it('the application taken by another connection: this one is closed and a new one takes the name back', async () => {
    const pbx = fakePbx();
    const { telephony, inputs, ups } = await started(pbx);
    expect(ups()).toBe(1);

    pbx.made[0]?.send({ type: 'ApplicationReplaced', application: 'dialer' });
    expect(inputs.at(-1)).toEqual({ type: 'telephony_down' });
    expect(pbx.made[0]?.closed).toBe(true);

    await vi.waitFor(() => expect(ups()).toBe(2));
    expect(pbx.made).toHaveLength(2);
    expect(telephony.status()).toMatchObject({ connected: true, reconnects: 1 });
    await telephony.stop();
  });

  it('a socket that stops answering pings is taken as dropped: closed, and a new connection is reconciled and up', async () => {
    const pbx = fakePbx();
    const { telephony, inputs, ups } = await started(pbx);
    const first = pbx.made[0];
    await vi.waitFor(() => expect(first?.pings).toBeGreaterThan(2));
    expect(pbx.made).toHaveLength(1);

    if (first) first.answering = false;
    await vi.waitFor(() => expect(inputs).toContainEqual({ type: 'telephony_down' }));
    expect(first?.closed).toBe(true);
    await vi.waitFor(() => expect(ups()).toBe(2));
    expect(telephony.status()).toMatchObject({ connected: true, reconnects: 1 });

    // Stopped, the link pings no more.
    await telephony.stop();
    const pings = pbx.made.map((made) => made.pings);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pbx.made.map((made) => made.pings)).toEqual(pings);
  });
});
