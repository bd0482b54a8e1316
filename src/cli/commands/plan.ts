// `outpace plan`: how long a list takes and how many agents a deadline needs, from the simulator.

import { InvalidArgumentError, type Command } from 'commander';
import type { TimeRange } from '../../core/compliance/calling-window.js';
import { jurisdictionDayCaps } from '../../core/compliance/jurisdiction-day-caps.js';
import type { PlanAnswer, PlanInput, PlanJurisdictionCap } from '../../sim/planner/plan-campaign.js';
import { planDefaults } from '../../sim/planner/plan-defaults.js';
import { campaignId, nonNegativeNumber, positiveNumber, positiveWholeNumber, share, wholeNumber } from './option-parsers.js';
import type { CampaignFill, CampaignFilledOptions } from './plan-from-campaign.js';

interface PlanOptions extends CampaignFilledOptions {
  campaign?: string;
  /** With --campaign: when the dialling starts, instead of now (ms). */
  start?: number;
  agents?: number;
  deadlineHours?: number;
  window?: TimeRange[];
  stateCaps?: PlanJurisdictionCap[];
  seed: number;
  json: boolean;
}

/** The planner's names for what this command calls by its options, for its messages. */
const flagOf: Record<string, string> = {
  leads: '--leads', attemptsPerLead: '--attempts', liveRate: '--live', machineRate: '--machine', talkSeconds: '--talk', wrapSeconds: '--wrap',
  agents: '--agents', deadlineHours: '--deadline-hours', abandonTarget: '--abandon-target',
  dialHoursPerDay: '--hours-per-day', dialRanges: '--window', attemptsPerDay: '--dials-per-day', dialsPerNumberPerDay: '--number-dials-per-day', jurisdictionCaps: '--state-caps', busyRetryMinutes: '--busy-wait', noAnswerRetryMinutes: '--unanswered-wait', machineRetryMinutes: '--machine-wait', congestionRetryMinutes: '--congestion-wait',
};
const plannerNames = new RegExp(`\\b(${Object.keys(flagOf).join('|')})\\b`, 'g');

/** '09:00-12:00,13:00-17:00' as a day's ranges; the planner says what is wrong with a time. */
function dayRanges(text: string): TimeRange[] {
  return text.split(',').map((part) => {
    const match = /^\s*([^-\s]+)\s*-\s*([^-\s]+)\s*$/.exec(part);
    if (!match) throw new InvalidArgumentError('expected ranges such as 09:00-12:00,13:00-17:00');
    return { start: match[1] as string, end: match[2] as string };
  });
}

/** 'US-FL=0.2,US-OK=0.05' as the shares of the leads in states with a cap a day, with their caps. */
function stateCaps(text: string): PlanJurisdictionCap[] {
  return text.split(',').map((part) => {
    const match = /^\s*([A-Za-z]{2}-[A-Za-z]{2})\s*=\s*([\d.]+)\s*$/.exec(part);
    const rule = match ? jurisdictionDayCaps.get((match[1] as string).toUpperCase()) : undefined;
    const known = [...jurisdictionDayCaps.keys()].join(', ');
    if (!match || !rule) throw new InvalidArgumentError(`expected shares of the leads by state with a cap a day (${known}), such as US-FL=0.2`);
    const leadShare = Number(match[2]);
    if (!(leadShare >= 0 && leadShare <= 1)) throw new InvalidArgumentError(`expected a share from 0 to 1 for ${rule.code}`);
    return { share: leadShare, dialsPerDay: rule.dialsPerDay, names: [rule.name] };
  });
}

/** An ISO 8601 time with its offset (or Z), as milliseconds. */
function startTime(text: string): number {
  const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected a time with its offset, such as 2027-03-01T09:00:00-05:00');
  return ms;
}

