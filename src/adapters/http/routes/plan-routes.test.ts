// POST /api/plan through the real app builder: the planner answers managers, the same question
// gets the same answer, bad questions say what is wrong, and the simulations run off the thread
// that serves (and, in a node, dials), one plan at a time, within a time limit.

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createAuthenticator } from '../authenticate.js';
import { buildApp } from '../build-app.js';
import { planDefaults } from '../../../sim/planner/plan-defaults.js';
import { planRoutes } from './plan-routes.js';

let app: FastifyInstance | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
});

const tokens = [
  { token: 'manager-token-1', role: 'manager' as const, name: 'Mia' },
  { token: 'viewer-token-1', role: 'viewer' as const, name: 'Wall' },
];

async function planApp(options: { timeoutMs?: number } = {}): Promise<FastifyInstance> {
  app = await buildApp({ routes: planRoutes(options), authenticate: createAuthenticator(tokens, null), logger: pino({ level: 'silent' }) });
  return app;
}

const question = { leads: 3_000, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 4 };
/** A team the simulation sizes in a moment, for questions about the list rather than the team. */
const few = 3;
/** A team that keeps a plan running for seconds. */
const large = 8;

async function ask(server: FastifyInstance, body: unknown, token = 'manager-token-1') {
  return server.inject({ method: 'POST', url: '/api/plan', headers: { authorization: `Bearer ${token}` }, payload: body as object });
}

