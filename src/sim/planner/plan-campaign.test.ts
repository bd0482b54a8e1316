import { describe, expect, it } from 'vitest';
import { planCampaign, planProblems, smallestTeamWithin, type PlanAnswer, type PlanInput } from './plan-campaign.js';

const base: PlanInput = {
  leads: 3_000, attemptsPerLead: 1, liveRate: 0.2, machineRate: 0.25, talkSeconds: 90, wrapSeconds: 15, amd: true, abandonTarget: 0.03, agents: 5, seed: 3,
};

/** Each question planned once in this file, however many tests read its answer: a plan simulates
 * the campaign, CPU work of seconds on a slow, loaded machine (and the test of the planner's
 * purity plans its question anew). */
const planned = new Map<string, PlanAnswer>();
function planOf(input: PlanInput): PlanAnswer {
  const key = JSON.stringify(input);
  const known = planned.get(key);
  if (known) return known;
  const answer = planCampaign(input);
  planned.set(key, answer);
  return answer;
}

describe('campaign planner', { timeout: 180_000 }, () => {
  it('answers the same question the same way (pure given the seed)', () => {
    expect(planCampaign(base)).toEqual(planOf(base));
  });

  it('plans duration from the simulated dial rate and finds the team for a deadline', () => {
    const plan = planOf(base);
    expect(plan.expectedHours).toBeCloseTo(base.leads / (plan.dialsPerAgentHour * 5), 6);
    expect(plan.talkMinPerAgentHour).toBeGreaterThan(20);
    // A team of two, rushed to half its hours: the search sizes a small team.
    const pair = planOf({ ...base, agents: 2 });
    const rushed = planCampaign({ ...base, agents: undefined, deadlineHours: pair.expectedHours / 2 });
    expect(rushed.agentsNeededForDeadline).toBeGreaterThan(2);
    expect(rushed.expectedHours).toBeLessThanOrEqual(pair.expectedHours / 2);
    // One agent fewer misses the deadline: it is the smallest team, not one that happens to meet it.
    const fewer = planCampaign({ ...base, agents: (rushed.agentsNeededForDeadline ?? 0) - 1 });
    expect(fewer.expectedHours).toBeGreaterThan(pair.expectedHours / 2);
  });

  it('counts the retries of leads no one answered: more dials per lead, more leads reached, the same dial rate', () => {
    const once = planOf(base);
    const thrice = planOf({ ...base, attemptsPerLead: 3 });
    // A dial ends its lead on a live answer (20%) or an invalid number (5%): 1 + 0.75 + 0.75^2.
    expect(once.dialsPerLead).toBeCloseTo(1, 9);
    expect(thrice.dialsPerLead).toBeCloseTo(1 + 0.75 + 0.75 ** 2, 9);
    expect(once.leadsReached).toBeCloseTo(3_000 * 0.2, 6);
    expect(thrice.leadsReached).toBeCloseTo(3_000 * (1 - 0.75 ** 3) * (0.2 / 0.25), 6);
    expect(thrice.dialsPerAgentHour).toBe(once.dialsPerAgentHour);
    // The dials take their time at the same rate, and the last retries wait for theirs.
    expect(thrice.expectedHours - thrice.waitingHours).toBeCloseTo(once.expectedHours * thrice.dialsPerLead, 6);
    expect(once.waitingHours).toBeCloseTo(0, 9);
  });

  it("says how long the list's retries take whatever the team, and refuses a deadline shorter than that", () => {
    // Three agents (a team the simulation sizes in a moment) and a list they dial in no time.
    const small = { ...base, leads: 200, attemptsPerLead: 6, agents: 3 };
    const plan = planOf(small);
    // Six dials with an hour or two between them: a 3-agent team makes 200 leads' dials in about an hour.
    expect(plan.shortestHours).toBeGreaterThan(5);
    expect(plan.expectedHours).toBeGreaterThanOrEqual(plan.shortestHours);
    expect(plan.waitingHours).toBeGreaterThan(plan.expectedHours / 2);
    const problems = planProblems({ ...small, agents: undefined, deadlineHours: 2 });
    expect(problems).toEqual([`deadlineHours must be at least ${plan.shortestHours.toFixed(1)}: the list's retries take that long whatever the team`]);
    const slower = planCampaign({ ...small, retryMinutes: { busyRetryMinutes: 15, noAnswerRetryMinutes: 240, machineRetryMinutes: 240, congestionRetryMinutes: 10 } });
    expect(slower.shortestHours).toBeGreaterThan(plan.shortestHours + 5);
    expect(planProblems({ ...small, retryMinutes: { busyRetryMinutes: -1, noAnswerRetryMinutes: 60, machineRetryMinutes: 120, congestionRetryMinutes: 10 } }))
      .toEqual(['retryMinutes must be minutes, 0 or more: busyRetryMinutes']);
    // A round-the-clock window has 25 open hours the day the clocks go back; a 26th is none.
    expect(planProblems({ ...small, dialHoursByDay: [24, 25, 24] })).toEqual([]);
    expect(planProblems({ ...small, dialHoursByDay: [26] })).toEqual(['dialHoursByDay must be hours from 0 to 25']);
  });

  it("paces within the campaign's own budget: none to spend means no overdialling", () => {
    // Eight agents: a team that abandons some calls when it may.
    const team = { ...base, agents: 8 };
    const usual = planOf(team);
    const none = planOf({ ...team, abandonTarget: 0 });
    expect(usual.abandonRate).toBeGreaterThan(0);
    expect(none.talkMinPerAgentHour).toBeLessThan(usual.talkMinPerAgentHour - 3);
    expect(none.abandonRate).toBeLessThanOrEqual(usual.abandonRate);
  });

  it("dials in the window's ranges: a lunch break is seven open hours a day of eight, and a later last dial", () => {
    const list = { ...base, leads: 20_000, attemptsPerLead: 3, agents: 3 };
    const lunch = planOf({ ...list, dialRanges: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] });
    const straight = planOf({ ...list, dialRanges: [{ start: '09:00', end: '17:00' }] });
    expect(lunch.openHoursPerDay).toBe(7);
    expect(straight.openHoursPerDay).toBe(8);
    expect(lunch.days).toBeGreaterThan(straight.days);
    expect(lunch.lastDial.day).toBeGreaterThan(straight.lastDial.day);
    expect(lunch.lastDial.time < '12:00' || lunch.lastDial.time >= '13:00').toBe(true);
    // Agents are counted in the open hours only: the break does not thin their talk time.
    expect(lunch.talkMinPerAgentHour).toBe(straight.talkMinPerAgentHour);
    expect(lunch.expectedHours - lunch.waitingHours).toBeCloseTo(straight.expectedHours - straight.waitingHours, 6);
  });

  it('says what is wrong with a range', () => {
    expect(planProblems({ ...base, dialRanges: [] })).toEqual(['dialRanges must hold a range: the window never opens']);
    expect(planProblems({ ...base, dialRanges: [{ start: '13:00', end: '12:00' }] })).toEqual(['dialRanges: 13:00-12:00 ends before it starts']);
    expect(planProblems({ ...base, dialRangesByDay: [[], [{ start: '9am', end: '12:00' }]] })).toEqual(['dialRangesByDay[1]: "9am" is not a time of day (HH:MM, 24-hour)']);
  });

  it('sizes the smallest team for a deadline, and refuses a deadline no team it sizes can meet', () => {
    // Ten agent-hours of work and two hours of waits whatever the team: four hours needs five agents.
    const hoursWith = (agents: number) => 2 + 10 / agents;
    expect(smallestTeamWithin(4, hoursWith)).toBe(5);
    expect(smallestTeamWithin(12, hoursWith)).toBe(1);
    // Searched from a guess, too many or too few, or past the largest team: the same team.
    for (const guess of [1, 4, 5, 6, 9, 40, 5_000]) expect(smallestTeamWithin(4, hoursWith, 1_000, guess)).toBe(5);
    expect(smallestTeamWithin(12, hoursWith, 1_000, 700)).toBe(1);
    expect(() => smallestTeamWithin(2.005, hoursWith, 1_000)).toThrow(new RangeError('no team of up to 1000 agents finishes by the deadline: 1000 take 2.0 h'));
  });

  it('refuses a question it cannot answer', () => {
    expect(planProblems({ ...base, agents: undefined })).toContain('give agents or deadlineHours');
    expect(() => planCampaign({ ...base, liveRate: 0 })).toThrow(RangeError);
    expect(planProblems({ ...base, attemptsPerLead: 0 })).toEqual(['attemptsPerLead must be a whole number from 1 to 50']);
    expect(planProblems({ ...base, abandonTarget: 0.05 })).toEqual(['abandonTarget must be between 0 and 0.03']);
  });
});

