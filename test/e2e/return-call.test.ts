// A person calls back the caller ID a campaign presented. The real node on the simulated PBX: the
// call comes in through the return-call dialplan (`return,<dialled number>`), ringing, with the
// caller's number. To a campaign's number (its caller ID, one of its pool, or one a list of it
// presents in place of its own) it is answered and hears the campaign's message (its
// evidence says the message answered it); the opt-out key puts the number on the global
// do-not-call list, with evidence, and the check before each dial refuses it from then on. To a
// number no campaign presents it is hung up unanswered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts, type LeasedAttempt } from '../../src/adapters/pg/lead-selection.js';
import { preDialCheck } from '../../src/adapters/pg/pre-dial-check.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { keptLogger } from '../helpers/kept-logger.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';

const PRESENTED = '+12125550199';
const POOL_NUMBER = '+13125550199';
const NOT_OURS = '+12125550198';
const HEARS = '+12125550261';
const OPTS_OUT = '+13125550262';
const STRANGER = '+12125550263';
const LIST_NUMBER = '+14155550199';
const BRAND_B = '+12125550264';
const CALLER_ID = `"Acme" <${PRESENTED}>`;

interface PbxEvent {
  type: string;
  digit?: string;
  channel?: { id: string; state: string };
  playback?: { target_uri: string; media_uri: string };
}

interface ReturnCallEntry {
  kind: string;
  lead_id: string | null;
  payload: { e164: string | null; callerId: string; leadIds: string[]; answeredBy: string; optedOut: boolean };
}

