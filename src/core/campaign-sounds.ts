// The sound files and stored recordings a campaign's messages play, and which of them a PBX lacks:
// a campaign whose safe-harbor message is missing hangs up on the people it abandons with no
// message, which the rules that require one do not allow. The doctor and a campaign's start ask
// this of the PBX.

/** What a media setting is played for. */
export type MediaUse = 'safeHarbor' | 'machineMessage' | 'returnCall';

/** A media setting of a campaign or list: `who` names it to people (campaign "Spring"). */
export interface PlayedMedia {
  who: string;
  use: MediaUse;
  /** As set: a comma-separated media list (sound:acme/sh,digits:2125550199). */
  media: string;
}

/** A file the PBX plays from: a sound (`sound:`) or a recording stored on it (`recording:`). */
export type MediaFileKind = 'sound' | 'recording';

export interface PlayedSound {
  kind: MediaFileKind;
  /** As after `sound:` or `recording:`. */
  id: string;
  /** What it is played for, each use in words. */
  why: string[];
}

const useWords: Readonly<Record<MediaUse, (who: string) => string>> = {
  safeHarbor: (who) => `the safe-harbor message of ${who}: its abandoned calls would get none`,
  machineMessage: (who) => `the message ${who} leaves on answering machines`,
  returnCall: (who) => `what a person calling ${who} back hears`,
};

/** The ids of a media list's items of one kind (`sound:acme/sh,digits:12` gives acme/sh for
 * sounds): what else it plays (digits, numbers, tones) is no file. */
export function mediaFileIdsOf(media: string, kind: MediaFileKind): string[] {
  const scheme = `${kind}:`;
  return media.split(',').map((item) => item.trim()).filter((item) => item.startsWith(scheme)).map((item) => item.slice(scheme.length));
}

/** The sound ids of a media list. */
export const soundIdsOf = (media: string): string[] => mediaFileIdsOf(media, 'sound');

/** Each sound and stored recording the media play, with what it is played for, leaving out the
 * sounds in `except`. */
export function soundsPlayed(media: readonly PlayedMedia[], except: ReadonlySet<string> = new Set()): PlayedSound[] {
  const files = new Map<string, PlayedSound>();
  for (const item of media) {
    const ids: [MediaFileKind, string][] = [
      ...soundIdsOf(item.media).filter((sound) => !except.has(sound)).map((id): [MediaFileKind, string] => ['sound', id]),
      ...mediaFileIdsOf(item.media, 'recording').map((id): [MediaFileKind, string] => ['recording', id]),
    ];
    for (const [kind, id] of ids) {
      const file = files.get(`${kind}:${id}`) ?? { kind, id, why: [] };
      files.set(`${kind}:${id}`, { ...file, why: [...file.why, useWords[item.use](item.who)] });
    }
  }
  return [...files.values()];
}

/** What the PBX should do about its missing sounds and recordings, as one sentence's end. */
export function missingSoundsSaid(missing: readonly PlayedSound[]): string {
  const named = (kind: MediaFileKind) => missing.filter((file) => file.kind === kind).map((file) => `"${file.id}" (${file.why.join('; ')})`).join(', ');
  const said: string[] = [];
  if (named('sound')) {
    said.push(`the PBX has no sound ${named('sound')}: place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started`);
  }
  if (named('recording')) {
    said.push(`the PBX has no stored recording ${named('recording')}: record it on the PBX under that name, or place the file in Asterisk's recordings directory (/var/spool/asterisk/recording/acme/vm.wav for acme/vm)`);
  }
  return said.join('; ');
}
