// The return-call line's decisions wired to what they read and write: the campaigns and calls of
// the database, the core's choice of campaign and message, the engine's choice of a ready agent
// for a caller whose lead the campaign called (or, for a caller whose shown number it never
// called, the lead of their own return-caller-leads.ts finds or makes, and removes again when no
// agent takes them), the opt-out through the same durable write as the safe-harbor message's key, and the evidence of every return call. A caller waiting on hold for an
// agent is the engine's until it tells how the wait ended (its commands, watched here): an agent
// took them, it let them go to hear the message, or the call ended first: their evidence says
// `answeredBy: 'nobody'`, with `hungUpOnHold: true` when they hung up on hold, or `endedBy` (`node`,
// or the staff member) when we hung up on them. One who hung up is kept as a missed call, as is one
// whose wait on hold ran out or whose agent's bridge failed with no wait left them (their attempt
// kept, closed, and a stranger's lead with it). A withheld number goes to an agent as any caller, on
// a lead of no number made for the call; one no agent spoke to is a missed call with neither
// attempt nor lead (no one to call back), as is one the engine turned away at once (`withheld`).

import type { Logger } from 'pino';
import type { ReturnCallAgentRoute, ReturnCallHandler, ReturnCallPlan, ReturnCallWait } from '../adapters/ari/ari-telephony.js';
import { closeInboundAttemptUntaken, createInboundAttempt, dropInboundAttempt } from '../adapters/pg/inbound-attempts.js';
import { withDialFact } from '../adapters/pg/lead-dial-facts.js';
import { leadGroups } from '../adapters/pg/lead-groups.js';
import { withTransaction, type Pool } from '../adapters/pg/pool.js';
import { recordMissedCall, type MissedCallInput } from '../adapters/pg/missed-calls.js';
import { readReturnCallFacts, recordReturnCall, type EndedWaiting } from '../adapters/pg/return-call-facts.js';
import { recordReturnCallerCall } from '../adapters/pg/return-caller-lead.js';
import { withheldNumber } from '../adapters/pg/withheld-caller-lead.js';
import { staffShown } from '../core/acting-staff.js';
import { returnCallHoldMsOf } from '../core/campaign-settings.js';
import { rejectionIn, type AttemptSummary, type Command } from '../core/commands.js';
import { callerE164, callerIdNumber, decideReturnCall } from '../core/compliance/return-call.js';
import type { EngineState } from '../core/engine-state.js';
import type { Input, LeadDial } from '../core/inputs.js';
import { readyAgentFor } from '../core/routing.js';
import { ReturnCallerLeads, type CallerLead } from './return-caller-leads.js';

/** The reason a return call's opt-out is kept under, beside the safe-harbor message's. */
export const returnCallOptOutSource = 'return_call_opt_out';

/** What the line needs of the node's engine: its state, to see a ready agent, and its input. */
export interface ReturnCallEngine {
  state(): EngineState;
  submit(input: Input): Command[];
  /** Every command the engine gives from then on: how a caller's wait on hold ends. */
  observe(sink: (commands: readonly Command[]) => void): void;
}

export interface ReturnCallLineDeps {
  pool: Pool;
  /** The node's caller ID, presented by campaigns without their own. */
  defaultCallerId: string;
  /** Puts the number on the global list with its evidence (the engine store's opt-out write). */
  addOptOut: (campaignId: string, e164: string, source: string) => Promise<void>;
  /** The node's engine, once it runs (null before): callers go to its ready agents. Absent: none. */
  engine?: () => ReturnCallEngine | null;
  /** The node its attempts are written under. */
  nodeId: string;
  /** Each return call once over, by campaign and whether the person opted out. */
  onEnded?: (campaignId: string, optedOut: boolean) => void;
  /** Each person calling back who hung up while waiting for an agent, by campaign and whether on
   * hold (else in the moment of being put through). */
  onCallerHungUp?: (campaignId: string, onHold: boolean) => void;
  /** Each person calling back hung up while waiting for an agent by the node (stopping) or a staff member, by campaign. */
  onEndedByUs?: (campaignId: string) => void;
  /** Each return call put through to an agent, by campaign. */
  onPutThrough?: (campaignId: string) => void;
  nowMs: () => number;
  logger: Logger;
}

