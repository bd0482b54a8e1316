// How many lines a campaign's pacing wants in progress: with how long each holds a line
// (line-hold-time.ts), a node's demand on a shared trunk (trunk-share.ts). A rise counts at once, so a team that starts dialling asks its share at the
// node's next renewal; a fall is let go over a quarter minute, so a predictive pacer's step-to-step
// swings do not move the trunk's split back and forth. The mode's own want, before any cap, so a
// campaign held back by the trunk still says what it would dial: a predictive team keeps several
// lines per agent ringing, a progressive or preview team about one.

import type { CampaignRuntime } from '../engine-state.js';
import { blockingLimits, type BindingLimit, type PacingDecision } from './pacing-decision.js';

/** Time constant of a fall: steadier than one step, quick to follow a change of mode. */
export const linesWantedSmoothingMs = 15_000;

/** What stops a campaign dialling whatever the trunk gives it: it wants no lines of it then. */
const blocks: ReadonlySet<BindingLimit> = new Set(blockingLimits);

/** The lines a decision's mode wanted in progress: those it had, plus what it asked to launch
 * (less, when it wanted fewer than it had); none while it cannot dial. */
export function linesWantedBy(decision: PacingDecision): number {
  if (blocks.has(decision.binding)) return 0;
  const { callsDialing, callsWaiting, callsConnected, leadsPending, wanted } = decision.inputs;
  return Math.max(0, callsDialing + callsWaiting + callsConnected + leadsPending + wanted);
}

/** Folds the lines the campaign's last step wanted into its figure. */
export function noteLinesWanted(campaign: Pick<CampaignRuntime, 'linesWanted'>, lines: number, nowMs: number): void {
  const last = campaign.linesWanted;
  if (last === null) {
    campaign.linesWanted = { lines, atMs: nowMs };
    return;
  }
  const keep = Math.exp(-Math.max(0, nowMs - last.atMs) / linesWantedSmoothingMs);
  campaign.linesWanted = { lines: Math.max(lines, keep * last.lines + (1 - keep) * lines), atMs: nowMs };
}
