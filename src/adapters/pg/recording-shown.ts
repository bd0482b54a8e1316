// Whether staff are shown that a call was recorded, and may list and hear its recording. An erased
// person's recordings are deleted at the erasure; one the PBX refused then is kept only until it
// lets it go (asked again each run), and is shown nowhere meanwhile: not listed, not downloaded,
// not marked recorded in the lead's history or the calls export.

import { leadErasedSql } from './erased-lead.js';

/** SQL: whether attempt `a`'s call was recorded, as staff are told: an erased person's is not. */
export const recordedSql = (a: string): string => `(${a}.recording_name IS NOT NULL AND NOT ${leadErasedSql(`${a}.lead_id`)})`;

/** SQL: whether attempt `a`'s recording may be listed and heard: recorded as above and not deleted under the retention. */
export const recordingKeptSql = (a: string): string => `(${recordedSql(a)} AND ${a}.recording_purged_at IS NULL)`;
