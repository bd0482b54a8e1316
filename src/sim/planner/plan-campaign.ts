// The campaign planner: how long a list takes, what it yields and how many agents a deadline
// needs, answered by simulating the campaign with the same engine core and traffic model as the
// pacing benchmark. Pure given its seed: the same question always gets the same answer.
// The simulation gives the team's dial rate; the list's retries give the dials it takes and, as
// they come back only after the campaign's waits and within its calling window and dials-a-day
// cap, how long the list lasts (list-schedule.ts): a small list waits on its retries whatever the
// team, so a deadline shorter than they take is refused.

import { highestRegimeTarget } from '../../core/compliance/abandon-regime.js';
import { clockOf, parseClock, type MinuteRange, type TimeRange } from '../../core/compliance/calling-window.js';
import { defaultRecyclePolicy, type RetryMinutes } from '../../core/recycle-rule.js';
import { listSchedule, type DialOutcomeMix, type ListSchedule } from './list-schedule.js';
import { Simulation } from '../engine/simulation.js';
import { maxAttemptsPerLead, maxPlanAgents } from './plan-limits.js';
import { runResult, type RunResult } from '../engine/run-result.js';
import { scenario, simCampaignSettings } from '../engine/scenario.js';
import { trafficModel } from '../traffic/traffic-model.js';

export interface PlanInput {
  /** Leads on the list. */
  leads: number;
  /** Dials a lead gets at most (the campaign's recycle maxAttempts): one that reaches no one is
   * dialled again until a person answers, its number turns out invalid, or it has had these. */
  attemptsPerLead: number;
  /** Share of dials answered by a live person. */
  liveRate: number;
  /** Share of dials answered by a machine. */
  machineRate: number;
  talkSeconds: number;
  wrapSeconds: number;
  amd: boolean;
  /** The campaign's abandonment budget, a share of live answers (3% at most, as every regime's). */
  abandonTarget: number;
  /** Team size to plan for; if absent, `deadlineHours` decides it. */
  agents?: number;
  /** Finish the list within this many hours of dialling. */
  deadlineHours?: number;
  /** The campaign's waits before a lead is dialled again (settings.recycle); the product's
   * defaults when not given. */
  retryMinutes?: PlanRetryMinutes;
  /** Hours a day its calling window is open (24 when not given): hours of dialling are counted in it. */
  dialHoursPerDay?: number;
  /** Hours its window is open on each day from the first dial's (its weekdays and holidays);
   * days past the list have `dialHoursPerDay`. */
  dialHoursByDay?: readonly number[];
  /** When its window is open every day past `dialRangesByDay` ('HH:MM', e.g. 09:00-12:00 and
   * 13:00-17:00): nothing is dialled between ranges, and a day's hours are at most theirs. Not
   * given: a day's hours are one block from its start. */
  dialRanges?: readonly TimeRange[];
  /** The same on each day from the first dial's (an empty day is closed). */
  dialRangesByDay?: readonly (readonly TimeRange[])[];
  /** Dials a lead may get in a day (its dials-a-day cap); none when not given. */
  attemptsPerDay?: number;
  seed: number;
}

/** The waits that matter to a plan: after the outcomes that leave a lead to dial again. */
export type PlanRetryMinutes = Pick<RetryMinutes, 'busyRetryMinutes' | 'noAnswerRetryMinutes' | 'machineRetryMinutes' | 'congestionRetryMinutes'>;

/** A campaign's waits as a plan takes them. */
export function planRetryMinutesOf(waits: RetryMinutes): PlanRetryMinutes {
  const { busyRetryMinutes, noAnswerRetryMinutes, machineRetryMinutes, congestionRetryMinutes } = waits;
  return { busyRetryMinutes, noAnswerRetryMinutes, machineRetryMinutes, congestionRetryMinutes };
}

export interface PlanAnswer {
  agents: number;
  /** Hours of dialling to work through the list with `agents`, waits for retries included. */
  expectedHours: number;
  /** Of those, the hours' worth of the team's dialling that found no lead due (waiting on retries). */
  waitingHours: number;
  /** The least time the list's retries take, whatever the team. */
  shortestHours: number;
  /** Calendar days from the first dial to the last, with `agents`. */
  days: number;
  /** When the last dial is made: the day (0 is the first day's) and the time on the window's clock. */
  lastDial: { day: number; time: string };
  /** Hours the window is open a day (breaks left out), on average from the first dial's day to the last's. */
  openHoursPerDay: number;
  /** Dials the average lead takes, retries included. */
  dialsPerLead: number;
  /** Leads expected to reach a live person within their dials. */
  leadsReached: number;
  talkMinPerAgentHour: number;
  occupancy: number;
  abandonRate: number;
  dialsPerAgentHour: number;
  /** The smallest team that finishes by the deadline (when one was given). */
  agentsNeededForDeadline: number | null;
  deadlineHours: number | null;
}