/** The answer as the terminal shows it: one figure a line, labels aligned. */
function planLines(plan: PlanAnswer): string[] {
  const rows: Array<[string, string]> = [
    ['agents', String(plan.agents)],
    ['expected duration', `${plan.expectedHours.toFixed(1)} h`],
    ['waiting for retries', `${plan.waitingHours.toFixed(1)} h`],
    ['shortest, any team', `${plan.shortestHours.toFixed(1)} h`],
    ['calendar days', plan.days.toFixed(1)],
    ['last dial', `day ${plan.lastDial.day + 1}, ${plan.lastDial.time}`],
    ['open hours a day', `${plan.openHoursPerDay.toFixed(1)} h`],
    ['dials per lead', plan.dialsPerLead.toFixed(2)],
    ['leads reached', plan.leadsReached.toFixed(0)],
    ['talk per agent-hour', `${plan.talkMinPerAgentHour.toFixed(1)} min`],
    ['occupancy', `${(plan.occupancy * 100).toFixed(0)}%`],
    ['abandonment', `${(plan.abandonRate * 100).toFixed(2)}%`],
    ['dials per agent-hour', plan.dialsPerAgentHour.toFixed(0)],
  ];
  if (plan.agentsNeededForDeadline !== null) rows.push([`agents for ${plan.deadlineHours} h`, String(plan.agentsNeededForDeadline)]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [...rows.map(([label, value]) => `${label.padEnd(width)}${value}`), `${'pace'.padEnd(width)}${plan.pace}`];
}

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('plan a campaign by simulation: duration, talk time per agent-hour, abandonment, agents for a deadline')
    .option('--campaign <id>', "plan the rest of this campaign from its own figures (leads left, caps, waits, calling hours, measured answer rates and call lengths); the options given replace them", campaignId)
    .option('--leads <n>', 'leads on the list (required without --campaign)', positiveWholeNumber)
    .option('--attempts <n>', "dials per lead at most, as the campaign's recycle maxAttempts", positiveWholeNumber, planDefaults.attemptsPerLead)
    .option('--live <rate>', 'share of dials answered by a live person', share, planDefaults.liveRate)
    .option('--machine <rate>', 'share of dials answered by a machine', share, planDefaults.machineRate)
    .option('--talk <seconds>', 'mean talk time', positiveNumber, planDefaults.talkSeconds)
    .option('--wrap <seconds>', 'mean wrap-up time', nonNegativeNumber, planDefaults.wrapSeconds)
    .option('--agents <n>', 'team size to plan for', positiveWholeNumber)
    .option('--deadline-hours <h>', 'finish within this many dialling hours (finds the team size)', positiveNumber)
    .option('--no-amd', 'plan without answering-machine detection')
    .option('--abandon-target <rate>', "the campaign's abandonment budget, a share of live answers", share, planDefaults.abandonTarget)
    .option('--unanswered-wait <minutes>', 'wait before dialling a lead again after no answer', nonNegativeNumber, planDefaults.retryMinutes.noAnswerRetryMinutes)
    .option('--machine-wait <minutes>', 'the same after an answering machine', nonNegativeNumber, planDefaults.retryMinutes.machineRetryMinutes)
    .option('--busy-wait <minutes>', 'the same after a busy line', nonNegativeNumber, planDefaults.retryMinutes.busyRetryMinutes)
    .option('--congestion-wait <minutes>', 'the same after network congestion', nonNegativeNumber, planDefaults.retryMinutes.congestionRetryMinutes)
    .option('--hours-per-day <h>', "hours a day the calling window is open (the expected duration counts hours in it; with --window, at most its hours)", positiveNumber, planDefaults.dialHoursPerDay)
    .option('--window <ranges>', 'when the calling window is open every day, e.g. 09:00-12:00,13:00-17:00: nothing is dialled between ranges', dayRanges)
    .option('--dials-per-day <n>', 'dials a lead may get in a day', positiveWholeNumber, planDefaults.attemptsPerDay)
    .option('--number-dials-per-day <n>', "dials a number may get in a day, every campaign's together (a lead is planned with one number)", positiveWholeNumber, planDefaults.dialsPerNumberPerDay)
    .option('--state-caps <shares>', "shares of the leads in states that cap dials a day below --dials-per-day, e.g. US-FL=0.2,US-OK=0.05 (Florida's and Oklahoma's 3)", stateCaps)
    .option('--start <time>', "with --campaign, plan from this time rather than now (ISO 8601, e.g. 2027-03-01T09:00:00-05:00): the calling hours left that day and the leads due by then", startTime)
    .option('--seed <n>', 'simulation seed (same seed, same answer)', wholeNumber, 1)
    .option('--json', 'print JSON', false)
    .action(async (options: PlanOptions, command: Command) => {
      // The simulator and the database are loaded only now: `outpace --help` reads neither.
      const { planCampaign, planProblems } = await import('../../sim/planner/plan-campaign.js');
      const given = (option: string): boolean => command.getOptionValueSource(option) === 'cli';
      if (options.start !== undefined && options.campaign === undefined) command.error('outpace plan: --start plans a campaign from that time: give --campaign too');
      if (options.start !== undefined && options.start < Date.now() - 60_000) command.error('outpace plan: --start has passed: give a time to come, or leave it out to plan from now');
      const fill = options.campaign === undefined ? null : await campaignFill(options.campaign, options, given).catch((error: unknown) => command.error(`outpace plan: ${(error as Error).message}`));
      const asked = fill ? { ...options, ...fill.options } : options;
      if (asked.leads === undefined) command.error('outpace plan: give --leads, or --campaign to plan the leads a campaign has left');
      const input = planInputOf({ ...asked, leads: asked.leads }, fill);
      const problems = planProblems(input).map((problem) => problem.replace(plannerNames, (field) => flagOf[field] ?? field));
      if (problems.length > 0) command.error(`outpace plan: ${problems.join('; ')}`);
      const plan = answerOrRefusal(() => planCampaign(input));
      if (typeof plan === 'string') command.error(`outpace plan: ${plan}`);
      const text = options.json ? JSON.stringify(fill ? { ...plan, fromCampaign: fill.summary } : plan, null, 2) : [...(fill?.lines ?? []), ...planLines(plan)].join('\n');
      process.stdout.write(`${text}\n`);
    });
}

