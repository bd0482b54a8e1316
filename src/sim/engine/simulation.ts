// The deterministic simulator: the production engine core driven in virtual time. Inputs go
// through the real `step`; the commands it returns are carried out against the traffic model
// (the customers) and simulated agents, which schedule the next inputs on an event queue.

import type { Command } from '../../core/commands.js';
import { step } from '../../core/engine.js';
import { createEngineState, type EngineState } from '../../core/engine-state.js';
import type { Input, LeadDial } from '../../core/inputs.js';
import { invariantViolations } from '../../core/invariants.js';
import { safeHarborMarginMs } from '../../core/limits.js';
import type { CallFate } from '../traffic/traffic-model.js';
import { planAgents, type AgentPlan } from './agent-bots.js';
import { EventQueue } from './event-queue.js';
import { LeadFates } from './lead-fates.js';
import { RunMetrics } from './run-metrics.js';
import { simCampaignId, type Scenario } from './scenario.js';

/** Delays of the simulated telephony (ms). */
const LEASE_MS = 20;
const RINGBACK_MS = 1_500;
const BRIDGE_MS = 100;
const HANGUP_MS = 50;
const AGENT_LEG_MS = 500;
const SAFE_HARBOR_MESSAGE_MS = 6_000;
const MACHINE_MESSAGE_MS = 12_000;
/** An agent who meets an answering machine hangs up after this long. */
const AGENT_SPOTS_MACHINE_MS = 4_000;
/** Talk detection hears a machine already talking this soon after it is turned on. */
const TALK_DETECT_MS = 20;
const MACHINE_WRAP_MS = 3_000;
const DRAIN_LIMIT_MS = 20 * 60_000;

interface SimCall {
  leadId: string;
  fate: CallFate;
  ended: boolean;
  liveAtMs: number | null;
  bridgedAtMs: number | null;
  handledAtMs: number | null;
  answeredAtMs: number | null;
}

export interface SimAudit {
  steps: number;
  invariantChecks: number;
  invariantViolations: string[];
  /** A lead originated while it already had a call in progress. */
  doubleDials: number;
  /** Live people neither bridged nor given the message within the connect limit. */
  lateAnswers: number;
  /** People AMD called machines (silent calls). */
  amdFalsePositives: number;
  /** Messages that started on a machine while its greeting played, the longest wait apart. */
  messagesOverGreeting: number;
}

export class Simulation {
  readonly state: EngineState = createEngineState();
  readonly metrics: RunMetrics;
  readonly audit: SimAudit = { steps: 0, invariantChecks: 0, invariantViolations: [], doubleDials: 0, lateAnswers: 0, amdFalsePositives: 0, messagesOverGreeting: 0 };
  nowMs = 0;
  private readonly queue = new EventQueue();
  private readonly fates: LeadFates;
  private readonly calls = new Map<string, SimCall>();
  private readonly pauseUntil = new Map<string, number>();
  private readonly breakLength = new Map<string, number>();
  private readonly leadsActive = new Set<string>();
  private nextLead = 0;
  private nextAttempt = 0;
  private ending = false;

  /** `stepTimer`: told the wall time of each engine step (not the simulated telephony's work
   * around it), for the capacity benchmark; absent, nothing is timed. */
  constructor(readonly scenario: Scenario, private readonly stepTimer?: (input: Input, nanos: number, nowMs: number) => void) {
    this.fates = new LeadFates(scenario.seed, scenario.traffic, scenario.answerShock);
    this.metrics = new RunMetrics(scenario.warmupMs, scenario.durationMs);
  }

  run(): this {
    this.start();
    this.process(this.scenario.durationMs);
    this.nowMs = Math.max(this.nowMs, this.scenario.durationMs);
    if (this.scenario.drain) {
      this.ending = true;
      this.feed({ type: 'campaign_paused', campaignId: simCampaignId });
      this.process(this.scenario.durationMs + DRAIN_LIMIT_MS, () => this.state.calls.size === 0);
    }
    this.finish();
    return this;
  }

  private start(): void {
    const { scenario } = this;
    this.feed({ type: 'telephony_up' });
    this.feed({ type: 'campaign_configured', campaignId: simCampaignId, settings: scenario.campaign });
    const campaign = this.state.campaigns.get(simCampaignId);
    if (campaign && scenario.pacer) campaign.pacer = scenario.pacer();
    this.feed({ type: 'campaign_started', campaignId: simCampaignId });
    for (const plan of planAgents(scenario)) this.schedulePlan(plan);
    this.scheduleTick(scenario.tickMs);
  }

