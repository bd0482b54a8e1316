// The demo: a real engine against the simulated PBX with bot agents. Seeds a campaign, starts
// everything, prints a status line a second, stops cleanly and prints what landed in Postgres.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { PacingMode } from '../core/campaign-settings.js';
import type { Pool } from '../adapters/pg/pool.js';
import { databaseAddressOf, withDatabase } from '../adapters/pg/reach-database.js';
import { startSimPbx, type SimPbx } from '../sim/pbx/sim-pbx.js';
import { startOutpace, type OutpaceNode } from '../cli/start-outpace.js';
import { minTalksPerAgent, predictiveMinSamples } from '../core/pacing/predictive.js';
import { ApiClient } from './api-client.js';
import { BotAgent } from './bot-agent.js';
import { checkAndMigrateDemoDatabase } from './demo-database.js';
import { DemoTally } from './demo-tally.js';
import { demoVerificationDesk, seedDemo, type DemoSeed } from './seed-demo.js';
import { statusLine } from './status-line.js';
import { demoSummary, type DemoSummary } from './demo-summary.js';
import type { PasswordAnswers } from '../adapters/redis/unneeded-password.js';

export interface DemoOptions {
  durationS: number;
  agents: number;
  leads: number;
  port: number;
  seed: number;
  mode: PacingMode;
  amd: boolean;
  /** Simulated-PBX time scale: 1 is real time, 0.1 ten times faster. */
  timeScale: number;
  wrapMs: { min: number; max: number };
  /** Stop as soon as no lead is left to dial and every call has ended. */
  untilDone: boolean;
  print: (line: string) => void;
  settings?: Record<string, unknown>;
  /** Ends the run early, as cleanly as the end of its duration (SIGINT, SIGTERM). */
  signal?: AbortSignal;
  /** The command's pool, checked and migrated on one of its connections, which the node takes (and
   * ends); else the run migrates the database and the node opens a pool of its own. */
  pool?: Pool;
  /** Redis's answer to a password alone, had by the command's start check, for the node to take. */
  redisPasswordAnswers?: PasswordAnswers;
}

export interface DemoRun {
  seed: DemoSeed;
  summary: DemoSummary;
  invariantViolations: number;
  url: string;
}

export async function runDemo(baseConfig: Config, logger: Logger, options: DemoOptions): Promise<DemoRun> {
  const address = databaseAddressOf(baseConfig.database.url);
  // A pool of the caller's comes checked and migrated (see demo.ts); checked before migrating,
  // a database the demo refuses is left as it was.
  if (!options.pool) await withDatabase(baseConfig.database.url, (client) => checkAndMigrateDemoDatabase(client, address));
  options.print(`seeding the database at ${address}, a laboratory: each run adds a campaign, its leads and bot agents, and deletes nothing`);
  const pbx = await startSimPbx({ seed: options.seed, apps: [baseConfig.ari.app], timeScale: options.timeScale, desks: [demoVerificationDesk.number] })
    .catch(async (error: unknown) => {
      await options.pool?.end();
      throw error;
    });
  const tokens: DemoTokens = { manager: demoToken('demo'), watch: demoToken('demo-watch') };
  const config = demoConfig(baseConfig, pbx, tokens);
  let node: OutpaceNode | null = null;
  try {
    node = await startOutpace({ config, logger, checkInvariants: true, port: options.port, ...(options.pool ? { pool: options.pool } : {}), redisPasswordAnswers: options.redisPasswordAnswers });
    return await drive(node, tokens, options);
  } finally {
    await node?.close(30_000);
    await pbx.close();
  }
}

/** The driver's own token, and a manager's for whoever runs the demo to watch it with (and plan). */
interface DemoTokens {
  manager: string;
  watch: string;
}

const demoToken = (prefix: string): string => `${prefix}-${randomBytes(12).toString('hex')}`;

/** Where to watch the run in a browser; the staff pages ask for the token once. */
function watchLine(url: string, token: string): string {
  return `watch it in a browser, signed in with ${token}: wallboard ${url}/wallboard/ | pacing ${url}/pacing/ | results ${url}/reports/ | planner ${url}/plan/ | campaigns ${url}/campaigns/ | leads ${url}/leads/ | team ${url}/team/ | compliance ${url}/compliance/`;
}

function formatSpeed(times: number): string {
  return Number.isInteger(times) ? String(times) : times.toFixed(1);
}

/** Why the first minutes dial one call per ready agent, and how to see the model sooner. */
function learningLine(timeScale: number): string {
  const wait = `pacing is progressive ("few_samples") until the campaign has made ${predictiveMinSamples} dials and every agent has finished ${minTalksPerAgent} calls on average`;
  if (timeScale >= 1) return `${wait}: some minutes at real time; --time-scale 0.1 gets there in about one`;
  return `${wait}, then the predictive model dials (calls ring and talk ${formatSpeed(1 / timeScale)} times faster than life; --time-scale 1 for real time)`;
}

const demoTrunkDialsPerSecond = 20;

