// The time zones each lead of a campaign was given, by external id: what the zone migrations'
// tests compare between an import today and the migration of leads imported before.

import type pg from 'pg';

export interface Zoned {
  external_id: string;
  timezone: string | null;
  timezone_source: string;
  other_time_zones: string[] | null;
}

export async function leadZones(pool: pg.Pool, campaignId: string): Promise<Zoned[]> {
  const rows = await pool.query<Zoned>(
    'SELECT external_id, timezone, timezone_source, other_time_zones FROM leads WHERE campaign_id = $1 ORDER BY external_id', [campaignId]);
  return rows.rows.map((row) => ({ ...row, other_time_zones: row.other_time_zones ? [...row.other_time_zones].sort() : null }));
}
