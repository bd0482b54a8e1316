// The benchmark's scenario grid and pacers. Every pacer runs on identical seeded traffic in a
// cell: same leads with the same fates, same agents with the same breaks and shocks.

import type { CampaignSettings } from '../../core/campaign-settings.js';
import { matchedPredictive } from '../baselines/matched-predictive.js';
import { vicidialAdaptive } from '../baselines/vicidial-adaptive.js';
import { scenario, simCampaignSettings, type Scenario } from '../engine/scenario.js';
import { trafficModel, type TrafficModel } from '../traffic/traffic-model.js';

export type PacerName = 'progressive' | 'power-1.5' | 'power-2.0' | 'vicidial-average' | 'vicidial-tapered' | 'predictive';
export const pacerNames: readonly PacerName[] = ['progressive', 'power-1.5', 'power-2.0', 'vicidial-average', 'vicidial-tapered', 'predictive'];

/** Baselines that predictive is also compared with at equal abandonment. */
export type MatchedBaseline = 'vicidial-average' | 'vicidial-tapered';
export const matchedBaselines: readonly MatchedBaseline[] = ['vicidial-average', 'vicidial-tapered'];
/** Predictive run with the budget set to a baseline's realised abandonment in the same cell. */
export type MatchedPacerName = `predictive@${MatchedBaseline}`;
export const matchedName = (baseline: MatchedBaseline): MatchedPacerName => `predictive@${baseline}`;

/** Budgets the headline scenarios also run predictive with, beside the product's 3%: points on
 * its curve of talk time against abandonment, which say what a talk target would cost and what
 * the controller's margins under the limit give up. */
export const frontierBudgets: readonly number[] = [0.015, 0.045, 0.06, 0.09];
export type FrontierPacerName = `predictive@budget-${number}`;
export const frontierName = (budget: number): FrontierPacerName => `predictive@budget-${budget}`;

export type RunPacerName = PacerName | MatchedPacerName | FrontierPacerName;
export const runPacerNames: readonly RunPacerName[] = [...pacerNames, ...matchedBaselines.map(matchedName), ...frontierBudgets.map(frontierName)];

/** `answer-control` is the answer-rate shock's control: the same edges and checks with the answer
 * rate left as it is, so that the seeds missing the shock target by chance alone can be told
 * from those the shock made miss. */
export type Shock = 'none' | 'answer-halves' | 'answer-control' | 'agents-pause';

/** Cells whose runs are checked against the answer-rate shock target. */
export const hasAnswerShockEdges = (c: Cell): boolean => c.shock === 'answer-halves' || c.shock === 'answer-control';

/** The pacers a cell is run with: the control only needs the pacer whose shock response it checks. */
export const cellPacers = (c: Cell): readonly PacerName[] => (c.shock === 'answer-control' ? ['predictive'] : pacerNames);

export interface Cell {
  id: string;
  agents: number;
  live: number;
  talkS: number;
  wrapS: number;
  amd: boolean;
  shock: Shock;
  /** Simulated time per run, warm-up included. */
  hours: number;
  /** Named headline scenarios (the issue's targets), shown first and charted. */
  main: boolean;
}

const AGENTS = [3, 5, 10, 20, 50, 100];
const LIVE = [0.05, 0.1, 0.2, 0.35];
const TALK = [60, 180, 600];
const WARMUP_MS = 10 * 60_000;

/** Long enough for a few hundred live answers in small teams, short for big ones (cost ~ agents x
 * hours); the quick subset shortens the big teams most, as they cost the most and vary the least. */
function hoursFor(agents: number, quick: boolean): number {
  const hours = agents <= 5 ? 3 : agents <= 10 ? 2.5 : agents <= 20 ? 2 : agents <= 50 ? 1.5 : 1.25;
  return quick ? Math.min(hours, agents >= 50 ? 0.75 : 1.25) : hours;
}

function cell(agents: number, live: number, talkS: number, amd: boolean, shock: Shock, quick: boolean, main = false, wrapS = 15): Cell {
  const id = `n${agents}-p${live}-t${talkS}-${amd ? 'amd' : 'noamd'}${shock === 'none' ? '' : `-${shock}`}`;
  const hours = shock === 'none' ? hoursFor(agents, quick) : 2;
  return { id, agents, live, talkS, wrapS, amd, shock, hours, main };
}

