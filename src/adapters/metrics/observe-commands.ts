// Counters and histograms fed by what the core emits: every dial, answer, connect, abandon and
// pacing decision passes through here exactly once, as a command.

import type { AttemptSummary, Command } from '../../core/commands.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import type { AttemptId, CampaignId } from '../../core/ids.js';
import { endedAsDial, rang } from '../pg/counted-calls.js';
import { initialiseCampaign } from './campaign-series.js';
import { thirdPartyStageLabels, type Metrics } from './metrics.js';
import { recordFinished } from './rolling-window.js';

/** The regime of a campaign, for labelling abandons; undefined when unknown. */
export type RegimeLookup = (campaignId: CampaignId) => AbandonRegime | undefined;

/**
 * Updates counters and histograms from one step's commands; the runtime calls it after every
 * engine step. `regimeOf` defaults to the regimes `observeState` last saw.
 */
export function observeCommands(metrics: Metrics, commands: readonly Command[], nowMs: number, regimeOf?: RegimeLookup): void {
  const lookup = regimeOf ?? ((id: CampaignId) => metrics.regimes.get(id));
  for (const command of commands) observeCommand(metrics, command, nowMs, lookup);
}

function observeCommand(metrics: Metrics, command: Command, nowMs: number, regimeOf: RegimeLookup): void {
  switch (command.type) {
    case 'originate':
      // Not a dial yet: the last check before it may still block it.
      initialiseCampaign(metrics, command.campaignId, regimeOf(command.campaignId));
      return;
    case 'attempt_progress':
      return observeProgress(metrics, command);
    case 'attempt_closed':
      return observeClosed(metrics, command.summary, nowMs, regimeOf);
    case 'agent_state_changed':
      // Leaving `ready` for a call ends the agent's wait between calls.
      if (command.from === 'ready' && command.to === 'reserved') {
        metrics.agentWait.observe({ campaign: command.campaignId }, command.durationMs / 1000);
      }
      return;
    case 'pacing_decided':
      metrics.pacingDecisions.inc({ campaign: command.campaignId, binding: command.decision.binding });
      metrics.pacingLaunched.inc({ campaign: command.campaignId }, Math.max(0, command.decision.launch));
      metrics.dialLevelDecided.set({ campaign: command.campaignId }, command.decision.dialLevel);
      return;
    case 'bridge_call':
      if (firstTime(metrics, command.attemptId, `bridge:${command.agentId}`)) metrics.routedCalls.inc({ campaign: command.campaignId, match: command.match });
      return;
    case 'add_dnc':
      metrics.dncAdditions.inc({ campaign: command.campaignId, source: command.source });
      return;
    case 'input_rejected':
      metrics.inputsRejected.inc({ code: command.code });
      return;
    case 'start_consult':
      metrics.consultations.inc({ campaign: command.campaignId });
      return;
    case 'set_call_held':
      // A hold put back carries the time it began: the same hold.
      if (command.held && firstTime(metrics, command.attemptId, `hold:${command.atMs}`)) metrics.holds.inc({ campaign: command.campaignId });
      else if (command.reason === 'time_limit') metrics.holdsTimedOut.inc({ campaign: command.campaignId });
      return;
    case 'third_party_changed': {
      const stage = thirdPartyStageLabel(command.stage);
      if (stage !== undefined) metrics.thirdPartyCalls.inc({ campaign: command.campaignId, stage });
      return;
    }
    case 'drop_message':
      metrics.messagesLeft.inc({ campaign: command.campaignId });
      return;
    case 'set_recording_paused':
      metrics.recordingPauses.inc({ campaign: command.campaignId, change: command.paused ? 'paused' : 'resumed', by: command.reason });
      return;
    default:
      return;
  }
}

// A dial is counted when it first shows that it went out (ringing, answered), so the dials a
// second follow the dialling; one that ends without either is counted when it ends, if its outcome
// is a dial's (counted-calls.ts): an attempt blocked by the last check, skipped or called off never is.

/** What has been counted of each call in progress, per registry: its dial, its bridges to agents,
 * its holds. A command the core sends again for the same event (a bridge or a hold put back after
 * a late confirmation) is counted once. */
const countedOfCalls = new WeakMap<Metrics, Map<AttemptId, Set<string>>>();

function countedOf(metrics: Metrics, attemptId: AttemptId): Set<string> {
  let calls = countedOfCalls.get(metrics);
  if (!calls) countedOfCalls.set(metrics, (calls = new Map()));
  let counted = calls.get(attemptId);
  if (!counted) calls.set(attemptId, (counted = new Set()));
  return counted;
}

