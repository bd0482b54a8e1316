// Asks the PBX for ARI's API description before the client library loads it. The library's loader
// (swagger-client) throws from inside its HTTP callback when the answer is not 200 (a wrong ARI
// password's 401, a URL that is no ARI's 404, a reset connection), which no caller can catch: the
// process died with "401 : undefined http://.../resources.json". Asked here first, each of these
// is an AriError the link reports and retries like a PBX that is down.

import { AriError } from './ari-errors.js';
import { plainGet } from './ari-plain-get.js';
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

/** The status of a GET whose socket closes with the answer (ari-plain-get.ts). */
async function statusOf(url: string, auth: string, timeoutMs: number): Promise<number> {
  return (await plainGet(url, auth, timeoutMs)).status;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