const SAMPLE_HOURS = 1;
const WARMUP_MS = 10 * 60_000;
/** Outcomes the question does not ask about, as shares of dials (less when live and machine
 * answers leave no room for them). */
const OTHER_OUTCOMES = { busy: 0.05, congestion: 0.02, invalid: 0.05 };

/** Every outcome's share of dials, summing to one. */
function outcomeMix(input: PlanInput): DialOutcomeMix {
  const rest = Math.max(0, 1 - input.liveRate - input.machineRate);
  const otherTotal = OTHER_OUTCOMES.busy + OTHER_OUTCOMES.congestion + OTHER_OUTCOMES.invalid;
  const scale = Math.min(1, rest / otherTotal);
  const busy = OTHER_OUTCOMES.busy * scale;
  const congestion = OTHER_OUTCOMES.congestion * scale;
  const invalid = OTHER_OUTCOMES.invalid * scale;
  return { live: input.liveRate, machine: input.machineRate, busy, congestion, invalid, noAnswer: Math.max(0, rest - busy - congestion - invalid) };
}

/** What the retries make of the list: a dial ends its lead when a person answers or the number
 * is invalid, and anything else is dialled again up to the lead's limit. */
function listYield(input: PlanInput): { dialsPerLead: number; leadsReached: number } {
  const mix = outcomeMix(input);
  const ends = mix.live + mix.invalid;
  const open = (1 - ends) ** input.attemptsPerLead;
  return { dialsPerLead: (1 - open) / ends, leadsReached: input.leads * (1 - open) * (mix.live / ends) };
}

export function planProblems(input: PlanInput): string[] {
  const problems: string[] = [];
  if (!(input.leads > 0)) problems.push('leads must be positive');
  if (!(Number.isInteger(input.attemptsPerLead) && input.attemptsPerLead >= 1 && input.attemptsPerLead <= maxAttemptsPerLead)) {
    problems.push(`attemptsPerLead must be a whole number from 1 to ${maxAttemptsPerLead}`);
  }
  if (!(input.liveRate > 0 && input.liveRate < 1)) problems.push('liveRate must be between 0 and 1');
  if (!(input.machineRate >= 0) || input.liveRate + input.machineRate > 0.95) problems.push('machineRate must leave room for other outcomes');
  if (!(input.abandonTarget >= 0 && input.abandonTarget <= highestRegimeTarget)) problems.push(`abandonTarget must be between 0 and ${highestRegimeTarget}`);
  if (!(input.talkSeconds > 0)) problems.push('talkSeconds must be positive');
  if (!(input.wrapSeconds >= 0)) problems.push('wrapSeconds must not be negative');
  if (input.agents === undefined && input.deadlineHours === undefined) problems.push('give agents or deadlineHours');
  if (input.agents !== undefined && !(input.agents >= 1 && input.agents <= maxPlanAgents)) problems.push(`agents must be 1 to ${maxPlanAgents}`);
  if (input.deadlineHours !== undefined && !(input.deadlineHours > 0)) problems.push('deadlineHours must be positive');
  if (input.dialHoursPerDay !== undefined && !(input.dialHoursPerDay > 0 && input.dialHoursPerDay <= 24)) problems.push('dialHoursPerDay must be more than 0 and at most 24');
  // The day the clocks go back has 25 hours, all open under a round-the-clock window.
  if (input.dialHoursByDay?.some((hours) => !(hours >= 0 && hours <= 25))) problems.push('dialHoursByDay must be hours from 0 to 25');
  problems.push(...rangeProblems(input));
  if (input.attemptsPerDay !== undefined && !(Number.isInteger(input.attemptsPerDay) && input.attemptsPerDay >= 1)) problems.push('attemptsPerDay must be a whole number, 1 or more');
  const waits = Object.entries(input.retryMinutes ?? {}).filter(([, minutes]) => !(Number.isFinite(minutes) && minutes >= 0)).map(([name]) => name);
  if (waits.length > 0) problems.push(`retryMinutes must be minutes, 0 or more: ${waits.join(', ')}`);
  if (problems.length === 0 && input.deadlineHours !== undefined) {
    const shortest = shortestHours(input);
    if (input.deadlineHours < shortest) {
      problems.push(`deadlineHours must be at least ${shortest.toFixed(1)}: the list's retries take that long whatever the team`);
    }
  }
  return problems;
}

