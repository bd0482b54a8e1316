import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign, updateCampaignSettings } from '../../../src/adapters/pg/campaign-repository.js';
import { recordAttemptCompliance } from '../../../src/adapters/pg/attempt-compliance.js';
import { listOverdueCallbacks, markDueCallbacks, scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { leaseCallbackLead } from '../../../src/adapters/pg/callback-lease.js';
import { addDncWithEvidence } from '../../../src/adapters/pg/dnc-additions.js';
import { listEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { explainLead } from '../../../src/adapters/pg/lead-explainer.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { closeAttempt, markAttemptEvent } from '../../../src/adapters/pg/attempt-repository.js';
import { dialledSql } from '../../../src/adapters/pg/counted-calls.js';
import { createInboundAttempt } from '../../../src/adapters/pg/inbound-attempts.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { preDialCheck } from '../../../src/adapters/pg/pre-dial-check.js';
import { createMetrics } from '../../../src/adapters/metrics/metrics.js';
import { countedPreDialCheck } from '../../../src/cli/counted-pre-dial-check.js';
import { createCallbackTimers, type DueCallback } from '../../../src/adapters/redis/callback-timers.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

const HOUR = 3_600_000;
// 12:00 in New York on a Monday.
const noon = new Date('2030-01-07T17:00:00Z');
const lease = { nodeId: 'n1', leaseMs: 60_000 };

async function world(settings: Record<string, unknown> = {}, regime: 'us' | 'uk' = 'us') {
  const campaign = await createCampaign(pool, { name: `c-${Math.random()}`, regime, timezone: 'America/New_York', seedDispositions: false, settings });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  const past = new Date(noon.getTime() - HOUR);
  const [a, b] = await insertLeads(pool, list.id, [
    { phones: ['+12125550100'], timezone: 'America/New_York', nextDialAt: past, priority: 5 },
    { phones: ['+12125550101', '+12125550102'], timezone: 'America/New_York', nextDialAt: past },
  ]);
  return { campaignId: campaign.id, leadA: a as string, leadB: b as string };
}

const CALLER_ID = '"Outpace" <+16505550100>';

describe('pre-dial check', () => {
  it('passes a leased lead and records the checks passed, then blocks when the number went on DNC', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    const input = { attemptId: first.attemptId, campaignId, leadId: first.leadId, phone: first.e164, callerId: CALLER_ID, nowMs: noon.getTime() };
    expect(await preDialCheck(pool, input)).toEqual({ allowed: true });
    await addDncWithEvidence(pool, { e164: first.e164, campaignId: null, source: 'api', by: 'test' });
    expect(await preDialCheck(pool, input)).toMatchObject({ allowed: false, rule: 'dnc' });
    const evidence = await listEvidence(pool, { campaignId, from: new Date(0), to: new Date('2100-01-01') });
    expect(evidence.map((e) => e.kind)).toEqual(['dial_checked', 'dial_blocked']);
    expect(evidence[0]?.payload.passed).toEqual(expect.arrayContaining(['calling_window', 'dnc', 'max_attempts_day', 'abandon_rest', 'caller_id']));
    expect(evidence[0]?.payload.callerId).toBe(CALLER_ID);
    // Where the hours were judged, as the lead stood then (its zone may be corrected later).
    expect(evidence[0]?.payload).toMatchObject({ zones: ['America/New_York'], jurisdictions: [] });
  });

  it('counts a dial the national registry rule blocks among the compliance blocks, as its evidence says', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    // Scrubbed against a registry never loaded from now on: the lead leased before is not dialled.
    await pool.query(`UPDATE campaigns SET settings = settings || '{"nationalRegistries": ["uk_ctps"]}'::jsonb WHERE id = $1`, [campaignId]);
    await pool.query("DELETE FROM dnc_registry_loads WHERE registry = 'uk_ctps'");
    const metrics = createMetrics({ defaultMetrics: false });
    const check = countedPreDialCheck(pool, metrics);
    const verdict = await check({
      type: 'originate', campaignId, attemptId: first.attemptId, leadId: first.leadId, phone: first.e164, ringTimeoutMs: 30_000, amd: false,
      amdAfterGreetingMs: 0, callerId: CALLER_ID, endpointTemplate: null,
    }, noon.getTime());
    expect(verdict).toMatchObject({ allowed: false, rule: 'national_registry' });
    const evidence = await listEvidence(pool, { campaignId, from: new Date(0), to: new Date('2100-01-01'), kinds: ['dial_blocked'] });
    expect(evidence.map((e) => e.payload.rule)).toEqual(['national_registry']);
    const counted = (await metrics.complianceBlocks.get()).values.filter((v) => v.labels.campaign === campaignId && v.value > 0);
    expect(counted.map((v) => [v.labels.rule, v.value])).toEqual([['national_registry', 1]]);
  });

  it('blocks a dial with no caller ID to present, naming the rule', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    expect(await preDialCheck(pool, { attemptId: first.attemptId, campaignId, leadId: first.leadId, phone: first.e164, callerId: null, nowMs: noon.getTime() }))
      .toEqual({ allowed: false, rule: 'caller_id', reason: 'the campaign has no caller ID to present: a number the person can call back is required' });
    const [blocked] = await listEvidence(pool, { campaignId, from: new Date(0), to: new Date('2100-01-01') });
    expect(blocked).toMatchObject({ kind: 'dial_blocked', payload: { rule: 'caller_id', callerId: null } });
  });

  it('does not ring a number two leads share while it is in a call for the other, on any node', async () => {
    const { campaignId, leadA, leadB } = await world();
    const list = await pool.query<{ list_id: string }>('SELECT list_id FROM leads WHERE id = $1', [leadA]);
    const [sharer] = await insertLeads(pool, list.rows[0]?.list_id as string, [
      { phones: ['+12125550100', '+12125550109'], timezone: 'America/New_York', nextDialAt: new Date(noon.getTime() - HOUR) },
    ]);
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    expect(first?.leadId).toBe(leadA);
    // Leased, not yet dialled: nothing holds the number back (two such would refuse each other).
    expect((await explainLead(pool, sharer as string, noon))?.phones[0]?.checks.find((c) => c.rule === 'number_in_call')).toMatchObject({ blocks: false });
    await markAttemptEvent(pool, first?.attemptId as string, 'originated', noon);
    // Another node leases while lead A's call goes on: the sharer is dialled on its other number.
    const second = await leaseLeadsAndCreateAttempts(pool, { nodeId: 'n2', leaseMs: 60_000, campaignId, count: 5, now: noon });
    expect(second.map((l) => [l.leadId, l.e164])).toEqual(expect.arrayContaining([[leadB, '+12125550101'], [sharer, '+12125550109']]));
    const why = await explainLead(pool, sharer as string, noon);
    expect(why?.phones[0]?.checks.find((c) => c.rule === 'number_in_call')).toMatchObject({ blocks: true, until: new Date(noon.getTime() + 60_000).toISOString() });
    // A dial of the shared number prepared meanwhile is refused at the last check, until the call ends.
    const onShared = { attemptId: second.find((l) => l.leadId === sharer)?.attemptId as string, campaignId, leadId: sharer as string, phone: '+12125550100', callerId: CALLER_ID, nowMs: noon.getTime() };
    expect(await preDialCheck(pool, onShared)).toMatchObject({ allowed: false, rule: 'number_in_call' });
    await pool.query(`UPDATE attempts SET ended_at = $2, status = 'ended' WHERE id = $1`, [first?.attemptId, noon]);
    expect(await preDialCheck(pool, onShared)).toEqual({ allowed: true });
  });

  it('does not ring a number two leads share while its person, having called back, is in a call for the other, on any node', async () => {
    const { campaignId, leadA } = await world();
    const list = await pool.query<{ list_id: string }>('SELECT list_id FROM leads WHERE id = $1', [leadA]);
    const [sharer] = await insertLeads(pool, list.rows[0]?.list_id as string, [
      { phones: ['+12125550100', '+12125550109'], timezone: 'America/New_York', nextDialAt: new Date(noon.getTime() - HOUR) },
    ]);
    // Lead A's person calls back and is put through on node n1: an inbound attempt, never originated, its lead not leased.
    const inbound = await createInboundAttempt(pool, { campaignId, leadId: leadA, e164: '+12125550100', nodeId: 'n1', channelId: '1733500000.100', callerId: '+12125550199', now: noon });
    await markAttemptEvent(pool, inbound, 'answered', noon);
    const leased = await leaseLeadsAndCreateAttempts(pool, { nodeId: 'n2', leaseMs: 60_000, campaignId, count: 5, now: noon });
    expect(leased.find((l) => l.leadId === sharer)?.e164).toBe('+12125550109');
    expect(leased.some((l) => l.e164 === '+12125550100')).toBe(false);
    const why = await explainLead(pool, sharer as string, noon);
    expect(why?.phones[0]?.checks.find((c) => c.rule === 'number_in_call')).toMatchObject({ blocks: true, until: new Date(noon.getTime() + 60_000).toISOString() });
    const onShared = { attemptId: leased.find((l) => l.leadId === sharer)?.attemptId as string, campaignId, leadId: sharer as string, phone: '+12125550100', callerId: CALLER_ID, nowMs: noon.getTime() };
    expect(await preDialCheck(pool, onShared)).toMatchObject({ allowed: false, rule: 'number_in_call' });
    await closeAttempt(pool, { attemptId: inbound, outcome: 'connected', endedAt: noon });
    expect(await preDialCheck(pool, onShared)).toEqual({ allowed: true });
  });

  it('lets one of two dials of a number two leads share through when two nodes check it at the same moment', async () => {
    const { campaignId, leadA } = await world();
    const list = await pool.query<{ list_id: string }>('SELECT list_id FROM leads WHERE id = $1', [leadA]);
    await insertLeads(pool, list.rows[0]?.list_id as string, [
      { phones: ['+12125550100'], timezone: 'America/New_York', nextDialAt: new Date(noon.getTime() - HOUR) },
    ]);
    // Each node leases one of the two leads on the shared number, neither dialled yet.
    const leased = [
      ...await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon }),
      ...await leaseLeadsAndCreateAttempts(pool, { nodeId: 'n2', leaseMs: 60_000, campaignId, count: 5, now: noon }),
    ].filter((l) => l.e164 === '+12125550100');
    expect(leased).toHaveLength(2);
    const verdicts = await Promise.all(leased.map((l) =>
      preDialCheck(pool, { attemptId: l.attemptId, campaignId, leadId: l.leadId, phone: l.e164, callerId: CALLER_ID, nowMs: noon.getTime() })));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(1);
    expect(verdicts.find((v) => !v.allowed)).toMatchObject({ allowed: false, rule: 'number_in_call' });
    // The one let through counts as dialled from its check on.
    const { rows } = await pool.query<{ originated: number }>(
      `SELECT count(*)::int AS originated FROM attempts WHERE e164 = '+12125550100' AND originated_at IS NOT NULL`);
    expect(rows[0]?.originated).toBe(1);
  });

  it('takes back the dial of a number let through whose originate was never sent: no dial of the lead or the number', async () => {
    const { campaignId } = await world();
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 2, now: noon });
    const [unsent, refused] = leased;
    if (!unsent || !refused) throw new Error('two leads not leased');
    for (const l of leased) {
      expect(await preDialCheck(pool, { attemptId: l.attemptId, campaignId, leadId: l.leadId, phone: l.e164, callerId: CALLER_ID, nowMs: noon.getTime() })).toEqual({ allowed: true });
    }
    const endedAt = new Date(noon.getTime() + 1_000);
    // Hung up while it waited for an originate slot; the other refused by the PBX.
    await closeAttempt(pool, { attemptId: unsent.attemptId, outcome: 'cancelled', endedAt, dialSent: false });
    await closeAttempt(pool, { attemptId: refused.attemptId, outcome: 'failed', endedAt });
    const { rows } = await pool.query<{ id: string; originated: boolean; dialled: boolean; lead_attempts: number; phone_attempts: number }>(
      `SELECT a.id::text, a.originated_at IS NOT NULL AS originated, ${dialledSql('a')} AS dialled, l.attempts AS lead_attempts, p.attempts AS phone_attempts
       FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN lead_phones p ON p.id = a.phone_id WHERE a.campaign_id = $1`, [campaignId]);
    expect(rows.find((r) => r.id === unsent.attemptId)).toMatchObject({ originated: false, dialled: false, lead_attempts: 0, phone_attempts: 0 });
    expect(rows.find((r) => r.id === refused.attemptId)).toMatchObject({ originated: true, dialled: true, lead_attempts: 1, phone_attempts: 1 });
  });

  it('blocks the dial of an attempt closed while its check ran (another node took the campaign over), leaving it undialled', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    await closeAttempt(pool, { attemptId: first.attemptId, outcome: 'failed', endedAt: noon, causeTxt: 'engine node went away' });
    expect(await preDialCheck(pool, { attemptId: first.attemptId, campaignId, leadId: first.leadId, phone: first.e164, callerId: CALLER_ID, nowMs: noon.getTime() }))
      .toMatchObject({ allowed: false, rule: 'attempt_closed' });
    const { rows } = await pool.query<{ originated_at: Date | null }>('SELECT originated_at FROM attempts WHERE id = $1', [first.attemptId]);
    expect(rows).toEqual([{ originated_at: null }]);
  });

  it('blocks when the window closed between lease and originate', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    const ninePm = new Date('2030-01-08T02:00:00Z');
    expect(await preDialCheck(pool, { attemptId: first.attemptId, campaignId, leadId: first.leadId, phone: first.e164, callerId: CALLER_ID, nowMs: ninePm.getTime() }))
      .toMatchObject({ allowed: false, rule: 'calling_window' });
  });
});