/** True the first time `what` is seen of the call. */
function firstTime(metrics: Metrics, attemptId: AttemptId, what: string): boolean {
  const counted = countedOf(metrics, attemptId);
  if (counted.has(what)) return false;
  counted.add(what);
  return true;
}

function countDialWentOut(metrics: Metrics, campaign: CampaignId, attemptId: AttemptId): void {
  if (firstTime(metrics, attemptId, 'dial')) metrics.dials.inc({ campaign });
}

function countDialEnded(metrics: Metrics, summary: AttemptSummary): void {
  const calls = countedOfCalls.get(metrics);
  const dialCounted = calls?.get(summary.attemptId)?.has('dial') ?? false;
  calls?.delete(summary.attemptId);
  if (!dialCounted && endedAsDial(summary)) metrics.dials.inc({ campaign: summary.campaignId });
}

function observeProgress(metrics: Metrics, command: Extract<Command, { type: 'attempt_progress' }>): void {
  const labels = { campaign: command.campaignId };
  if (command.stage === 'ringing' || command.stage === 'answered') countDialWentOut(metrics, command.campaignId, command.attemptId);
  switch (command.stage) {
    case 'live': metrics.liveAnswers.inc(labels); return;
    case 'machine': metrics.machineAnswers.inc(labels); return;
    case 'connected': metrics.connects.inc(labels); return;
    case 'transferred': metrics.transfers.inc(labels); return;
    default: return;
  }
}

function observeClosed(metrics: Metrics, summary: AttemptSummary, nowMs: number, regimeOf: RegimeLookup): void {
  const campaign = summary.campaignId;
  const regime = regimeOf(campaign);
  initialiseCampaign(metrics, campaign, regime);
  countDialEnded(metrics, summary);
  metrics.outcomes.inc({ campaign, outcome: summary.outcome, cause: causeLabel(summary.cause) });
  if (summary.abandoned) metrics.abandons.inc({ campaign, regime: regime ?? 'unknown' });
  recordFinished(metrics.rolling, summary, nowMs);
  // The 2-second rule's measure: paced calls only. An agent's own dial (a preview, a typed number,
  // their callback) has the agent on the line already and is put through at once.
  if (summary.liveAtMs !== null && summary.connectedAtMs !== null && summary.previewAgentId === null) {
    metrics.answerToAgent.observe({ campaign }, seconds(summary.connectedAtMs - summary.liveAtMs));
  }
  if (summary.connectedAtMs !== null) metrics.talkTime.observe({ campaign }, seconds(summary.endedAtMs - summary.connectedAtMs));
  if (summary.heldMs > 0) metrics.holdSeconds.inc({ campaign }, seconds(summary.heldMs));
  if (summary.messagePlayed) metrics.machineMessages.inc({ campaign, start: summary.messagePlayed.start });
  // Counted once played: a message the PBX could not play (its file missing) was never heard.
  if (summary.safeHarborPlayed) metrics.safeHarborPlays.inc({ campaign });
  observeRingTime(metrics, summary);
}

/** Ring time of a dial; an attempt never dialled, or an originate refused before anything rang,
 * has none (its zero would drag ring time down), nor one that ended unseen while the PBX
 * connection was down (its end is when that was found out). */
function observeRingTime(metrics: Metrics, summary: AttemptSummary): void {
  const campaign = summary.campaignId;
  if (!endedAsDial(summary) || (summary.outcome === 'failed' && !rang(summary))) return;
  if (summary.outcome === 'lost_in_gap' && summary.answeredAtMs === null) return;
  if (summary.answeredAtMs !== null) {
    metrics.ringTime.observe({ campaign, result: 'answered' }, seconds(summary.answeredAtMs - summary.originatedAtMs));
  } else {
    metrics.ringTime.observe({ campaign, result: 'unanswered' }, seconds(summary.endedAtMs - summary.originatedAtMs));
  }
}

/** Q.850 causes are 0-127; anything else would be a bug upstream and must not make a new series. */
function causeLabel(cause: number): string {
  return Number.isInteger(cause) && cause >= 0 && cause <= 127 ? String(cause) : 'other';
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1000;
}

function thirdPartyStageLabel(stage: string): string | undefined {
  return Object.hasOwn(thirdPartyStageLabels, stage) ? thirdPartyStageLabels[stage as keyof typeof thirdPartyStageLabels] : undefined;
}