describe('what sets the pace', { timeout: 180_000 }, () => {
  // 300 leads of up to 6 dials, 3 agents, 8 calling hours a day: the team could dial them all in
  // an hour or two; how long the list takes is the retries' and the caps' doing.
  const small: PlanInput = {
    ...base, leads: 300, attemptsPerLead: 6, agents: 3, dialRanges: [{ start: '09:00', end: '17:00' }],
    retryMinutes: { busyRetryMinutes: 10, noAnswerRetryMinutes: 60, machineRetryMinutes: 60, congestionRetryMinutes: 10 },
  };

  it("holds each number to its dials a day, every campaign's together: a cap of 1 takes the list over six days, and says so", () => {
    const free = planOf({ ...small, attemptsPerDay: 6 });
    const capped = planOf({ ...small, attemptsPerDay: 6, dialsPerNumberPerDay: 1 });
    expect(free.lastDial.day).toBe(0);
    expect(capped.lastDial.day).toBe(5);
    expect(capped.expectedHours).toBeGreaterThan(free.expectedHours + 30);
    expect(capped.pacedBy).toBe('day_cap');
    expect(capped.paceCap).toEqual({ kind: 'number', dialsPerDay: 1, names: [] });
    expect(capped.pace).toMatch(/^the list is exhausted for today by the 1-dial-per-day cap of each number, every campaign's dials together; finishing takes 6 days/);
    expect(free.pacedBy).toBe('retries');
    expect(free.pace).toMatch(/^the waits before a lead is dialled again set the pace, not the team: .* finishing takes 1 day$/);
  });

  it("holds a state's leads to its cap: Florida's three a day lengthens the list, named", () => {
    const campaignCap = { ...small, attemptsPerDay: 6, retryMinutes: { busyRetryMinutes: 10, noAnswerRetryMinutes: 20, machineRetryMinutes: 20, congestionRetryMinutes: 10 } };
    const without = planOf(campaignCap);
    const florida = planOf({ ...campaignCap, jurisdictionCaps: [{ share: 0.5, dialsPerDay: 3, names: ['Florida'] }] });
    expect(florida.expectedHours).toBeGreaterThan(without.expectedHours + 4);
    expect(florida.lastDial.day).toBe(without.lastDial.day + 1);
    expect(florida.pacedBy).toBe('day_cap');
    expect(florida.pace).toMatch(/^the list is exhausted for today by Florida's 3-dials-per-day cap on its leads; finishing takes 2 days/);
    expect(planProblems({ ...small, jurisdictionCaps: [{ share: 0.7, dialsPerDay: 3, names: ['Florida'] }, { share: 0.5, dialsPerDay: 3, names: ['Oklahoma'] }] }))
      .toEqual(['jurisdictionCaps: the shares must not add up to more than 1']);
  });

  it('says the team sets the pace when it always has leads due', () => {
    const plan = planOf(base);
    expect(plan.pacedBy).toBe('team');
    expect(plan.paceCap).toBeNull();
    expect(plan.pace).toMatch(/^the team sets the pace/);
  });
});
