// The doctor's check of the prompts campaigns play by default: without the safe-harbor sound an
// abandoned call is hung up with no message, which the rules that require it do not allow.

import { ariSoundIds } from '../adapters/ari/ari-sound-ids.js';
import type { Config } from '../config/schema.js';
import { defaultCampaignSettings } from '../core/campaign-settings.js';
import { defaultReturnCallMedia } from '../core/compliance/return-call.js';
import type { Finding } from './doctor-checks.js';

const prompts = [
  { media: defaultCampaignSettings.safeHarborMedia, what: 'the safe-harbor message: abandoned calls would get none' },
  { media: defaultCampaignSettings.machineMessageMedia, what: 'the message left on answering machines' },
  { media: defaultReturnCallMedia, what: 'what a person calling back hears' },
];

const soundId = (media: string): string => media.replace(/^sound:/, '');

export async function checkSounds(ari: Config['ari'], timeoutMs: number): Promise<Finding> {
  let installed: Set<string>;
  try {
    installed = await ariSoundIds({ url: ari.url, user: ari.user, password: ari.password, requestTimeoutMs: timeoutMs });
  } catch (error) {
    return { name: 'sounds', state: 'failed', line: `the PBX's sounds could not be listed (${error instanceof Error ? error.message : String(error)})` };
  }
  const missing = prompts.filter((prompt) => !installed.has(soundId(prompt.media)));
  if (missing.length === 0) return { name: 'sounds', state: 'ok', line: `the PBX has the default prompts (${prompts.map((p) => soundId(p.media)).join(', ')})` };
  const named = missing.map((prompt) => `"${soundId(prompt.media)}" (${prompt.what})`).join(', ');
  return { name: 'sounds', state: 'failed', line: `the PBX has no sound ${named}: place the recording in Asterisk's sounds directory `
    + 'under that name (sounds/outpace/sh.wav for outpace/sh)' };
}