/** What is wrong with the window's ranges, each named by where it is. */
function rangeProblems(input: PlanInput): string[] {
  const problems: string[] = [];
  if (input.dialRanges?.length === 0) problems.push('dialRanges must hold a range: the window never opens');
  const check = (where: string, range: TimeRange): void => {
    try {
      if (parseClock(range.start) >= parseClock(range.end)) problems.push(`${where}: ${range.start}-${range.end} ends before it starts`);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  };
  input.dialRanges?.forEach((range) => check('dialRanges', range));
  input.dialRangesByDay?.forEach((day, k) => day.forEach((range) => check(`dialRangesByDay[${k}]`, range)));
  return problems;
}

const minutesOf = (ranges: readonly TimeRange[]): MinuteRange[] => ranges.map((r) => ({ start: parseClock(r.start), end: parseClock(r.end) }));

/** Simulates an hour of the campaign with `agents` and returns what it measured. */
function sample(input: PlanInput, agents: number): RunResult {
  const traffic = trafficModel({
    outcomeMix: outcomeMix(input),
    talk: { meanMs: input.talkSeconds * 1000, cv: 1 },
    wrapUp: { meanMs: Math.max(1, input.wrapSeconds * 1000), cv: 0.5 },
  });
  const sim = new Simulation(scenario({
    name: `plan-${agents}`, seed: input.seed, agents, traffic, warmupMs: WARMUP_MS,
    durationMs: WARMUP_MS + SAMPLE_HOURS * 3_600_000,
    campaign: { ...simCampaignSettings, amdEnabled: input.amd, abandonTarget: input.abandonTarget },
  })).run();
  return runResult(sim);
}

function scheduleAt(input: PlanInput, dialsPerHour: number): ListSchedule {
  return listSchedule({
    leads: input.leads, attemptsPerLead: input.attemptsPerLead, mix: outcomeMix(input), dialsPerHour,
    retryMinutes: input.retryMinutes ?? planRetryMinutesOf(defaultRecyclePolicy),
    ...(input.dialHoursPerDay !== undefined ? { dialHoursPerDay: input.dialHoursPerDay } : {}),
    ...(input.dialHoursByDay !== undefined ? { dialHoursByDay: input.dialHoursByDay } : {}),
    ...(input.dialRanges !== undefined ? { dialRanges: minutesOf(input.dialRanges) } : {}),
    ...(input.dialRangesByDay !== undefined ? { dialRangesByDay: input.dialRangesByDay.map(minutesOf) } : {}),
    ...(input.attemptsPerDay !== undefined ? { attemptsPerDay: input.attemptsPerDay } : {}),
  });
}

/** The list's time with a team that dials every lead the moment it is due. */
function shortestHours(input: PlanInput): number {
  return scheduleAt(input, input.leads * input.attemptsPerLead * 60).hours;
}

/** How long the list takes with `agents` dialling at the simulated rate, retries included. */
function scheduleFor(input: PlanInput, agents: number, result: RunResult): ListSchedule {
  return scheduleAt(input, result.dialsPerAgentHour * agents);
}

function hoursFor(input: PlanInput, agents: number, result: RunResult): number {
  return scheduleFor(input, agents, result).hours;
}

/** The smallest team whose simulated dial rate finishes the list by the deadline. */
function agentsForDeadline(input: PlanInput, deadlineHours: number, cache: Map<number, RunResult>): number {
  return smallestTeamWithin(deadlineHours, (agents) => {
    let result = cache.get(agents);
    if (!result) {
      result = sample(input, agents);
      cache.set(agents, result);
    }
    return hoursFor(input, agents, result);
  });
}

/**
 * The smallest team of at most `largest` agents that `hoursWith` says finishes within the
 * deadline (the hours fall as the team grows). Refused, saying how long the largest team takes,
 * when none does: a team the planner cannot size is not one that finishes.
 */
export function smallestTeamWithin(deadlineHours: number, hoursWith: (agents: number) => number, largest = maxPlanAgents): number {
  let high = 1;
  while (high < largest && hoursWith(high) > deadlineHours) high = Math.min(largest, high * 2);
  if (high === largest && hoursWith(high) > deadlineHours) {
    throw new RangeError(`no team of up to ${largest} agents finishes by the deadline: ${largest} take ${hoursWith(high).toFixed(1)} h`);
  }
  let low = Math.max(1, Math.floor(high / 2));
  if (hoursWith(low) <= deadlineHours) return low;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (hoursWith(mid) <= deadlineHours) high = mid;
    else low = mid;
  }
  return high;
}

export function planCampaign(input: PlanInput): PlanAnswer {
  const problems = planProblems(input);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const cache = new Map<number, RunResult>();
  const needed = input.deadlineHours !== undefined ? agentsForDeadline(input, input.deadlineHours, cache) : null;
  const agents = input.agents ?? needed ?? 1;
  const result = cache.get(agents) ?? sample(input, agents);
  const schedule = scheduleFor(input, agents, result);
  return {
    agents,
    expectedHours: schedule.hours,
    waitingHours: schedule.waitingHours,
    shortestHours: shortestHours(input),
    days: schedule.days,
    lastDial: { day: schedule.lastDial.day, time: clockOf(Math.round(schedule.lastDial.minute)) },
    openHoursPerDay: schedule.openHoursPerDay,
    ...listYield(input),
    talkMinPerAgentHour: result.talkMinPerAgentHour,
    occupancy: result.occupancy,
    abandonRate: result.abandonRate,
    dialsPerAgentHour: result.dialsPerAgentHour,
    agentsNeededForDeadline: needed,
    deadlineHours: input.deadlineHours ?? null,
  };
}