export function gridCells(quick: boolean): Cell[] {
  if (quick) {
    return [
      cell(20, 0.2, 120, true, 'none', true, true),
      cell(100, 0.2, 120, true, 'none', true, true),
      cell(3, 0.2, 120, true, 'none', true),
      cell(10, 0.1, 60, true, 'none', true),
      cell(20, 0.2, 120, true, 'answer-halves', true),
      cell(20, 0.2, 120, true, 'answer-control', true),
    ];
  }
  const cells: Cell[] = [
    ...[3, 5, 10, 20, 50, 100].map((n) => cell(n, 0.2, 120, true, 'none', false, true)),
  ];
  for (const agents of AGENTS) {
    for (const live of LIVE) for (const talk of TALK) cells.push(cell(agents, live, talk, true, 'none', false));
  }
  for (const agents of [5, 20, 100]) for (const live of [0.1, 0.35]) cells.push(cell(agents, live, 180, false, 'none', false));
  for (const agents of [10, 20, 50, 100]) {
    cells.push(cell(agents, 0.2, 120, true, 'answer-halves', false));
    cells.push(cell(agents, 0.2, 120, true, 'answer-control', false));
    cells.push(cell(agents, 0.2, 120, true, 'agents-pause', false));
  }
  return cells;
}

export function cellTraffic(c: Cell): TrafficModel {
  const fixed = { machine: 0.25, busy: 0.05, congestion: 0.02, invalid: 0.05 };
  const noAnswer = 1 - c.live - fixed.machine - fixed.busy - fixed.congestion - fixed.invalid;
  return trafficModel({
    outcomeMix: { live: c.live, noAnswer, ...fixed },
    talk: { meanMs: c.talkS * 1000, cv: 1 },
    wrapUp: { meanMs: c.wrapS * 1000, cv: 0.5 },
  });
}

function campaignFor(c: Cell, pacer: RunPacerName): CampaignSettings {
  const base = { ...simCampaignSettings, amdEnabled: c.amd };
  switch (pacer) {
    case 'progressive': return { ...base, mode: 'progressive', dialLevel: 1 };
    case 'power-1.5': return { ...base, mode: 'power', dialLevel: 1.5 };
    case 'power-2.0': return { ...base, mode: 'power', dialLevel: 2 };
    case 'predictive': return { ...base, mode: 'predictive' };
    default: return { ...base, mode: 'power' }; // the plugged VICIdial-style pacer decides
  }
}

function pluggedPacer(pacer: RunPacerName, abandonTarget: number | undefined): Pick<Scenario, 'pacer'> {
  if (pacer === 'vicidial-average') return { pacer: () => vicidialAdaptive('ADAPT_AVERAGE') };
  if (pacer === 'vicidial-tapered') return { pacer: () => vicidialAdaptive('ADAPT_TAPERED') };
  if (pacer.startsWith('predictive@')) {
    if (abandonTarget === undefined) throw new Error(`${pacer} needs the abandonment budget it runs with`);
    return { pacer: () => matchedPredictive(abandonTarget) };
  }
  return {};
}

export function cellScenario(c: Cell, pacer: RunPacerName, seed: number, invariantEvery: number, abandonTarget?: number): Scenario {
  const durationMs = Math.round(c.hours * 3_600_000);
  const shockAt = 40 * 60_000;
  return scenario({
    name: `${c.id}/${pacer}`,
    seed: seed * 7919 + c.agents,
    agents: c.agents,
    durationMs,
    warmupMs: WARMUP_MS,
    traffic: cellTraffic(c),
    campaign: campaignFor(c, pacer),
    breaks: { perAgentHour: 0.5, meanMs: 5 * 60_000 },
    invariantEvery,
    ...pluggedPacer(pacer, abandonTarget),
    ...(hasAnswerShockEdges(c) ? { answerShock: { startMs: shockAt, durationMs: 30 * 60_000, factor: c.shock === 'answer-halves' ? 0.5 : 1 } } : {}),
    ...(c.shock === 'agents-pause' ? { pauseShock: { atMs: shockAt, share: 0.3, durationMs: 20 * 60_000 } } : {}),
  });
}
