// The `media` of a play request is a comma-separated list to Asterisk: `tone:425/500,0/500` is
// read as two media, the second without a scheme. Every item must therefore carry a scheme; a
// tone with commas in it cannot be sent and is refused here instead of failing on the PBX.

import { AriError } from './ari-errors.js';

const schemes = ['sound:', 'recording:', 'number:', 'digits:', 'characters:', 'tone:'];

export function mediaList(media: string): string[] {
  const items = media.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new AriError('ARI_BAD_REQUEST', 'play', 'no media given');
  const bad = items.find((item) => !schemes.some((scheme) => item.startsWith(scheme)));
  if (bad !== undefined) {
    throw new AriError('ARI_BAD_REQUEST', 'play', `media item "${bad}" has no scheme; a comma splits media (use a named tone such as tone:ring)`);
  }
  return items;
}
