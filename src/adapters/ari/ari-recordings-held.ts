// Which of some stored recordings a PBX holds (GET /ari/recordings/stored/{name}): the prompts
// recorded on it that `recording:` media play. Asked name by name rather than listed: the list
// holds every call recording the PBX keeps.

import { plainGet } from './ari-plain-get.js';
import type { AriConnectOptions } from './ari-port.js';

/** Of `names`, those the PBX holds; asked over connections that close with the answer (ari-plain-get.ts). */
export async function ariRecordingsHeld(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs'>, names: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (const name of names) {
    const answer = await plainGet(`${new URL(options.url).origin}/ari/recordings/stored/${encodeURIComponent(name)}`, `${options.user}:${options.password}`, options.requestTimeoutMs);
    if (answer.status === 200) held.add(name);
    else if (answer.status !== 404) throw new Error(`HTTP ${answer.status} for GET /ari/recordings/stored/${name}`);
  }
  return held;
}
