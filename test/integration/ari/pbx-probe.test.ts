// The AMI health probe against the simulated PBX's AMI server: login, FullyBooted, CoreStatus
// polling into free channels, loss and reconnection, refused credentials.

import { afterEach, describe, expect, it } from 'vitest';
import { createPbxProbe, type PbxProbe } from '../../../src/adapters/ami/pbx-probe.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { freePort } from '../../helpers/free-port.js';
import { ariAuth as auth, until } from './telephony-harness.js';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('PBX probe (AMI)', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function probe(pbx: { amiPort: number | null }, capacity: Array<number | null>, password = 'dialer'): PbxProbe {
    const created = createPbxProbe({
      host: '127.0.0.1', port: pbx.amiPort ?? 0, username: 'dialer', password, maxChannels: 100,
      pollIntervalMs: 50, reconnectMinMs: 50, reconnectMaxMs: 200, onCapacity: (free) => capacity.push(free),
    }, logger);
    cleanups.push(() => created.stop());
    return created;
  }

  it('reports the PBX up and booted, and free channels from CoreCurrentCalls', async () => {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale: 0.05 });
    cleanups.push(() => pbx.close());
    const capacity: Array<number | null> = [];
    const p = probe(pbx, capacity);
    await p.start();
    await until(() => capacity.length > 0);
    expect(p.status()).toMatchObject({ up: true, fullyBooted: true, currentCalls: 0, error: null });
    expect(capacity[0]).toBe(100);

    const response = await fetch(`${pbx.url}/ari/channels?endpoint=Local/15550100007@sim-pstn&app=dialer`, { method: 'POST', headers: auth });
    expect(response.status).toBe(200);
    const busy = pbx.channels().length;
    await until(() => capacity.at(-1) === 100 - busy);
    expect(p.status().currentCalls).toBe(busy);
    expect(p.status().lastOkAtMs).not.toBeNull();
    // Stopped (the node shutting down), /ready says so, not that it is still connecting.
    expect(p.status().down).toBeNull();
    await p.stop();
    expect(p.status()).toMatchObject({ up: false, down: 'stopped' });
  });

  it('loses the PBX, reports unknown capacity, and reconnects when it is back', async () => {
    const amiPort = await freePort();
    let pbx: SimPbx = await startSimPbx({ amiPort });
    const capacity: Array<number | null> = [];
    const p = probe(pbx, capacity);
    await p.start();
    await until(() => p.status().fullyBooted);
    await pbx.close();
    await until(() => !p.status().up);
    expect(capacity).toContain(null);
    expect(p.status().currentCalls).toBeNull();
    expect(p.status().error).not.toBeNull();
    pbx = await startSimPbx({ amiPort });
    cleanups.push(() => pbx.close());
    const before = capacity.length;
    await until(() => p.status().up && p.status().fullyBooted && capacity.length > before);
    expect(capacity.at(-1)).toBe(100);
  });

  it('refused credentials: not up, with the reason', async () => {
    const pbx = await startSimPbx({});
    cleanups.push(() => pbx.close());
    const p = probe(pbx, [], 'wrong');
    await p.start();
    expect(p.status()).toMatchObject({ up: false, fullyBooted: false });
    expect(p.status().error).toMatch(/Authentication failed/);
  });
});
