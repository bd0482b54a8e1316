// How long a media URI plays. Tones and unknown schemes are generators: they run until stopped.

const soundDurationsMs: Record<string, number> = {
  'outpace/hello': 700,
  'outpace/vm': 9000,
  'outpace/sh': 5600,
  'outpace/silence10': 10_000,
  beep: 250,
  'tt-monkeys': 7000,
  'hello-world': 1300,
  'vm-goodbye': 900,
};

const defaultSoundMs = 3000;

/** Duration in simulated ms, or null for media that loops until stopped. */
export function mediaDurationMs(uri: string): number | null {
  const colon = uri.indexOf(':');
  if (colon < 0) return null;
  const scheme = uri.slice(0, colon);
  const target = uri.slice(colon + 1);
  switch (scheme) {
    case 'sound': {
      const silence = /^silence\/(\d+)$/.exec(target);
      if (silence?.[1] !== undefined) return Number(silence[1]) * 1000;
      return soundDurationsMs[target] ?? defaultSoundMs;
    }
    case 'recording':
      return defaultSoundMs;
    case 'digits':
    case 'characters':
      return 600 * target.length;
    case 'number':
      return 1500;
    default:
      return null;
  }
}

/** File-based media fail when their channel hangs up; generators just stop. */
export function isFileMedia(uri: string): boolean {
  return /^(sound|recording|digits|characters|number):/.test(uri);
}
