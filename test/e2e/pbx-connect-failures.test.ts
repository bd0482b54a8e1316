// The PBX's ARI and AMI as an operator meets them when they do not take the node's connection:
// `outpace serve` keeps running and retrying, and its log says which (ARI or AMI), at which address
// (never the password), and what to check. A wrong ARI password killed the process with an uncaught
// "401 : undefined http://.../ari/api-docs/resources.json" from the client library; a PBX that was
// not there was logged as "ARI connection failed" with "connect: ECONNREFUSED", saying not where;
// a wrong AMI password as "AMI session lost; reconnecting" of a session never open.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { waitFor } from '../grafana/demo-process.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { outpaceNodeArgs } from '../helpers/outpace-cli.js';
import { testRedisUrl } from '../helpers/redis.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = String(Date.now() % 1_000_000).padStart(6, '0');
const dir = mkdtempSync(join(tmpdir(), 'outpace-ari-failures-'));

interface Serve {
  child: ChildProcess;
  output: () => string;
}

/** `outpace serve` with these ARI settings, on the test database and Redis. */
async function serve(name: string, ari: { url: string; password: string }, more: readonly string[] = []): Promise<Serve> {
  const configFile = join(dir, `${name}.yaml`);
  writeFileSync(configFile, [
    `database: { url: "${testDatabaseUrl()}" }`,
    `redis: { url: "${testRedisUrl()}", keyPrefix: "ari-failures-${name}-${run}:" }`,
    `ari: { url: "${ari.url}", user: dialer, password: "${ari.password}", app: "ari-failures-${name}" }`,
    `http: { host: 127.0.0.1, port: ${await freePort()} }`,
    `engine: { nodeId: ari-failures-${name}, writeSpoolDir: "${join(dir, name, 'spool')}", uploadDir: "${join(dir, name, 'uploads')}" }`,
    ...more,
  ].join('\n'));
  const child = spawn(process.execPath, outpaceNodeArgs(['serve', '--no-migrate']), {
    cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return { child, output: () => output };
}

/** The log records of a component, once `count` of them are in, with the process still running. */
async function componentRecords(node: Serve, component: 'ari' | 'ami', count: number): Promise<Array<{ level: number; msg: string; reason: string }>> {
  const records = (): Array<{ level: number; msg: string; reason: string; component?: string }> => node.output().split('\n')
    .filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; reason: string; component?: string })
    .filter((record) => record.component === component);
  await waitFor(async () => records().length >= count, 90_000, () => (node.child.exitCode === null ? null : `serve exited (${node.child.exitCode}):\n${node.output()}`));
  return records();
}

async function stop(node: Serve): Promise<void> {
  // Ended already (a signal leaves exitCode null): its exit event has gone by.
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill('SIGKILL');
  await exited;
}

describe('a PBX whose ARI or AMI does not take the connection', () => {
  const nodes: Serve[] = [];
  let pbx: SimPbx | undefined;
  afterAll(async () => {
    for (const node of nodes) await stop(node);
    await pbx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong ARI password: the node keeps running and says which user the PBX refused, and what to check', async () => {
    pbx = await startSimPbx({ apps: ['ari-failures-password'], amiPort: null, username: 'dialer', password: 'right-one' });
    const node = await serve('password', { url: pbx.url, password: 'wr0ng-s3cret' });
    nodes.push(node);
    const [first, second] = await componentRecords(node, 'ari', 2);
    const address = new URL(pbx.url).host;
    expect(first).toMatchObject({
      level: 50,
      msg: `the PBX's ARI at ${address} refused user "dialer" and its password: check ARI_USER and ARI_PASSWORD (ari.user, ari.password) against the PBX's ari.conf; retrying`,
    });
    // Retried, as a PBX that is away: the password may be put right on the PBX's side.
    expect(second?.msg).toBe(first?.msg);
    expect(node.child.exitCode).toBeNull();
    expect(node.output()).not.toContain('wr0ng-s3cret');
  }, 120_000);

  it('nothing listening at ARI_URL: the node says where it looked and what to check', async () => {
    const port = await freePort();
    const node = await serve('away', { url: `http://127.0.0.1:${port}`, password: 'dialer' });
    nodes.push(node);
    const [first] = await componentRecords(node, 'ari', 1);
    expect(first).toMatchObject({
      level: 40,
      msg: `the PBX's ARI at 127.0.0.1:${port} could not be reached (connection refused): check that Asterisk runs there with its HTTP server and ARI on (http.conf, ari.conf), and that ARI_URL (ari.url) names it; retrying`,
    });
  }, 120_000);

  it('a wrong AMI password, or no AMI at its port: the node says which, where and what to check', async () => {
    const ami = await startSimPbx({ apps: ['ari-failures-ami'], username: 'dialer', password: 'dialer' });
    try {
      const amiPort = ami.amiPort ?? 0;
      const nowhere = await freePort();
      const ari = { url: ami.url, password: 'dialer' };
      const [refused, away] = await Promise.all([
        serve('ami-password', ari, [`ami: { enabled: true, host: 127.0.0.1, port: ${amiPort}, user: dialer, password: "wr0ng-ami" }`]),
        serve('ami-away', ari, [`ami: { enabled: true, host: 127.0.0.1, port: ${nowhere}, user: dialer, password: dialer }`]),
      ]);
      nodes.push(refused, away);
      const [[wrong], [absent]] = await Promise.all([componentRecords(refused, 'ami', 1), componentRecords(away, 'ami', 1)]);
      expect(wrong).toMatchObject({
        level: 50,
        msg: `the PBX's AMI at 127.0.0.1:${amiPort} refused user "dialer" and its password: check AMI_USER and AMI_PASSWORD (ami.user, ami.password) against the PBX's manager.conf; retrying`,
      });
      expect(absent).toMatchObject({
        level: 40,
        msg: `the PBX's AMI at 127.0.0.1:${nowhere} could not be reached (connection refused): check that Asterisk runs there with AMI on (manager.conf), and that AMI_HOST and AMI_PORT (ami.host, ami.port) name it, or turn AMI off (AMI_ENABLED=false); retrying`,
      });
      expect(refused.output()).not.toContain('wr0ng-ami');
      await Promise.all([stop(refused), stop(away)]);
    } finally {
      await ami.close();
    }
  }, 120_000);
});
