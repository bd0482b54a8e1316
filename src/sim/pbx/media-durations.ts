// How a media URI plays: for so long, until stopped (tones and unknown schemes are generators), or
// not at all (a sound or stored recording the PBX does not have, which Asterisk fails at once).

import type { StoredRecording } from './recording-store.js';

/** Sounds a simulated PBX has, by name (as after `sound:`), with how long each plays. */
export type SoundLibrary = Readonly<Record<string, number>>;

/** What every simulated PBX has: Asterisk's core sounds the tests use, the project's own prompts
 * (config/asterisk/sounds/README.md) and the prompts of the ARI recordings. */
export const builtInSounds: SoundLibrary = {
  'outpace/sh': 5600,
  'outpace/vm-message': 3000,
  'outpace/return-call': 4000,
  'outpace/hello': 700,
  'outpace/vm': 9000,
  'outpace/silence10': 10_000,
  beep: 250,
  'tt-monkeys': 7000,
  'hello-world': 1300,
  'vm-goodbye': 900,
  // Asterisk's core sounds have silence/1 to silence/10.
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`silence/${i + 1}`, (i + 1) * 1000])),
};

export type MediaPlay =
  | { kind: 'timed'; ms: number }
  /** Runs until stopped (or hung up). */
  | { kind: 'endless' }
  /** A sound the PBX does not have: its playback fails at once. */
  | { kind: 'missing' };

/** How `uri` plays on a PBX with `sounds` and `stored` recordings. */
export function mediaPlay(uri: string, sounds: SoundLibrary, stored: ReadonlyMap<string, StoredRecording> = new Map()): MediaPlay {
  const colon = uri.indexOf(':');
  if (colon < 0) return { kind: 'endless' };
  const target = uri.slice(colon + 1);
  switch (uri.slice(0, colon)) {
    case 'sound':
      return soundPlay(target, sounds);
    case 'recording': {
      const recording = stored.get(target);
      return recording === undefined ? { kind: 'missing' } : { kind: 'timed', ms: recording.durationSeconds * 1000 };
    }
    case 'digits':
    case 'characters':
      return { kind: 'timed', ms: 600 * target.length };
    case 'number':
      return { kind: 'timed', ms: 1500 };
    default:
      return { kind: 'endless' };
  }
}

function soundPlay(name: string, sounds: SoundLibrary): MediaPlay {
  const ms = sounds[name];
  return ms === undefined ? { kind: 'missing' } : { kind: 'timed', ms };
}

/** File-based media fail when their channel hangs up; generators just stop. */
export function isFileMedia(uri: string): boolean {
  return /^(sound|recording|digits|characters|number):/.test(uri);
}
