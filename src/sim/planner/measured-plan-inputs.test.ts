// A campaign's measured figures as planner inputs: a rate is given once something was measured
// for it, and a live rate of none yet (a few dials, nobody answered) is left for the manager to
// give rather than put in as 0, which the planner refuses.

import { describe, expect, it } from 'vitest';
import { createCampaignStats, recordDialResult, recordTalk } from '../../core/stats/campaign-stats.js';
import { measuredPlanInputs } from './measured-plan-inputs.js';

describe('measured plan inputs', () => {
  it('are none before the first dial', () => {
    expect(measuredPlanInputs(createCampaignStats())).toBeNull();
  });

  it('leave the live rate to the manager while nobody has answered, and give it once someone has', () => {
    const stats = createCampaignStats();
    for (let i = 0; i < 5; i++) recordDialResult(stats, 'none', 20_000);
    expect(measuredPlanInputs(stats)).toMatchObject({ dials: 5, liveRate: null, machineRate: 0, talkSeconds: null });
    recordDialResult(stats, 'live', 8_000);
    recordTalk(stats, 90_000);
    expect(measuredPlanInputs(stats)?.liveRate).toBeGreaterThan(0);
    expect(measuredPlanInputs(stats)?.talkSeconds).toBe(90);
  });
});
