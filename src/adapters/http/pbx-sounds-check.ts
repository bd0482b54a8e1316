// A campaign is not started, nor its messages changed while it runs, to play a sound the PBX does
// not have (campaign-sounds.ts): the safe-harbor message above all. A PBX that does not answer
// is not waited for: the engine says when a message could not be played.

import { missingSoundsSaid, soundsPlayed, type PlayedMedia } from '../../core/campaign-sounds.js';
import { ApiError } from './api-error.js';

/** The PBX's sound ids, or null when it could not be asked. */
export type PbxSounds = () => Promise<ReadonlySet<string> | null>;

/** Throws naming each sound of `media` the PBX lacks; `refused`: what cannot be done, as a sentence's start. */
export async function assertPbxHasSounds(pbxSounds: PbxSounds, media: readonly PlayedMedia[], refused: string): Promise<void> {
  const played = soundsPlayed(media);
  if (played.length === 0) return;
  const installed = await pbxSounds();
  if (installed === null) return;
  const missing = played.filter((sound) => !installed.has(sound.id));
  if (missing.length === 0) return;
  const problem = `${refused}: ${missingSoundsSaid(missing)}`;
  throw new ApiError('invalid_request', problem, [problem]);
}
