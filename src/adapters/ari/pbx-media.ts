// What a node asks of its PBX's media before a campaign plays them (pbx-media-check.ts): its
// sounds, and which stored recordings it holds. A PBX that does not answer (or refuses) within
// the time is not waited for: the node's readiness says the PBX is down, and the engine says when
// a message could not be played.

import { ariRecordingsHeld } from './ari-recordings-held.js';
import { ariSoundIds } from './ari-sound-ids.js';
import type { AriConnectOptions } from './ari-port.js';

export interface PbxMedia {
  /** The PBX's sound ids, or null when it could not be asked. */
  sounds(): Promise<ReadonlySet<string> | null>;
  /** Of `names`, the stored recordings the PBX holds, or null when it could not be asked. */
  recordingsHeld(names: readonly string[]): Promise<ReadonlySet<string> | null>;
}

export function pbxMediaOrNull(ari: Pick<AriConnectOptions, 'url' | 'user' | 'password'>, timeoutMs = 3_000): PbxMedia {
  const options = { ...ari, requestTimeoutMs: timeoutMs };
  return {
    sounds: () => ariSoundIds(options).catch(() => null),
    recordingsHeld: (names) => ariRecordingsHeld(options, names).catch(() => null),
  };
}
