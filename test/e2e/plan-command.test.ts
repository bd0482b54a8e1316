// `outpace plan` as a campaign manager runs it: the answer as aligned lines or JSON, the same for
// the same seed, with the waits for retries said, and a bad option or an impossible deadline refused
// with the option named and a non-zero exit.

import { describe, expect, it } from 'vitest';
import { planLeadsWhy } from '../../src/sim/planner/plan-limits.js';
import { runOutpace, type OutpaceRun } from '../helpers/outpace-cli.js';

const outpacePlan = (...args: string[]): Promise<OutpaceRun> => runOutpace(['plan', ...args]);

/** Minutes from midnight of 'HH:MM'. */
const clock = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

const question = ['--leads', '3000', '--attempts', '2', '--live', '0.2', '--talk', '90', '--wrap', '10', '--agents', '4'];

describe('outpace plan', () => {
  it('answers with the duration, talk time, abandonment and dial rate, the same for the same seed', async () => {
    const [json, again, text] = await Promise.all([outpacePlan(...question, '--json'), outpacePlan(...question, '--json'), outpacePlan(...question)]);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as { agents: number; expectedHours: number; waitingHours: number; shortestHours: number; talkMinPerAgentHour: number; abandonRate: number; dialsPerAgentHour: number; dialsPerLead: number };
    expect(plan.agents).toBe(4);
    // Two dials at most per lead: the second for the 75% the first neither answered live nor found invalid.
    expect(plan.dialsPerLead).toBeCloseTo(1.75, 9);
    expect((plan.expectedHours - plan.waitingHours) * plan.dialsPerAgentHour * plan.agents).toBeCloseTo(3000 * 1.75, -1);
    expect(plan.expectedHours).toBeGreaterThanOrEqual(plan.shortestHours);
    expect(plan.abandonRate).toBeLessThanOrEqual(0.03);
    expect(JSON.parse(again.stdout)).toEqual(plan);

    const lines = text.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'agents', 'expected duration', 'waiting for retries', 'shortest, any team', 'calendar days', 'last dial', 'open hours a day',
      'dials per lead', 'leads reached', 'talk per agent-hour', 'occupancy', 'abandonment', 'dials per agent-hour', 'pace',
    ]);
    // One column of figures, whatever the label's length.
    expect(new Set(lines.map((line) => line.search(/\s{2,}\S+/) + (/\s{2,}/.exec(line)?.[0].length ?? 0))).size).toBe(1);
    expect(lines[9]).toMatch(new RegExp(`^talk per agent-hour +${plan.talkMinPerAgentHour.toFixed(1)} min$`));
  }, 60_000);

  it("dials in the window's ranges as they are: a lunch break plans seven open hours a day, not eight, and finishes later", async () => {
    // Three agents, a team the simulation sizes in a moment: the list, not the team, is the question.
    const list = ['--leads', '20000', '--attempts', '3', '--live', '0.2', '--talk', '90', '--wrap', '10', '--agents', '3', '--json'];
    const [lunch, straight, text] = await Promise.all([
      outpacePlan(...list, '--window', '09:00-12:00,13:00-17:00'), outpacePlan(...list, '--window', '09:00-17:00'),
      outpacePlan(...list.slice(0, -1), '--window', '09:00-12:00, 13:00-17:00'),
    ]);
    expect(lunch.code).toBe(0);
    type Plan = { expectedHours: number; waitingHours: number; days: number; lastDial: { day: number; time: string }; openHoursPerDay: number; talkMinPerAgentHour: number };
    const withBreak = JSON.parse(lunch.stdout) as Plan;
    const without = JSON.parse(straight.stdout) as Plan;
    expect(withBreak.openHoursPerDay).toBe(7);
    expect(without.openHoursPerDay).toBe(8);
    // The same dialling, over seven hours a day instead of eight: more days, a later last dial,
    // which is never at lunch; the break is no agent's hour, so talk per agent-hour stays.
    expect(withBreak.expectedHours - withBreak.waitingHours).toBeCloseTo(without.expectedHours - without.waitingHours, 6);
    expect(withBreak.days).toBeGreaterThan(without.days);
    expect(withBreak.lastDial.day * 1_440 + clock(withBreak.lastDial.time)).toBeGreaterThan(without.lastDial.day * 1_440 + clock(without.lastDial.time));
    expect(clock(withBreak.lastDial.time) < 12 * 60 || clock(withBreak.lastDial.time) >= 13 * 60).toBe(true);
    expect(withBreak.talkMinPerAgentHour).toBe(without.talkMinPerAgentHour);
    expect(text.stdout).toMatch(/^open hours a day +7\.0 h$/m);
    expect(text.stdout).toMatch(new RegExp(`^last dial +day ${withBreak.lastDial.day + 1}, ${withBreak.lastDial.time}$`, 'm'));

    const bad = await outpacePlan('--leads', '100', '--agents', '2', '--window', '09:00-12:00,14:00-13:00');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--window: 14:00-13:00 ends before it starts');
    const typo = await outpacePlan('--leads', '100', '--agents', '2', '--window', 'lunch');
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("option '--window <ranges>' argument 'lunch' is invalid");
  }, 120_000);

  it("holds each number to its dials a day and a state's leads to its cap, and says that the cap sets the pace", async () => {
    const small = ['--leads', '300', '--attempts', '6', '--dials-per-day', '6', '--live', '0.2', '--talk', '90', '--wrap', '10', '--agents', '4',
      '--window', '09:00-17:00', '--unanswered-wait', '20', '--machine-wait', '20', '--busy-wait', '10', '--congestion-wait', '10'];
    const [free, perNumber, florida] = await Promise.all([
      outpacePlan(...small, '--number-dials-per-day', '6', '--json'), outpacePlan(...small, '--number-dials-per-day', '2'),
      outpacePlan(...small, '--number-dials-per-day', '6', '--state-caps', 'us-fl=0.5', '--json'),
    ]);
    expect(perNumber.code, perNumber.stderr).toBe(0);
    type Plan = { expectedHours: number; lastDial: { day: number }; pacedBy: string; pace: string };
    const unCapped = JSON.parse(free.stdout) as Plan;
    expect(unCapped.lastDial.day).toBe(0);
    expect(unCapped.pacedBy).toBe('retries');
    const hours = Number(/^expected duration +([\d.]+) h$/m.exec(perNumber.stdout)?.[1]);
    expect(hours).toBeGreaterThan(unCapped.expectedHours + 10);
    expect(perNumber.stdout).toMatch(/^pace +the list is exhausted for today by the 2-dials-per-day cap of each number, every campaign's dials together; finishing takes 3 days/m);
    expect(JSON.parse(florida.stdout)).toMatchObject({ pacedBy: 'day_cap', paceCap: { kind: 'jurisdiction', dialsPerDay: 3, names: ['Florida'] }, lastDial: { day: 1 } });
    const texas = await outpacePlan(...small, '--state-caps', 'US-TX=0.5');
    expect(texas.code).not.toBe(0);
    expect(texas.stderr).toContain("option '--state-caps <shares>' argument 'US-TX=0.5' is invalid. expected shares of the leads by state with a cap a day (US-FL, US-OK)");
  }, 120_000);

  it('refuses a bad option with the option named', async () => {
    // Each refused in a process of its own, side by side: none plans anything.
    const [leads, rates, attempts, team, rushed] = await Promise.all([
      outpacePlan('--leads', 'many', '--agents', '3'),
      outpacePlan('--leads', '100', '--live', '0.8', '--machine', '0.3', '--agents', '2'),
      outpacePlan('--leads', '100', '--attempts', '0', '--agents', '2'),
      outpacePlan('--leads', '100'),
      outpacePlan('--leads', '100', '--deadline-hours', '1', '--unanswered-wait', '300'),
    ]);
    expect(leads.code).not.toBe(0);
    expect(leads.stderr).toContain("option '--leads <n>' argument 'many' is invalid");
    expect(rates.code).not.toBe(0);
    expect(rates.stderr).toContain('--machine must leave room for other outcomes');
    expect(attempts.code).not.toBe(0);
    expect(attempts.stderr).toContain("option '--attempts <n>' argument '0' is invalid");
    expect(team.code).not.toBe(0);
    expect(team.stderr).toContain('give --agents or --deadline-hours');
    // The refusal is not buried under the whole usage.
    expect(team.stderr.trim().split('\n')).toHaveLength(2);
    expect(team.stderr.trim().split('\n')[1]).toBe("(add --help for usage)");
    expect(rushed.code).not.toBe(0);
    expect(rushed.stderr).toMatch(/--deadline-hours must be at least \d+\.\d: the list's retries take that long whatever the team/);
  }, 60_000);

  it('says why an answer rate of 0 or 1 cannot be planned, rather than that it is not between 0 and 1', async () => {
    const [none, all] = await Promise.all([
      outpacePlan('--leads', '100', '--live', '0', '--agents', '2'), outpacePlan('--leads', '100', '--live', '1', '--machine', '0', '--agents', '2'),
    ]);
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')[0]).toBe('outpace plan: --live must be more than 0: a list no one answers is never worked through (give the share of dials a person answers, e.g. 0.2)');
    expect(all.code).not.toBe(0);
    expect(all.stderr).toContain('outpace plan: --live must be less than 1: some dials always meet a machine, a busy line or no answer');
  }, 60_000);

  it('refuses a list larger than the planner takes, as the API does, rather than answering for it', async () => {
    const huge = await outpacePlan('--leads', '100000000', '--agents', '3');
    expect(huge.code).not.toBe(0);
    expect(huge.stdout).toBe('');
    expect(huge.stderr.trim().split('\n')[0]).toBe(`outpace plan: --leads ${planLeadsWhy}`);
    expect(planLeadsWhy).toBe('must be at most 10000000: the planner simulates every lead (plan a larger list in parts)');
  }, 60_000);
});
