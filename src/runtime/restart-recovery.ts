// What a node does at start about what its last run left, if that run died: the attempts it left
// open are closed with the outcome each had reached, before the campaigns' abandon histories are
// read; the conversations it had put through that still go on in the PBX are taken up once the
// campaigns are driven here again (see conversation-adopter.ts); the sessions of the agents it left
// logged in end when it was last seen. A PBX that does not answer yet may still carry those
// conversations: their attempts (connected ones, so no abandon waits on them) stay open until it
// does, and are taken up or closed then.

import type { Logger } from 'pino';
import type { ConversationAdopter, ConversationTelephony } from './conversation-adopter.js';
import type { EngineStore } from './engine-store.js';

export interface RestartRecoveryDeps {
  nodeId: string;
  store: Pick<EngineStore, 'closeOrphanedAttempts' | 'connectedAttemptsLeft' | 'closeAgentSessionsOfNode'>;
  telephony: Pick<ConversationTelephony, 'leftoverConversations'>;
  adopter: Pick<ConversationAdopter, 'adopt'>;
  /** The agents in the engine now. */
  agentIds: () => Iterable<string>;
  nowMs: () => number;
  logger: Logger;
}

export class RestartRecovery {
  /** Attempts the last run had put through, kept open until the PBX answers and says which go on. */
  private awaitingPbx: ReadonlySet<string> | null = null;
  private linked = false;
  /** Taking up needs the campaigns driven here: not before they are synced. */
  private campaignsReady = false;

  constructor(private readonly deps: RestartRecoveryDeps) {}

  /** Before the campaigns are synced: `linked` says whether the PBX answered the first connection. */
  async beforeCampaigns(lastSeen: Date | null, linked: boolean): Promise<void> {
    this.linked = this.linked || linked;
    const leftovers = this.deps.telephony.leftoverConversations();
    const kept = this.linked ? new Set(leftovers.map((leftover) => leftover.customerChannelId)) : await this.deps.store.connectedAttemptsLeft();
    await this.closeOrphans(kept);
    await this.closeSessionsLeft(lastSeen, new Set(leftovers.map((leftover) => leftover.agentId)));
    this.awaitingPbx = kept;
  }

  /** Once the campaigns are driven here: takes up what it can now, or when the PBX answers. */
  async afterCampaigns(lastSeen: Date | null): Promise<void> {
    this.campaignsReady = true;
    const kept = this.awaitingPbx;
    if (kept === null) return;
    if (this.linked) {
      await this.takeUp(kept);
      await this.closeSessionsLeft(lastSeen, new Set(this.deps.agentIds()));
    } else if (kept.size > 0) {
      this.deps.logger.warn({ attempts: [...kept] }, 'the PBX does not answer: conversations the previous run left are taken up once it does');
    } else {
      this.awaitingPbx = null;
    }
  }

  /** The PBX answered (a telephony_up): what is still waiting is taken up. */
  linkUp(): void {
    this.linked = true;
    const waiting = this.awaitingPbx;
    if (this.campaignsReady && waiting !== null && waiting.size > 0) {
      void this.takeUp(waiting).catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'taking up the conversations the previous run left failed; their attempts close at the next start');
      });
    }
  }

  /** What the PBX still carries of `waiting` is taken up, the rest closed; once. */
  private async takeUp(waiting: ReadonlySet<string>): Promise<void> {
    if (this.awaitingPbx !== waiting) return;
    this.awaitingPbx = null;
    const leftovers = this.deps.telephony.leftoverConversations().filter((leftover) => waiting.has(leftover.customerChannelId));
    await this.closeOrphans(await this.deps.adopter.adopt(leftovers), waiting);
  }

  /** Closes this node's attempts left open but those in `keep`, of `only` when given. */
  private async closeOrphans(keep: ReadonlySet<string>, only?: ReadonlySet<string>): Promise<void> {
    const orphans = await this.deps.store.closeOrphanedAttempts(new Date(this.deps.nowMs()), keep, only);
    if (orphans > 0) this.deps.logger.warn({ orphans }, 'closed attempts left open by a previous run');
  }

  /** Agents the last run left logged in were logged out when it died, not at their next login. */
  private async closeSessionsLeft(lastSeen: Date | null, except: ReadonlySet<string>): Promise<void> {
    const at = lastSeen ?? new Date(this.deps.nowMs());
    const agents = await this.deps.store.closeAgentSessionsOfNode(this.deps.nodeId, null, at, except);
    if (agents.length > 0) this.deps.logger.warn({ agents, at }, 'closed the sessions of agents the previous run left logged in');
  }
}
