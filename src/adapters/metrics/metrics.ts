// Every Prometheus metric Outpace exports, on one dedicated registry. Labels are bounded on
// purpose: campaign, state, outcome, regime, binding limit, rule, playback purpose, PBX name;
// never a lead, a phone number or an attempt, which would grow without limit.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RejectionCode } from '../../core/commands.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import type { CampaignId } from '../../core/ids.js';
import { createRollingWindows, type RollingWindows } from './rolling-window.js';

/** Rules a lead can be held back by before it is dialled; the runtime reports each block. */
export const complianceRules = ['dnc', 'calling_window', 'max_attempts', 'abandon_redial_hold', 'machine_redial_hold', 'number_in_call', 'caller_id', 'national_registry'] as const;
export type ComplianceRule = (typeof complianceRules)[number];

/** Kinds of database work whose latency is measured; anything else is reported as `other`. */
export const dbOperations = ['lead_selection', 'attempt_write', 'attempt_close', 'dnc_check', 'callback', 'other'] as const;
export type DbOperation = (typeof dbOperations)[number];

/** Writes the record depends on, tried again while the database is away. */
export const dbWriteOperations = ['attempt_progress', 'attempt_close', 'abandon_evidence', 'agent_state', 'dnc', 'recording_evidence'] as const;
export type DbWriteOperation = (typeof dbWriteOperations)[number];

export const rollingWindowLabel = '15m';

/** How a return call ended, as `outpace_return_calls_total` counts it. */
export const returnCallOutcomes = ['agent', 'heard', 'opted_out', 'hung_up_on_hold', 'hung_up_connecting', 'ended_by_us'] as const;
export type ReturnCallOutcome = (typeof returnCallOutcomes)[number];

/** The stages of a call to a third party that are counted, by the label they are counted under. */
export const thirdPartyStageLabels = { dialing: 'placed', talking: 'answered', handed_off: 'left_with_customer' } as const;

/** Every rejection code, so the refused-actions series exist (at zero) from the start. */
const rejectionCodes = [
  'unknown_campaign', 'unknown_agent', 'unknown_call', 'illegal_agent_transition', 'campaign_not_running',
  'invalid_settings', 'not_your_call', 'agent_busy', 'not_recording', 'call_in_progress', 'not_in_conversation', 'transfer_refused', 'message_refused', 'no_agent_ready',
] as const satisfies readonly RejectionCode[];
// Fails to compile when the core adds a code this list lacks.
const allRejectionCodesListed: Exclude<RejectionCode, (typeof rejectionCodes)[number]> extends never ? true : never = true;
void allRejectionCodesListed;

