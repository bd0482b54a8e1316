// The campaign planner: how long a list takes, what it yields and how many agents a deadline
// needs, answered by simulating the campaign with the same engine core and traffic model as the
// pacing benchmark. Pure given its seed: the same question always gets the same answer.
// The simulation gives the team's dial rate; the list's retries give the dials it takes and, as
// they come back only after the campaign's waits and within its calling window and dials-a-day
// cap, how long the list lasts (list-schedule.ts): a small list waits on its retries whatever the
// team, so a deadline shorter than they take is refused. Each number's dials a day, every campaign
// together, hold a lead of one number as the campaign's own cap does, and a state's cap (Florida's
// three a day: jurisdiction-day-caps.ts) holds the share of the leads it covers. The answer says
// what sets the pace: the team, the waits for retries, or a cap that has the list dialled out for
// the day before the window closes.

import { highestRegimeTarget } from '../../core/compliance/abandon-regime.js';
import { clockOf, parseClock, type MinuteRange, type TimeRange } from '../../core/compliance/calling-window.js';
import type { RetryMinutes } from '../../core/recycle-rule.js';
import { planDefaults } from './plan-defaults.js';
import { listSchedule, type DialOutcomeMix, type ListSchedule, type ListScheduleInput } from './list-schedule.js';
import { Simulation } from '../engine/simulation.js';
import { liveRateWhy, maxAttemptsPerLead, maxPlanAgents, maxPlanLeads, planLeadsWhy } from './plan-limits.js';
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
  /** Dials a number may get in a day, every campaign's together (settings.recycle
   * maxDialsPerNumberPerDay): a lead of one number is held to it too; none when not given. */
  dialsPerNumberPerDay?: number;
  /** Shares of the leads a state holds to fewer dials a day (jurisdiction-day-caps.ts), each with
   * its cap and the states' names. */
  jurisdictionCaps?: readonly PlanJurisdictionCap[];
  /** The minute of the first day on the window's clock the plan starts at (now, for a campaign
   * under way): its hours and days count from there, and nothing is dialled before it. 0 (the
   * day's midnight) when not given. */
  startMinute?: number;
  /** Leads of `leads` waiting for a retry (or a callback), by how many minutes after the start
   * each falls due: they are dialled from then, not at the start. */
  dueLater?: readonly PlanDueLater[];
  seed: number;
}

/** Leads that fall due some minutes after the plan's start. */
export interface PlanDueLater {
  afterMinutes: number;
  leads: number;
}

/** A share of the list's leads under a state's dials-a-day cap. */
export interface PlanJurisdictionCap {
  share: number;
  dialsPerDay: number;
  /** The states' names, for the answer ("Florida"). */
  names: readonly string[];
}

/** What sets the plan's pace: the team's dial rate, the waits before a lead is due again, or a
 * dials-a-day cap that has the list dialled out for the day while the window is still open. */
export type PacedBy = 'team' | 'retries' | 'day_cap';

