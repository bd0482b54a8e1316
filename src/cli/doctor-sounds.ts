// The doctor's check of the prompts campaigns play: the defaults, and each campaign's (and list's)
// own. Without the safe-harbor sound an abandoned call is hung up with no message, which the rules
// that require it do not allow; a campaign's own sound missing on the PBX is found here, before its
// first abandoned call.

import { ariSoundIds } from '../adapters/ari/ari-sound-ids.js';
import type { CampaignMedia, MediaUse } from '../adapters/pg/campaign-media.js';
import type { Config } from '../config/schema.js';
import { defaultCampaignSettings } from '../core/campaign-settings.js';
import { defaultReturnCallMedia } from '../core/compliance/return-call.js';
import type { Finding } from './doctor-checks.js';

const defaults = [
  { sound: soundsIn(defaultCampaignSettings.safeHarborMedia), why: 'the safe-harbor message: abandoned calls would get none' },
  { sound: soundsIn(defaultCampaignSettings.machineMessageMedia), why: 'the message left on answering machines' },
  { sound: soundsIn(defaultReturnCallMedia), why: 'what a person calling back hears' },
].flatMap(({ sound, why }) => sound.map((id) => ({ id, why })));

const useWords: Readonly<Record<MediaUse, (who: string) => string>> = {
  safeHarbor: (who) => `the safe-harbor message of ${who}: its abandoned calls would get none`,
  machineMessage: (who) => `the message ${who} leaves on answering machines`,
  returnCall: (who) => `what a person calling ${who} back hears`,
};

/** The sound ids of a media list (`sound:acme/sh,digits:12` gives acme/sh): what else it plays
 * (digits, numbers, tones, stored recordings) is not a sound file. */
function soundsIn(media: string): string[] {
  return media.split(',').map((item) => item.trim()).filter((item) => item.startsWith('sound:')).map((item) => item.slice('sound:'.length));
}

/** Each sound the campaigns play beyond the defaults, with what it is played for. */
function campaignSounds(media: readonly CampaignMedia[]): Map<string, string[]> {
  const known = new Set(defaults.map((prompt) => prompt.id));
  const sounds = new Map<string, string[]>();
  for (const item of media) {
    const who = item.list === null ? `campaign "${item.campaign}"` : `list "${item.list}" of campaign "${item.campaign}"`;
    for (const id of soundsIn(item.media).filter((sound) => !known.has(sound))) sounds.set(id, [...sounds.get(id) ?? [], useWords[item.use](who)]);
  }
  return sounds;
}

/** `media`: what the campaigns play, or null when the database could not be read (its own check says why). */
export async function checkSounds(ari: Config['ari'], timeoutMs: number, media: readonly CampaignMedia[] | null): Promise<Finding> {
  let installed: Set<string>;
  try {
    installed = await ariSoundIds({ url: ari.url, user: ari.user, password: ari.password, requestTimeoutMs: timeoutMs });
  } catch (error) {
    return { name: 'sounds', state: 'failed', line: `the PBX's sounds could not be listed (${error instanceof Error ? error.message : String(error)})` };
  }
  const own = campaignSounds(media ?? []);
  const wanted = [...defaults.map((prompt) => ({ id: prompt.id, why: [prompt.why] })), ...[...own].map(([id, why]) => ({ id, why }))];
  const missing = wanted.filter((sound) => !installed.has(sound.id));
  if (missing.length === 0) return { name: 'sounds', state: 'ok', line: `the PBX has the default prompts (${defaults.map((p) => p.id).join(', ')})${ownSaid(own, media)}` };
  const named = missing.map((sound) => `"${sound.id}" (${sound.why.join('; ')})`).join(', ');
  return { name: 'sounds', state: 'failed', line: `the PBX has no sound ${named}: place the recording in Asterisk's sounds directory `
    + 'under that name (sounds/outpace/sh.wav for outpace/sh)' };
}

function ownSaid(own: ReadonlyMap<string, string[]>, media: readonly CampaignMedia[] | null): string {
  if (media === null) return "; the campaigns' own not checked: the database was not read";
  return own.size === 0 ? '' : ` and the campaigns' own (${[...own.keys()].join(', ')})`;
}
