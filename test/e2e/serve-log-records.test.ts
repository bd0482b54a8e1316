// What `outpace serve` writes to its log while it runs, as a log shipper reads it: one JSON record
// a line, each key once (a strict JSON reader, Elasticsearch's among them, refuses a record that
// repeats a key), and no line for each scrape of /metrics or probe of /health and /ready (a
// Prometheus scraping every 5 s and a health check every 10 s would fill the log with them).
// A child process against the simulated PBX (ARI and AMI), the test database and Redis, configured
// with no token, as the compose file runs it.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { testRedisUrl } from '../helpers/redis.js';
import { waitFor } from '../grafana/demo-process.js';
import { freePort } from '../helpers/free-port.js';
import { outpaceNodeArgs } from '../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = String(Date.now() % 1_000_000).padStart(6, '0');

/** The keys of a JSON object's top level, in order, repeats included (JSON.parse keeps the last). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (char === '"') {
      let end = i + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(line.slice(i, end + 1)) as string);
      expectKey = false;
      i = end;
    } else if (char === '{' || char === '[') {
      depth += 1;
      expectKey = depth === 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
    } else if (char === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}

describe('outpace serve log records', () => {
  let pbx: SimPbx;
  let child: ChildProcess;
  let output = '';
  let dir = '';
  let url = '';

  beforeAll(async () => {
    pbx = await startSimPbx({ apps: ['outpace-logs'], outcomes: 'digit', timeScale: 1 });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'outpace-serve-logs-'));
    const configFile = join(dir, 'outpace.yaml');
    writeFileSync(configFile, [
      `database: { url: "${testDatabaseUrl()}" }`,
      `redis: { url: "${testRedisUrl()}", keyPrefix: "serve-logs-${run}:" }`,
      `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: outpace-logs }`,
      `ami: { enabled: true, host: 127.0.0.1, port: ${pbx.amiPort ?? 0}, user: dialer, password: dialer }`,
      `http: { host: 127.0.0.1, port: ${port} }`,
      `engine: { nodeId: serve-logs, writeSpoolDir: "${join(dir, 'spool')}" }`,
    ].join('\n'));
    child = spawn(process.execPath, outpaceNodeArgs(['serve', '--no-migrate']), {
      cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    await waitFor(async () => (await fetch(`${url}/ready`)).ok, 60_000, () => (child.exitCode === null ? null : `serve exited:\n${output}`));
    // Both links have said they are up, so their records are in the log.
    await waitFor(async () => output.includes('ARI events socket open') && output.includes('AMI session open'), 15_000);
    for (let scrape = 0; scrape < 3; scrape += 1) {
      for (const path of ['/metrics', '/health', '/ready']) expect((await fetch(`${url}${path}`)).ok).toBe(true);
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => { if (child.exitCode === null) child.once('exit', resolve); else resolve(null); });
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await pbx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const records = (): string[] => output.split('\n').filter((line) => line.trim() !== '');

  it('writes one JSON record a line, each with its keys once', () => {
    const lines = records();
    expect(lines.filter((line) => line.includes('ARI events socket open'))).toHaveLength(1);
    for (const line of lines) {
      expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      const keys = topLevelKeys(line);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index), line).toEqual([]);
    }
  });

  it('says which component a record of the PBX links comes from', () => {
    const linkRecords = records().map((line) => JSON.parse(line) as { msg?: string; component?: string })
      .filter((record) => record.msg === 'ARI events socket open' || record.msg === 'AMI session open');
    expect(linkRecords.map((record) => record.component).sort()).toEqual(['ami', 'ari']);
  });

  it('logs no line for a metrics scrape or a health or readiness probe', () => {
    const probes = records().map((line) => JSON.parse(line) as { req?: { url?: string } })
      .filter((record) => ['/metrics', '/health', '/ready'].includes(record.req?.url ?? ''));
    expect(probes).toEqual([]);
  });

  it('warns at start that no one can set the node up when no admin or manager token is configured', () => {
    const warnings = records().map((line) => JSON.parse(line) as { level: number; msg: string }).filter((record) => record.msg.includes('auth.tokens'));
    expect(warnings).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/^no admin or manager token is configured/) })]);
  });

  it('finds a repeated key where there is one (the check is not vacuous)', () => {
    expect(topLevelKeys('{"a":1,"b":{"a":2,"c":[{"d":3}]},"s":"x,\\"a\\":","a":4}')).toEqual(['a', 'b', 's', 'a']);
  });
});