  private schedulePlan(plan: AgentPlan): void {
    const { agentId } = plan;
    this.at(plan.loginAtMs, () => this.feed({ type: 'agent_login', agentId, campaignId: simCampaignId, endpoint: `PJSIP/${agentId}` }));
    for (const b of plan.breaks) {
      this.at(b.atMs, () => {
        this.breakLength.set(agentId, b.lengthMs);
        this.feed({ type: 'agent_pause', agentId, reason: 'break' });
      });
    }
    const shock = plan.shockPause;
    if (shock) {
      this.at(shock.atMs, () => {
        this.pauseUntil.set(agentId, Math.max(this.pauseUntil.get(agentId) ?? 0, shock.untilMs));
        this.feed({ type: 'agent_pause', agentId, reason: 'meeting' });
      });
    }
    if (plan.logoutAtMs !== null) this.at(plan.logoutAtMs, () => this.feed({ type: 'agent_logout', agentId }));
  }

  private scheduleTick(atMs: number): void {
    this.at(atMs, () => {
      this.feed({ type: 'tick' });
      if (!this.ending || this.state.calls.size > 0) this.scheduleTick(atMs + this.scenario.tickMs);
    });
  }

  private process(untilMs: number, done: () => boolean = () => false): void {
    for (;;) {
      const next = this.queue.peekTime();
      if (next === null || next > untilMs || done()) return;
      const action = this.queue.pop();
      if (!action) return;
      this.nowMs = action.atMs;
      action.run();
    }
  }

  private at(atMs: number, run: () => void): void {
    this.queue.schedule(Math.max(atMs, this.nowMs), run);
  }

  feed(input: Input): void {
    const commands = this.stepTimer ? this.timedStep(input, this.stepTimer) : step(this.state, input, this.nowMs);
    this.audit.steps += 1;
    const every = this.scenario.invariantEvery;
    if (every > 0 && this.audit.steps % every === 0) this.checkInvariants();
    for (const command of commands) this.execute(command);
    if (input.type === 'call_answered' || input.type === 'amd_result') this.afterLive(input.attemptId);
  }

  private timedStep(input: Input, stepTimer: NonNullable<Simulation['stepTimer']>): Command[] {
    const started = process.hrtime.bigint();
    const commands = step(this.state, input, this.nowMs);
    stepTimer(input, Number(process.hrtime.bigint() - started), this.nowMs);
    return commands;
  }

    private checkInvariants(): void {
    this.audit.invariantChecks += 1;
    const problems = invariantViolations(this.state, this.nowMs);
    if (problems.length > 0 && this.audit.invariantViolations.length < 20) {
      this.audit.invariantViolations.push(`${this.nowMs} ms: ${problems.join('; ')}`);
    }
  }

  /** A call just went live: note when, give the engine an exact deadline tick, start patience. */
  private afterLive(attemptId: string): void {
    const call = this.state.calls.get(attemptId);
    const sim = this.calls.get(attemptId);
    if (!call || !sim || call.liveAtMs === null || sim.liveAtMs !== null) return;
    sim.liveAtMs = call.liveAtMs;
    const settings = this.state.campaigns.get(call.campaignId)?.settings;
    if (call.status === 'waiting_agent' && settings) {
      this.at(call.liveAtMs + Math.max(0, settings.connectLimitMs - safeHarborMarginMs), () => this.feed({ type: 'tick' }));
    }
    if (sim.fate.outcome === 'live') {
      this.at(call.liveAtMs + sim.fate.patienceMs, () => {
        if (this.state.calls.get(attemptId)?.status === 'waiting_agent') {
          sim.handledAtMs ??= this.nowMs;
          this.end(attemptId, 16, 'Normal Clearing', 'ANSWER');
        }
      });
    }
  }

  private execute(command: Command): void {
    switch (command.type) {
      case 'request_leads': return this.lease(command.count);
      case 'originate': return this.originate(command.attemptId, command.leadId, command.ringTimeoutMs);
      case 'start_amd': return this.startAmd(command.attemptId);
      case 'bridge_call': return this.bridge(command.attemptId, command.agentId);
      case 'play_media': return this.play(command.attemptId, command.purpose);
      case 'listen_for_greeting_end': return this.listen(command.attemptId, command.silenceMs);
      case 'drop_message':
        return command.listenForMs > 0 ? this.listen(command.attemptId, command.listenForMs) : this.play(command.attemptId, 'machine_message');
      case 'hangup_call': return this.at(this.nowMs + HANGUP_MS, () => this.end(command.attemptId, 16, 'Normal Clearing', 'ANSWER'));
      case 'dial_agent': return this.at(this.nowMs + AGENT_LEG_MS, () => this.feed({ type: 'agent_leg_up', agentId: command.agentId }));
      case 'agent_state_changed': return this.agentMoved(command);
      case 'attempt_closed': return this.metrics.onAttemptClosed(command.summary);
      case 'pacing_decided': return this.metrics.onDecision(command.decision);
      default: return undefined;
    }
  }

