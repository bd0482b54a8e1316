// The pacing page's in-memory history, filled from a real engine state.

import { describe, expect, it } from 'vitest';
import { createPacingHistory, pacingHistoryView, recordPacingSample } from './pacing-history.js';
import { dialOne, readyAgent, runningDriver } from './metrics-test-helpers.js';

describe('pacing history', () => {
  it('keeps one sample per interval with dial level, ready agents and connects per minute', () => {
    const history = createPacingHistory();
    const d = runningDriver();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    recordPacingSample(history, d.state, d.nowMs);
    dialOne(d, 'a1', 'l1');
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    for (let i = 0; i < 5; i++) {
      d.nowMs += 1_000;
      recordPacingSample(history, d.state, d.nowMs);
    }
    const view = pacingHistoryView(history, d.nowMs);
    const samples = view.campaigns[0]?.samples ?? [];
    expect(view.campaigns[0]).toMatchObject({ campaignId: 'c1', regime: 'us' });
    expect(samples).toHaveLength(2);
    expect(samples[1]).toMatchObject({ agentsReady: 1, agentsStaffed: 2, connectsPerMinute: 1, abandonBudget: 0.03 });
    expect(samples[1]?.dialLevel).toBeGreaterThan(0);
  });

  it("keeps how the predictive model's forecast of abandons has fared, as it stands now", () => {
    const history = createPacingHistory();
    const d = runningDriver();
    recordPacingSample(history, d.state, d.nowMs);
    expect(pacingHistoryView(history, d.nowMs).campaigns[0]?.forecast).toEqual({ expected: 0, happened: 0 });
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    campaign.calibration = { expected: 1.5, abandoned: 2, atMs: d.nowMs, shareInForce: null };
    d.nowMs += 60 * 60_000;
    recordPacingSample(history, d.state, d.nowMs);
    const forecast = pacingHistoryView(history, d.nowMs).campaigns[0]?.forecast;
    expect(forecast?.expected).toBeCloseTo(1.5 / Math.E, 4);
    expect(forecast?.happened).toBeCloseTo(2 / Math.E, 4);
  });

  it('stays bounded to an hour and forgets campaigns that left', () => {
    const history = createPacingHistory();
    const d = runningDriver();
    for (let i = 0; i < 2 * 720; i++) {
      d.nowMs += 5_000;
      recordPacingSample(history, d.state, d.nowMs);
    }
    expect(history.campaigns.get('c1')?.samples.length).toBe(720);
    d.state.campaigns.delete('c1');
    recordPacingSample(history, d.state, d.nowMs);
    expect(history.campaigns.size).toBe(0);
  });
});