/** A caller with the engine (on hold for an agent, or being put through to one), by attempt: how
 * their time with it ends is told, and its evidence. */
interface Waiting {
  wait: ReturnCallWait;
  evidence: RouteFacts['evidence'];
  /** The lead made or found for a caller the campaign never called. */
  own: CallerLead | null;
  /** Kept as a missed call: the line's release of the caller leaves their attempt (and lead) be. */
  kept: boolean;
}

export function returnCallLine(deps: ReturnCallLineDeps): ReturnCallHandler {
  const waiting = new Map<string, Waiting>();
  const callerLeads = new ReturnCallerLeads(deps.pool, deps.logger);
  let watched: ReturnCallEngine | null = null;
  const watch = (engine: ReturnCallEngine): void => {
    if (watched === engine) return;
    watched = engine;
    // Every batch of the engine's commands (each tick's too) passes here: nothing to look at while no one waits.
    engine.observe((commands) => { if (waiting.size > 0) for (const command of commands) onWaitEnd(deps, waiting, command); });
  };
  return async (call) => {
    const caller = callerE164(call.caller);
    const facts = await readReturnCallFacts(deps.pool, caller, deps.defaultCallerId);
    const decision = decideReturnCall({ dialled: call.dialled, caller, ...facts });
    if (decision.kind === 'not_presented') return null;
    const { campaignId } = decision;
    const calledAtMs = deps.nowMs();
    const attemptInput = { campaignId, nodeId: deps.nodeId, channelId: call.channelId, callerId: decision.shownAs, now: new Date(calledAtMs) };
    const taking = engineTaking(deps, campaignId) !== null;
    // A caller the campaign never called goes to an agent as any other, on a lead of their own: the
    // lead holding their number, or one made for them; a withheld number, one of no number made for
    // this call alone (nothing can find it again), so the agent's disposition and notes have a
    // place, as a typed number's do.
    const own = !taking ? null
      : caller === null ? await callerLead(deps, () => callerLeads.withheldAttemptFor(attemptInput), attemptInput)
      : decision.leadIds.length === 0 ? await callerLead(deps, () => callerLeads.attemptFor({ ...attemptInput, e164: caller }), attemptInput)
      : null;
    const leadIds = own ? [own.leadId] : decision.leadIds;
    const evidence = { campaignId, e164: caller, callerId: call.dialled, leadIds, ...(own?.created ? { leadCreated: true } : {}) };
    const leadId = leadIds[0];
    // A withheld caller the campaign would have taken but whom no agent was offered (the engine
    // refused them, or their attempt could not be written) is kept as a missed call: nothing else
    // tells the staff of them, and they never waited.
    let refusedWithheld = caller === null && taking;
    const toAgent = leadId === undefined ? null
      : await agentRoute(deps, { campaignId, leadId, caller: caller ?? withheldNumber, shownAs: decision.shownAs, channelId: call.channelId, evidence, own },
        { waiting, watch, offered: () => { refusedWithheld = false; } });
    // Not put through after all (the engine no longer takes callers, or the attempt's lead could
    // not be read): the lead made for them goes with the attempt.
    if (toAgent === null) void own?.drop();
    deps.logger.info({ channelId: call.channelId, campaignId, leadIds, agentAsked: toAgent !== null },
      toAgent ? 'a return call to a number the campaign presents: put through to a ready agent if one takes it' : 'a return call to a number the campaign presents: its message is played');
    const plan: ReturnCallPlan = {
      media: decision.media,
      optOutDigit: decision.optOutDigit,
      optOut: async () => {
        if (caller !== null) await deps.addOptOut(campaignId, caller, returnCallOptOutSource);
      },
      ended: (optedOut) => {
        deps.onEnded?.(campaignId, optedOut);
        if (refusedWithheld) {
          keepMissedCall(deps, { campaignId, attemptId: null, reason: 'withheld', calledNumber: callerIdNumber(call.dialled), calledAt: new Date(calledAtMs), waitedMs: 0 });
        }
        const entry = { ...evidence, optedOut, agentId: null };
        // Once their own attempt is settled: a lead removed by then (no agent took this call or
        // another from the number) is named by no evidence.
        if (own) void own.removed.then((removed) => recordOnCallerLead(deps, own.leadId, entry, removed));
        else record(deps, entry);
      },
      ...(toAgent ? { toAgent } : {}),
    };
    return plan;
  };
}

