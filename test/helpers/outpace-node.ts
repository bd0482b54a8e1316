// Starts a whole Outpace node for a test: the simulated PBX and the engine with its API, on the
// test database and Redis, with one configured token per role.

import type { Logger } from 'pino';
import { createLogger } from '../../src/adapters/log/logger.js';
import type { Config, Role } from '../../src/config/schema.js';
import { startOutpace, type OutpaceNode } from '../../src/cli/start-outpace.js';
import { startSimPbx, type SimPbx, type SimPbxOptions } from '../../src/sim/pbx/sim-pbx.js';
import { testConfig } from './test-config.js';

export const roleTokens: Record<Role, string> = {
  admin: 'test-admin-token',
  manager: 'test-manager-token',
  supervisor: 'test-supervisor-token',
  agent: 'test-agent-token',
  viewer: 'test-viewer-token',
};

/** The agent the agent token acts for. */
export const tokenAgentId = 'agent-under-test';

export interface TestNode {
  node: OutpaceNode;
  pbx: SimPbx;
  close(): Promise<void>;
}

/** The ARI application the test nodes run. */
export const testNodeApp = testConfig().ari.app;

export interface TestNodeOptions {
  /** Run on this PBX (one a previous run left calls on) instead of a new one. */
  pbx?: SimPbx;
  /** The node's id, for tests that run several nodes side by side. */
  nodeId?: string;
  /** The node's ARI application: nodes side by side on one Redis each need their own. */
  ariApp?: string;
  /** CRM webhook settings other than the defaults (a short back-off, a secret). */
  webhooks?: Partial<Config['webhooks']>;
  /** The caller ID of campaigns without their own, other than the tests' ('' for none). */
  callerId?: string;
  /** How long a lead leased for a dial stays the node's (short, to outlast it in a test). */
  leadLeaseMs?: number;
  /** Reach the PBX's ARI here (a relay a test cuts) rather than at its own address. */
  ariUrl?: string;
  /** The engine's clock, for a test that moves it on to a time limit; the wall clock otherwise. */
  clock?: () => number;
  /** The trunk's calls-per-second limit over every campaign of the node (0, the default: none). */
  maxDialsPerSecond?: number;
  /** Where the node's write spool is (a fresh directory of its own otherwise). */
  writeSpoolDir?: string;
  /** Where uploads wait for their import (a fresh directory of its own otherwise). */
  uploadDir?: string;
  /** A trunk the node shares with the nodes naming it, and its calls-per-second limit. */
  trunk?: { name: string; dialsPerSecond: number };
  /** The node's logger, for a test that reads what it logs. */
  logger?: Logger;
  /** How long `close` lets calls still up end of themselves before hanging them up (2 s unless
   * set): 0 for a test that leaves an agent talking and does not test the drain, which would
   * otherwise wait it out in full. */
  closeDrainMs?: number;
  /** The node's HTTP port (any free one otherwise), for a test that reaches it before it has started. */
  port?: number;
}

/** A node on a new simulated PBX unless given one. */
export async function startTestNode(pbxOptions: SimPbxOptions = {}, keyPrefix = 'node-test:', options: TestNodeOptions = {}): Promise<TestNode> {
  const base = testConfig({ keyPrefix });
  const pbx = options.pbx ?? await startSimPbx({ apps: [base.ari.app], amiPort: null, ...pbxOptions });
  const config = {
    ...base,
    engine: {
      ...base.engine, nodeId: options.nodeId ?? base.engine.nodeId, leadLeaseMs: options.leadLeaseMs ?? base.engine.leadLeaseMs,
      maxDialsPerSecond: options.maxDialsPerSecond ?? base.engine.maxDialsPerSecond,
      writeSpoolDir: options.writeSpoolDir ?? base.engine.writeSpoolDir, uploadDir: options.uploadDir ?? base.engine.uploadDir,
      ...(options.trunk ? { trunk: options.trunk.name, trunkDialsPerSecond: options.trunk.dialsPerSecond } : {}),
    },
    webhooks: { ...base.webhooks, ...options.webhooks },
    endpoints: { ...base.endpoints, ...(options.callerId === undefined ? {} : { callerId: options.callerId }) },
    ari: { ...base.ari, url: options.ariUrl ?? pbx.url, user: 'dialer', password: 'dialer', app: options.ariApp ?? base.ari.app },
    auth: {
      tokens: (Object.entries(roleTokens) as [Role, string][]).map(([role, token]) => ({
        token, role, name: `test ${role}`, ...(role === 'agent' ? { agentId: tokenAgentId } : {}),
      })),
    },
  };
  const node = await startOutpace({ config, logger: options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'error' }), checkInvariants: true, port: options.port ?? 0, ...(options.clock ? { clock: options.clock } : {}) });
  const test: TestNode = {
    node, pbx,
    close: async () => {
      openNodes.delete(test);
      await node.close(options.closeDrainMs ?? 2_000);
      await pbx.close();
    },
  };
  openNodes.add(test);
  return test;
}

/** Nodes started and not yet closed. The files of a worker share its process (and this module),
 * so a node a file left running (a test failed before closing it) would go on driving campaigns
 * in the next file's database. */
const openNodes = new Set<TestNode>();

/** Closes the nodes the file that just ran left running, and says which. */
export async function closeLeftoverNodes(): Promise<void> {
  const left = [...openNodes];
  if (left.length === 0) return;
  process.stderr.write(`closing ${left.length} test node(s) left running: ${left.map((test) => test.node.url).join(', ')}\n`);
  for (const test of left) await test.close();
}
