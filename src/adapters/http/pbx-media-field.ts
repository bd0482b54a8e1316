// A sound or recording the PBX plays (a machine message, a safe-harbor message): one `sound:` or
// `recording:` item. Anything else fails only when played, so it is refused when saved.

import { z } from 'zod';

const pbxMediaItem = /^(sound|recording):[^\s,]+$/;
const pbxMediaHint = 'a sound or recording on the PBX, e.g. sound:acme/vm-message';

export const pbxMediaField = z.string().trim().max(200).regex(pbxMediaItem, pbxMediaHint);

/** The same, or empty: none (whatever stands in its place then plays). */
export const pbxMediaOrEmptyField = z.string().trim().max(200).refine((media) => media === '' || pbxMediaItem.test(media), pbxMediaHint);