interface RouteFacts {
  campaignId: string;
  leadId: string;
  /** The caller's number, E.164; empty when they withheld it (withheld-caller-lead.ts). */
  caller: string;
  /** The campaign's caller ID they dialled. */
  shownAs: string;
  channelId: string;
  evidence: { campaignId: string; e164: string | null; callerId: string; leadIds: string[]; leadCreated?: boolean };
  /** The lead made or found for a caller the campaign never called, with the attempt of their call. */
  own: CallerLead | null;
}

/** The node's engine when it drives the campaign and may take a caller now: an agent of it is
 * ready, or it lets callers wait on hold for one. */
function engineTaking(deps: ReturnCallLineDeps, campaignId: string): ReturnCallEngine | null {
  const engine = deps.engine?.() ?? null;
  if (engine === null || !(hasReadyAgent(engine.state(), campaignId) || holdsCallers(engine.state(), campaignId))) return null;
  return engine;
}

/** The campaign's lead for a caller it never called (or who withheld their number) and the attempt
 * of their call on it (return-caller-leads.ts); null when they cannot be read or written, and the
 * caller hears the message. */
async function callerLead(deps: ReturnCallLineDeps, find: () => Promise<CallerLead>, input: { campaignId: string; channelId: string }): Promise<CallerLead | null> {
  const { campaignId, channelId } = input;
  try {
    const lead = await find();
    deps.logger.info({ channelId, campaignId, leadId: lead.leadId, created: lead.created }, 'a caller the campaign never called: put through on a lead of their own');
    return lead;
  } catch (error: unknown) {
    deps.logger.error({ channelId, campaignId, err: error }, 'the lead of a caller the campaign never called could not be read or made: its message is played');
    return null;
  }
}

/** A way to an agent for a caller whose lead the campaign called, when this node drives the
 * campaign and one of its agents is ready now: the attempt is written first (every call an agent
 * takes is one), and the engine has the last word on the agent. Null: the message only. */
async function agentRoute(
  deps: ReturnCallLineDeps, facts: RouteFacts, waits: { waiting: Map<string, Waiting>; watch: (engine: ReturnCallEngine) => void; offered: () => void },
): Promise<ReturnCallAgentRoute | null> {
  const engine = engineTaking(deps, facts.campaignId);
  if (engine === null) return null;
  waits.watch(engine);
  const { campaignId, leadId, caller, shownAs, channelId, own } = facts;
  let lead: LeadDial;
  try {
    // The lead read as a dial's is: its distribution group (the engine routes the caller as it
    // routes an answered dial, to an agent of the lead's region or industry first), its list's
    // overrides and the consent states that keep its call unrecorded until the person agrees.
    const group = (await leadGroups(deps.pool, [leadId])).get(leadId) ?? null;
    const attemptId = own?.attemptId ?? await createInboundAttempt(deps.pool, { campaignId, leadId, e164: caller, nodeId: deps.nodeId, channelId, callerId: shownAs, now: new Date(deps.nowMs()) });
    lead = await withDialFact(deps.pool, { attemptId, leadId, phone: caller, group }).catch(async (error: unknown) => {
      // Not put through: the attempt is no call of the lead's (a lead made for it goes with it, by the caller of this).
      if (own === null) await dropInboundAttempt(deps.pool, attemptId).catch(() => undefined);
      throw error;
    });
  } catch (error: unknown) {
    // No attempt, no agent (every call an agent takes is one): the caller still hears the message.
    deps.logger.error({ channelId, campaignId, err: error }, 'the attempt of a return call could not be written, or its lead read: its message is played instead of an agent');
    return null;
  }
  const { attemptId } = lead;
  let entry: Waiting | undefined;
  return {
    attemptId, campaignId,
    reserve: (wait) => {
      const commands = engine.submit({ type: 'inbound_call', campaignId, ...lead });
      if (rejectionIn(commands)) return { kind: 'none' };
      const agentId = commands.find((command) => command.type === 'bridge_call')?.agentId;
      if (agentId === undefined && engine.state().calls.get(attemptId)?.status !== 'waiting_agent') return { kind: 'none' };
      // The engine's until an agent has them (its bridge made), it lets them go, or the call ends.
      entry = { wait, evidence: facts.evidence, own, kept: false };
      waits.waiting.set(attemptId, entry);
      waits.offered();
      if (agentId !== undefined) return { kind: 'agent', agentId };
      deps.logger.info({ attemptId, campaignId }, 'a return call waits on hold for an agent');
      return { kind: 'waiting' };
    },
    release: () => {
      if (entry?.kept === true) return;
      if (own) void own.drop();
      else dropInboundAttempt(deps.pool, attemptId).catch((error: unknown) => deps.logger.error({ attemptId, err: error }, 'the attempt of a return call no agent took could not be removed'));
    },
    putThrough: (agentId) => {
      deps.logger.info({ attemptId, campaignId, agentId }, 'a return call on its way to an agent');
    },
  };
}