  private lease(count: number): void {
    const listSize = this.scenario.listSize ?? Number.POSITIVE_INFINITY;
    const leads: LeadDial[] = [];
    while (leads.length < count && this.nextLead < listSize) {
      const index = this.nextLead++;
      // The simulated list's people consented to prerecorded messages: the machine messages it models are left.
      leads.push({ attemptId: `A${this.nextAttempt++}`, leadId: `L${index}`, phone: `+1555${String(index).padStart(7, '0')}`, prerecordedConsent: true });
    }
    this.at(this.nowMs + LEASE_MS, () => this.feed({ type: 'leads_leased', campaignId: simCampaignId, requested: count, leads }));
  }

  private originate(attemptId: string, leadId: string, ringTimeoutMs: number): void {
    if (this.leadsActive.has(leadId)) this.audit.doubleDials += 1;
    this.leadsActive.add(leadId);
    this.metrics.onDial(this.nowMs);
    const fate = this.fates.fateOf(Number(leadId.slice(1)), this.nowMs, ringTimeoutMs);
    this.calls.set(attemptId, { leadId, fate, ended: false, liveAtMs: null, bridgedAtMs: null, handledAtMs: null, answeredAtMs: null });
    const t0 = this.nowMs;
    const ringing = (): void => this.feed({ type: 'call_ringing', attemptId });
    switch (fate.outcome) {
      case 'busy': return this.at(t0 + fate.ringMs, () => this.end(attemptId, 17, 'User busy', 'BUSY'));
      case 'congestion': return this.at(t0 + fate.ringMs, () => this.end(attemptId, 34, 'Circuit/channel congestion', 'CONGESTION'));
      case 'invalid': return this.at(t0 + fate.ringMs, () => this.end(attemptId, 1, 'Unallocated (unassigned) number', 'CHANUNAVAIL'));
      case 'noAnswer':
        this.at(t0 + Math.min(RINGBACK_MS, fate.ringMs - 1), ringing);
        return this.at(t0 + fate.ringMs, () => this.end(attemptId, 19, 'No answer', 'NOANSWER'));
      default:
        this.at(t0 + Math.min(RINGBACK_MS, fate.ringMs - 1), ringing);
        return this.at(t0 + fate.ringMs, () => {
          const sim = this.calls.get(attemptId);
          if (sim) sim.answeredAtMs = this.nowMs;
          this.feed({ type: 'call_answered', attemptId });
        });
    }
  }

  private startAmd(attemptId: string): void {
    const sim = this.calls.get(attemptId);
    if (!sim) return;
    const { amdVerdict, amdCause, amdMs } = sim.fate;
    if (sim.fate.outcome === 'live' && amdVerdict === 'MACHINE') this.audit.amdFalsePositives += 1;
    const verdict = amdVerdict === 'HUMAN' ? 'human' : amdVerdict === 'MACHINE' ? 'machine' : 'notsure';
    this.at(this.nowMs + amdMs, () => {
      if (!sim.ended) this.feed({ type: 'amd_result', attemptId, verdict, detail: amdCause });
    });
  }

  private bridge(attemptId: string, agentId: string): void {
    const sim = this.calls.get(attemptId);
    if (!sim) return;
    sim.handledAtMs ??= this.nowMs;
    this.at(this.nowMs + BRIDGE_MS, () => {
      if (sim.ended) return;
      sim.bridgedAtMs = this.nowMs;
      this.feed({ type: 'call_bridged', attemptId, agentId });
      if (sim.fate.outcome === 'live') {
        this.at(this.nowMs + sim.fate.talkMs, () => this.end(attemptId, 16, 'Normal Clearing', 'ANSWER'));
      } else {
        this.at(this.nowMs + AGENT_SPOTS_MACHINE_MS, () => {
          if (!sim.ended) this.feed({ type: 'agent_hangup', agentId });
        });
      }
    });
  }

  /** Talk detection on a machine: it talks until its greeting (and beep) ends, then is quiet. */
  private listen(attemptId: string, silenceMs: number): void {
    const sim = this.calls.get(attemptId);
    if (!sim || sim.answeredAtMs === null || sim.fate.outcome !== 'machine') return;
    const greetingEnd = sim.answeredAtMs + sim.fate.greetingMs;
    if (this.nowMs >= greetingEnd) return;
    const talking = (on: boolean) => () => {
      if (!sim.ended) this.feed({ type: 'far_end_talking', attemptId, talking: on });
    };
    this.at(this.nowMs + TALK_DETECT_MS, talking(true));
    this.at(greetingEnd + silenceMs, talking(false));
  }

