// The sound files a campaign's messages play, and which of them a PBX lacks: a campaign whose
// safe-harbor sound is missing hangs up on the people it abandons with no message, which the rules
// that require one do not allow. The doctor and a campaign's start ask this of the PBX's sounds.

/** What a media setting is played for. */
export type MediaUse = 'safeHarbor' | 'machineMessage' | 'returnCall';

/** A media setting of a campaign or list: `who` names it to people (campaign "Spring"). */
export interface PlayedMedia {
  who: string;
  use: MediaUse;
  /** As set: a comma-separated media list (sound:acme/sh,digits:2125550199). */
  media: string;
}

export interface PlayedSound {
  id: string;
  /** What it is played for, each use in words. */
  why: string[];
}

const useWords: Readonly<Record<MediaUse, (who: string) => string>> = {
  safeHarbor: (who) => `the safe-harbor message of ${who}: its abandoned calls would get none`,
  machineMessage: (who) => `the message ${who} leaves on answering machines`,
  returnCall: (who) => `what a person calling ${who} back hears`,
};

/** The sound ids of a media list (`sound:acme/sh,digits:12` gives acme/sh): what else it plays
 * (digits, numbers, tones, stored recordings) is no sound file. */
export function soundIdsOf(media: string): string[] {
  return media.split(',').map((item) => item.trim()).filter((item) => item.startsWith('sound:')).map((item) => item.slice('sound:'.length));
}

/** Each sound the media play, with what it is played for, leaving out those in `except`. */
export function soundsPlayed(media: readonly PlayedMedia[], except: ReadonlySet<string> = new Set()): PlayedSound[] {
  const sounds = new Map<string, string[]>();
  for (const item of media) {
    for (const id of soundIdsOf(item.media).filter((sound) => !except.has(sound))) sounds.set(id, [...sounds.get(id) ?? [], useWords[item.use](item.who)]);
  }
  return [...sounds].map(([id, why]) => ({ id, why }));
}

/** What the PBX should do about its missing sounds, as one sentence's end. */
export function missingSoundsSaid(missing: readonly PlayedSound[]): string {
  const named = missing.map((sound) => `"${sound.id}" (${sound.why.join('; ')})`).join(', ');
  return `the PBX has no sound ${named}: place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started`;
}
