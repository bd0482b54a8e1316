import { describe, expect, it } from 'vitest';
import { mediaFileIdsOf, missingSoundsSaid, soundIdsOf, soundsPlayed } from './campaign-sounds.js';

describe('the sounds a campaign plays', () => {
  it('are the sound: items of its media lists, not digits, tones or stored recordings', () => {
    expect(soundIdsOf(' sound:acme/sh , digits:2125550199,recording:acme/vm,tone:ring,sound:beep')).toEqual(['acme/sh', 'beep']);
    expect(soundIdsOf('')).toEqual([]);
  });

  it('name each sound once with every use, leaving out those asked to', () => {
    const played = soundsPlayed([
      { who: 'campaign "Spring"', use: 'safeHarbor', media: 'sound:acme/sh' },
      { who: 'campaign "Autumn"', use: 'safeHarbor', media: 'sound:acme/sh' },
      { who: 'list "B" of campaign "Spring"', use: 'machineMessage', media: 'sound:outpace/vm-message' },
      { who: 'campaign "Spring"', use: 'returnCall', media: 'sound:acme/return' },
    ], new Set(['outpace/vm-message']));
    expect(played).toEqual([
      { kind: 'sound', id: 'acme/sh', why: ['the safe-harbor message of campaign "Spring": its abandoned calls would get none', 'the safe-harbor message of campaign "Autumn": its abandoned calls would get none'] },
      { kind: 'sound', id: 'acme/return', why: ['what a person calling campaign "Spring" back hears'] },
    ]);
    expect(missingSoundsSaid(played.slice(1))).toBe('the PBX has no sound "acme/return" (what a person calling campaign "Spring" back hears): '
      + "place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started");
  });

  it('name the stored recordings the media play apart from the sounds, and say what to do about each', () => {
    expect(mediaFileIdsOf('sound:acme/sh, recording:acme/vm,digits:12', 'recording')).toEqual(['acme/vm']);
    const played = soundsPlayed([
      { who: 'campaign "Spring"', use: 'safeHarbor', media: 'recording:acme/sh' },
      { who: 'campaign "Spring"', use: 'machineMessage', media: 'sound:acme/sh,recording:acme/vm' },
      { who: 'campaign "Autumn"', use: 'safeHarbor', media: 'recording:acme/sh' },
    ]);
    expect(played).toEqual([
      { kind: 'recording', id: 'acme/sh', why: ['the safe-harbor message of campaign "Spring": its abandoned calls would get none', 'the safe-harbor message of campaign "Autumn": its abandoned calls would get none'] },
      { kind: 'sound', id: 'acme/sh', why: ['the message campaign "Spring" leaves on answering machines'] },
      { kind: 'recording', id: 'acme/vm', why: ['the message campaign "Spring" leaves on answering machines'] },
    ]);
    expect(missingSoundsSaid(played.slice(1))).toBe('the PBX has no sound "acme/sh" (the message campaign "Spring" leaves on answering machines): '
      + "place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started; "
      + 'the PBX has no stored recording "acme/vm" (the message campaign "Spring" leaves on answering machines): '
      + "record it on the PBX under that name, or place the file in Asterisk's recordings directory (/var/spool/asterisk/recording/acme/vm.wav for acme/vm)");
  });
});
