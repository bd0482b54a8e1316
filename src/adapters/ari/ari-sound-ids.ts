// The ids of the sounds a PBX has (GET /ari/sounds: every sound file, in every language and
// format, an id as after `sound:`). Asked as one list rather than sound by sound: a sound in a
// directory (`outpace/sh`) has a slash in its id, which a path segment does not carry.
//
// Asterisk takes every directory right under its sounds directory for a language: a file at
// sounds/outpace/sh.wav is listed as `sh` in language `outpace`, and plays as `sound:outpace/sh`
// (a sound is looked for in the channel's language directory, then with no language). So each
// sound also counts under `<language>/<id>`, the name it plays by from outside its language.

import { plainGet } from './ari-plain-get.js';
import type { AriConnectOptions } from './ari-port.js';

/** Asked over a connection that closes with the answer (ari-plain-get.ts): the PBX's HTTP
 * sessions are counted against ari.maxConnections. */
export async function ariSoundIds(options: Pick<AriConnectOptions, 'url' | 'user' | 'password' | 'requestTimeoutMs'>): Promise<Set<string>> {
  const answer = await plainGet(`${new URL(options.url).origin}/ari/sounds`, `${options.user}:${options.password}`, options.requestTimeoutMs);
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for GET /ari/sounds`);
  const sounds: unknown = JSON.parse(answer.body);
  if (!Array.isArray(sounds)) throw new Error('the PBX answered GET /ari/sounds with no list');
  return listedSoundNames(sounds);
}

interface ListedSound {
  id?: unknown;
  formats?: unknown;
}

/** The names a GET /ari/sounds answer's sounds play by: each id, and each `<language>/<id>`. */
export function listedSoundNames(sounds: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const sound of sounds) {
    if (typeof sound !== 'object' || sound === null) continue;
    const { id, formats } = sound as ListedSound;
    if (typeof id !== 'string') continue;
    ids.add(id);
    for (const language of languagesOf(formats)) ids.add(`${language}/${id}`);
  }
  return ids;
}

function languagesOf(formats: unknown): string[] {
  if (!Array.isArray(formats)) return [];
  return formats.flatMap((format: { language?: unknown }) =>
    typeof format === 'object' && format !== null && typeof format.language === 'string' && format.language !== '' ? [format.language] : []);
}