function defineMetrics(registry: Registry) {
  const registers = [registry];
  const campaign = ['campaign'] as const;
  return {
    dials: new Counter({ name: 'outpace_dials_total', help: 'Customer calls originated', labelNames: campaign, registers }),
    outcomes: new Counter({
      name: 'outpace_call_outcomes_total', help: 'Finished attempts by outcome and Q.850 hang-up cause',
      labelNames: ['campaign', 'outcome', 'cause'] as const, registers,
    }),
    liveAnswers: new Counter({ name: 'outpace_live_answers_total', help: 'Calls answered by a live person (human or AMD off)', labelNames: campaign, registers }),
    machineAnswers: new Counter({ name: 'outpace_machine_answers_total', help: 'Calls AMD classified as an answering machine', labelNames: campaign, registers }),
    connects: new Counter({ name: 'outpace_connects_total', help: 'Live calls bridged to an agent', labelNames: campaign, registers }),
    routedCalls: new Counter({
      name: 'outpace_routed_calls_total',
      help: "Answered calls given to an agent, by how they met the campaign's distribution: group (an agent of the lead's group), other (none of it was free), any (no group)",
      labelNames: ['campaign', 'match'] as const, registers,
    }),
    abandons: new Counter({
      name: 'outpace_abandons_total', help: 'Live calls not connected to an agent in time, by abandonment regime',
      labelNames: ['campaign', 'regime'] as const, registers,
    }),
    safeHarborPlays: new Counter({ name: 'outpace_safe_harbor_plays_total', help: 'Safe-harbor messages played to abandoned calls', labelNames: campaign, registers }),
    playbackFailures: new Counter({
      name: 'outpace_playback_failures_total',
      help: 'Messages the PBX did not play to a call still on the line (a missing or misnamed file, a refused request), by purpose: safe_harbor, machine_message',
      labelNames: ['campaign', 'purpose'] as const, registers,
    }),
    dncAdditions: new Counter({
      name: 'outpace_dnc_additions_total', help: 'Numbers added to the do-not-call list by the engine',
      labelNames: ['campaign', 'source'] as const, registers,
    }),
    returnCalls: new Counter({
      name: 'outpace_return_calls_total',
      help: "Calls back to a number the campaign presents, by outcome: agent (put through to a ready agent), opted_out (heard the return-call message and pressed the key not to be called again) or heard (the message), hung_up_on_hold (hung up while waiting on hold for an agent), hung_up_connecting (hung up in the moment of being put through to an agent, never on hold), ended_by_us (hung up while waiting for an agent by the node stopping or a staff member)",
      labelNames: ['campaign', 'outcome'] as const, registers,
    }),
    complianceBlocks: new Counter({
      name: 'outpace_compliance_blocks_total', help: 'Dials refused by a compliance rule at the last check before the originate',
      labelNames: ['campaign', 'rule'] as const, registers,
    }),
    recordingPauses: new Counter({
      name: 'outpace_recording_changes_total',
      help: "Calls' recordings paused and resumed (card details), by who: the agent, or the pause's time limit (a pause left on)",
      labelNames: ['campaign', 'change', 'by'] as const, registers,
    }),
    holds: new Counter({ name: 'outpace_call_holds_total', help: 'Customers put on hold by their agent', labelNames: campaign, registers }),
    messagesLeft: new Counter({
      name: 'outpace_messages_left_total', help: "Answering machines agents reached and had the campaign's message left on", labelNames: campaign, registers,
    }),
    holdsTimedOut: new Counter({
      name: 'outpace_call_hold_time_limits_total', help: "Holds ended by the campaign's hold limit (the customer brought back to their agent)", labelNames: campaign, registers,
    }),
    holdSeconds: new Counter({
      name: 'outpace_call_hold_seconds_total', help: 'Time customers spent on hold, counted when their call ends', labelNames: campaign, registers,
    }),
    transfers: new Counter({ name: 'outpace_call_transfers_total', help: 'Customers handed over by their agent to a colleague', labelNames: campaign, registers }),
    consultations: new Counter({
      name: 'outpace_call_consultations_total', help: 'Consultations of a colleague before a handover (the customer on hold)', labelNames: campaign, registers,
    }),
    machineMessages: new Counter({
      name: 'outpace_machine_messages_total',
      help: "Messages played on answering machines, by what started them: after_greeting (the machine went quiet), no_greeting, longest_wait, at_once",
      labelNames: ['campaign', 'start'] as const, registers,
    }),
    thirdPartyCalls: new Counter({
      name: 'outpace_third_party_calls_total',
      help: "Calls agents made to the campaign's third parties about a customer, by how far they got: placed, answered, customer left with the third party",
      labelNames: ['campaign', 'stage'] as const, registers,
    }),
    inputsRejected: new Counter({ name: 'outpace_inputs_rejected_total', help: 'Actions the engine refused, by rejection code', labelNames: ['code'] as const, registers }),
    pacingDecisions: new Counter({
      name: 'outpace_pacing_decisions_total', help: 'Pacing decisions recorded, by the limit that decided',
      labelNames: ['campaign', 'binding'] as const, registers,
    }),
    pacingLaunched: new Counter({ name: 'outpace_pacing_launched_total', help: 'Calls the pacer asked to launch', labelNames: campaign, registers }),
    pacingBinding: new Gauge({
      name: 'outpace_pacing_binding', help: '1 for the limit that decided the latest pacing decision, 0 for the others',
      labelNames: ['campaign', 'binding'] as const, registers,
    }),
    dialLevel: new Gauge({ name: 'outpace_dial_level', help: 'Calls in progress per staffed agent', labelNames: campaign, registers }),
    dialLevelDecided: new Gauge({ name: 'outpace_pacing_dial_level', help: 'Dial level the latest pacing decision aimed for', labelNames: campaign, registers }),
    forecastAbandons: new Gauge({
      name: 'outpace_forecast_abandons',
      help: "How the predictive model's forecast has fared: the abandons it expected among the live answers it paced for (kind=\"expected\") and those of them abandoned (kind=\"happened\"), each decayed with an hour's time constant",
      labelNames: ['campaign', 'kind'] as const, registers,
    }),
    agents: new Gauge({ name: 'outpace_agents', help: 'Agents by state', labelNames: ['campaign', 'state'] as const, registers }),
    calls: new Gauge({ name: 'outpace_calls', help: 'Calls in progress by state', labelNames: ['campaign', 'state'] as const, registers }),
    connectRate: new Gauge({
      name: 'outpace_connect_rate', help: 'Share of finished dials that reached an agent, over the window',
      labelNames: ['campaign', 'window'] as const, registers,
    }),
    abandonRate: new Gauge({
      name: 'outpace_abandon_rate', help: 'Abandoned share of live answers; window="regime" is the figure the regime counts',
      labelNames: ['campaign', 'regime', 'window'] as const, registers,
    }),
    abandonBudget: new Gauge({
      name: 'outpace_abandon_budget', help: 'Abandonment target in force (campaign target capped by the regime)',
      labelNames: ['campaign', 'regime'] as const, registers,
    }),
    regimeLiveAnswers: new Gauge({ name: 'outpace_regime_window_live_answers', help: 'Live answers in the regime window as the regime counts them (UK and strict add the estimated AMD false positives, as in the abandoned count)', labelNames: ['campaign', 'regime'] as const, registers }),
    regimeAbandoned: new Gauge({
      name: 'outpace_regime_window_abandoned', help: 'Abandoned calls in the regime window as the regime counts them',
      labelNames: ['campaign', 'regime'] as const, registers,
    }),
    campaignRunning: new Gauge({ name: 'outpace_campaign_running', help: '1 while the campaign is running', labelNames: campaign, registers }),
    handoversWaiting: new Gauge({
      name: 'outpace_handovers_waiting', help: "Customers on hold for the next agent of the campaign's team (or a group of it) to come free, handed over from any campaign",
      labelNames: campaign, registers,
    }),
    agentsOverPauseLimit: new Gauge({
      name: 'outpace_agents_over_pause_limit', help: "Agents paused past their pause reason's allowance (settings.pauseLimitMinutes)", labelNames: campaign, registers,
    }),
    leadsRemaining: new Gauge({ name: 'outpace_leads_remaining', help: 'Leads that can still be dialled (on lists the campaign dials, through its lead filter, under its dials-per-lead cap)', labelNames: campaign, registers }),
    leadsDue: new Gauge({ name: 'outpace_leads_due', help: 'Leads dialable now (due, in their calling window, under the dials-per-lead cap)', labelNames: campaign, registers }),
    callbacksDue: new Gauge({ name: 'outpace_callbacks_due', help: 'Scheduled callbacks due now', labelNames: campaign, registers }),
    callsUndispositioned: new Gauge({
      name: 'outpace_calls_undispositioned', help: 'Calls of the last day put through to an agent that ended over 5 minutes ago without a disposition',
      labelNames: campaign, registers,
    }),
    callbacksOverdue: new Gauge({ name: 'outpace_callbacks_overdue', help: 'Open callbacks past their follow-up deadline (48 h after their time unless set otherwise)', labelNames: campaign, registers }),
    answerToAgent: new Histogram({
      name: 'outpace_answer_to_agent_seconds', help: 'From live answer (end of greeting) to the agent bridge',
      labelNames: campaign, buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5], registers,
    }),
    ringTime: new Histogram({
      name: 'outpace_ring_seconds', help: 'From originate to answer (answered) or to the end of the dial (unanswered)',
      labelNames: ['campaign', 'result'] as const, buckets: [2, 5, 10, 15, 20, 25, 30, 45, 60], registers,
    }),
    talkTime: new Histogram({
      name: 'outpace_talk_seconds', help: 'From agent bridge to hang-up',
      labelNames: campaign, buckets: [10, 30, 60, 120, 180, 300, 600, 1200, 1800], registers,
    }),
    agentWait: new Histogram({
      name: 'outpace_agent_wait_seconds', help: 'Time an agent spent ready before the next call was routed',
      labelNames: campaign, buckets: [1, 5, 10, 20, 30, 60, 120, 300, 600], registers,
    }),
    pacingStep: new Histogram({
      name: 'outpace_pacing_step_seconds', help: 'Wall time of one engine pacing step',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers,
    }),
    draining: new Gauge({ name: 'outpace_engine_draining', help: '1 while the node is stopping: no new dials or logins, calls in progress finishing', registers }),
    liveConnections: new Gauge({
      name: 'outpace_live_connections', help: "Live streams open on the node: agent desktops (and staff following an agent), and wallboards",
      labelNames: ['stream'] as const, registers,
    }),
    telephonyUp: new Gauge({ name: 'outpace_engine_telephony_up', help: '1 while the engine believes the telephony link is up', registers }),
    nodeDialLimit: new Gauge({
      name: 'outpace_node_dials_per_second_limit', help: "Calls the node may start in any second: its own limit or its share of the trunk's; absent: none",
      labelNames: ['trunk'] as const, registers,
    }),
    trunkDemand: new Gauge({
      name: 'outpace_trunk_demand', help: "What the node asked of a trunk several nodes share at its last renewal, in calls a second: the lines its campaigns want (at least one per agent logged in) over how long each of their dials holds a line",
      labelNames: ['trunk'] as const, registers,
    }),
    pbxUp: new Gauge({ name: 'outpace_pbx_up', help: '1 while the PBX answers its health check', labelNames: ['pbx'] as const, registers }),
    pbxCalls: new Gauge({ name: 'outpace_pbx_current_calls', help: 'Channels the PBX reports in use', labelNames: ['pbx'] as const, registers }),
    ariConnected: new Gauge({ name: 'outpace_ari_connected', help: '1 while the ARI events WebSocket is connected', labelNames: ['pbx'] as const, registers }),
    ariReconnects: new Counter({ name: 'outpace_ari_reconnects_total', help: 'ARI WebSocket reconnections', labelNames: ['pbx'] as const, registers }),
    webhookTries: new Counter({
      name: 'outpace_webhook_tries_total', help: 'CRM webhook tries by result: delivered, retry (refused, tried again later), failed (refused on the last try)',
      labelNames: ['result'] as const, registers,
    }),
    dbWriteRetries: new Counter({
      name: 'outpace_db_write_retries_total', help: 'Writes the record depends on that failed because the database was away, and are being tried again',
      labelNames: ['operation'] as const, registers,
    }),
    dbWritesLost: new Counter({
      name: 'outpace_db_writes_lost_total', help: 'Writes the record depends on that are lost (given up with no spool to keep them, the spool failing, or refused when written from it): records of calls that are missing',
      labelNames: ['operation'] as const, registers,
    }),
    dbWritesSpooled: new Gauge({
      name: 'outpace_db_writes_spooled', help: 'Writes the database did not take within engine.writeRetryMinutes, waiting in the node\'s spool on disk until it answers',
      registers,
    }),
    clockSteps: new Counter({
      name: 'outpace_clock_steps_total',
      help: "Steps of the system clock (NTP, or by hand) the engine's clock found, by how it followed them: slewed (at most 0.5% off real time, deadlines kept) or at_once (a step of 10 s or more: deadlines running moved with it)",
      labelNames: ['followed'] as const, registers,
    }),
    clockOffset: new Gauge({
      name: 'outpace_clock_offset_seconds', help: "How far the system clock is ahead of the engine's (negative: behind) while the engine catches up a step of it",
      registers,
    }),
    dbQuery: new Histogram({
      name: 'outpace_db_query_seconds', help: 'Database query latency by kind of work',
      labelNames: ['operation'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
    }),
  };
}

