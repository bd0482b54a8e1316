// A bot agent for the demo and end-to-end tests: logs in through the API, goes ready, hands a
// customer whose lead is of a group it does not handle to a colleague who does (when one is ready;
// sometimes after a short consultation), calls the campaign's third party about some customers and
// leaves them with it, puts some customers on hold for a moment, and after each call waits a sampled wrap-up time and
// submits a disposition (or, with none to give, goes ready), like a person at a desktop.
// Talk time is the simulated customer's: the PBX hangs up when the conversation is over.

import { seededRandom, pickWeighted, uniform, type RandomSource } from '../core/random.js';
import { normaliseGroup } from '../core/routing.js';
import { ApiCallError, ApiClient } from './api-client.js';

export interface BotAgentOptions {
  baseUrl: string;
  token: string;
  agentId: string;
  campaignId: string;
  seed: number;
  /** Wrap-up before the disposition, in ms. */
  wrapMs: { min: number; max: number };
  /** Disposition codes with weights; CALLBACK gets a callback time an hour ahead. */
  dispositions: Record<string, number>;
  /** The share of calls whose customer the bot puts on hold once, and for how long (ms). */
  hold?: { share: number; ms: { min: number; max: number } };
  /** Hands a customer on when the lead's `field` is none of `groups` (the bot's own); a share of
   * the handovers follow a consultation of `consultMs`. */
  handOver?: { field: string; groups: readonly string[]; consultShare?: number; consultMs?: { min: number; max: number } };
  /** On a share of the calls it keeps, calls the campaign's third party `name`, speaks to it for
   * `talkMs`, and leaves the customer with it. */
  thirdParty?: { name: string; share: number; talkMs: { min: number; max: number } };
  pollMs?: number;
  onError?: (error: unknown) => void;
}

interface AgentState {
  status: string;
  callId: string | null;
  owesDispositionFor: string | null;
  transferringTo?: string | null;
  consultStage?: string | null;
  thirdParty?: { stage: string } | null;
}

export class BotAgent {
  private readonly api: ApiClient;
  private readonly random: RandomSource;
  private running = false;
  private loop: Promise<void> | null = null;
  readonly dispositioned: string[] = [];
  /** The call in hand: the group the bot would hand it to (null: it keeps it), when it asks
   * again for a colleague of that group to be ready, and when a consultation it began ends. */
  private call: { id: string; handTo: string | null; nextTryMs: number; consultUntilMs: number | null; thirdPartyUntilMs: number | null } | null = null;

  constructor(private readonly options: BotAgentOptions) {
    this.api = new ApiClient(options.baseUrl, options.token);
    this.random = seededRandom(options.seed, `bot:${options.agentId}`);
  }

  async start(): Promise<void> {
    await this.api.post(`/api/agents/${this.options.agentId}/login`, { campaignId: this.options.campaignId });
    this.running = true;
    this.loop = this.work();
  }