describe('GET /api/plan/defaults', () => {
  it("gives managers the planner's figures for what a question leaves out (the planner page starts from them), and no one else", async () => {
    const server = await planApp();
    const asked = (token: string) => server.inject({ method: 'GET', url: '/api/plan/defaults', headers: { authorization: `Bearer ${token}` } });
    const answer = await asked('manager-token-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual(planDefaults);
    expect(answer.json()).toMatchObject({ dialHoursPerDay: 24, attemptsPerLead: 6, attemptsPerDay: 3 });
    expect((await asked('viewer-token-1')).statusCode).toBe(403);
  });
});

describe('POST /api/plan', () => {
  it('answers a manager with the duration, talk time, abandonment and dial rate, the same for the same question', async () => {
    const server = await planApp();
    const first = await ask(server, question);
    expect(first.statusCode).toBe(200);
    const plan = first.json<{ agents: number; expectedHours: number; waitingHours: number; shortestHours: number; talkMinPerAgentHour: number; abandonRate: number; dialsPerAgentHour: number; dialsPerLead: number }>();
    expect(plan.agents).toBe(4);
    expect(plan.expectedHours).toBeGreaterThan(0);
    // Unless told otherwise, a lead gets the product's default of up to six dials: a dial ends it
    // on a live answer (20%) or an invalid number (5%).
    expect(plan.dialsPerLead).toBeCloseTo((1 - 0.75 ** 6) / 0.25, 9);
    // The hours are the dials the list takes over the team's dial rate, and the waits for retries
    // that found the team with nothing due.
    expect((plan.expectedHours - plan.waitingHours) * plan.dialsPerAgentHour * plan.agents).toBeCloseTo(question.leads * plan.dialsPerLead, -1);
    expect(plan.expectedHours).toBeGreaterThanOrEqual(plan.shortestHours);
    expect(plan.talkMinPerAgentHour).toBeGreaterThan(0);
    expect(plan.talkMinPerAgentHour).toBeLessThan((60 * 90) / 100);
    expect(plan.abandonRate).toBeLessThanOrEqual(0.03);
    expect((await ask(server, question)).json()).toEqual(plan);
  }, 60_000);

  it('finds the team a deadline needs', async () => {
    const server = await planApp();
    // A deadline a few agents meet: the search simulates small teams.
    const reply = await ask(server, { ...question, leads: 800, attemptsPerLead: 1, agents: undefined, deadlineHours: 4 });
    expect(reply.statusCode).toBe(200);
    const plan = reply.json<{ agents: number; agentsNeededForDeadline: number; expectedHours: number; deadlineHours: number }>();
    expect(plan.agentsNeededForDeadline).toBe(plan.agents);
    expect(plan.expectedHours).toBeLessThanOrEqual(4);
    expect(plan.deadlineHours).toBe(4);
  }, 60_000);

  it("plans with the campaign's waits before a retry, and refuses a deadline shorter than its retries take", async () => {
    const server = await planApp();
    // No cap on dials a day here, a lead's or its number's, so that only the waits count.
    const small = { ...question, leads: 300, agents: few, attemptsPerDay: 6, dialsPerNumberPerDay: 6 };
    const usual = (await ask(server, small)).json<{ expectedHours: number; shortestHours: number; days: number }>();
    const patient = await ask(server, { ...small, retryMinutes: { noAnswerRetryMinutes: 360, machineRetryMinutes: 360 } });
    expect(patient.statusCode).toBe(200);
    expect(patient.json<{ shortestHours: number }>().shortestHours).toBeGreaterThan(usual.shortestHours + 10);
    // Three dials a day (the product's cap when not given) and a 12-hour window: the fourth dial
    // waits for the next day's window, after the rest of the first day's.
    const capped = (await ask(server, { ...small, attemptsPerDay: undefined, dialsPerNumberPerDay: undefined, dialHoursPerDay: 12 })).json<{ shortestHours: number; days: number }>();
    expect(capped.shortestHours).toBeGreaterThan(12);
    expect(capped.days).toBeGreaterThan(1);
    expect(usual.days).toBeLessThan(1);
    const rushed = await ask(server, { ...small, agents: undefined, deadlineHours: 1 });
    expect(rushed.statusCode).toBe(400);
    expect(rushed.json<{ message: string }>().message).toBe(`deadlineHours must be at least ${usual.shortestHours.toFixed(1)}: the list's retries take that long whatever the team`);
    const negative = await ask(server, { ...small, retryMinutes: { busyRetryMinutes: -5 } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json<{ message: string }>().message).toMatch(/busyRetryMinutes/);
  }, 60_000);

  it("dials in the window's ranges as they are: a lunch break plans seven open hours a day, not eight, and finishes later", async () => {
    const server = await planApp();
    const list = { ...question, leads: 20_000, attemptsPerLead: 3, agents: few };
    const lunch = [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }];
    type Plan = { expectedHours: number; waitingHours: number; days: number; lastDial: { day: number; time: string }; openHoursPerDay: number; talkMinPerAgentHour: number };
    const withBreak = await ask(server, { ...list, dialRanges: lunch });
    expect(withBreak.statusCode).toBe(200);
    const planned = withBreak.json<Plan>();
    const without = (await ask(server, { ...list, dialRanges: [{ start: '09:00', end: '17:00' }] })).json<Plan>();
    expect(planned.openHoursPerDay).toBe(7);
    expect(without.openHoursPerDay).toBe(8);
    expect(planned.expectedHours - planned.waitingHours).toBeCloseTo(without.expectedHours - without.waitingHours, 6);
    expect(planned.days).toBeGreaterThan(without.days);
    expect(planned.lastDial.day).toBeGreaterThan(without.lastDial.day);
    expect(planned.talkMinPerAgentHour).toBe(without.talkMinPerAgentHour);
    // A campaign's calendar day by day: a closed weekend first moves the last dial two days on, the same hour.
    const fromSaturday = (await ask(server, { ...list, dialRanges: lunch, dialRangesByDay: [[], []] })).json<Plan>();
    expect(fromSaturday.lastDial).toEqual({ day: planned.lastDial.day + 2, time: planned.lastDial.time });
    expect(fromSaturday.openHoursPerDay).toBe(7);

    const backwards = await ask(server, { ...question, dialRanges: [{ start: '17:00', end: '13:00' }] });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ message: string }>().message).toBe('dialRanges: 17:00-13:00 ends before it starts');
  }, 120_000);

  it("holds leads to each number's dials a day and a state's cap, says which sets the pace, and refuses a state with no cap", async () => {
    const server = await planApp();
    const small = {
      leads: 300, attemptsPerLead: 6, liveRate: 0.2, talkSeconds: 90, wrapSeconds: 10, agents: 4, attemptsPerDay: 6, dialRanges: [{ start: '09:00', end: '17:00' }],
      retryMinutes: { busyRetryMinutes: 10, noAnswerRetryMinutes: 20, machineRetryMinutes: 20, congestionRetryMinutes: 10 },
    };
    type Plan = { expectedHours: number; lastDial: { day: number }; pacedBy: string; paceCap: unknown; pace: string };
    // One plan at a time: each asked after the last has answered.
    const plan = async (body: object): Promise<Plan> => (await ask(server, body)).json<Plan>();
    const free = await plan({ ...small, dialsPerNumberPerDay: 6 });
    const perNumber = await plan({ ...small, dialsPerNumberPerDay: 2 });
    const florida = await plan({ ...small, dialsPerNumberPerDay: 6, jurisdictionCaps: [{ code: 'US-FL', share: 0.5 }] });
    expect(free.lastDial.day).toBe(0);
    expect(free.pacedBy).toBe('retries');
    expect(perNumber.expectedHours).toBeGreaterThan(free.expectedHours + 10);
    expect(perNumber).toMatchObject({ pacedBy: 'day_cap', paceCap: { kind: 'number', dialsPerDay: 2, names: [] } });
    expect(perNumber.pace).toMatch(/^the list is exhausted for today by the 2-dials-per-day cap of each number, every campaign's dials together; finishing takes 3 days/);
    expect(florida).toMatchObject({ pacedBy: 'day_cap', paceCap: { kind: 'jurisdiction', dialsPerDay: 3, names: ['Florida'] }, lastDial: { day: 1 } });
    const texas = await ask(server, { ...small, jurisdictionCaps: [{ code: 'US-TX', share: 0.5 }] });
    expect(texas.statusCode).toBe(400);
    expect(texas.json<{ message: string }>().message).toMatch(/a state with a cap a day: US-FL, US-OK/);
  }, 120_000);

  it('is for managers only', async () => {
    const server = await planApp();
    expect((await ask(server, question, 'viewer-token-1')).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url: '/api/plan', payload: question })).statusCode).toBe(401);
  });

  it('says what is wrong with a question', async () => {
    const server = await planApp();
    const reply = await ask(server, { leads: 100, liveRate: 2, talkSeconds: 60, wrapSeconds: 10 });
    expect(reply.statusCode).toBe(400);
    expect(reply.json<{ message: string }>().message).toMatch(/liveRate/);
    // No one answering is no plan: said so, not as a number too small.
    const nobody = await ask(server, { ...question, liveRate: 0 });
    expect([nobody.statusCode, nobody.json<{ message: string }>().message]).toEqual([400,
      'body.liveRate: must be more than 0: a list no one answers is never worked through (give the share of dials a person answers, e.g. 0.2)']);
    const noTeam = await ask(server, { ...question, agents: undefined });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json<{ message: string }>().message).toContain('give agents or deadlineHours');
  });

  it('simulates off the thread that serves: the event loop keeps turning while a plan runs', async () => {
    const server = await planApp();
    // Everything loaded, with a plan of a team sized in a moment: what is timed is the large plan.
    expect((await ask(server, { ...question, agents: few })).statusCode).toBe(200);
    // The longest the loop went without a turn, against how long the request took: planned on
    // this thread, the simulations would hold it for nearly all of the request.
    let last = performance.now();
    let longestStall = 0;
    let stop = false;
    const turn = (): void => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
      if (!stop) setImmediate(turn);
    };
    setImmediate(turn);
    const started = performance.now();
    const reply = await ask(server, { ...question, agents: large });
    const took = performance.now() - started;
    stop = true;
    // The answer may come before the loop's next turn: the time since the last one counts too.
    longestStall = Math.max(longestStall, performance.now() - last);
    expect(reply.statusCode).toBe(200);
    expect(longestStall).toBeLessThan(took / 3);
  }, 60_000);

  it('runs one plan at a time and says so to the next caller, but answers a question asked before from its answer', async () => {
    const server = await planApp();
    const before = await ask(server, { ...question, agents: few });
    expect(before.statusCode).toBe(200);
    const first = ask(server, { ...question, agents: large });
    const second = await ask(server, question);
    expect(second.statusCode).toBe(429);
    expect(second.json<{ message: string }>().message).toContain('a plan is already running');
    // Asked again while the other plan runs: its answer is kept, no plan to run.
    const again = await ask(server, { ...question, agents: few });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(before.json());
    expect((await first).statusCode).toBe(200);
    // Once it has answered, the next question not asked before is planned (a small team, in a moment).
    expect((await ask(server, { ...question, agents: few - 1 })).statusCode).toBe(200);
  }, 60_000);

  it('stops a plan that runs past its time limit', async () => {
    const server = await planApp({ timeoutMs: 1 });
    const reply = await ask(server, question);
    expect(reply.statusCode).toBe(503);
    expect(reply.json<{ message: string }>().message).toMatch(/took longer than .* and was stopped/);
  }, 60_000);
});