/** The campaign's figures where no flag was given. */
async function campaignFill(id: string, options: PlanOptions, given: (option: string) => boolean): Promise<CampaignFill> {
  const { fillFromCampaign, readCampaignFigures } = await import('./plan-from-campaign.js');
  return fillFromCampaign(await readCampaignFigures(id, options.start ?? Date.now()), options, given);
}

/** The planner's question from the options (and the campaign's calendar, when it gives one). */
function planInputOf(options: PlanOptions & { leads: number }, fill: CampaignFill | null): PlanInput {
  return {
    leads: options.leads, attemptsPerLead: options.attempts, liveRate: options.live, machineRate: options.machine,
    talkSeconds: options.talk, wrapSeconds: options.wrap, amd: options.amd, abandonTarget: options.abandonTarget, seed: options.seed,
    dialHoursPerDay: options.hoursPerDay, attemptsPerDay: options.dialsPerDay, dialsPerNumberPerDay: options.numberDialsPerDay,
    retryMinutes: {
      busyRetryMinutes: options.busyWait, noAnswerRetryMinutes: options.unansweredWait,
      machineRetryMinutes: options.machineWait, congestionRetryMinutes: options.congestionWait,
    },
    ...(options.window !== undefined ? { dialRanges: options.window } : {}),
    ...(fill?.calendar ?? {}),
    ...(fill ? { startMinute: fill.startMinute } : {}),
    ...(fill?.dueLater ? { dueLater: fill.dueLater } : {}),
    ...(options.stateCaps !== undefined ? { jurisdictionCaps: options.stateCaps } : fill?.stateCaps ? { jurisdictionCaps: fill.stateCaps } : {}),
    ...(options.agents !== undefined ? { agents: options.agents } : {}),
    ...(options.deadlineHours !== undefined ? { deadlineHours: options.deadlineHours } : {}),
  };
}

/** The plan, or why there is none (a deadline no team the planner sizes can meet). */
function answerOrRefusal(plan: () => PlanAnswer): PlanAnswer | string {
  try {
    return plan();
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}
