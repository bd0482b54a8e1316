import { describe, expect, it } from 'vitest';
import { planCampaign, planProblems, type PlanInput } from './plan-campaign.js';

const base: PlanInput = { leads: 3_000, liveRate: 0.2, machineRate: 0.25, talkSeconds: 90, wrapSeconds: 15, amd: true, agents: 5, seed: 3 };

describe('campaign planner', () => {
  it('answers the same question the same way (pure given the seed)', () => {
    expect(planCampaign(base)).toEqual(planCampaign(base));
  });

  it('plans duration from the simulated dial rate and finds the team for a deadline', () => {
    const plan = planCampaign(base);
    expect(plan.expectedHours).toBeCloseTo(base.leads / (plan.dialsPerAgentHour * 5), 6);
    expect(plan.talkMinPerAgentHour).toBeGreaterThan(20);
    const rushed = planCampaign({ ...base, agents: undefined, deadlineHours: plan.expectedHours / 2 });
    expect(rushed.agentsNeededForDeadline).toBeGreaterThan(5);
    expect(rushed.expectedHours).toBeLessThanOrEqual(plan.expectedHours / 2);
  });

  it('refuses a question it cannot answer', () => {
    expect(planProblems({ ...base, agents: undefined })).toContain('give agents or deadlineHours');
    expect(() => planCampaign({ ...base, liveRate: 0 })).toThrow(RangeError);
  });
});
