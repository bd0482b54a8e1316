// Asks the PBX for ARI's API description before the client library loads it. The library's loader
// (swagger-client) throws from inside its HTTP callback when the answer is not 200 (a wrong ARI
// password's 401, a URL that is no ARI's 404, a reset connection), which no caller can catch: the
// process died with "401 : undefined http://.../resources.json". Asked here first, each of these
// is an AriError the link reports and retries like a PBX that is down.

import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { AriError } from './ari-errors.js';
import type { AriConnectOptions } from './ari-port.js';

/** Where the library reads the description: the URL's scheme, host and port, whatever its path. */
export function apiDescriptionUrl(url: string): string {
  return `${new URL(url).origin}/ari/api-docs/resources.json`;
}

export async function probeAriApi(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs'>): Promise<void> {
  let status: number;
  try {
    status = await statusOf(apiDescriptionUrl(options.url), `${options.user}:${options.password}`, options.requestTimeoutMs);
  } catch (error) {
    // The system's code, as the library's own failures give it (status().lastError shows it).
    const code = (error as { code?: unknown }).code;
    throw new AriError('ARI_UNREACHABLE', 'connect', typeof code === 'string' ? code : describe(error), { cause: error });
  }
  if (status === 401 || status === 403) throw new AriError('ARI_UNAUTHORIZED', 'connect', `user "${options.user}" refused (HTTP ${status})`);
  if (status < 200 || status > 299) throw new AriError('ARI_REQUEST_FAILED', 'connect', `HTTP ${status} for ARI's API description`);
}

/** The status of a GET, over node's own HTTP client as the library's is (fetch refuses some ports).
 * Its socket closes with the answer: kept alive, it would hold one of the PBX's HTTP sessions
 * besides those of the requests' agents (ari-request-agent.ts). */
function statusOf(url: string, auth: string, timeoutMs: number): Promise<number> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { auth, timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
