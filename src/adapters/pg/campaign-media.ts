// The media the campaigns that may still dial play, as the doctor checks them against the PBX's
// sounds: a campaign's own safe-harbor message missing there is found before a call is abandoned
// without one, not after.

import type { Queryable } from './pool.js';

/** What a media setting is played for. */
export type MediaUse = 'safeHarbor' | 'machineMessage' | 'returnCall';

export interface CampaignMedia {
  campaign: string;
  /** The list that plays it in the campaign's place (a list's own machine message). */
  list: string | null;
  use: MediaUse;
  /** As set: a comma-separated media list (sound:acme/sh,sound:acme/number). */
  media: string;
}

/** Every campaign but a completed one (a stopped campaign may be started again), with its lists' own
 * machine messages. */
export async function campaignMedia(db: Queryable): Promise<CampaignMedia[]> {
  const result = await db.query<{ campaign: string; list: string | null; use: MediaUse; media: string }>(
    `SELECT c.name AS campaign, NULL AS list, u.use, u.media
       FROM campaigns c, LATERAL (VALUES ('safeHarbor', c.safe_harbor_media), ('machineMessage', c.machine_message_media),
                                         ('returnCall', c.return_call_media)) AS u (use, media)
      WHERE c.status <> 'completed'
     UNION ALL
     SELECT c.name, li.name, 'machineMessage', li.machine_message_media
       FROM lists li JOIN campaigns c ON c.id = li.campaign_id
      WHERE c.status <> 'completed' AND li.machine_message_media IS NOT NULL
     ORDER BY 1, 2 NULLS FIRST, 3`);
  return result.rows;
}
