// `outpace plan --campaign <id>`: the question filled from the campaign's own figures, read as the
// API's plan-inputs reads them (the pacing model last saved, as no engine runs here), each one a
// flag given on the command line replaces. What came from the campaign is said, and over what
// period it was measured; a figure the campaign has not measured yet and no flag gives refuses the
// plan, naming the flag to give.

import { loadConfig } from '../../config/load-config.js';
import { campaignPlanInputs, type PlanInputs } from '../../adapters/pg/campaign-plan-inputs.js';
import type { PlanJurisdictionCap } from '../../sim/planner/plan-campaign.js';
import { zeroDialCapProblem, type DialCapKey } from '../../core/compliance/zero-dial-caps.js';
import { openCheckedPool } from '../reach-services.js';

/** The options a campaign's figures stand in for, as the command names them. */
export interface CampaignFilledOptions {
  leads?: number;
  attempts: number;
  live: number;
  machine: number;
  talk: number;
  wrap: number;
  amd: boolean;
  abandonTarget: number;
  unansweredWait: number;
  machineWait: number;
  busyWait: number;
  congestionWait: number;
  hoursPerDay: number;
  dialsPerDay: number;
  numberDialsPerDay: number;
}

/** The option that replaces each of a campaign's caps; the per-number lifetime cap has none: the
 * dials its leads have left (--attempts) stand for it. */
const capOption: Record<DialCapKey, string> = {
  maxAttempts: 'attempts', maxAttemptsPerPhone: 'attempts', maxAttemptsPerDay: 'dialsPerDay', maxDialsPerNumberPerDay: 'numberDialsPerDay',
};

/** Below this many dials the rates are a first reading (as the planner page says). */
const FEW_DIALS = 200;

/** One figure taken from the campaign: which option it fills, how it is shown. */
interface Figure {
  option: keyof CampaignFilledOptions;
  flag: string;
  label: string;
  value: number | boolean | null;
  shown: string;
  /** What the campaign lacks when the value is null. */
  lacking?: string;
}

export interface CampaignFill {
  /** The options with the campaign's figures where no flag was given. */
  options: CampaignFilledOptions;
  /** The campaign's calendar from today, when neither --hours-per-day nor --window was given. */
  calendar: { dialHoursByDay: number[]; dialRangesByDay: PlanInputs['dialRangesByDay'] } | null;
  /** Now on the campaign's clock: the plan starts then, whatever its hours. */
  startMinute: number;
  /** Its leads left waiting for a retry, by when they fall due, when --leads was not given. */
  dueLater: PlanInputs['dueLater'] | null;
  /** The shares of its leads left that states cap a day, when --state-caps was not given. */
  stateCaps: PlanJurisdictionCap[] | null;
  /** What came from the campaign and over what period, a line each. */
  lines: string[];
  /** The same for --json. */
  summary: { campaignId: string; name: string; figures: Record<string, number | boolean>; flagsGiven: string[]; measured: PlanInputs['measured'] };
}

