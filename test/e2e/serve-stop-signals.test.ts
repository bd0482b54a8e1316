// `outpace serve` as a deploy stops it: the first SIGTERM starts a drain (the node says it is not
// ready, the conversation in progress goes on), a second one hangs up what is left and the process
// exits cleanly. A child process against the simulated PBX, the test database and Redis.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { createTestPool, testDatabaseUrl, truncateTables } from '../helpers/db.js';
import { testRedisUrl } from '../helpers/redis.js';
import { waitFor } from '../grafana/demo-process.js';
import { freePort } from '../helpers/free-port.js';
import { outpaceNodeArgs } from '../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = String(Date.now() % 1_000_000).padStart(6, '0');
const AGENT = `sig-${run}`;

describe('outpace serve on SIGTERM', () => {
  const pool = createTestPool(2);
  let pbx: SimPbx;
  let child: ChildProcess;
  let output = '';
  let dir = '';
  let url = '';
  const token = `serve-${randomBytes(8).toString('hex')}`;
  const exit = (): Promise<number | null> => new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

  beforeAll(async () => {
    await truncateTables(pool, ['campaigns']);
    pbx = await startSimPbx({ apps: ['outpace-signals'], amiPort: null, outcomes: 'digit', timeScale: 1 });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'outpace-serve-'));
    const configFile = join(dir, 'outpace.yaml');
    writeFileSync(configFile, [
      `database: { url: "${testDatabaseUrl()}" }`,
      `redis: { url: "${testRedisUrl()}", keyPrefix: "serve-${run}:" }`,
      `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: outpace-signals }`,
      `http: { host: 127.0.0.1, port: ${port} }`,
      'engine: { tickMs: 100, nodeId: serve-signals, drainSeconds: 120 }',
      `auth: { tokens: [ { token: "${token}", role: admin, name: "signals test" } ] }`,
    ].join('\n'));
    child = spawn(process.execPath, outpaceNodeArgs(['serve', '--no-migrate']), {
      cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-20_000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(async () => (await fetch(`${url}/ready`)).ok, 60_000, () => (child.exitCode === null ? null : `serve exited:\n${output}`));
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await pbx.close();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drains on the first signal and hangs up on the second', async () => {
    const api = new ApiClient(url, token);
    const campaign = await createCampaign(pool, { name: `signals ${run}`, mode: 'progressive', callerId: '+16505550100', settings: { callingWindow: roundTheClockWindow } });
    const list = await createList(pool, { campaignId: campaign.id, name: 'stays on the line' });
    await insertLeads(pool, list.id, [{ firstName: 'Stays', phones: [`+1315${run}0`] }]);
    await upsertAgent(pool, { id: AGENT, name: 'Sig' });
    await api.post(`/api/campaigns/${campaign.id}/start`);
    await api.post(`/api/agents/${AGENT}/login`, { campaignId: campaign.id });
    const statusOf = async (): Promise<string> => (await api.get<{ status: string }>(`/api/agents/${AGENT}`)).status;
    await waitFor(async () => (await statusOf()) === 'paused', 15_000);
    await api.post(`/api/agents/${AGENT}/ready`);
    await waitFor(async () => (await statusOf()) === 'talking', 15_000);

    child.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${url}/ready`)).status === 503, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(child.exitCode).toBeNull();
    expect(await statusOf()).toBe('talking');

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exit()).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(output).toMatch(/hanging up the calls still in progress/);
    expect(pbx.channels()).toEqual([]);
    const { rows } = await pool.query<{ outcome: string | null; ended_at: Date | null }>(
      'SELECT outcome, ended_at FROM attempts WHERE campaign_id = $1', [campaign.id]);
    expect(rows).toEqual([{ outcome: 'connected', ended_at: expect.any(Date) }]);
  }, 90_000);
});