describe('a call back to the number a campaign presents', () => {
  let test: TestNode;
  let campaignId: string;
  const attempts = new Map<string, LeasedAttempt>();
  const warnings = keptLogger();

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call:', { logger: warnings.logger });
    const { pool } = test.node;
    const campaign = await createCampaign(pool, {
      name: `Return calls ${Date.now()}`, callerId: CALLER_ID, settings: { callingWindow: roundTheClockWindow, callerIdPool: [POOL_NUMBER] },
    });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'called earlier' });
    await insertLeads(pool, list.id, [{ firstName: 'Hears', phones: [HEARS] }, { firstName: 'Opts', phones: [OPTS_OUT] }]);
    // A list of the campaign's bought for another brand, presenting its own number.
    const brandB = await createList(pool, { campaignId, name: 'brand B' });
    await pool.query('UPDATE lists SET caller_id = $2 WHERE id = $1', [brandB.id, `"Brand B" <${LIST_NUMBER}>`]);
    await insertLeads(pool, brandB.id, [{ firstName: 'Bea', phones: [BRAND_B] }]);
    // The campaign called all of them: the numbers they now call back from.
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 3, nodeId: 'return-call-test', now: new Date(), leaseMs: 600_000 });
    for (const attempt of leased) attempts.set(attempt.e164, attempt);
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  /** Places the call and follows its events until the app lets it go (StasisEnd). */
  async function callBack(from: string, to: string, onMessage?: (channelId: string) => void): Promise<PbxEvent[]> {
    const seen: PbxEvent[] = [];
    let channelId = '';
    // Its StasisStart comes before the call's id is known here: events are kept, then sorted out.
    const stop = test.pbx.onEvent((_app, raw) => {
      const event = raw as unknown as PbxEvent;
      seen.push(event);
      if (event.type === 'PlaybackStarted' && event.playback?.target_uri === `channel:${channelId}`) onMessage?.(channelId);
    });
    channelId = test.pbx.placeInboundCall({ from, to }).id;
    const ours = () => seen.filter((e) => e.channel?.id === channelId || e.playback?.target_uri === `channel:${channelId}`);
    const until = Date.now() + 20_000;
    while (!ours().some((e) => e.type === 'StasisEnd') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    return ours();
  }

  async function returnCallEvidence(e164: string): Promise<ReturnCallEntry[]> {
    const rows = await test.node.pool.query<ReturnCallEntry>(
      "SELECT kind, lead_id::text, payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1", [e164]);
    return rows.rows;
  }

  const dialCheck = (e164: string) => {
    const attempt = attempts.get(e164)!;
    return preDialCheck(test.node.pool, { attemptId: attempt.attemptId, campaignId, leadId: attempt.leadId, phone: e164, callerId: CALLER_ID, nowMs: Date.now() });
  };

  it("answers, plays the campaign's message, hangs up after it and keeps the call in the evidence; the number stays dialable", async () => {
    const events = await callBack(HEARS, PRESENTED);
    expect(events.map((e) => e.type)).toEqual(['StasisStart', 'ChannelStateChange', 'PlaybackStarted', 'PlaybackFinished', 'ChannelHangupRequest', 'StasisEnd']);
    expect(events.find((e) => e.type === 'ChannelStateChange')?.channel?.state).toBe('Up');
    expect(events.find((e) => e.type === 'PlaybackStarted')?.playback?.media_uri).toBe('sound:outpace/return-call');
    await expect.poll(() => returnCallEvidence(HEARS)).toEqual([{
      kind: 'return_call', lead_id: attempts.get(HEARS)!.leadId,
      payload: { e164: HEARS, callerId: PRESENTED, leadIds: [attempts.get(HEARS)!.leadId], answeredBy: 'message', optedOut: false },
    }]);
    expect((await test.node.pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [HEARS])).rows).toEqual([]);
    expect(await dialCheck(HEARS)).toEqual({ allowed: true });
  });

  it('puts the number on the global list with evidence when the opt-out key is pressed, and the check before a dial refuses it', async () => {
    expect(await dialCheck(OPTS_OUT)).toEqual({ allowed: true });
    // Called from the local-presence number of the pool; the default opt-out key is 1.
    const events = await callBack(OPTS_OUT, POOL_NUMBER, (channelId) => test.pbx.callerPresses(channelId, '1'));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ChannelDtmfReceived', 'ChannelHangupRequest', 'StasisEnd']));
    const dnc = await test.node.pool.query('SELECT campaign_id, source, reason FROM dnc_entries WHERE e164 = $1', [OPTS_OUT]);
    expect(dnc.rows).toEqual([{ campaign_id: null, source: 'opt_out', reason: 'return_call_opt_out' }]);
    const added = await test.node.pool.query<{ campaign_id: string; payload: Record<string, unknown> }>(
      "SELECT campaign_id::text, payload FROM evidence_log WHERE kind = 'dnc_added' AND payload->>'e164' = $1", [OPTS_OUT]);
    expect(added.rows).toEqual([{ campaign_id: campaignId, payload: expect.objectContaining({ scope: 'global', source: 'opt_out', reason: 'return_call_opt_out', by: 'callee' }) }]);
    await expect.poll(() => returnCallEvidence(OPTS_OUT)).toMatchObject([{ payload: { callerId: POOL_NUMBER, leadIds: [attempts.get(OPTS_OUT)!.leadId], answeredBy: 'message', optedOut: true } }]);
    expect(await dialCheck(OPTS_OUT)).toMatchObject({ allowed: false, rule: 'dnc' });
  });

  it('counts the return calls by campaign and whether the person opted out', async () => {
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${campaignId}",outcome="heard"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${campaignId}",outcome="opted_out"} 1\n`);
    expect(metrics).toContain(`outpace_dnc_additions_total{campaign="${campaignId}",source="return_call_opt_out"} 1\n`);
  });

  it("answers a call back to the number one of its lists presents in place of the campaign's, as the campaign's own", async () => {
    const events = await callBack(BRAND_B, LIST_NUMBER.slice(1));
    expect(events.map((e) => e.type)).toEqual(['StasisStart', 'ChannelStateChange', 'PlaybackStarted', 'PlaybackFinished', 'ChannelHangupRequest', 'StasisEnd']);
    expect(events.find((e) => e.type === 'PlaybackStarted')?.playback?.media_uri).toBe('sound:outpace/return-call');
    const leadId = attempts.get(BRAND_B)!.leadId;
    await expect.poll(() => returnCallEvidence(BRAND_B)).toEqual([{
      kind: 'return_call', lead_id: leadId, payload: { e164: BRAND_B, callerId: LIST_NUMBER.slice(1), leadIds: [leadId], answeredBy: 'message', optedOut: false },
    }]);
  });

  it('hangs up unanswered a call to a number no campaign presents, with no evidence, and warns without the number', async () => {
    const events = await callBack(STRANGER, NOT_OURS, (channelId) => test.pbx.callerPresses(channelId, '1'));
    expect(events.map((e) => e.type)).toEqual(['StasisStart', 'ChannelHangupRequest', 'StasisEnd']);
    expect(await returnCallEvidence(STRANGER)).toEqual([]);
    expect((await test.node.pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [STRANGER])).rows).toEqual([]);
    const warning = warnings.records.find((record) => String(record.msg).startsWith('a call came in on a number no campaign presents'));
    expect(warning).toMatchObject({ level: 40 });
    expect(JSON.stringify(warning)).not.toContain(NOT_OURS.slice(2));
    expect(JSON.stringify(warning)).toContain('0198');
  });
});
