// The doctor's check of the prompts campaigns play: the defaults, and each campaign's (and list's)
// own sounds and stored recordings (campaign-sounds.ts).

import { ariRecordingsHeld } from '../adapters/ari/ari-recordings-held.js';
import { ariSoundIds } from '../adapters/ari/ari-sound-ids.js';
import type { Config } from '../config/schema.js';
import { defaultCampaignSettings } from '../core/campaign-settings.js';
import { missingSoundsSaid, soundIdsOf, soundsPlayed, type PlayedSound, type PlayedMedia } from '../core/campaign-sounds.js';
import { defaultReturnCallMedia } from '../core/compliance/return-call.js';
import type { Finding } from './doctor-checks.js';

const defaults: readonly PlayedSound[] = [
  { media: defaultCampaignSettings.safeHarborMedia, why: 'the safe-harbor message: abandoned calls would get none' },
  { media: defaultCampaignSettings.machineMessageMedia, why: 'the message left on answering machines' },
  { media: defaultReturnCallMedia, why: 'what a person calling back hears' },
].flatMap(({ media, why }) => soundIdsOf(media).map((id) => ({ kind: 'sound' as const, id, why: [why] })));

/** `media`: what the campaigns play, or null when the database could not be read (its own check says why). */
export async function checkSounds(ari: Config['ari'], timeoutMs: number, media: readonly PlayedMedia[] | null): Promise<Finding> {
  const asked = { url: ari.url, user: ari.user, password: ari.password, requestTimeoutMs: timeoutMs };
  const own = soundsPlayed(media ?? [], new Set(defaults.map((sound) => sound.id)));
  const recordings = own.filter((file) => file.kind === 'recording');
  let installed: Set<string>;
  let held: Set<string>;
  try {
    installed = await ariSoundIds(asked);
    held = recordings.length === 0 ? new Set() : await ariRecordingsHeld(asked, recordings.map((file) => file.id));
  } catch (error) {
    return { name: 'sounds', state: 'failed', line: `the PBX's sounds could not be listed (${error instanceof Error ? error.message : String(error)})` };
  }
  const missing = [...defaults, ...own].filter((file) => !(file.kind === 'sound' ? installed : held).has(file.id));
  if (missing.length > 0) return { name: 'sounds', state: 'failed', line: missingSoundsSaid(missing) };
  return { name: 'sounds', state: 'ok', line: `the PBX has the default prompts (${defaults.map((sound) => sound.id).join(', ')})${ownSaid(own, media)}` };
}

function ownSaid(own: readonly PlayedSound[], media: readonly PlayedMedia[] | null): string {
  if (media === null) return "; the campaigns' own not checked: the database was not read";
  return own.length === 0 ? '' : ` and the campaigns' own (${own.map((file) => (file.kind === 'sound' ? file.id : `recording ${file.id}`)).join(', ')})`;
}