/** The cap that sets the pace: the campaign's per lead, the per-number one of every campaign, or a state's. */
export interface PaceCap {
  kind: 'lead' | 'number' | 'jurisdiction';
  dialsPerDay: number;
  /** The states' names, for a state's cap. */
  names: readonly string[];
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
  /** What sets the pace, and the cap when one does. */
  pacedBy: PacedBy;
  paceCap: PaceCap | null;
  /** The same in a sentence: "the list is exhausted for today by the 3-dials-per-day cap; finishing takes 4 days". */
  pace: string;
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
  else if (!(input.leads <= maxPlanLeads)) problems.push(`leads ${planLeadsWhy}`);
  if (!(Number.isInteger(input.attemptsPerLead) && input.attemptsPerLead >= 1 && input.attemptsPerLead <= maxAttemptsPerLead)) {
    problems.push(`attemptsPerLead must be a whole number from 1 to ${maxAttemptsPerLead}`);
  }
  if (!(input.liveRate > 0)) problems.push(`liveRate must be more than 0: ${liveRateWhy.none}`);
  else if (!(input.liveRate < 1)) problems.push(`liveRate must be less than 1: ${liveRateWhy.all}`);
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
  if (input.dialsPerNumberPerDay !== undefined && !(Number.isInteger(input.dialsPerNumberPerDay) && input.dialsPerNumberPerDay >= 1)) {
    problems.push('dialsPerNumberPerDay must be a whole number, 1 or more');
  }
  problems.push(...jurisdictionCapProblems(input.jurisdictionCaps ?? []));
  problems.push(...startProblems(input));
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

function startProblems(input: PlanInput): string[] {
  const problems: string[] = [];
  if (input.startMinute !== undefined && !(Number.isInteger(input.startMinute) && input.startMinute >= 0 && input.startMinute < 1_440)) {
    problems.push('startMinute must be a whole minute of the day, from 0 to 1439');
  }
  const due = input.dueLater ?? [];
  if (due.some((d) => !(Number.isFinite(d.afterMinutes) && d.afterMinutes >= 0 && d.leads >= 0))) problems.push('dueLater: each must be leads (0 or more) due minutes (0 or more) after the start');
  else if (due.reduce((sum, d) => sum + d.leads, 0) > input.leads + 1e-9) problems.push('dueLater must not hold more leads than leads');
  return problems;
}

function jurisdictionCapProblems(caps: readonly PlanJurisdictionCap[]): string[] {
  const problems: string[] = [];
  if (caps.some((cap) => !(cap.share >= 0 && cap.share <= 1))) problems.push('jurisdictionCaps: each share must be from 0 to 1');
  if (caps.reduce((sum, cap) => sum + cap.share, 0) > 1 + 1e-9) problems.push('jurisdictionCaps: the shares must not add up to more than 1');
  if (caps.some((cap) => !(Number.isInteger(cap.dialsPerDay) && cap.dialsPerDay >= 1))) problems.push('jurisdictionCaps: each dialsPerDay must be a whole number, 1 or more');
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

/** A lead's cap a day: the campaign's, or its one number's when lower. */
function leadDayCap(input: PlanInput): number | undefined {
  const caps = [input.attemptsPerDay, input.dialsPerNumberPerDay].filter((cap): cap is number => cap !== undefined);
  return caps.length > 0 ? Math.min(...caps) : undefined;
}

function scheduleAt(input: PlanInput, dialsPerHour: number): ListSchedule {
  return listSchedule(scheduleInput(input, dialsPerHour));
}

function scheduleInput(input: PlanInput, dialsPerHour: number): ListScheduleInput {
  const perDay = leadDayCap(input);
  const groups = (input.jurisdictionCaps ?? []).map((cap) => ({ share: cap.share, attemptsPerDay: cap.dialsPerDay }));
  return {
    leads: input.leads, attemptsPerLead: input.attemptsPerLead, mix: outcomeMix(input), dialsPerHour,
    retryMinutes: input.retryMinutes ?? planDefaults.retryMinutes,
    ...(input.dialHoursPerDay !== undefined ? { dialHoursPerDay: input.dialHoursPerDay } : {}),
    ...(input.dialHoursByDay !== undefined ? { dialHoursByDay: input.dialHoursByDay } : {}),
    ...(input.dialRanges !== undefined ? { dialRanges: minutesOf(input.dialRanges) } : {}),
    ...(input.dialRangesByDay !== undefined ? { dialRangesByDay: input.dialRangesByDay.map(minutesOf) } : {}),
    ...(perDay !== undefined ? { attemptsPerDay: perDay } : {}),
    ...(groups.length > 0 ? { capGroups: groups } : {}),
    ...(input.startMinute !== undefined ? { startMinute: input.startMinute } : {}),
    ...(input.dueLater !== undefined ? { dueLater: input.dueLater } : {}),
  };
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

/**
 * The smallest team whose simulated dial rate finishes the list by the deadline. A team's dial
 * rate per agent grows with its size, so one agent's simulated rate guesses the team from the
 * list's schedule alone (too many), and that team's rate guesses it again, near the answer; the
 * search starts there and simulates the teams around it, instead of doubling from one agent up
 * to twice the answer and halving back.
 */
function agentsForDeadline(input: PlanInput, deadlineHours: number, cache: Map<number, RunResult>): number {
  const sampled = (agents: number): RunResult => {
    let result = cache.get(agents);
    if (!result) {
      result = sample(input, agents);
      cache.set(agents, result);
    }
    return result;
  };
  /** The team the deadline needs if every agent dialled at `agents`' rate per agent. */
  const guessFrom = (agents: number): number => {
    const perAgent = sampled(agents).dialsPerAgentHour;
    return smallestTeamOrNone(deadlineHours, (team) => scheduleAt(input, perAgent * team).hours, maxPlanAgents, 1) ?? maxPlanAgents;
  };
  const guess = guessFrom(guessFrom(1));
  return smallestTeamWithin(deadlineHours, (agents) => hoursFor(input, agents, sampled(agents)), maxPlanAgents, guess);
}

/**
 * The smallest team of at most `largest` agents that `hoursWith` says finishes within the
 * deadline (the hours fall as the team grows), searched from a `guess`: teams twice as far from
 * it each time until one finishes and one does not, then halving between them. Refused, saying
 * how long the largest team takes, when none does: a team the planner cannot size is not one
 * that finishes.
 */
export function smallestTeamWithin(deadlineHours: number, hoursWith: (agents: number) => number, largest = maxPlanAgents, guess = 1): number {
  const team = smallestTeamOrNone(deadlineHours, hoursWith, largest, guess);
  if (team === null) throw new RangeError(`no team of up to ${largest} agents finishes by the deadline: ${largest} take ${hoursWith(largest).toFixed(1)} h`);
  return team;
}

/** The same, or null when no team of up to `largest` finishes. */
function smallestTeamOrNone(deadlineHours: number, hoursWith: (agents: number) => number, largest: number, guess: number): number | null {
  const meets = (agents: number): boolean => hoursWith(agents) <= deadlineHours;
  const start = Math.min(largest, Math.max(1, Math.round(guess)));
  // low does not meet the deadline (0 stands for no team), high does.
  let low: number;
  let high: number;
  if (meets(start)) {
    high = start;
    let gap = 1;
    low = Math.max(0, start - gap);
    while (low > 0 && meets(low)) {
      high = low;
      gap *= 2;
      low = Math.max(0, high - gap);
    }
  } else {
    low = start;
    let gap = 1;
    high = Math.min(largest, start + gap);
    while (!meets(high)) {
      if (high === largest) return null;
      low = high;
      gap *= 2;
      high = Math.min(largest, low + gap);
    }
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
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
  const pace = paceOf(input, result.dialsPerAgentHour * agents, schedule);
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
    ...pace,
  };
}

/** Waiting under this share of the hours: the team, not the list, sets the pace. */
const TEAM_PACED_WAITING = 0.1;
/** A cap shortens the list's hours by at least this share when lifted: the cap sets the pace. */
const CAP_PACED_SAVING = 0.1;

/**
 * What sets the pace of `schedule`, made at `dialsPerHour`: the team while it finds leads due
 * nearly all its hours; else a cap when lifting it shortens the hours (the one that shortens them
 * most), else the waits for retries.
 */
function paceOf(input: PlanInput, dialsPerHour: number, schedule: ListSchedule): Pick<PlanAnswer, 'pacedBy' | 'paceCap' | 'pace'> {
  const days = schedule.lastDial.day + 1;
  const hours = schedule.hours;
  const dayCount = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (!(schedule.waitingHours > hours * TEAM_PACED_WAITING)) {
    return { pacedBy: 'team', paceCap: null, pace: `the team sets the pace: it has leads due nearly all its hours, so more agents finish sooner; finishing takes ${dayCount}` };
  }
  const cap = bindingCap(input, dialsPerHour, hours);
  if (cap) {
    return { pacedBy: 'day_cap', paceCap: cap, pace: `the list is exhausted for today by ${capWords(cap)}; finishing takes ${dayCount}, ${schedule.waitingHours.toFixed(1)} h of the ${hours.toFixed(1)} h of dialling spent waiting for the next day's window` };
  }
  return { pacedBy: 'retries', paceCap: null, pace: `the waits before a lead is dialled again set the pace, not the team: ${schedule.waitingHours.toFixed(1)} h of the ${hours.toFixed(1)} h of dialling wait for retries to fall due; finishing takes ${dayCount}` };
}

/** The cap whose lifting shortens the list most, if any shortens it enough. */
function bindingCap(input: PlanInput, dialsPerHour: number, hours: number): PaceCap | null {
  const perDay = leadDayCap(input);
  const candidates: { cap: PaceCap; without: PlanInput }[] = [];
  if (perDay !== undefined && perDay < input.attemptsPerLead) {
    const kind = input.dialsPerNumberPerDay !== undefined && input.dialsPerNumberPerDay < (input.attemptsPerDay ?? Number.POSITIVE_INFINITY) ? 'number' : 'lead';
    const { attemptsPerDay: _lead, dialsPerNumberPerDay: _number, ...without } = input;
    candidates.push({ cap: { kind, dialsPerDay: perDay, names: [] }, without });
  }
  for (const [k, jurisdiction] of (input.jurisdictionCaps ?? []).entries()) {
    if (jurisdiction.share <= 0 || jurisdiction.dialsPerDay >= input.attemptsPerLead) continue;
    const without = { ...input, jurisdictionCaps: (input.jurisdictionCaps ?? []).filter((_, j) => j !== k) };
    candidates.push({ cap: { kind: 'jurisdiction', dialsPerDay: jurisdiction.dialsPerDay, names: jurisdiction.names }, without });
  }
  let best: { cap: PaceCap; saving: number } | null = null;
  for (const { cap, without } of candidates) {
    const saving = hours - scheduleAt(without, dialsPerHour).hours;
    if (saving >= hours * CAP_PACED_SAVING && (best === null || saving > best.saving)) best = { cap, saving };
  }
  if (best || candidates.length < 2) return best?.cap ?? null;
  // Caps that each leave the list as long as the others do (Florida's three beside each number's
  // two): lifted together they may shorten it, and the lowest of them is named.
  const { attemptsPerDay: _lead, dialsPerNumberPerDay: _number, jurisdictionCaps: _states, ...uncapped } = input;
  if (hours - scheduleAt(uncapped, dialsPerHour).hours < hours * CAP_PACED_SAVING) return null;
  return candidates.map((c) => c.cap).reduce((low, cap) => (cap.dialsPerDay < low.dialsPerDay ? cap : low));
}

/** "the 3-dials-per-day cap", naming whose. */
function capWords(cap: PaceCap): string {
  const dials = `${cap.dialsPerDay}-${cap.dialsPerDay === 1 ? 'dial' : 'dials'}-per-day cap`;
  if (cap.kind === 'number') return `the ${dials} of each number, every campaign's dials together`;
  if (cap.kind === 'jurisdiction') return `${cap.names.join(' and ')}'s ${dials} on its leads`;
  return `the ${dials} of each lead`;
}