export type MetricHandles = ReturnType<typeof defineMetrics>;

export interface Metrics extends MetricHandles {
  registry: Registry;
  /** Campaigns whose series were zero-initialised, so dashboards see them before any event. */
  initialised: Set<CampaignId>;
  /** Last regime seen per campaign, for abandons and to drop series when it changes. */
  regimes: Map<CampaignId, AbandonRegime>;
  rolling: RollingWindows;
}

export interface CreateMetricsOptions {
  /** Node process metrics (CPU, memory, event-loop lag); off in unit tests that do not need them. */
  defaultMetrics?: boolean;
}

/** Creates the registry and every metric; call once per process (tests may call it freely). */
/** Gauges every node reads alike from what the nodes share (the database, the PBX): added up
 * over nodes they count the same leads or channels once per node, so dashboards and alerts take
 * their max. */
export const sameOnEveryNode: readonly string[] = [
  'outpace_leads_remaining', 'outpace_leads_due', 'outpace_callbacks_due', 'outpace_callbacks_overdue', 'outpace_calls_undispositioned',
  'outpace_pbx_current_calls',
];

export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const handles = defineMetrics(registry);
  if (options.defaultMetrics ?? true) {
    // Event-loop lag is sampled every 20 ms: coarse enough to cost nothing, fine enough for spikes.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  }
  for (const operation of dbOperations) handles.dbQuery.zero({ operation });
  for (const operation of dbWriteOperations) {
    handles.dbWriteRetries.inc({ operation }, 0);
    handles.dbWritesLost.inc({ operation }, 0);
  }
  for (const code of rejectionCodes) handles.inputsRejected.inc({ code }, 0);
  for (const result of ['delivered', 'retry', 'failed'] as const) handles.webhookTries.inc({ result }, 0);
  for (const stream of ['agent', 'supervisor'] as const) handles.liveConnections.set({ stream }, 0);
  return { ...handles, registry, initialised: new Set(), regimes: new Map(), rolling: createRollingWindows() };
}
