// The ids of the sounds a PBX has (GET /ari/sounds: every sound file, in every language and
// format, an id as after `sound:`). Asked as one list rather than sound by sound: a sound in a
// directory (`outpace/sh`) has a slash in its id, which a path segment does not carry.

import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { AriConnectOptions } from './ari-port.js';

export async function ariSoundIds(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs'>): Promise<Set<string>> {
  const body = await getText(`${new URL(options.url).origin}/ari/sounds`, `${options.user}:${options.password}`, options.requestTimeoutMs);
  const sounds: unknown = JSON.parse(body);
  if (!Array.isArray(sounds)) throw new Error('the PBX answered GET /ari/sounds with no list');
  return new Set(sounds.map((sound: { id?: unknown }) => sound.id).filter((id): id is string => typeof id === 'string'));
}

/** The body of a GET answered 200, over node's own HTTP client as ARI's other requests are. */
function getText(url: string, auth: string, timeoutMs: number): Promise<string> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { auth, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => response.statusCode === 200
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`HTTP ${response.statusCode ?? 0} for GET /ari/sounds`)));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}