describe('abandon and refusal', () => {
  it('UK: an abandoned number is not redialled for 72 h, and the explainer says until when', async () => {
    const { campaignId, leadA } = await world({}, 'uk');
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    expect(first?.leadId).toBe(leadA);
    await pool.query(`UPDATE attempts SET abandoned = true, ended_at = $2, status = 'ended' WHERE id = $1`, [first?.attemptId, noon]);
    await pool.query(`UPDATE leads SET leased_by = NULL, leased_until = NULL, status = 'retry' WHERE id = $1`, [leadA]);
    await recordAttemptCompliance(pool, { attemptId: first?.attemptId as string, outcome: 'abandoned', nowMs: noon.getTime() });
    const later = new Date(noon.getTime() + 24 * HOUR);
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: later });
    expect(leased.map((l) => l.leadId)).not.toContain(leadA);
    const why = await explainLead(pool, leadA, later);
    expect(why?.phones[0]?.checks.find((c) => c.rule === 'abandon_rest')).toEqual({
      rule: 'abandon_rest', blocks: true, until: new Date(noon.getTime() + 72 * HOUR).toISOString(), detail: expect.any(String),
    });
    const evidence = await listEvidence(pool, { campaignId, from: new Date(0), to: new Date('2100-01-01'), kinds: ['abandon'] });
    expect(evidence[0]?.payload).toMatchObject({ noRedialUntil: new Date(noon.getTime() + 72 * HOUR).toISOString() });
  });

  it('an abandoned number rests by the rules of the campaign whose call was abandoned, whichever campaign dials it next', async () => {
    const uk = await world({}, 'uk');
    const us = await world();
    const abandon = async (campaignId: string, leadId: string, at: Date): Promise<void> => {
      const [call] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: at });
      expect([call?.leadId, call?.e164]).toEqual([leadId, '+12125550100']);
      await closeAttempt(pool, { attemptId: call?.attemptId as string, outcome: 'abandoned', endedAt: at, abandoned: true });
      await pool.query(`UPDATE leads SET leased_by = NULL, leased_until = NULL, status = 'retry', next_dial_at = $2 WHERE id = $1`, [leadId, at]);
    };
    // The UK campaign's call to the number is abandoned: the US campaign may not ring it for 72 h.
    await abandon(uk.campaignId, uk.leadA, noon);
    const nextDay = new Date(noon.getTime() + 24 * HOUR);
    const byUs = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: us.campaignId, count: 5, now: nextDay });
    expect(byUs.map((l) => l.leadId)).toEqual([us.leadB]);
    expect((await explainLead(pool, us.leadA, nextDay))?.phones[0]?.checks.find((c) => c.rule === 'abandon_rest')).toEqual({
      rule: 'abandon_rest', blocks: true, until: new Date(noon.getTime() + 72 * HOUR).toISOString(),
      detail: 'abandoned call to this number: no redial during the rest period',
    });
    // Four days on, the US campaign's own call to it is abandoned: US rules set no rest, so the UK
    // campaign rings it at once.
    const later = new Date(noon.getTime() + 96 * HOUR);
    await pool.query('DELETE FROM attempts WHERE campaign_id = $1', [us.campaignId]);
    await pool.query('UPDATE leads SET leased_by = NULL, leased_until = NULL WHERE campaign_id = $1', [us.campaignId]);
    await abandon(us.campaignId, us.leadA, later);
    expect((await explainLead(pool, uk.leadA, later))?.phones[0]?.checks.find((c) => c.rule === 'abandon_rest')).toMatchObject({ blocks: false });
    const byUk = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: uk.campaignId, count: 5, now: later });
    expect(byUk.map((l) => l.leadId)).toContain(uk.leadA);
  });

  it('an abandoned number rests by the rules in force when its call was abandoned, though the campaign changes them since', async () => {
    const uk = await world({}, 'uk');
    const [call] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: uk.campaignId, count: 1, now: noon });
    expect([call?.leadId, call?.e164]).toEqual([uk.leadA, '+12125550100']);
    await closeAttempt(pool, { attemptId: call?.attemptId as string, outcome: 'abandoned', endedAt: noon, abandoned: true });
    await pool.query(`UPDATE leads SET leased_by = NULL, leased_until = NULL, status = 'retry', next_dial_at = $2 WHERE id = $1`, [uk.leadA, noon]);
    // The campaign goes over to US rules (and US hours) the next day: the number it abandoned under UK
    // rules still rests its 72 h, for this campaign and any other.
    await updateCampaignSettings(pool, uk.campaignId, { regime: 'us' });
    // The abandon's evidence, written late (kept back while the database was away), says that rest too.
    await recordAttemptCompliance(pool, { attemptId: call?.attemptId as string, outcome: 'abandoned', nowMs: noon.getTime() });
    const evidence = await listEvidence(pool, { campaignId: uk.campaignId, from: new Date(0), to: new Date('2100-01-01'), kinds: ['abandon'] });
    expect(evidence.map((e) => e.payload.noRedialUntil)).toEqual([new Date(noon.getTime() + 72 * HOUR).toISOString()]);
    const us = await world();
    const nextDay = new Date(noon.getTime() + 24 * HOUR);
    for (const campaign of [uk, us]) {
      const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.campaignId, count: 5, now: nextDay });
      expect(leased.map((l) => l.leadId)).toEqual([campaign.leadB]);
      expect((await explainLead(pool, campaign.leadA, nextDay))?.phones[0]?.checks.find((c) => c.rule === 'abandon_rest')).toMatchObject({
        blocks: true, until: new Date(noon.getTime() + 72 * HOUR).toISOString(),
      });
    }
    // A call abandoned before the rest was kept on it takes its campaign's rules as they are now.
    await pool.query('UPDATE attempts SET abandon_rest_ms = NULL WHERE id = $1', [call?.attemptId]);
    expect((await explainLead(pool, us.leadA, nextDay))?.phones[0]?.checks.find((c) => c.rule === 'abandon_rest')).toMatchObject({ blocks: false });
    await pool.query('UPDATE leads SET leased_by = NULL, leased_until = NULL WHERE campaign_id = $1', [us.campaignId]);
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: us.campaignId, count: 5, now: nextDay })).map((l) => l.leadId)).toContain(us.leadA);
  });

  it('UK: a number a machine answered for another campaign rests 24 h, whichever lead holds it here', async () => {
    const { campaignId, leadA, leadB } = await world({}, 'uk');
    const other = await world();
    const before = new Date(noon.getTime() - HOUR);
    const [elsewhere] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: other.campaignId, count: 1, now: before });
    const [late] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: before });
    expect([elsewhere?.e164, late?.e164, late?.leadId]).toEqual(['+12125550100', '+12125550100', leadA]);
    const machineAt = new Date(before.getTime() + 10 * 60_000);
    await pool.query(`UPDATE attempts SET outcome = 'machine', ended_at = $2, status = 'ended' WHERE id = $1`, [elsewhere?.attemptId, machineAt]);
    // The dial leased before the machine answered is refused by the check before it goes out.
    expect(await preDialCheck(pool, { attemptId: late?.attemptId as string, campaignId, leadId: leadA, phone: '+12125550100', callerId: CALLER_ID, nowMs: noon.getTime() }))
      .toMatchObject({ allowed: false, rule: 'machine_rest' });
    await pool.query('UPDATE leads SET leased_by = NULL, leased_until = NULL WHERE id = $1', [leadA]);
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: noon });
    expect(leased.map((l) => l.leadId)).toEqual([leadB]);
    const why = await explainLead(pool, leadA, noon);
    expect(why?.phones[0]?.checks.find((c) => c.rule === 'machine_rest')).toEqual({
      rule: 'machine_rest', blocks: true, until: new Date(machineAt.getTime() + 24 * HOUR).toISOString(),
      detail: 'call answered by a machine to this number: no redial during the rest period',
    });
    // US rules set no such rest.
    expect((await explainLead(pool, other.leadA, noon))?.phones[0]?.checks.find((c) => c.rule === 'machine_rest')).toMatchObject({ blocks: false });
  });

  it('puts a number whose callee pressed the opt-out key on the global list', async () => {
    const { campaignId } = await world();
    const [first] = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 1, now: noon });
    if (!first) throw new Error('nothing leased');
    await recordAttemptCompliance(pool, { attemptId: first.attemptId, outcome: 'abandoned', optOut: true, nowMs: noon.getTime() });
    const entries = await pool.query<{ campaign_id: string | null; source: string; expires_at: Date | null }>('SELECT campaign_id, source, expires_at FROM dnc_entries');
    expect(entries.rows).toEqual([{ campaign_id: null, source: 'opt_out', expires_at: null }]);
  });
});

