// A campaign whose safe-harbor message is not on the PBX (never recorded, or misnamed): Asterisk
// fails the playback at once. The abandoned call is hung up straight away and closed abandoned,
// with no safe-harbor message played, the abandon still counts against the budget, and the
// failure is logged with its purpose and counted for the campaign's alert.
// Real engine, simulated PBX in digit mode (…8 answers after 1 s and takes the one agent; …0
// answers after 2 s and says nothing), one agent, a 2:1 power ratio.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptLogger } from '../helpers/kept-logger.js';
import type { TestNode } from '../helpers/outpace-node.js';
import { oneAgentTwoAnswers } from './one-agent-two-answers.js';

const FIRST = '+12125550108';
const ABANDONED = '+12125550100';

interface AttemptRow {
  id: string;
  e164: string;
  outcome: string;
  abandoned: boolean;
  safe_harbor_played: boolean;
  live_at: Date;
  ended_at: Date;
}

describe('a safe-harbor message missing from the PBX', () => {
  let test: TestNode;
  let campaignId: string;
  const warnings = keptLogger();

  beforeAll(async () => {
    ({ test, campaignId } = await oneAgentTwoAnswers({
      keyPrefix: 'safe-harbor-missing:', phones: [FIRST, ABANDONED], safeHarborMedia: 'sound:outpace/never-recorded', logger: warnings.logger,
    }));
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  it('hangs the abandoned call up at once and records no safe-harbor message played', async () => {
    const rows = await test.node.pool.query<AttemptRow>(
      'SELECT e164, outcome, abandoned, safe_harbor_played, live_at, ended_at FROM attempts WHERE campaign_id = $1', [campaignId]);
    const abandoned = rows.rows.find((r) => r.e164 === ABANDONED);
    expect(abandoned).toMatchObject({ outcome: 'abandoned', abandoned: true, safe_harbor_played: false });
    // Hung up when the playback failed, at the connect limit: not left open with nothing playing.
    expect(abandoned!.ended_at.getTime() - abandoned!.live_at.getTime()).toBeLessThan(5_000);
  });

  it('counts the message not played on /metrics, by campaign and purpose', async () => {
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_playback_failures_total{campaign="${campaignId}",purpose="safe_harbor"} 1\n`);
    expect(metrics).toContain(`outpace_playback_failures_total{campaign="${campaignId}",purpose="machine_message"} 0\n`);
  });

  it('warns naming the purpose and the attempt, not the number', async () => {
    const rows = await test.node.pool.query<AttemptRow>('SELECT id FROM attempts WHERE campaign_id = $1 AND e164 = $2', [campaignId, ABANDONED]);
    const warning = warnings.records.find((record) => String(record.msg).startsWith('the PBX could not play the media'));
    expect(warning).toMatchObject({ level: 40, purpose: 'safe_harbor', attemptId: rows.rows[0]?.id });
    expect(JSON.stringify(warning)).not.toContain(ABANDONED.slice(2));
  });

  it('still counts the abandon against the campaign budget', () => {
    const campaign = test.node.runtime.state().campaigns.get(campaignId);
    expect(campaign?.ledger.window.counts.abandoned.reduce((a, b) => a + b, 0)).toBe(1);
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  });
});