  /** Stops taking calls; the engine logs the agent out after any call in progress. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.api.post(`/api/agents/${this.options.agentId}/logout`).catch(() => undefined);
  }

  private async work(): Promise<void> {
    while (this.running) {
      try {
        await this.step(await this.api.get<AgentState>(`/api/agents/${this.options.agentId}`));
      } catch (error) {
        this.options.onError?.(error);
      }
      await sleep(this.options.pollMs ?? 200);
    }
  }

  private async step(state: AgentState): Promise<void> {
    if (state.status === 'paused') {
      await this.api.post(`/api/agents/${this.options.agentId}/ready`);
    } else if (state.status === 'talking' && state.callId !== null) {
      // Consulted by a colleague, the bot waits: the call is not its own until it is handed over.
      if (state.consultStage != null && state.transferringTo == null) return;
      await this.talk(state);
    } else if (state.status === 'wrap_up') {
      await sleep(uniform(this.random, this.options.wrapMs.min, this.options.wrapMs.max));
      // After a call handed on (or a consultation), there is no disposition to give: back to work.
      if (state.owesDispositionFor) await this.disposition(state.owesDispositionFor);
      else await this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/ready`));
    }
  }

  /** A new call is decided on once (hand it over? hold it?). A customer handed over waits on hold
   * for the next colleague of their group to come free; one to consult about first is offered to
   * the group every couple of seconds until someone of it is ready. */
  private async talk(state: AgentState): Promise<void> {
    const callId = state.callId ?? '';
    if (this.call?.id !== callId) {
      this.call = { id: callId, handTo: await this.groupToHandTo(), nextTryMs: 0, consultUntilMs: null, thirdPartyUntilMs: null };
      if (this.call.handTo === null && await this.callThirdParty()) return;
      const hold = this.options.hold;
      if (hold && this.random() < hold.share && this.call.handTo === null) await this.holdCustomer(hold.ms);
    }
    const call = this.call;
    if (state.thirdParty != null) {
      await this.talkToThirdParty(call, state.thirdParty.stage);
      return;
    }
    if (state.consultStage === 'consulting' && call.consultUntilMs !== null && Date.now() >= call.consultUntilMs) {
      call.consultUntilMs = null;
      await this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/consult/complete`));
      return;
    }
    if (call.handTo === null || Date.now() < call.nextTryMs) return;
    call.nextTryMs = Date.now() + handOverRetryMs;
    const consultMs = this.consultFor();
    if (!(await this.handOver(call.handTo, consultMs !== null))) return;
    call.handTo = null;
    if (consultMs !== null) call.consultUntilMs = Date.now() + consultMs;
  }

  /** Calls the campaign's third party about a share of the calls; whether it did. */
  private async callThirdParty(): Promise<boolean> {
    const rule = this.options.thirdParty;
    if (!rule || this.random() >= rule.share) return false;
    return this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/third-party`, { name: rule.name }));
  }

  /** Once the third party answers, speaks to it for a while, then leaves the customer with it. */
  private async talkToThirdParty(call: { thirdPartyUntilMs: number | null }, stage: string): Promise<void> {
    const talkMs = this.options.thirdParty?.talkMs;
    if (stage !== 'talking' || !talkMs) return;
    if (call.thirdPartyUntilMs === null) call.thirdPartyUntilMs = Date.now() + uniform(this.random, talkMs.min, talkMs.max);
    if (Date.now() < call.thirdPartyUntilMs) return;
    await this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/consult/complete`));
  }

  /** How long to consult before this handover, or null to hand over at once. */
  private consultFor(): number | null {
    const rule = this.options.handOver;
    if (!rule?.consultShare || !rule.consultMs || this.random() >= rule.consultShare) return null;
    return uniform(this.random, rule.consultMs.min, rule.consultMs.max);
  }

  /** The lead's group when the bot does not handle it, else null. */
  private async groupToHandTo(): Promise<string | null> {
    const rule = this.options.handOver;
    if (!rule) return null;
    const pop = await this.api.get<{ lead: { fields: Record<string, unknown> } }>(`/api/agents/${this.options.agentId}/call`);
    const value = pop.lead.fields[rule.field];
    const group = typeof value === 'string' ? normaliseGroup(value) : '';
    return group === '' || rule.groups.map(normaliseGroup).includes(group) ? null : group;
  }

  /** Hands the customer (or, consulting first, speaks) to the longest-waiting ready colleague of
   * `group`; false when the engine refuses (409): nobody of it at work, or nobody ready to consult. */
  private handOver(group: string, consult: boolean): Promise<boolean> {
    return this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/${consult ? 'consult' : 'transfer'}`, { group }));
  }

  /** The customer may hang up on hold, and then there is nobody to take off it. */
  private async holdCustomer(ms: { min: number; max: number }): Promise<void> {
    if (!(await this.unlessGone(this.api.post(`/api/agents/${this.options.agentId}/hold`)))) return;
    await sleep(uniform(this.random, ms.min, ms.max));
    await this.api.post(`/api/agents/${this.options.agentId}/unhold`).catch(() => undefined);
  }

  /** Whether the request went through; a 409 means the customer hung up since the bot looked (or,
   * for a handover, nobody was ready): a person at a desktop sees that happen, not an error. */
  private async unlessGone(request: Promise<unknown>): Promise<boolean> {
    try {
      await request;
      return true;
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 409) return false;
      throw error;
    }
  }

  private async disposition(attemptId: string): Promise<void> {
    const code = pickWeighted(this.random, this.options.dispositions);
    const callback = code === 'CALLBACK' ? { at: new Date(Date.now() + 3_600_000).toISOString(), personal: true } : undefined;
    await this.api.post(`/api/attempts/${attemptId}/disposition`, {
      code, notes: `bot ${this.options.agentId}`, ...(callback ? { callback } : {}),
    });
    this.dispositioned.push(attemptId);
  }
}

const handOverRetryMs = 2_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