  private play(attemptId: string, purpose: 'safe_harbor' | 'machine_message'): void {
    const sim = this.calls.get(attemptId);
    if (!sim) return;
    if (purpose === 'machine_message') this.auditMessageStart(attemptId, sim);
    if (purpose === 'safe_harbor') sim.handledAtMs ??= this.nowMs;
    const length = purpose === 'safe_harbor' ? SAFE_HARBOR_MESSAGE_MS : MACHINE_MESSAGE_MS;
    if (purpose === 'safe_harbor' && sim.fate.pressesOptOut && sim.fate.optOutAfterMs < length) {
      this.at(this.nowMs + sim.fate.optOutAfterMs, () => {
        if (!sim.ended) this.feed({ type: 'dtmf_received', attemptId, digit: '1' });
      });
    }
    this.at(this.nowMs + length, () => {
      // The simulator's messages always exist: every playback plays.
      if (!sim.ended) this.feed({ type: 'playback_finished', attemptId, failed: false });
    });
  }

  /** The customer's channel goes away (hang-up on either side, or the dial failed). */
  private end(attemptId: string, cause: number, causeText: string, dialStatus: string): void {
    const sim = this.calls.get(attemptId);
    if (!sim || sim.ended) return;
    sim.ended = true;
    if (sim.bridgedAtMs !== null && sim.fate.outcome === 'live') this.metrics.onPersonTalk(sim.bridgedAtMs, this.nowMs);
    this.auditConnect(sim);
    this.leadsActive.delete(sim.leadId);
    this.feed({ type: 'call_ended', attemptId, cause, causeText, dialStatus });
    // Kept until the engine has taken the end: the agent's wrap-up is drawn from this call.
    this.calls.delete(attemptId);
  }

  private auditMessageStart(attemptId: string, sim: SimCall): void {
    const greetingOn = sim.fate.outcome === 'machine' && sim.answeredAtMs !== null && this.nowMs < sim.answeredAtMs + sim.fate.greetingMs;
    const start = this.state.calls.get(attemptId)?.machineMessage?.played?.start;
    if (greetingOn && start !== 'longest_wait') this.audit.messagesOverGreeting += 1;
  }

  private auditConnect(sim: SimCall): void {
    if (sim.fate.outcome !== 'live' || sim.liveAtMs === null) return;
    const limit = this.scenario.campaign.connectLimitMs;
    const handled = sim.handledAtMs ?? this.nowMs;
    if (handled - sim.liveAtMs > limit) this.audit.lateAnswers += 1;
  }

  private agentMoved(command: Extract<Command, { type: 'agent_state_changed' }>): void {
    this.metrics.onAgentTime(command.from, command.atMs, command.durationMs);
    if (command.from === 'ready' && command.to === 'reserved') this.metrics.onReadyWait(command.durationMs, command.atMs);
    const { agentId } = command;
    if (command.to === 'wrap_up') this.scheduleDisposition(agentId);
    else if (command.to === 'paused') this.schedulePauseEnd(agentId, command.reason);
  }

  private scheduleDisposition(agentId: string): void {
    const attemptId = this.state.agents.get(agentId)?.owesDispositionFor;
    if (!attemptId) return;
    const sim = this.calls.get(attemptId);
    const wrapMs = sim && sim.fate.outcome === 'live' ? sim.fate.wrapUpMs : MACHINE_WRAP_MS;
    this.at(this.nowMs + wrapMs, () => this.feed({ type: 'agent_dispositioned', agentId, attemptId }));
  }

  private schedulePauseEnd(agentId: string, reason: string): void {
    if (reason === 'break') {
      const length = this.breakLength.get(agentId) ?? 0;
      this.pauseUntil.set(agentId, Math.max(this.pauseUntil.get(agentId) ?? 0, this.nowMs + length));
    }
    const until = Math.max(this.nowMs + 1_000, this.pauseUntil.get(agentId) ?? 0);
    this.at(until, () => {
      const agent = this.state.agents.get(agentId);
      if (agent?.status === 'paused' && this.nowMs >= (this.pauseUntil.get(agentId) ?? 0)) {
        this.feed({ type: 'agent_ready', agentId });
      }
    });
  }

  private finish(): void {
    for (const agent of this.state.agents.values()) {
      this.metrics.onAgentTime(agent.status, this.nowMs, this.nowMs - agent.sinceMs);
    }
    for (const sim of this.calls.values()) {
      if (!sim.ended && sim.bridgedAtMs !== null && sim.fate.outcome === 'live') this.metrics.onPersonTalk(sim.bridgedAtMs, this.nowMs);
    }
  }
}