/** The campaign's figures as the API reads them, for a plan from `startMs`; refused when there is no such campaign. */
export async function readCampaignFigures(campaignId: string, startMs: number): Promise<PlanInputs> {
  const config = loadConfig();
  const pool = await openCheckedPool(config, { redis: false }, { poolMax: 2, applicationName: 'outpace-plan' });
  try {
    const inputs = await campaignPlanInputs(pool, campaignId, { nowMs: startMs, live: null });
    if (!inputs) throw new Error(`campaign ${campaignId} does not exist`);
    return inputs;
  } finally {
    await pool.end();
  }
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
const minute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function figuresOf(inputs: PlanInputs): Figure[] {
  const m = inputs.measured;
  const waits = inputs.retryMinutes;
  const dials = m ? `of ${m.dials} dials` : '';
  const calls = (n: number): string => `over ${n} finished calls`;
  return [
    { option: 'leads', flag: '--leads', label: 'leads left', value: inputs.leads > 0 ? inputs.leads : null, shown: String(inputs.leads), lacking: 'no leads left to dial' },
    { option: 'attempts', flag: '--attempts', label: 'dials per lead', value: inputs.attemptsPerLead, shown: String(inputs.attemptsPerLead) },
    { option: 'dialsPerDay', flag: '--dials-per-day', label: 'dials a day', value: inputs.attemptsPerDay, shown: String(inputs.attemptsPerDay) },
    { option: 'numberDialsPerDay', flag: '--number-dials-per-day', label: 'dials a number a day', value: inputs.dialsPerNumberPerDay, shown: `${inputs.dialsPerNumberPerDay}, every campaign's together` },
    { option: 'unansweredWait', flag: '--unanswered-wait', label: 'wait, no answer', value: waits.noAnswerRetryMinutes, shown: `${waits.noAnswerRetryMinutes} min` },
    { option: 'machineWait', flag: '--machine-wait', label: 'wait, machine', value: waits.machineRetryMinutes, shown: `${waits.machineRetryMinutes} min` },
    { option: 'busyWait', flag: '--busy-wait', label: 'wait, busy', value: waits.busyRetryMinutes, shown: `${waits.busyRetryMinutes} min` },
    { option: 'congestionWait', flag: '--congestion-wait', label: 'wait, congestion', value: waits.congestionRetryMinutes, shown: `${waits.congestionRetryMinutes} min` },
    { option: 'hoursPerDay', flag: '--hours-per-day', label: 'calling hours', value: inputs.dialHoursPerDay, shown: `${inputs.dialHoursPerDay} h a day on average, day by day from its calendar` },
    { option: 'amd', flag: '--no-amd', label: 'AMD', value: inputs.amd, shown: inputs.amd ? 'on' : 'off' },
    { option: 'abandonTarget', flag: '--abandon-target', label: 'abandonment budget', value: inputs.abandonTarget, shown: percent(inputs.abandonTarget) },
    { option: 'live', flag: '--live', label: 'live answers', value: m?.liveRate ?? null, shown: `${percent(m?.liveRate ?? 0)} ${dials}`, lacking: 'a live answer rate' },
    { option: 'machine', flag: '--machine', label: 'machines', value: m?.machineRate ?? null, shown: `${percent(m?.machineRate ?? 0)} ${dials}`, lacking: 'a machine rate' },
    { option: 'talk', flag: '--talk', label: 'talk', value: m?.talkSeconds ?? null, shown: `${Math.round(m?.talkSeconds ?? 0)} s ${calls(m?.talks ?? 0)}`, lacking: 'a talk time' },
    { option: 'wrap', flag: '--wrap', label: 'wrap-up', value: m?.wrapSeconds ?? null, shown: `${Math.round(m?.wrapSeconds ?? 0)} s ${calls(m?.wraps ?? 0)}`, lacking: 'a wrap-up time' },
  ];
}

/** Over what the measured figures were measured: dials and calls, from the first dial to when. */
function measuredPeriod(m: NonNullable<PlanInputs['measured']>): string {
  const to = m.source === 'engine' ? `${minute(m.asOf)} (live)` : `${minute(m.asOf)} (its pacing model saved then)`;
  const from = m.firstDialAt === null ? 'up to' : `from ${minute(m.firstDialAt)} (its first dial) to`;
  return `${m.dials} dials and ${m.talks} finished calls, ${from} ${to}`;
}

/** What the campaign has dialled, for a refusal: why a figure is not measured. */
function historyOf(inputs: PlanInputs): string {
  const m = inputs.measured;
  return m ? `${m.dials} dials, ${m.talks} finished calls, ${m.talks > 0 ? 'some' : 'none'} talked` : 'it has not dialled yet';
}

/**
 * Fills the options a flag did not give (`given`) from the campaign's figures; refused, naming
 * every flag to give, when the campaign lacks one of them.
 */
export function fillFromCampaign(inputs: PlanInputs, options: CampaignFilledOptions, given: (option: string) => boolean): CampaignFill {
  // A cap stored as 0 stops every dial: the plan is refused unless a flag replaces it.
  const stopping = inputs.zeroDialCaps.filter((key) => !given(capOption[key]));
  if (stopping.length > 0) {
    throw new Error(`campaign ${inputs.campaignId} ("${inputs.name}") dials no one: ${stopping.map(zeroDialCapProblem).join('; ')}`);
  }
  // A window that never opens for its leads (stored before such windows were refused) gives no
  // hours to plan on: say so, not that --hours-per-day, which was not given, is out of range.
  if (inputs.dialHoursPerDay === 0 && !given('hoursPerDay') && !given('window')) {
    throw new Error(`campaign ${inputs.campaignId} ("${inputs.name}") dials no one: its calling window never opens for the time zones of its leads left `
      + '(its dial rules\' hours in force, GET /api/campaigns/{id}/dial-rules, say when it is open); give it hours, or give --hours-per-day or --window to plan on other hours');
  }
  // Its hours a day are none then: a --window given plans on the window's own hours.
  const noHours = (figure: Figure): boolean => figure.option === 'hoursPerDay' && inputs.dialHoursPerDay === 0;
  const figures = figuresOf(inputs).filter((figure) => !given(figure.option) && !noHours(figure));
  const lacking = figures.filter((figure) => figure.value === null);
  if (lacking.length > 0) {
    const what = lacking.map((figure) => figure.lacking ?? figure.label).join(', ');
    throw new Error(`campaign ${inputs.campaignId} ("${inputs.name}") has too little history to plan from: ${what} (${historyOf(inputs)}); give ${lacking.map((figure) => figure.flag).join(', ')}`);
  }
  // None is null now: every figure lacking was refused above.
  const taken = Object.fromEntries(figures.map((figure) => [figure.option, figure.value as number | boolean]));
  const filled = { ...options, ...taken } as CampaignFilledOptions;
  const calendar = given('hoursPerDay') || given('window') ? null : { dialHoursByDay: inputs.dialHoursByDay, dialRangesByDay: inputs.dialRangesByDay };
  const dueLater = given('leads') || inputs.dueLater.length === 0 ? null : inputs.dueLater;
  const flagsGiven = figuresOf(inputs).filter((figure) => given(figure.option)).map((figure) => figure.flag);
  const stateCaps = given('stateCaps') ? null : inputs.jurisdictionCaps.map(({ share, dialsPerDay, names }) => ({ share, dialsPerDay, names }));
  const lines = fillLines(inputs, figures, flagsGiven);
  if (stateCaps && stateCaps.length > 0) lines.splice(figures.length + 1, 0, `  states' caps a day: ${stateCaps.map((cap) => `${cap.names.join(' and ')} ${cap.dialsPerDay} on ${percent(cap.share)} of the leads`).join(', ')}`);
  return { options: filled, calendar, startMinute: inputs.startMinute, dueLater, stateCaps, lines, summary: { campaignId: inputs.campaignId, name: inputs.name, figures: taken, flagsGiven, measured: inputs.measured } };
}

function fillLines(inputs: PlanInputs, figures: Figure[], flagsGiven: string[]): string[] {
  const width = Math.max(...figures.map((figure) => figure.label.length), 'measured over'.length) + 2;
  const row = (label: string, value: string): string => `  ${label.padEnd(width)}${value}`;
  const m = inputs.measured;
  const usesMeasured = figures.some((figure) => ['live', 'machine', 'talk', 'wrap'].includes(figure.option));
  const lines = [`from campaign ${inputs.campaignId} "${inputs.name}":`, ...figures.map((figure) => row(figure.label, figure.shown))];
  if (m && usesMeasured) {
    lines.push(row('measured over', measuredPeriod(m)));
    if (m.dials < FEW_DIALS) lines.push(row('', 'few dials so far: the rates are a first reading'));
  }
  if (flagsGiven.length > 0) lines.push(`given instead: ${flagsGiven.join(', ')}`);
  return [...lines, ''];
}
