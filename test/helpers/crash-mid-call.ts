// A run of `outpace serve` that is killed (SIGKILL: no drain, nothing hung up) while Ann talks to a
// customer (or has them on hold) and Bob is logged in, paused: what a test of the restart after a
// crash starts from. With `returnCall`, Ann's customer is the first lead's person calling back the
// campaign's number (a preview campaign that dials nobody itself), put through to her.
// Its campaign records its calls and has a second lead waiting; both numbers answer and stay.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { agentOfLegChannel } from '../../src/adapters/ari/channel-ids.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import type { SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { testDatabaseUrl } from './db.js';
import { testNodeApp } from './outpace-node.js';
import { testRedisUrl } from './redis.js';
import { waitFor as waitUntil } from '../grafana/demo-process.js';
import { freePort } from './free-port.js';
import { waitForLockWaiters } from './lock-waits.js';
import { outpaceNodeArgs } from './outpace-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Polls until `ready` holds, as the other end-to-end tests do, but every 100 ms: a crash and its
 * take-up are dozens of quick steps one after another, and half a second between looks made up
 * most of their time. */
export async function waitFor(ready: () => Promise<boolean>, timeoutMs: number, fatal: () => string | null = () => null): Promise<void> {
  await waitUntil(ready, timeoutMs, fatal, 100);
}

export const simAuth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

export interface AttemptRow {
  id: string;
  direction: string;
  channel_id: string | null;
  outcome: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  recording_name: string | null;
}

export interface CrashedRun {
  nodeId: string;
  keyPrefix: string;
  campaignId: string;
  /** With `handedOver`: the closer campaign Bob works on. */
  closingId: string | null;
  ann: string;
  bob: string;
  killedAt: number;
  attempts(): Promise<AttemptRow[]>;
}

/** Runs the node to be killed on `pbx` under a name of `label`'s, and kills it mid-call; `held`:
 * with Ann's customer on hold; `muted`: with Ann's microphone off; `consult`: with Ann consulting
 * Bob, her customer on hold, or all three in a conference (the campaign then has one lead only, so
 * that Bob, ready for her, is given no call of his own); `handedOver`: with the customer handed by
 * Ann to Bob, who works on a closer campaign (dialling nothing) her campaign hands customers to;
 * `queued`: with Ann's customer on hold waiting for the next of the closers, Bob, who is talking to
 * the second lead; `returnCall`: with Ann's customer the first lead calling back (their attempt inbound,
 * on the channel they came in on; `attempts` lists the inbound ones only). */
