// The ids of the sounds a PBX has (GET /ari/sounds: every sound file, in every language and
// format, an id as after `sound:`). Asked as one list rather than sound by sound: a sound in a
// directory (`outpace/sh`) has a slash in its id, which a path segment does not carry.

import type { AriConnectOptions } from './ari-port.js';

export async function ariSoundIds(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs'>): Promise<Set<string>> {
  const response = await fetch(`${new URL(options.url).origin}/ari/sounds`, {
    headers: { authorization: `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}` },
    signal: AbortSignal.timeout(options.requestTimeoutMs),
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for GET /ari/sounds`);
  const sounds: unknown = await response.json();
  if (!Array.isArray(sounds)) throw new Error('the PBX answered GET /ari/sounds with no list');
  return new Set(sounds.map((sound: { id?: unknown }) => sound.id).filter((id): id is string => typeof id === 'string'));
}

/** The PBX's sounds, or null when it does not answer (or refuses) within `timeoutMs`: what is asked
 * of them is then not asked (the node's readiness says the PBX is down). */
export function pbxSoundsOrNull(ari: Pick<AriConnectOptions, 'url' | 'user' | 'password'>, timeoutMs = 3_000): () => Promise<ReadonlySet<string> | null> {
  return () => ariSoundIds({ ...ari, requestTimeoutMs: timeoutMs }).catch(() => null);
}
