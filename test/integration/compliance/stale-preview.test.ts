// A preview an agent sat on past its lead's lease, whose lead another agent then took and dialled,
// is superseded: its dial is refused by the last check (the lead rests after the newer dial), and
// closing or skipping it leaves the lead's next dial time, status and lease to the newer attempt.
// A return call of the lead put through to an agent is no lease: it supersedes nothing, and its
// close leaves the lead as it was.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { createInboundAttempt } from '../../../src/adapters/pg/inbound-attempts.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { preDialCheck } from '../../../src/adapters/pg/pre-dial-check.js';
import { pendingPreview, skipPreview } from '../../../src/adapters/pg/preview-attempts.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

const MINUTE = 60_000;
// 12:00 in New York on a Monday.
const noon = new Date('2030-01-07T17:00:00Z');
const at = (minutes: number) => new Date(noon.getTime() + minutes * MINUTE);
const previewLease = { nodeId: 'n1', leaseMs: 10 * MINUTE, count: 1 };
const CALLER_ID = '+16505550100';

async function twoPreviews() {
  const campaign = await createCampaign(pool, { name: `stale-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550140'], timezone: 'America/New_York', nextDialAt: at(-60) }]);
  const [first] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, agentId: 'a1', now: noon });
  // a1's lease has run out: a2 previews the same lead and dials it.
  const [second] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, agentId: 'a2', now: at(11) });
  if (!first || !second) throw new Error('not leased');
  expect(second.leadId).toBe(leadId);
  const check = (attemptId: string, now: Date) => preDialCheck(pool, { attemptId, campaignId: campaign.id, leadId: String(leadId), phone: '+12125550140', callerId: CALLER_ID, nowMs: now.getTime() });
  return { leadId: String(leadId), first, second, check };
}

const leadRow = async (leadId: string) => (await pool.query<{ status: string; next_dial_at: Date; leased_by: string | null }>(
  'SELECT status, next_dial_at, leased_by FROM leads WHERE id = $1', [leadId])).rows[0];

describe('a preview superseded by a newer lease of its lead', () => {
  it('is not dialled, and its close leaves the lead resting after the newer dial', async () => {
    const { leadId, first, second, check } = await twoPreviews();
    expect(await check(second.attemptId, at(12))).toEqual({ allowed: true });
    await closeAttempt(pool, { attemptId: second.attemptId, outcome: 'no_answer', endedAt: at(12) });
    const resting = await leadRow(leadId);
    expect(resting).toMatchObject({ status: 'retry', next_dial_at: at(72) });

    expect(await check(first.attemptId, at(13))).toMatchObject({ allowed: false, rule: 'attempt_superseded' });
    await closeAttempt(pool, { attemptId: first.attemptId, outcome: 'blocked', endedAt: at(13), dialSent: false });
    expect(await leadRow(leadId)).toEqual(resting);
  });

  it("is closed when its agent asks for their preview, and the newer one stays the other agent's", async () => {
    const { first, second } = await twoPreviews();
    expect(await pendingPreview(pool, 'a1', null, at(12))).toBeNull();
    expect(await pendingPreview(pool, 'a2', null, at(12))).toBe(second.attemptId);
    const closed = await pool.query('SELECT outcome, ended_at FROM attempts WHERE id = $1', [first.attemptId]);
    expect(closed.rows[0]).toEqual({ outcome: 'cancelled', ended_at: at(12) });
  });

  it('skipped, leaves the newer preview its lease and the lead its skips', async () => {
    const { leadId, first } = await twoPreviews();
    const held = await leadRow(leadId);
    expect(held?.leased_by).toBe('n1');
    expect(await skipPreview(pool, { id: first.attemptId, leadId }, at(12))).toEqual({ leadSetAside: false });
    expect(await leadRow(leadId)).toEqual(held);
    const skips = await pool.query<{ preview_skips: number }>('SELECT preview_skips FROM leads WHERE id = $1', [leadId]);
    expect(skips.rows[0]?.preview_skips).toBe(0);
  });

  it("counts a preview's dial against the day caps from when it rang, not from when it was leased", async () => {
    const campaign = await createCampaign(pool, {
      name: `day-cap-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false,
      settings: { recycle: { maxDialsPerNumberPerDay: 1, maxAttemptsPerDay: 1, noAnswerRetryMinutes: 0 } },
    });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
    const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550141'], timezone: 'America/New_York', nextDialAt: at(-60) }]);
    const [preview] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, agentId: 'a1', now: noon });
    if (!preview) throw new Error('not leased');
    // The agent reads the lead for nine minutes, then dials.
    const check = { campaignId: campaign.id, leadId: String(leadId), phone: '+12125550141', callerId: CALLER_ID };
    expect(await preDialCheck(pool, { ...check, attemptId: preview.attemptId, nowMs: at(9).getTime() })).toEqual({ allowed: true });
    await closeAttempt(pool, { attemptId: preview.attemptId, outcome: 'no_answer', endedAt: at(10) });
    // A day after the lease, but not after the dial: neither selected nor let through.
    const dayAfterLease = at(24 * 60 + 1);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, now: dayAfterLease })).toEqual([]);
    const [manual] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, now: at(24 * 60 + 10) });
    expect(manual?.leadId).toBe(String(leadId));
  });

  it('is not dialled a day after it was leased', async () => {
    const { leadId, first } = await twoPreviews();
    await closeAttempt(pool, { attemptId: first.attemptId, outcome: 'cancelled', endedAt: at(1), dialSent: false });
    const campaignId = (await pool.query<{ campaign_id: string }>('SELECT campaign_id FROM leads WHERE id = $1', [leadId])).rows[0]?.campaign_id;
    const [kept] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: String(campaignId), agentId: 'a3', now: at(30) });
    if (!kept) throw new Error('not leased');
    const late = at(30 + 24 * 60 + 1);
    expect(await preDialCheck(pool, { attemptId: kept.attemptId, campaignId: String(campaignId), leadId, phone: '+12125550140', callerId: CALLER_ID, nowMs: late.getTime() }))
      .toMatchObject({ allowed: false, rule: 'attempt_stale' });
  });

  it('is not superseded by a return call of its lead put through to an agent, whose close leaves the lead as it was', async () => {
    const campaign = await createCampaign(pool, { name: `stale-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
    const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550141'], timezone: 'America/New_York', nextDialAt: at(-60) }]);
    const [preview] = await leaseLeadsAndCreateAttempts(pool, { ...previewLease, campaignId: campaign.id, agentId: 'a1', now: noon });
    if (!preview) throw new Error('not leased');
    // The person rings the campaign back while the preview is on a1's screen; a2 takes the call.
    const inbound = await createInboundAttempt(pool, { campaignId: campaign.id, leadId: String(leadId), e164: '+12125550141', nodeId: 'n1', channelId: '1733500000.41', callerId: '+12125550199', now: at(2) });
    const held = await leadRow(String(leadId));
    await closeAttempt(pool, { attemptId: inbound, outcome: 'connected', endedAt: at(5), agentId: 'a2' });
    expect(await leadRow(String(leadId))).toEqual(held);
    expect(await preDialCheck(pool, { attemptId: preview.attemptId, campaignId: campaign.id, leadId: String(leadId), phone: '+12125550141', callerId: CALLER_ID, nowMs: at(6).getTime() }))
      .toEqual({ allowed: true });
  });
});
