// An answered call that finds no free agent gets the safe-harbor message before the connect
// limit; the person presses the opt-out key during it and the number goes on the DNC list.
// Real engine, simulated PBX in digit mode (…8 answers after 1 s and hangs up a second later;
// …4 answers after 2 s and presses 1 at 2.2 s), one agent, a 2:1 power ratio.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { oneAgentTwoAnswers } from './one-agent-two-answers.js';

const FIRST = '+12125550108';
// Its own number: the DNC list and the leads outlive a file in a worker's database.
const OPTS_OUT = '+13125557284';

interface AttemptRow {
  e164: string;
  outcome: string;
  abandoned: boolean;
  safe_harbor_played: boolean;
  live_at: Date;
  connected_at: Date | null;
}

describe('safe harbor and opt-out through the live engine', () => {
  let test: TestNode;
  let campaignId: string;

  beforeAll(async () => {
    ({ test, campaignId } = await oneAgentTwoAnswers({ keyPrefix: 'safe-harbor:', phones: [FIRST, OPTS_OUT] }));
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  it('connects the first answer and gives the second the safe-harbor message within the limit', async () => {
    const rows = await test.node.pool.query<AttemptRow>(
      'SELECT e164, outcome, abandoned, safe_harbor_played, live_at, connected_at FROM attempts WHERE campaign_id = $1', [campaignId]);
    const first = rows.rows.find((r) => r.e164 === FIRST);
    const second = rows.rows.find((r) => r.e164 === OPTS_OUT);
    expect(first).toMatchObject({ outcome: 'connected', abandoned: false });
    expect(first!.connected_at!.getTime() - first!.live_at.getTime()).toBeLessThanOrEqual(2_000);
    expect(second).toMatchObject({ outcome: 'abandoned', abandoned: true, safe_harbor_played: true });
  });

  it('puts the number that pressed the opt-out key on the DNC list, with evidence', async () => {
    const dnc = await test.node.pool.query('SELECT source FROM dnc_entries WHERE e164 = $1', [OPTS_OUT]);
    expect(dnc.rows).toEqual([{ source: 'opt_out' }]);
    // The person is not called on the lead's other numbers either.
    const lead = await test.node.pool.query<{ status: string }>('SELECT l.status FROM leads l JOIN lead_phones p ON p.lead_id = l.id WHERE p.e164 = $1 AND l.campaign_id = $2', [OPTS_OUT, campaignId]);
    expect(lead.rows).toEqual([{ status: 'dnc' }]);
    const evidence = await test.node.pool.query<{ kind: string }>(
      'SELECT kind FROM evidence_log WHERE campaign_id = $1 ORDER BY id', [campaignId]);
    expect(evidence.rows.map((e) => e.kind)).toEqual(expect.arrayContaining(['abandon', 'dnc_added']));
  });

  it('counts no message failed: the one cut off by the opt-out hang-up was played', async () => {
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_playback_failures_total{campaign="${campaignId}",purpose="safe_harbor"} 0\n`);
  });

  it('counted the abandon against the campaign budget in the engine', () => {
    const campaign = test.node.runtime.state().campaigns.get(campaignId);
    expect(campaign?.ledger.window.counts.abandoned.reduce((a, b) => a + b, 0)).toBe(1);
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  });
});
