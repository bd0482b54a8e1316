// A campaign is not started, nor its messages changed while it runs, to play a sound or stored
// recording the PBX does not have (campaign-sounds.ts): the safe-harbor message above all. A PBX
// that does not answer is not waited for: the engine says when a message could not be played.

import { missingSoundsSaid, soundsPlayed, type PlayedMedia, type PlayedSound } from '../../core/campaign-sounds.js';
import type { PbxMedia } from '../ari/pbx-media.js';
import { ApiError } from './api-error.js';

/** Throws naming each sound and recording of `media` the PBX lacks; `refused`: what cannot be done, as a sentence's start. */
export async function assertPbxHasMedia(pbx: PbxMedia, media: readonly PlayedMedia[], refused: string): Promise<void> {
  const missing = await missingFiles(pbx, soundsPlayed(media));
  if (missing.length === 0) return;
  const problem = `${refused}: ${missingSoundsSaid(missing)}`;
  throw new ApiError('invalid_request', problem, [problem]);
}

/** The files the PBX is known to lack; those it could not be asked about are not counted. */
async function missingFiles(pbx: PbxMedia, played: readonly PlayedSound[]): Promise<PlayedSound[]> {
  const sounds = played.filter((file) => file.kind === 'sound');
  const recordings = played.filter((file) => file.kind === 'recording');
  const installed = sounds.length === 0 ? null : await pbx.sounds();
  const held = recordings.length === 0 ? null : await pbx.recordingsHeld(recordings.map((file) => file.id));
  return [
    ...(installed === null ? [] : sounds.filter((file) => !installed.has(file.id))),
    ...(held === null ? [] : recordings.filter((file) => !held.has(file.id))),
  ];
}
