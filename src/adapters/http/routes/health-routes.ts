// Liveness and readiness for orchestrators: /health says the process serves requests; /ready
// says its dependencies (Postgres, Redis, the PBX) answer, each within a time limit, so a hung
// dependency turns into a 503 rather than a hung probe.

import { defineRoute, type RouteSpec } from '../route-spec.js';

/** A readiness check resolves when the dependency answers and rejects (or hangs) otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthRouteDeps {
  checks: Record<string, ReadinessCheck>;
  /** Per check; a probe must answer well inside the orchestrator's own timeout. */
  timeoutMs?: number;
}

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

const defaultTimeoutMs = 2_000;

export function healthRoutes(deps: HealthRouteDeps): RouteSpec[] {
  const timeoutMs = deps.timeoutMs ?? defaultTimeoutMs;
  return [
    defineRoute({
      method: 'GET', url: '/health', summary: 'liveness: 200 while the process serves requests', tags: ['health'],
      roles: 'public', probe: true,
      handler: async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }),
    }),
    defineRoute({
      method: 'GET', url: '/ready', summary: 'readiness: 200 when every dependency answers, 503 otherwise', tags: ['health'],
      roles: 'public', probe: true,
      handler: async ({ reply }) => {
        const entries = await Promise.all(
          Object.entries(deps.checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
        );
        const ready = entries.every(([, result]) => result.ok);
        reply.status(ready ? 200 : 503);
        return { status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(entries) };
      },
    }),
  ];
}

/** Runs one check against a timer; never throws. */
export async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { ok: true, ms: elapsed(started) };
  } catch (error) {
    return { ok: false, ms: elapsed(started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