describe('callbacks', () => {
  it('in simulated time: due in the lead zone, dialled first when due, overdue after the follow-up deadline', async () => {
    const { campaignId, leadA, leadB } = await world();
    // 15:00 New York time = 20:00 UTC.
    const callback = await scheduleCallback(pool, { leadId: leadB, dueLocal: '2030-01-07T15:00', followUpHours: 48 });
    expect(callback.dueAt).toEqual(new Date('2030-01-07T20:00:00Z'));
    const before = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: new Date('2030-01-07T19:59:00Z') });
    expect(before.map((l) => l.leadId)).toEqual([leadA]);
    await pool.query('UPDATE leads SET leased_by = NULL, leased_until = NULL WHERE id = $1', [leadA]);
    await pool.query(`DELETE FROM attempts`);
    const at = new Date('2030-01-07T20:00:00Z');
    expect(await markDueCallbacks(pool, new Date('2030-01-07T19:59:59Z'))).toEqual([]);
    expect((await markDueCallbacks(pool, at)).map((c) => c.id)).toEqual([callback.id]);
    const due = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: at });
    // The callback comes before lead A, whose priority is higher.
    expect(due.map((l) => l.leadId)).toEqual([leadB, leadA]);
    expect(await listOverdueCallbacks(pool, { now: new Date('2030-01-09T20:00:01Z'), campaignId })).toHaveLength(1);
    // Dialling it (pre-dial passes) completes it, so it is no longer overdue.
    const dialled = due[0];
    if (!dialled) throw new Error('no dial');
    await preDialCheck(pool, { attemptId: dialled.attemptId, campaignId, leadId: leadB, phone: dialled.e164, callerId: CALLER_ID, nowMs: at.getTime() });
    expect(await listOverdueCallbacks(pool, { now: new Date('2030-01-09T20:00:01Z'), campaignId })).toHaveLength(0);
  });

  it('gives a callback back when the dial its check let through never went out; one dialled stays kept', async () => {
    const { campaignId, leadB } = await world();
    const callback = await scheduleCallback(pool, { leadId: leadB, dueLocal: '2030-01-07T15:00' });
    const at = new Date('2030-01-07T20:00:00Z');
    await markDueCallbacks(pool, at);
    const dialCallback = async (now: Date) => {
      const leased = (await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now })).find((l) => l.leadId === leadB);
      if (!leased) throw new Error('the callback lead was not leased');
      expect(await preDialCheck(pool, { attemptId: leased.attemptId, campaignId, leadId: leadB, phone: leased.e164, callerId: CALLER_ID, nowMs: now.getTime() })).toEqual({ allowed: true });
      return leased.attemptId;
    };
    const callbackStatus = async () => (await pool.query<{ status: string }>('SELECT status FROM callbacks WHERE id = $1', [callback.id])).rows[0]?.status;
    const unsent = await dialCallback(at);
    expect(await callbackStatus()).toBe('done');
    const endedAt = new Date(at.getTime() + 1_000);
    const closed = await closeAttempt(pool, { attemptId: unsent, outcome: 'failed', endedAt, dialSent: false });
    // Owed again, after the wait a failed dial gives (5 min).
    expect(closed).toMatchObject({ leadStatus: 'callback', nextDialAt: new Date(endedAt.getTime() + 5 * 60_000) });
    expect(await callbackStatus()).toBe('due');

    // Selection takes it first again; this time the dial goes out (and is not answered).
    const sent = await dialCallback(new Date(at.getTime() + 6 * 60_000));
    await closeAttempt(pool, { attemptId: sent, outcome: 'no_answer', endedAt: new Date(at.getTime() + 6 * 60_000 + 30_000) });
    expect(await callbackStatus()).toBe('done');
  });

  it("keeps a callback lead at its dial cap waiting for its callback when the check refuses the dial", async () => {
    const { campaignId, leadB } = await world();
    const callback = await scheduleCallback(pool, { leadId: leadB, dueLocal: '2030-01-07T15:00' });
    const at = new Date('2030-01-07T20:00:00Z');
    await markDueCallbacks(pool, at);
    // Six dials made already: the cap, which a callback the person asked for is exempt from.
    await pool.query('UPDATE leads SET attempts = 6 WHERE id = $1', [leadB]);
    const leased = (await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: at })).find((l) => l.leadId === leadB);
    if (!leased) throw new Error('the callback lead was not leased');
    // Its last check refuses it (say, no caller ID to show for now).
    const refusedAt = new Date(at.getTime() + 1_000);
    const closed = await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'blocked', endedAt: refusedAt, dialSent: false });
    expect(closed).toMatchObject({ leadStatus: 'callback', nextDialAt: refusedAt });
    const state = await pool.query<{ status: string; attempts: number; cb: string }>(
      'SELECT l.status, l.attempts, c.status AS cb FROM leads l JOIN callbacks c ON c.lead_id = l.id WHERE c.id = $1', [callback.id]);
    expect(state.rows).toEqual([{ status: 'callback', attempts: 6, cb: 'due' }]);
    const again = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: new Date(at.getTime() + 60_000) });
    expect(again.map((l) => l.leadId)).toContain(leadB);
  });

  it("keeps a lead whose last dial went to one callback waiting for another still open, there to be made for its agent", async () => {
    const { campaignId, leadB } = await world();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann') ON CONFLICT DO NOTHING`);
    await scheduleCallback(pool, { leadId: leadB, dueLocal: '2030-01-07T15:00' });
    const ann = await scheduleCallback(pool, { leadId: leadB, dueLocal: '2030-01-08T10:00', agentId: 'a1' });
    const at = new Date('2030-01-07T20:00:00Z');
    await markDueCallbacks(pool, at);
    // The dial for anyone's callback is the lead's last allowed (six made).
    await pool.query('UPDATE leads SET attempts = 5 WHERE id = $1', [leadB]);
    const leased = (await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: at })).find((l) => l.leadId === leadB);
    if (!leased) throw new Error('the callback lead was not leased');
    expect(await preDialCheck(pool, { attemptId: leased.attemptId, campaignId, leadId: leadB, phone: leased.e164, callerId: CALLER_ID, nowMs: at.getTime() })).toEqual({ allowed: true });
    const closed = await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'no_answer', endedAt: new Date(at.getTime() + 30_000) });
    // Not exhausted: waiting for Ann's callback, which her scheduler can then lease.
    expect(closed).toMatchObject({ leadStatus: 'scheduled', nextDialAt: ann.dueAt });
    const forAnn = await leaseCallbackLead(pool, { callbackId: ann.id, agentId: 'a1', nodeId: 'node-a', now: new Date(ann.dueAt.getTime() + 1_000), leaseMs: 60_000 });
    expect(forAnn?.leadId).toBe(leadB);
  });

  it('in real time: the BullMQ timer marks the callback due on time', async () => {
    const { leadB } = await world();
    const dueAt = new Date(Date.now() + 1500);
    const callback = await scheduleCallback(pool, { leadId: leadB, dueAt, agentId: null });
    const fired: DueCallback[] = [];
    const timers = createCallbackTimers({
      connection: { url: testRedisUrl() }, pool, logger: createLogger({ level: 'silent' }), sweepIntervalMs: 0,
      onDue: (due) => fired.push(due), prefix: `test-${process.pid}`,
    });
    try {
      await timers.schedule(callback);
      const deadline = Date.now() + 6000;
      while (fired.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fired).toEqual([{ callbackId: callback.id, via: 'timer' }]);
      const row = await pool.query<{ status: string; late_ms: number }>(`SELECT status, extract(epoch FROM fired_at - due_at) * 1000 AS late_ms FROM callbacks WHERE id = $1`, [callback.id]);
      expect(row.rows[0]?.status).toBe('due');
      expect(Number(row.rows[0]?.late_ms)).toBeGreaterThanOrEqual(0);
      expect(Number(row.rows[0]?.late_ms)).toBeLessThan(1000);
    } finally {
      await timers.close();
    }
  });
});
