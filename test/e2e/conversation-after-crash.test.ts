// `outpace serve` is killed (SIGKILL: no drain, nothing hung up) while an agent talks to a customer,
// and the node is started again under its id on the same PBX. It takes the conversation up: the
// agent is back, talking, on her desktop's API; the customer was never cut off; her hang-up, the
// recording, wrap-up and disposition work as for any call, and her phone leg takes the next call
// without a new login. A child process for the run that crashes; the restarted node in the test.

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
import { roleTokens, startTestNode, testNodeApp, type TestNode } from '../helpers/outpace-node.js';
import { freePort, waitFor } from '../grafana/demo-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = String(Date.now() % 1_000_000).padStart(6, '0');
const ANN = `ann-${run}`;
const BOB = `bob-${run}`;
const NODE_ID = `crash-${run}`;
const KEY_PREFIX = `crash-${run}:`;
const auth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

interface AttemptRow {
  id: string;
  outcome: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  recording_name: string | null;
}

describe('a conversation going on when the engine crashed', () => {
  const pool = createTestPool(2);
  let pbx: SimPbx;
  let child: ChildProcess;
  let restarted: TestNode | null = null;
  let output = '';
  let dir = '';
  let campaignId = '';
  let killedAt = 0;
  const attempts = async (): Promise<AttemptRow[]> => (await pool.query<AttemptRow>(
    'SELECT id::text, outcome, connected_at, ended_at, recording_name FROM attempts WHERE campaign_id = $1 ORDER BY created_at', [campaignId])).rows;
  const pbxChannels = async (): Promise<string[]> =>
    ((await (await fetch(`${pbx.url}/ari/channels`, { headers: auth })).json()) as { id: string }[]).map((c) => c.id);

  beforeAll(async () => {
    await truncateTables(pool, ['campaigns']);
    pbx = await startSimPbx({ apps: [testNodeApp], amiPort: null, outcomes: 'digit', timeScale: 1 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const token = `crash-${randomBytes(8).toString('hex')}`;
    dir = mkdtempSync(join(tmpdir(), 'outpace-crash-'));
    const configFile = join(dir, 'outpace.yaml');
    writeFileSync(configFile, [
      `database: { url: "${testDatabaseUrl()}" }`,
      `redis: { url: "${testRedisUrl()}", keyPrefix: "${KEY_PREFIX}" }`,
      `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: ${testNodeApp} }`,
      `http: { host: 127.0.0.1, port: ${port} }`,
      `engine: { tickMs: 100, nodeId: ${NODE_ID}, campaignLeaseMs: 5000 }`,
      `auth: { tokens: [ { token: "${token}", role: admin, name: "crash test" } ] }`,
    ].join('\n'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--no-migrate'], {
      cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-20_000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(async () => (await fetch(`${url}/ready`)).ok, 60_000, () => (child.exitCode === null ? null : `serve exited:\n${output}`));

    const campaign = await createCampaign(pool, {
      name: `after a crash ${run}`, mode: 'progressive', callerId: '+16505550100', recordingEnabled: true, wrapUpMode: 'manual',
      settings: { callingWindow: roundTheClockWindow },
    });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'they stay on the line' });
    await insertLeads(pool, list.id, [
      { firstName: 'First', phones: [`+1315${run}0`], priority: 2 },
      { firstName: 'Second', phones: [`+1316${run}1`], priority: 1 },
    ]);
    await upsertAgent(pool, { id: ANN, name: 'Ann' });
    await upsertAgent(pool, { id: BOB, name: 'Bob' });
    const api = new ApiClient(url, token);
    await api.post(`/api/campaigns/${campaignId}/start`);
    await api.post(`/api/agents/${ANN}/login`, { campaignId });
    const statusOf = async (): Promise<string> => (await api.get<{ status: string }>(`/api/agents/${ANN}`)).status;
    await waitFor(async () => (await statusOf()) === 'paused', 15_000);
    await api.post(`/api/agents/${ANN}/ready`);
    await waitFor(async () => (await statusOf()) === 'talking', 15_000);
    // Bob is logged in too, paused, when the engine dies.
    await api.post(`/api/agents/${BOB}/login`, { campaignId });
    await waitFor(async () => (await api.get<{ status: string }>(`/api/agents/${BOB}`)).status === 'paused', 15_000);
    // The recording has started on the PBX by the time the crash comes.
    await waitFor(async () => (await attempts())[0]?.connected_at != null, 5_000);
    const live = `${pbx.url}/ari/recordings/live/outpace-${(await attempts())[0]?.id ?? ''}`;
    await waitFor(async () => (await fetch(live, { headers: auth })).status === 200, 5_000);
    killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => { if (child.exitCode !== null || child.signalCode !== null) resolve(null); else child.once('exit', resolve); });
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await restarted?.close();
    await pbx.close();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is taken up by the node restarted under its id, and ends, is recorded and dispositioned as any call', async () => {
    const [before] = await attempts();
    if (!before) throw new Error('no attempt was made');
    expect(before.ended_at).toBeNull();
    expect(await pbxChannels()).toContain(before.id);

    restarted = await startTestNode({}, KEY_PREFIX, { pbx, nodeId: NODE_ID });
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(runtime.state().agents.get(ANN)).toMatchObject({ status: 'talking', callId: before.id });
    expect(runtime.agentsHeldOver().has(ANN)).toBe(false);
    expect(await api.get(`/api/agents/${ANN}`)).toMatchObject({ status: 'talking' });
    expect((await attempts())[0]).toMatchObject({ id: before.id, ended_at: null });
    // The customer was never cut off, and nothing else was dialled meanwhile.
    expect(await pbxChannels()).toContain(before.id);
    expect(await attempts()).toHaveLength(1);
    // Ann's session goes on; Bob's ended when the engine was last seen, not at his next login.
    const sessions = await pool.query<{ agent_id: string; logout_at: Date | null }>(
      'SELECT agent_id, logout_at FROM agent_sessions WHERE agent_id = ANY($1) ORDER BY login_at', [[ANN, BOB]]);
    expect(sessions.rows.filter((row) => row.agent_id === ANN).at(-1)?.logout_at).toBeNull();
    const bobOut = sessions.rows.find((row) => row.agent_id === BOB)?.logout_at?.getTime() ?? 0;
    expect(bobOut).toBeLessThanOrEqual(killedAt);
    expect(bobOut).toBeGreaterThan(killedAt - 3_000);

    // A supervisor listens in, on her leg from before the crash.
    const { sessionId } = await api.post<{ sessionId: string }>('/api/supervision/sessions', { agentId: ANN, mode: 'listen', endpoint: 'Local/sup9@sim-agent' });
    await waitFor(async () => (await pbxChannels()).some((id) => id.startsWith(`${sessionId}-phone`)), 10_000);
    const ended = await fetch(`${restarted.node.url}/api/supervision/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    expect(ended.status).toBe(204);

    await api.post(`/api/agents/${ANN}/hangup`);
    await waitFor(async () => (await attempts())[0]?.ended_at != null, 10_000);
    const [closed] = await attempts();
    expect(closed).toMatchObject({ outcome: 'connected', recording_name: `outpace-${before.id}` });
    expect(closed?.connected_at?.getTime()).toBe(before.connected_at?.getTime());
    // Stopped when the call ended, so the PBX keeps it as a finished recording.
    expect((await fetch(`${pbx.url}/ari/recordings/stored/outpace-${before.id}`, { headers: auth })).status).toBe(200);
    expect(runtime.state().agents.get(ANN)).toMatchObject({ status: 'wrap_up', owesDispositionFor: before.id });

    await api.post(`/api/attempts/${before.id}/disposition`, { code: 'SALE' });
    await api.post(`/api/agents/${ANN}/ready`);
    // Her phone leg from before the crash takes the next call: no new login.
    await waitFor(async () => runtime.state().agents.get(ANN)?.status === 'talking', 15_000);
    const now = await attempts();
    expect(now).toHaveLength(2);
    expect(now[1]?.connected_at).not.toBeNull();
    expect(runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