/** How a caller's time with the engine ended, from its commands: an agent has them (the bridge
 * made: their evidence says so, once, whoever tried first), it let them go (the line plays the
 * message, whose end has the evidence), or the call ended before an agent had them. */
function onWaitEnd(deps: ReturnCallLineDeps, waiting: Map<string, Waiting>, command: Command): void {
  const attemptId = command.type === 'attempt_closed' ? command.summary.attemptId
    : command.type === 'return_call_released' || command.type === 'return_call_held' || (command.type === 'attempt_progress' && command.stage === 'connected') ? command.attemptId : null;
  const entry = attemptId === null ? undefined : waiting.get(attemptId);
  if (attemptId === null || entry === undefined) return;
  if (command.type === 'return_call_held') {
    // Still the engine's: only where they wait changes.
    deps.logger.info({ attemptId, campaignId: command.campaignId }, "a return call whose agent's bridge failed waits on hold for another");
    entry.wait.held();
    return;
  }
  waiting.delete(attemptId);
  if (command.type === 'return_call_released') {
    deps.logger.info({ attemptId, waitedMs: command.waitedMs, why: command.why }, 'no agent took a return call: its message plays');
    // Their wait ran out with no agent, or their agent's bridge failed with no wait left them (none
    // allowed, or over, on hold or not): nobody spoke to them either way.
    keepUntaken(deps, entry, command);
    entry.wait.released();
    return;
  }
  entry.wait.over();
  if (command.type === 'attempt_progress') {
    entry.own?.keep();
    deps.logger.info({ attemptId, campaignId: command.campaignId, agentId: command.agentId }, 'a return call put through to an agent');
    deps.onPutThrough?.(command.campaignId);
    record(deps, { ...entry.evidence, optedOut: false, agentId: command.agentId });
  } else if (command.type === 'attempt_closed') {
    // A withheld caller no agent spoke to leaves neither attempt nor lead: no one to call back.
    const withheld = entry.evidence.e164 === null;
    if (withheld) void entry.own?.drop();
    else entry.own?.keep();
    const endedWaiting = howEndedWaiting(command.summary);
    deps.logger.info({ attemptId, outcome: command.summary.outcome, by: endedWaiting.by }, 'a return call ended before an agent had it');
    if (endedWaiting.by === 'caller') {
      deps.onCallerHungUp?.(entry.evidence.campaignId, endedWaiting.onHold);
      const { summary } = command;
      const calledAtMs = summary.answeredAtMs ?? summary.endedAtMs;
      keepMissedCall(deps, {
        campaignId: entry.evidence.campaignId, attemptId: withheld ? null : summary.attemptId,
        reason: endedWaiting.onHold ? 'hung_up' : 'hung_up_connecting', calledNumber: callerIdNumber(entry.evidence.callerId),
        calledAt: new Date(calledAtMs), waitedMs: summary.endedAtMs - calledAtMs,
      });
    } else {
      deps.onEndedByUs?.(entry.evidence.campaignId);
    }
    const ended = { ...entry.evidence, optedOut: false, agentId: null, endedWaiting };
    if (withheld && entry.own) void entry.own.removed.then((removed) => record(deps, removed ? withoutLead(ended) : ended));
    else record(deps, ended);
  }
}

/** Who ended a call while the caller waited for an agent: the engine on request (the node
 * stopping, or the staff member it names), else the caller (their wait on hold closes `cancelled`;
 * a hang-up in the moment of being put through, `hangup_before_connect`). */