export async function crashMidCall(
  pool: pg.Pool, pbx: SimPbx, label: string,
  options: {
    held?: boolean; muted?: boolean; consult?: 'consulting' | 'conference'; handedOver?: boolean; queued?: boolean; returnCall?: boolean;
    /** With `held` or `consult: 'conference'`: the crash comes once the PBX has put the customer on
     * hold or made the conference, before the attempt is written with it (the write held by a lock
     * on the attempt's row, and lost with the node). */
    unwritten?: boolean;
  } = {},
): Promise<CrashedRun> {
  const run = `${label}-${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  const [nodeId, keyPrefix, ann, bob] = [`crash-${run}`, `crash-${run}:`, `ann-${run}`, `bob-${run}`];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const token = `crash-${randomBytes(8).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'outpace-crash-'));
  const configFile = join(dir, 'outpace.yaml');
  writeFileSync(configFile, [
    `database: { url: "${testDatabaseUrl()}" }`,
    `redis: { url: "${testRedisUrl()}", keyPrefix: "${keyPrefix}" }`,
    `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: ${testNodeApp} }`,
    `http: { host: 127.0.0.1, port: ${port} }`,
    `engine: { tickMs: 100, nodeId: ${nodeId}, campaignLeaseMs: 5000 }`,
    `auth: { tokens: [ { token: "${token}", role: admin, name: "crash test" } ] }`,
  ].join('\n'));
  const child = spawn(process.execPath, outpaceNodeArgs(['serve', '--no-migrate']), {
    cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const held: { rows: pg.PoolClient | null } = { rows: null };
  let output = '';
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitFor(async () => (await fetch(`${url}/ready`)).ok, 60_000, () => (child.exitCode === null ? null : `serve exited:\n${output}`));
    const closing = options.handedOver === true ? await createCampaign(pool, {
      name: `closers after a crash ${run}`, mode: 'preview', callerId: '+16505550100', recordingEnabled: true, wrapUpMode: 'manual',
      settings: { callingWindow: roundTheClockWindow },
    }) : null;
    const campaign = await createCampaign(pool, {
      name: `after a crash ${run}`, mode: options.returnCall === true ? 'preview' : 'progressive', callerId: '+16505550100', recordingEnabled: true, wrapUpMode: 'manual',
      settings: { callingWindow: roundTheClockWindow, ...(closing ? { handoverCampaigns: [closing.id] } : {}) },
    });
    const list = await createList(pool, { campaignId: campaign.id, name: 'they stay on the line' });
    const digits = String(Date.now() % 1_000_000).padStart(6, '0');
    const leadIds = await insertLeads(pool, list.id, [
      { firstName: 'First', phones: [`+1315${digits}0`], priority: 2 },
      ...(options.consult ? [] : [{ firstName: 'Second', phones: [`+1316${digits}1`], priority: 1 }]),
    ]);
    await upsertAgent(pool, { id: ann, name: 'Ann' });
    await upsertAgent(pool, { id: bob, name: 'Bob', groups: ['closers'] });
    const api = new ApiClient(url, token);
    const statusOf = async (agentId: string): Promise<string> => (await api.get<{ status: string }>(`/api/agents/${agentId}`)).status;
    await api.post(`/api/campaigns/${campaign.id}/start`);
    await api.post(`/api/agents/${ann}/login`, { campaignId: campaign.id });
    await waitFor(async () => (await statusOf(ann)) === 'paused', 15_000);
    if (options.returnCall === true) {
      // The campaign's call to the first lead an hour ago, unanswered: the number they call back from.
      await pool.query(`INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, outcome, created_at, originated_at, ended_at)
        VALUES ($1, $2, (SELECT id FROM lead_phones WHERE lead_id = $2), $3, 'ended', 'no_answer', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes')`,
      [campaign.id, leadIds[0], `+1315${digits}0`]);
    }
    await api.post(`/api/agents/${ann}/ready`);
    if (options.returnCall === true) {
      await waitFor(async () => (await statusOf(ann)) === 'ready', 15_000);
      pbx.placeInboundCall({ from: `+1315${digits}0`, to: '+16505550100' });
    }
    await waitFor(async () => (await statusOf(ann)) === 'talking', 15_000);
    if (closing) await api.post(`/api/campaigns/${closing.id}/start`);
    await api.post(`/api/agents/${bob}/login`, { campaignId: closing?.id ?? campaign.id });
    await waitFor(async () => (await statusOf(bob)) === 'paused', 15_000);
    const attempts = async (): Promise<AttemptRow[]> => (await pool.query<AttemptRow>(
      `SELECT id::text, direction, channel_id, outcome, connected_at, ended_at, recording_name FROM attempts
       WHERE campaign_id = $1 AND ($2 OR direction = 'inbound') ORDER BY created_at`,
      [campaign.id, options.returnCall !== true])).rows;
    // The recording has started on the PBX by the time the crash comes.
    await waitFor(async () => (await attempts())[0]?.connected_at != null, 5_000);
    const live = `${pbx.url}/ari/recordings/live/outpace-${(await attempts())[0]?.id ?? ''}`;
    await waitFor(async () => (await fetch(live, { headers: simAuth })).status === 200, 5_000);
    /** Holds the attempts' rows from a connection of the test's, so that the node's next write of them waits. */
    const holdRows = async (): Promise<void> => {
      held.rows = await pool.connect();
      await held.rows.query('BEGIN');
      await held.rows.query('SELECT 1 FROM attempts WHERE campaign_id = $1 FOR UPDATE', [campaign.id]);
    };
    if (options.held === true) {
      const holdBridge = `hold-${(await attempts())[0]?.id ?? ''}`;
      if (options.unwritten === true) await holdRows();
      await api.post(`/api/agents/${ann}/hold`);
      await waitFor(async () => pbx.bridges().find((bridge) => bridge.id === holdBridge)?.channels.length === 1, 5_000);
      // And the hold kept with the attempt, as it is once the PBX has made it (or that write waiting).
      if (options.unwritten === true) await waitForLockWaiters(pool, 1);
      else await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1 AND held_since IS NOT NULL', [campaign.id])).rowCount === 1, 5_000);
    }
    if (options.consult) {
      const bridgeOf = (agentId: string) => pbx.bridges().find((bridge) => bridge.id === `agent-bridge-${agentId}`)?.channels ?? [];
      await api.post(`/api/agents/${bob}/ready`);
      await waitFor(async () => (await statusOf(bob)) === 'ready', 5_000);
      await api.post(`/api/agents/${ann}/consult`, { toAgentId: bob });
      await waitFor(async () => bridgeOf(ann).includes(agentLeg(pbx, bob)), 5_000);
      await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1 AND held_since IS NOT NULL', [campaign.id])).rowCount === 1, 5_000);
      if (options.consult === 'conference' && options.unwritten === true) {
        await holdRows();
        await api.post(`/api/agents/${ann}/consult/conference`);
        await waitFor(async () => bridgeOf(ann).length === 3, 5_000);
        // The node's write of the customer off hold waits for the row.
        await waitForLockWaiters(pool, 1);
      } else if (options.consult === 'conference') {
        await api.post(`/api/agents/${ann}/consult/conference`);
        await waitFor(async () => bridgeOf(ann).length === 3, 5_000);
        // The customer off hold as the database has it too: a crash before that write would leave
        // the attempt held for the restarted node to read.
        await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1 AND held_since IS NULL', [campaign.id])).rowCount === 1, 5_000);
      }
    }
    if (closing) {
      const first = (await attempts())[0]?.id ?? '';
      await api.post(`/api/agents/${bob}/ready`);
      await waitFor(async () => (await statusOf(bob)) === 'ready', 5_000);
      await api.post(`/api/agents/${ann}/transfer`, { campaignId: closing.id });
      await waitFor(async () => pbx.bridges().find((bridge) => bridge.id === `agent-bridge-${bob}`)?.channels.includes(first) === true, 5_000);
      // The handover kept with the attempt, as it is once the PBX has made it.
      await waitFor(async () => (await pool.query('SELECT 1 FROM attempt_handovers WHERE attempt_id = $1', [first])).rowCount === 1, 5_000);
    }
    if (options.queued === true) {
      const first = (await attempts())[0]?.id ?? '';
      await api.post(`/api/agents/${bob}/ready`);
      await waitFor(async () => (await statusOf(bob)) === 'talking', 15_000);
      await api.post(`/api/agents/${ann}/transfer`, { group: 'closers' });
      await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE id = $1 AND handover_wait IS NOT NULL AND held_since IS NOT NULL', [first])).rowCount === 1, 5_000);
    }
    if (options.muted === true) {
      await api.post(`/api/agents/${ann}/mute`);
      await waitFor(async () => pbx.channelMuted(agentLeg(pbx, ann)).join() === 'in', 5_000);
      // Kept with the call, as it is once the PBX has muted her.
      await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE agent_id = $1 AND ended_at IS NULL AND agent_muted', [ann])).rowCount === 1, 5_000);
    }
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => { if (child.exitCode !== null || child.signalCode !== null) resolve(null); else child.once('exit', resolve); });
    if (held.rows !== null) {
      // Postgres would run a statement of a client gone once its lock came: the write dies with the node.
      await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      await held.rows.query('ROLLBACK');
    }
    return { nodeId, keyPrefix, campaignId: campaign.id, closingId: closing?.id ?? null, ann, bob, killedAt, attempts };
  } finally {
    held.rows?.release();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The channel of an agent's phone leg (the engine names it after the agent), or ''. */
export function agentLeg(pbx: SimPbx, agentId: string): string {
  return pbx.channels().find((c) => agentOfLegChannel(c.id) === agentId)?.id ?? '';
}

/** Channel ids on the simulated PBX. */
export async function pbxChannels(pbx: SimPbx): Promise<string[]> {
  return ((await (await fetch(`${pbx.url}/ari/channels`, { headers: simAuth })).json()) as { id: string }[]).map((c) => c.id);
}
