// Dials that wait for an originate slot, or whose originate is on its way, when the events socket
// drops or the engine hangs them up: a reconcile does not take them for lost (their channel may not
// exist yet), and one hung up before it was sent is not dialled at all.

import { afterEach, describe, expect, it } from 'vitest';
import { connectAriClient } from '../../../src/adapters/ari/ari-client-connection.js';
import type { AriConnection, AriConnector, AriRest } from '../../../src/adapters/ari/ari-port.js';
import type { Input } from '../../../src/core/inputs.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';
import { dial, startHarness, timeScale, type Harness, until } from './telephony-harness.js';

/** A connector whose first originate waits until `release` is called. */
function heldFirstOriginate(): { connect: AriConnector; release: () => void; sent: () => boolean } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let held = false;
  const connect: AriConnector = async (options) => {
    const connection = await connectAriClient(options);
    const rest = new Proxy(connection.rest, {
      get: (target, key) => {
        const value = Reflect.get(target, key) as unknown;
        if (key !== 'originate' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<AriRest['originate']>) => {
          if (!held) {
            held = true;
            await gate;
          }
          return target.originate(...args);
        };
      },
    });
    return new Proxy(connection, {
      get: (target, key) => {
        if (key === 'rest') return rest;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as AriConnection;
  };
  return { connect, release: () => release(), sent: () => held };
}

const count = (inputs: Input[], type: Input['type']): number => inputs.filter((i) => i.type === type).length;

describe('ARI telephony: dials not yet placed', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a dial on its way and one waiting for a slot survive a reconnect and are each dialled once', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale, amiPort: null });
    cleanups.push(() => pbx.close());
    const proxy = await startTcpProxy(pbx.port);
    cleanups.push(() => proxy.close());
    const held = heldFirstOriginate();
    const h: Harness = await startHarness({ url: proxy.url, originateConcurrency: 1, connect: held.connect });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');

    const onItsWay = dial(0);
    const waiting = dial(0);
    const placed = Promise.all([h.telephony.execute(onItsWay), h.telephony.execute(waiting)]);
    await until(held.sent, 'the first originate');
    proxy.refuse(true);
    proxy.drop();
    await h.waitFor('telephony_down');
    proxy.refuse(false);
    await until(() => count(h.inputs, 'telephony_up') === 2, 'the reconnect', 10_000);
    expect(h.inputs.filter((i) => i.type === 'call_ended')).toEqual([]);

    held.release();
    await placed;
    await h.waitFor('call_answered', (i) => i.attemptId === onItsWay.attemptId);
    await h.waitFor('call_answered', (i) => i.attemptId === waiting.attemptId);
    expect(h.inputs.filter((i) => i.type === 'call_ended' || i.type === 'originate_failed')).toEqual([]);
    expect(pbx.counters.originated).toBe(2);
  });

  it('a dial hung up while it waits for a slot is not dialled, and the engine hears so', async () => {
    const held = heldFirstOriginate();
    const h: Harness = await startHarness({ originateConcurrency: 1, connect: held.connect });
    cleanups.push(() => h.close());
    await h.waitFor('telephony_up');

    const first = dial(0);
    const withdrawn = dial(0);
    const placed = Promise.all([h.telephony.execute(first), h.telephony.execute(withdrawn)]);
    await until(held.sent, 'the first originate');
    await h.telephony.execute({ type: 'hangup_call', attemptId: withdrawn.attemptId, reason: 'withdrawn' });
    held.release();
    await placed;
    expect(await h.waitFor('originate_failed', (i) => i.attemptId === withdrawn.attemptId)).toMatchObject({ reason: expect.stringMatching(/^not dialled/) });
    await h.waitFor('call_answered', (i) => i.attemptId === first.attemptId);
    expect(h.pbx.counters.originated).toBe(1);
  });
});