function howEndedWaiting(summary: AttemptSummary): EndedWaiting {
  if (summary.withdrawnReason !== undefined) {
    return { by: summary.endedBy ? staffShown(summary.endedBy) : 'node', reason: summary.withdrawnReason };
  }
  return { by: 'caller', onHold: summary.outcome === 'cancelled' };
}

/** A caller the engine let go with no agent, who hears the message: their wait on hold ran out, or
 * their agent's bridge failed with no wait left them. Their attempt is kept, closed, and a
 * stranger's lead with it (the line's release of them leaves both be), so the missed call names
 * their number and lead as a hung-up caller's does. */
function keepUntaken(deps: ReturnCallLineDeps, entry: Waiting, command: Extract<Command, { type: 'return_call_released' }>): void {
  const { attemptId, campaignId, waitedMs, why: reason } = command;
  const endedAt = new Date(deps.nowMs());
  const missed: MissedCallInput = {
    campaignId, attemptId, reason, calledNumber: callerIdNumber(entry.evidence.callerId),
    calledAt: new Date(endedAt.getTime() - waitedMs), waitedMs,
  };
  // A withheld caller is kept with no attempt (the line's release removes it and the lead made for
  // it): there is no number to call back, only the time they called and how long they waited.
  if (entry.evidence.e164 === null) {
    keepMissedCall(deps, { ...missed, attemptId: null });
    return;
  }
  entry.kept = true;
  entry.own?.keep();
  withTransaction(deps.pool, async (client) => {
    await closeInboundAttemptUntaken(client, attemptId, endedAt, reason);
    await recordMissedCall(client, missed);
  }).catch((error: unknown) => deps.logger.error({ campaignId, attemptId, err: error }, 'a missed return call could not be kept'));
}

/** A caller no agent spoke to, kept for the staff to call back or mark handled (missed-calls.ts):
 * one who hung up on hold, or a withheld number that heard the message. */
function keepMissedCall(deps: ReturnCallLineDeps, missed: MissedCallInput): void {
  recordMissedCall(deps.pool, missed)
    .catch((error: unknown) => deps.logger.error({ campaignId: missed.campaignId, attemptId: missed.attemptId, err: error }, 'a missed return call could not be kept'));
}

/** The campaign, driven here, lets a caller with no agent to spare wait on hold for one. */
function holdsCallers(state: EngineState, campaignId: string): boolean {
  const campaign = state.campaigns.get(campaignId);
  return campaign !== undefined && returnCallHoldMsOf(campaign.settings) > 0;
}

function hasReadyAgent(state: EngineState, campaignId: string): boolean {
  return state.campaigns.has(campaignId) && readyAgentFor(state.agents.values(), campaignId, null) !== null;
}

/** The evidence of a call on the lead found or made for a caller the campaign never called (see
 * return-caller-lead.ts); a withheld caller's names the lead made for their call only if it was kept. */
function recordOnCallerLead(deps: ReturnCallLineDeps, leadId: string, entry: RouteFacts['evidence'] & { optedOut: boolean; agentId: null; e164: string | null }, removed: boolean): void {
  const { e164 } = entry;
  if (e164 === null) return record(deps, removed ? withoutLead(entry) : entry);
  recordReturnCallerCall(deps.pool, leadId, { ...entry, e164, at: new Date(deps.nowMs()) })
    .catch((error: unknown) => deps.logger.error({ campaignId: entry.campaignId, err: error }, 'the evidence of a return call could not be written'));
}

/** Evidence that names no lead: the one made for the call is gone. */
function withoutLead<T extends RouteFacts['evidence']>(entry: T): Omit<T, 'leadCreated'> & { leadIds: string[] } {
  const { leadCreated: _made, ...rest } = entry;
  return { ...rest, leadIds: [] };
}

function record(deps: ReturnCallLineDeps, entry: RouteFacts['evidence'] & { optedOut: boolean; agentId: string | null; endedWaiting?: EndedWaiting }): void {
  recordReturnCall(deps.pool, { ...entry, at: new Date(deps.nowMs()) })
    .catch((error: unknown) => deps.logger.error({ campaignId: entry.campaignId, err: error }, 'the evidence of a return call could not be written'));
}
