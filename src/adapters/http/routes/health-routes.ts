// Liveness and readiness for orchestrators: /health says the process serves requests; /ready
// says its dependencies (Postgres, Redis, the PBX) answer, each within a time limit, so a hung
// dependency turns into a 503 rather than a hung probe. A failed check says why in a category
// (NotReady) and nothing more: the route takes no token. Any other failure goes to the log, once
// until the check passes again.

import { NotReady } from '../../not-ready.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

/** A readiness check resolves when the dependency answers and rejects (or hangs) otherwise; with a
 * NotReady to say why. */
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
  // Checks whose unexplained failure is logged already: said once, not at every probe (one every
  // few seconds), until the check passes again.
  const logged = new Set<string>();
  return [
    defineRoute({
      method: 'GET', url: '/health', summary: 'liveness: 200 while the process serves requests', tags: ['health'],
      roles: 'public', probe: true,
      handler: async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }),
    }),
    defineRoute({
      method: 'GET', url: '/ready', summary: 'readiness: 200 when every dependency answers, 503 otherwise', tags: ['health'],
      roles: 'public', probe: true,
      handler: async ({ request, reply }) => {
        const entries = await Promise.all(Object.entries(deps.checks).map(async ([name, check]) => {
          const unexplained = (error: unknown): void => {
            if (logged.has(name)) return;
            logged.add(name);
            request.log.warn({ err: error, check: name }, 'readiness check failed');
          };
          const result = await runCheck(check, timeoutMs, unexplained);
          if (result.ok) logged.delete(name);
          return [name, result] as const;
        }));
        const ready = entries.every(([, result]) => result.ok);
        reply.status(ready ? 200 : 503);
        return { status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(entries) };
      },
    }),
  ];
}

/** Runs one check against a timer; never throws. A failure other than a NotReady is said only as
 * "failed", and given to `unexplained` (the log). */
export async function runCheck(check: ReadinessCheck, timeoutMs: number, unexplained: (error: unknown) => void = () => undefined): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotReady(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { ok: true, ms: elapsed(started) };
  } catch (error) {
    if (error instanceof NotReady) return { ok: false, ms: elapsed(started), error: error.message };
    unexplained(error);
    return { ok: false, ms: elapsed(started), error: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
