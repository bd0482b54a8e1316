// The media campaigns play, with their lists' own machine messages, as the doctor and a
// campaign's start check them against the PBX's sounds: a campaign's own safe-harbor message
// missing there is found before a call is abandoned without one, not after.

import type { MediaUse, PlayedMedia } from '../../core/campaign-sounds.js';
import type { Queryable } from './pool.js';

/** Every campaign but a completed one (a stopped campaign may be started again), or the one named. */
export async function campaignMedia(db: Queryable, campaignId: string | null = null): Promise<PlayedMedia[]> {
  const result = await db.query<{ campaign: string; list: string | null; use: MediaUse; media: string }>(
    `SELECT c.name AS campaign, NULL AS list, u.use, u.media
       FROM campaigns c, LATERAL (VALUES ('safeHarbor', c.safe_harbor_media), ('machineMessage', c.machine_message_media),
                                         ('returnCall', c.return_call_media)) AS u (use, media)
      WHERE ($1::bigint IS NULL AND c.status <> 'completed') OR c.id = $1
     UNION ALL
     SELECT c.name, li.name, 'machineMessage', li.machine_message_media
       FROM lists li JOIN campaigns c ON c.id = li.campaign_id
      WHERE (($1::bigint IS NULL AND c.status <> 'completed') OR c.id = $1) AND li.machine_message_media IS NOT NULL
     ORDER BY 1, 2 NULLS FIRST, 3`, [campaignId]);
  return result.rows.map((row) => ({
    who: row.list === null ? `campaign "${row.campaign}"` : `list "${row.list}" of campaign "${row.campaign}"`, use: row.use, media: row.media,
  }));
}
