// Runs `outpace demo` as a child process on a free port for end-to-end tests, with a viewer
// token from a temporary configuration file, and stops it afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testRedisUrl } from '../helpers/redis.js';
import { outpaceNodeArgs } from '../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoOptions {
  durationS: number;
  agents: number;
  leads: number;
  /** Simulated-PBX time scale; below 1 makes calls shorter so more happens in a short run. */
  timeScale?: number;
}

export interface DemoProcess {
  url: string;
  port: number;
  viewerToken: string;
  /** Prefix of the demo's Redis keys (its own, so demos never share a campaign lease): the
   * configured one with the `demo:` the demo adds. */
  keyPrefix: string;
  output(): string;
  /** Why the demo is gone (exit code and its output), or null while it runs. */
  exited(): string | null;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<DemoProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'outpace-demo-'));
  const viewerToken = `e2e-viewer-${randomBytes(8).toString('hex')}`;
  const configFile = join(dir, 'outpace.yaml');
  // Each demo gets its own Redis key prefix: tests that truncate tables restart campaign ids, and a
  // demo that had to be killed leaves its campaign lease to lapse, which would keep the next
  // demo's campaign with the same id from loading.
  const keyPrefix = `demo-${randomBytes(4).toString('hex')}:`;
  writeFileSync(configFile, `redis:\n  url: "${testRedisUrl()}"\n  keyPrefix: "${keyPrefix}"\nauth:\n  tokens:\n    - { token: "${viewerToken}", role: viewer, name: "end-to-end test" }\n`);
  const args = outpaceNodeArgs([
    'demo', '--duration', String(options.durationS), '--agents', String(options.agents), '--leads', String(options.leads),
    '--port', String(port), '--time-scale', String(options.timeScale ?? 1),
  ]);
  const child = spawn(process.execPath, args, {
    cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    // The demo drains its calls before it exits: give it longer than a bare process.
    await stopChild(child, 90_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/metrics`)).ok, 90_000, () => exitedMessage(child, output));
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ndemo output:\n${output}`);
  }
  return { url, port, viewerToken, keyPrefix: `${keyPrefix}demo:`, output: () => output, exited: () => exitedMessage(child, output), stop };
}

function exitedMessage(child: ChildProcess, output: string): string | null {
  return child.exitCode === null && child.signalCode === null ? null : `demo exited (${child.exitCode ?? child.signalCode}):\n${output}`;
}

/** Stops a child process: SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls until `ready` holds, every `pollMs`; `fatal` ends the wait early with its message (e.g. the
 * child died). A test that waits on dozens of quick steps in a row looks more often: each look half a
 * second apart cost it a quarter second on average for nothing. */
export async function waitFor(ready: () => Promise<boolean>, timeoutMs: number, fatal: () => string | null = () => null, pollMs = 500): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < until) {
    const reason = fatal();
    if (reason) throw new Error(reason);
    try {
      if (await ready()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`gave up after ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** The value of a counter or gauge series in a Prometheus text page, summed over label sets. */
export function sampleSum(page: string, name: string): number {
  let sum = 0;
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}
