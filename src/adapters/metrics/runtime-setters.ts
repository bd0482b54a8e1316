// Setters for what the runtime learns outside the engine's commands and state: PBX and ARI
// health, messages the PBX did not play, database latency, list and callback counts, compliance
// blocks, step timing.

import type { PlaybackPurpose } from '../../core/commands.js';
import type { CampaignId } from '../../core/ids.js';
import { complianceRules, dbOperations, type ComplianceRule, type DbOperation, type Metrics, type ReturnCallOutcome } from './metrics.js';

/** Name of the PBX when the engine talks to only one. */
export const defaultPbx = 'default';

export interface PbxHealth {
  up: boolean;
  /** Channels in use as the PBX reports them; null when unknown. */
  currentCalls: number | null;
}

/** After each PBX health probe (e.g. GET /ari/asterisk/info): up and channels in use. */
export function setPbxHealth(metrics: Metrics, health: PbxHealth, pbx: string = defaultPbx): void {
  metrics.pbxUp.set({ pbx }, health.up ? 1 : 0);
  // Unknown (the PBX lost) leaves no series: a panel would show the last count as current.
  if (health.currentCalls !== null) metrics.pbxCalls.set({ pbx }, health.currentCalls);
  else metrics.pbxCalls.remove({ pbx });
}

/** Each time the node's calls-a-second limit is set (its own, or its share of the trunk's); none
 * leaves no series. */
export function setNodeDialLimit(metrics: Metrics, trunk: string, perSecond: number | null): void {
  metrics.nodeDialLimit.reset();
  if (perSecond !== null) metrics.nodeDialLimit.set({ trunk }, perSecond);
}

/** Each time the node renews its membership of a shared trunk, with the demand it gave. */
export function setTrunkDemand(metrics: Metrics, trunk: string, demand: number): void {
  metrics.trunkDemand.set({ trunk }, demand);
}

/** When an agent desktop or a wallboard opens or closes its live stream. */
export function setLiveConnections(metrics: Metrics, open: { agents: number; supervisors: number }): void {
  metrics.liveConnections.set({ stream: 'agent' }, open.agents);
  metrics.liveConnections.set({ stream: 'supervisor' }, open.supervisors);
}

/** When the ARI events WebSocket opens or closes. */
export function setAriConnected(metrics: Metrics, connected: boolean, pbx: string = defaultPbx): void {
  metrics.ariConnected.set({ pbx }, connected ? 1 : 0);
  metrics.ariReconnects.inc({ pbx }, 0);
}

/** Each time the ARI WebSocket reconnects after a drop (not on the first connection). */
export function countAriReconnect(metrics: Metrics, pbx: string = defaultPbx): void {
  metrics.ariReconnects.inc({ pbx });
}

/** Each time the PBX does not play a message (safe harbor, machine message) to a call still on the
 * line; the attempt is recorded without it. */
export function countPlaybackFailure(metrics: Metrics, campaignId: CampaignId, purpose: PlaybackPurpose): void {
  metrics.playbackFailures.inc({ campaign: campaignId, purpose });
}

/** A return call put through to an agent of the campaign. */
export function countReturnCallToAgent(metrics: Metrics, campaignId: string): void {
  metrics.returnCalls.inc({ campaign: campaignId, outcome: 'agent' satisfies ReturnCallOutcome });
}

/** A person calling back who hung up waiting for an agent: on hold, or in the moment of being put
 * through (never on hold). */
export function countReturnCallHungUp(metrics: Metrics, campaignId: string, onHold: boolean): void {
  const outcome: ReturnCallOutcome = onHold ? 'hung_up_on_hold' : 'hung_up_connecting';
  metrics.returnCalls.inc({ campaign: campaignId, outcome });
}

/** A person calling back hung up while waiting for an agent by the node (stopping) or a staff member. */
export function countReturnCallEndedByUs(metrics: Metrics, campaignId: string): void {
  metrics.returnCalls.inc({ campaign: campaignId, outcome: 'ended_by_us' satisfies ReturnCallOutcome });
}

/** A return call over: counted by how it ended; an opt-out is also a number the engine put on the list. */
export function countReturnCall(metrics: Metrics, campaignId: string, optedOut: boolean): void {
  metrics.returnCalls.inc({ campaign: campaignId, outcome: (optedOut ? 'opted_out' : 'heard') satisfies ReturnCallOutcome });
  if (optedOut) metrics.dncAdditions.inc({ campaign: campaignId, source: 'return_call_opt_out' });
}

/** After each timed database query; unknown operation names are counted as `other`. */
export function observeDbQuery(metrics: Metrics, operation: DbOperation | string, seconds: number): void {
  const known = (dbOperations as readonly string[]).includes(operation) ? (operation as DbOperation) : 'other';
  metrics.dbQuery.observe({ operation: known }, Math.max(0, seconds));
}

export interface LeadCounts {
  /** Leads that can still be dialled at some point (not final, not DNC, under the dials-per-lead cap). */
  remaining: number;
  /** Of those, dialable now: due and inside their calling window. */
  due: number;
}

/** After each periodic lead count of a campaign (every few seconds; it is a query). */
export function setLeadCounts(metrics: Metrics, campaignId: CampaignId, counts: LeadCounts): void {
  metrics.leadsRemaining.set({ campaign: campaignId }, counts.remaining);
  metrics.leadsDue.set({ campaign: campaignId }, counts.due);
}

/** What is owed to leads after their calls: callbacks and dispositions. */
export interface FollowUpCounts {
  callbacksDue: number;
  callbacksOverdue: number;
  /** Calls that ended a while ago, put through to an agent, with no disposition. */
  undispositioned: number;
}

/** After each periodic follow-up count of a campaign. */
export function setFollowUpCounts(metrics: Metrics, campaignId: CampaignId, counts: FollowUpCounts): void {
  metrics.callbacksDue.set({ campaign: campaignId }, counts.callbacksDue);
  metrics.callbacksOverdue.set({ campaign: campaignId }, counts.callbacksOverdue);
  metrics.callsUndispositioned.set({ campaign: campaignId }, counts.undispositioned);
}

/** Each dial the last check before its originate refuses for a compliance rule (selection passes over such leads uncounted). */
export function countComplianceBlock(metrics: Metrics, campaignId: CampaignId, rule: ComplianceRule, count = 1): void {
  if (!(complianceRules as readonly string[]).includes(rule)) return;
  metrics.complianceBlocks.inc({ campaign: campaignId, rule }, count);
}

/** After each engine step the runtime times (the tick that paces campaigns). */
export function observePacingStep(metrics: Metrics, seconds: number): void {
  metrics.pacingStep.observe(Math.max(0, seconds));
}

/** Forgets list and callback gauges of a campaign that left this engine. */
export function clearCampaignCounts(metrics: Metrics, campaignId: CampaignId): void {
  for (const gauge of [metrics.leadsRemaining, metrics.leadsDue, metrics.callbacksDue, metrics.callbacksOverdue, metrics.callsUndispositioned]) {
    gauge.remove({ campaign: campaignId });
  }
}