function demoConfig(base: Config, pbx: SimPbx, tokens: DemoTokens): Config {
  return {
    ...base,
    ari: { ...base.ari, url: pbx.url, user: 'dialer', password: 'dialer' },
    ami: pbx.amiPort === null ? base.ami
      : { ...base.ami, enabled: true, host: '127.0.0.1', port: pbx.amiPort, user: 'dialer', password: 'dialer' },
    endpoints: { ...base.endpoints, customer: 'Local/{number}@sim-pstn', agent: 'Local/{agent}@sim-agent' },
    // Keys of its own: on a Redis a node dialling people shares, the demo's campaign ids (which
    // repeat across databases), trunk share, app name and queues stay apart from that node's.
    redis: { ...base.redis, keyPrefix: `${base.redis.keyPrefix}demo:` },
    // The simulated carrier takes 20 calls a second, as a small SIP trunk would (unless set).
    // A name of its own for each run (two demos may share a database), without the warning a
    // production node gets for having none, and no write spool: its PBX is simulated and ends with
    // the run, so a spool left by a run stopped hard would be no node's to write.
    engine: { ...base.engine, nodeId: base.engine.nodeId || `demo-${hostname()}-${process.pid}`, writeSpoolDir: '', trunkDialsPerSecond: base.engine.trunkDialsPerSecond || demoTrunkDialsPerSecond },
    auth: {
      tokens: [
        ...base.auth.tokens,
        { token: tokens.manager, role: 'manager', name: 'demo driver' },
        // A manager may also listen, whisper and barge from the wallboard, and use the planner.
        { token: tokens.watch, role: 'manager', name: 'demo manager' },
      ],
    },
  };
}

async function drive(node: OutpaceNode, tokens: DemoTokens, options: DemoOptions): Promise<DemoRun> {
  const seed = await seedDemo(node.pool, {
    leads: options.leads, agents: options.agents, seed: options.seed, mode: options.mode, amd: options.amd,
    wrapUpMs: 30_000, dialLevel: options.mode === 'power' ? 1.5 : 1, ...(options.settings ? { settings: options.settings } : {}),
  });
  const tally = new DemoTally();
  node.runtime.observe((commands) => tally.observe(commands));
  const manager = new ApiClient(node.url, tokens.manager);
  const bots = seed.agents.map((a, i) => new BotAgent({
    baseUrl: node.url, token: a.token, agentId: a.id, campaignId: seed.campaign.id, seed: options.seed + i,
    wrapMs: options.wrapMs, dispositions: { SALE: 1, APPOINTMENT: 1, CALLBACK: 1, NOT_INTERESTED: 5, LANGUAGE_BARRIER: 0.3 },
    hold: { share: 0.25, ms: { min: 2_000, max: 6_000 } },
    // A customer of an industry the bot does not know goes to a colleague who does, if one is ready.
    handOver: { field: 'industry', groups: a.groups, consultShare: 0.5, consultMs: { min: 2_000, max: 5_000 } },
    // Some sales are checked by the verification desk, which the customer is left with.
    thirdParty: { name: demoVerificationDesk.name, share: 0.15, talkMs: { min: 2_000, max: 4_000 } },
    // A bot's refused request is a bug to see, not to pass over.
    onError: (error) => options.print(`bot ${a.id}: ${error instanceof Error ? error.message : String(error)}`),
  }));
  await manager.post(`/api/campaigns/${seed.campaign.id}/start`);
  await Promise.all(bots.map((b) => b.start()));
  options.print(`campaign ${seed.campaign.id} started with ${options.leads} leads and ${options.agents} bot agents; API ${node.url}`);
  options.print(watchLine(node.url, tokens.watch));
  if (options.mode === 'predictive') options.print(learningLine(options.timeScale));
  const started = Date.now();
  while (Date.now() - started < options.durationS * 1000 && options.signal?.aborted !== true) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    options.print(statusLine(Math.round((Date.now() - started) / 1000), seed.campaign.id, node.runtime.state(), tally));
    if (options.untilDone && isDone(node, seed.campaign.id)) break;
  }
  await manager.post(`/api/campaigns/${seed.campaign.id}/stop`);
  await waitForCalls(node, 15_000);
  node.runtime.hangUpAll('demo over');
  await waitForCalls(node, 15_000);
  await Promise.all(bots.map((b) => b.stop()));
  const summary = await demoSummary(node.pool, seed.campaign.id);
  const { targets } = await manager.get<{ targets: Array<{ measure: string; per: string; count: number; reached: number }> }>(`/api/campaigns/${seed.campaign.id}/targets`);
  options.print(`targets: ${targets.map((t) => `${t.measure} ${t.reached}/${t.count} per ${t.per}`).join(', ')}`);
  return { seed, summary, invariantViolations: node.runtime.invariantViolationCount(), url: node.url };
}

/** Nothing dialling and no lead the list can give: every decision says there are no leads. */
function isDone(node: OutpaceNode, campaignId: string): boolean {
  const state = node.runtime.state();
  const campaign = state.campaigns.get(campaignId);
  const busy = [...state.calls.values()].some((c) => c.campaignId === campaignId);
  const owing = [...state.agents.values()].some((a) => a.campaignId === campaignId && (a.owesDispositionFor !== null || a.status === 'talking'));
  return !busy && !owing && campaign !== undefined && campaign.leadsPending === 0 && campaign.noLeadsUntilMs > node.runtime.nowMs();
}

async function waitForCalls(node: OutpaceNode, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  const owing = () => [...node.runtime.state().agents.values()].some((a) => a.owesDispositionFor !== null);
  while ((node.runtime.state().calls.size > 0 || owing()) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
