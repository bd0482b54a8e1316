import { describe, expect, it } from 'vitest';
import { planCampaign, planProblems, type PlanInput } from './plan-campaign.js';

const base: PlanInput = {
  leads: 3_000, attemptsPerLead: 1, liveRate: 0.2, machineRate: 0.25, talkSeconds: 90, wrapSeconds: 15, amd: true, abandonTarget: 0.03, agents: 5, seed: 3,
};

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

  it('counts the retries of leads no one answered: more dials per lead, more leads reached, the same dial rate', () => {
    const once = planCampaign(base);
    const thrice = planCampaign({ ...base, attemptsPerLead: 3 });
    // A dial ends its lead on a live answer (20%) or an invalid number (5%): 1 + 0.75 + 0.75^2.
    expect(once.dialsPerLead).toBeCloseTo(1, 9);
    expect(thrice.dialsPerLead).toBeCloseTo(1 + 0.75 + 0.75 ** 2, 9);
    expect(once.leadsReached).toBeCloseTo(3_000 * 0.2, 6);
    expect(thrice.leadsReached).toBeCloseTo(3_000 * (1 - 0.75 ** 3) * (0.2 / 0.25), 6);
    expect(thrice.dialsPerAgentHour).toBe(once.dialsPerAgentHour);
    expect(thrice.expectedHours).toBeCloseTo(once.expectedHours * thrice.dialsPerLead, 9);
  });

  it("paces within the campaign's own budget: none to spend means no overdialling", () => {
    const team = { ...base, agents: 20 };
    const usual = planCampaign(team);
    const none = planCampaign({ ...team, abandonTarget: 0 });
    expect(none.talkMinPerAgentHour).toBeLessThan(usual.talkMinPerAgentHour - 3);
    expect(none.abandonRate).toBeLessThanOrEqual(usual.abandonRate);
  });

  it('refuses a question it cannot answer', () => {
    expect(planProblems({ ...base, agents: undefined })).toContain('give agents or deadlineHours');
    expect(() => planCampaign({ ...base, liveRate: 0 })).toThrow(RangeError);
    expect(planProblems({ ...base, attemptsPerLead: 0 })).toEqual(['attemptsPerLead must be a whole number from 1 to 50']);
    expect(planProblems({ ...base, abandonTarget: 0.05 })).toEqual(['abandonTarget must be between 0 and 0.03']);
  });
});
