// Every lease reads which campaigns' abandoned calls rest a number (abandon-rest-sql.ts): only those
// that can rest one at all (the UK or strict regime, or UK calling hours) are read, stopped and
// completed ones too, and they are exactly those whose rest the core's rule makes more than none.

import { afterAll, describe, expect, it } from 'vitest';
import { restingCampaignRowsSql, restingCampaigns, type CampaignRestRow } from '../../../src/adapters/pg/abandon-rest-sql.js';
import { createCampaign, type CampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import type { AbandonRegime } from '../../../src/core/compliance/abandon-regime.js';
import { abandonRestMsUnder } from '../../../src/core/compliance/dial-rules-policy.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool(2);
afterAll(async () => pool.end());

const HOUR = 3_600_000;
const weekdays = { mon: [['09:00', '17:00']] };
/** Calling windows as stored, by older versions too: none, each regime's, one that does not
 * validate, an unknown regime, and a value that is not a window at all. */
const windows: Array<{ callingWindow?: unknown }> = [
  {}, { callingWindow: { regime: 'uk' } }, { callingWindow: { regime: 'us' } }, { callingWindow: { regime: 'cn' } },
  { callingWindow: { regime: 'custom', weekly: weekdays } }, { callingWindow: { regime: 'uk', weekly: 'never' } },
  { callingWindow: { regime: 'moon' } }, { callingWindow: 'uk' }, { callingWindow: ['uk'] }, { callingWindow: { regime: ['uk'] } },
];
const regimes: AbandonRegime[] = ['us', 'uk', 'strict'];
const statuses: CampaignStatus[] = ['running', 'stopped', 'completed'];

/** The campaigns the read gives, of those named, with their rests. */
async function restsRead(ids: readonly string[]): Promise<Map<string, number>> {
  const result = await pool.query<{ rows: (CampaignRestRow & { id: string })[] }>(`SELECT ${restingCampaignRowsSql} AS rows`);
  const ours = result.rows[0]?.rows.filter((row) => ids.includes(row.id)) ?? [];
  const rests = restingCampaigns(ours);
  expect(ours.map((row) => row.id).sort()).toEqual([...rests.ids].sort());
  return new Map(rests.ids.map((id, i) => [id, rests.restMs[i] ?? 0]));
}

describe('the campaigns whose abandoned calls rest a number', () => {
  it('reads only those that can rest one, stopped and completed ones too, each with the rest the core gives', async () => {
    const made: Array<{ id: string; restMs: number; regime: AbandonRegime; window: unknown }> = [];
    for (const [i, settings] of windows.entries()) {
      for (const [j, regime] of regimes.entries()) {
        const status = statuses[(i + j) % statuses.length] ?? 'running';
        const campaign = await createCampaign(pool, { name: `abandon rest ${regime} ${i} ${Date.now()}`, timezone: 'UTC', regime, status, settings, seedDispositions: false });
        made.push({ id: campaign.id, restMs: abandonRestMsUnder({ regime, settings }), regime, window: settings.callingWindow });
      }
    }
    const read = await restsRead(made.map((c) => c.id));
    // The same campaigns, with the same rests, as the core's rule gives: those with none are not read.
    expect(Object.fromEntries(read)).toEqual(Object.fromEntries(made.filter((c) => c.restMs > 0).map((c) => [c.id, c.restMs])));
    // A US campaign with US (or no) calling hours cannot rest a number: it is left out.
    const usOnly = made.filter((c) => c.regime === 'us' && c.restMs === 0);
    expect(usOnly.length).toBeGreaterThan(0);
    for (const c of usOnly) expect(read.has(c.id)).toBe(false);
    // A US campaign calling UK hours, and every UK and strict one, rests it 72 h, whatever its status.
    expect(read.get(made.find((c) => c.regime === 'us' && isUkWindow(c.window))?.id ?? '')).toBe(72 * HOUR);
    for (const c of made.filter((c) => c.regime !== 'us')) expect(read.get(c.id)).toBe(72 * HOUR);
  });
});

function isUkWindow(window: unknown): boolean {
  return typeof window === 'object' && window !== null && (window as { regime?: unknown }).regime === 'uk';
}
