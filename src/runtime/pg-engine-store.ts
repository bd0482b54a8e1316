// The engine store on Postgres: leases and attempts, agent state log and sessions, pacing
// decisions (buffered and written in batches), DNC additions, evidence of abandons and of
// recordings paused, and what a node reads back for a campaign it takes on (abandon history,
// pacing model) or a conversation it takes up after a crash. Writes the record depends on are
// tried again while the database is away (durable-write.ts), then kept in the node's spool on disk
// until it answers (write-spool.ts) rather than lost.

import type { Logger } from 'pino';
import { interruptedCallOutcome } from '../core/call-outcome.js';
import type { HandoverWait } from '../core/call.js';
import type { AttemptStage, AttemptSummary } from '../core/commands.js';
import type { AbandonHistoryBucket } from '../core/compliance/abandon-ledger.js';
import type { AbandonRegime } from '../core/compliance/abandon-regime.js';
import { zeroDialCapProblems } from '../core/compliance/zero-dial-caps.js';
import type { PacingDecision } from '../core/pacing/pacing-decision.js';
import type { SavedPacingModel } from '../core/pacing/saved-pacing-model.js';
import { queueAgentStateWebhooks } from '../adapters/pg/agent-state-webhook.js';
import { closeAgentSession, closeAgentSessionsOfNode, nodesWithOpenSessions, openAgentSession } from '../adapters/pg/agent-session-repository.js';
import { recordAgentState } from '../adapters/pg/agent-state-log-repository.js';
import { regimeWindowHistory } from '../adapters/pg/abandon-history.js';
import {
  closeAttempt, listOpenAttempts, markAttemptEvent, saveHandovers, saveHold, type Attempt, type AttemptEvent, type AttemptHandover, type CloseAttemptInput, type CloseAttemptResult,
} from '../adapters/pg/attempt-repository.js';
import { listCampaigns } from '../adapters/pg/campaign-repository.js';
import { isTransientDbError } from '../adapters/pg/transient-error.js';
import type { DbWriteOperation } from '../adapters/metrics/index.js';
import { clearNodeAlive, markNodeAlive, nodesAliveInDatabase } from '../adapters/pg/node-heartbeat.js';
import { durably } from './durable-write.js';
import type { SpooledWrite, WriteSpool } from './write-spool.js';
import { conversationToAdopt, type ConversationToAdopt } from '../adapters/pg/conversation-to-adopt.js';
import { coreSettingsOf } from '../adapters/pg/core-campaign-settings.js';
import { recordAttemptCompliance } from '../adapters/pg/attempt-compliance.js';
import { addCalleeOptOut } from '../adapters/pg/dnc-additions.js';
import { saveAgentMuted } from '../adapters/pg/agent-mutes.js';
import { saveHandoverWait } from '../adapters/pg/handover-waits.js';
import { leadGroups } from '../adapters/pg/lead-groups.js';
import { renewLeadLeases } from '../adapters/pg/lead-repository.js';
import { renewPreviewLeases } from '../adapters/pg/preview-attempts.js';
import { leaseLeadsAndCreateAttempts } from '../adapters/pg/lead-selection.js';
import { latestRegistryLoads } from '../adapters/pg/dnc-registry-loads.js';
import { requiredRegistriesFrom } from '../core/compliance/national-registries.js';
import { withDialFacts } from '../adapters/pg/lead-dial-facts.js';
import { loadPacingModel, savePacingModel, type StoredPacingModel } from '../adapters/pg/pacing-model-repository.js';
import { insertPacingDecisions, type PacingDecisionRecord } from '../adapters/pg/pacing-decision-repository.js';
import type { Pool } from '../adapters/pg/pool.js';
import { storedCallerIdProblems } from '../adapters/pg/stored-caller-id-problems.js';
import { appendEvidence } from '../adapters/pg/evidence-log-repository.js';
import type { AgentStateRecord, EngineStore, RecordingOnDemand, RecordingPauseChange, StoredCampaign } from './engine-store.js';

export interface PgEngineStoreOptions {
  nodeId: string;
  /** Told how long each timed database operation took, in seconds. */
  onQuery?: (operation: 'lead_selection' | 'attempt_write' | 'attempt_close', seconds: number) => void;
  /** A leased lead stays ours this long without its attempt closing (crash safety). */
  leadLeaseMs: number;
  /** The agents' phones without their own dial string (`{agent}`), for agents taken up after a restart. */
  agentEndpointTemplate?: string;
  /** Presented by a campaign that has no caller ID of its own ('' or absent: none). */
  defaultCallerId?: string;
  /** Where tries of writes are logged. */
  logger?: Logger;
  /** How long a write the record depends on is tried again while the database is away (default 5 min). */
  writeRetryMs?: number;
  /** Told of each write tried again, by what it writes. */
  onWriteRetry?: (operation: DbWriteOperation) => void;
  /** Where writes the database did not take within `writeRetryMs` wait for it; without one they are lost. */
  spool?: WriteSpool;
  /** Told how many writes wait in the spool, each time that changes. */
  onSpooled?: (waiting: number) => void;
  /** Told of each write lost: given up with no spool to keep it (or the spool failing), or refused
   * by the database when written from the spool. */
  onWriteLost?: (operation: DbWriteOperation) => void;
  /** Posts the CRM deliveries a closed call wrote (its errors are the sender's: the sweep sends them later). */
  sendWebhooks?: (deliveryIds: readonly string[]) => Promise<void>;
}

const eventOfStage: Partial<Record<AttemptStage, AttemptEvent>> = {
  originated: 'originated',
  ringing: 'ringing',
  answered: 'answered',
  live: 'live',
  connected: 'connected',
  // Keeps when the call was first connected; the agent becomes the colleague who has it now.
  transferred: 'connected',
};

const defaultWriteRetryMs = 5 * 60_000;

/** The operation each write is counted under. */
const operationOf: Record<WriteName, DbWriteOperation> = {
  attemptProgress: 'attempt_progress', hold: 'attempt_progress', handoverWait: 'attempt_progress', agentMuted: 'attempt_progress', handover: 'attempt_progress',
  attemptClose: 'attempt_close', abandonEvidence: 'abandon_evidence',
  agentSessionOpened: 'agent_state', agentSessionClosed: 'agent_state', agentState: 'agent_state', agentStateWebhooks: 'agent_state',
  dnc: 'dnc', recordingPause: 'recording_evidence', recordingOnDemand: 'recording_evidence',
};

type Writes = PgEngineStore['writes'];
type WriteName = keyof Writes;

export class PgEngineStore implements EngineStore {
  private decisions: PacingDecisionRecord[] = [];
  private draining = false;

  /** Set as the node stops: writes still being tried go to the spool at once. */
  private retriesStopped = false;
  /** Wakes the writes waiting for their next try. */
  private readonly wakeRetries = new Set<() => void>();

  constructor(private readonly pool: Pool, private readonly options: PgEngineStoreOptions) {}

  /**
   * The node is stopping, the database still away: a write waiting for its next try gives up now
   * and joins the spool, rather than keep trying for engine.writeRetryMinutes past the stop's
   * grace, when the process is killed and the write lost.
   */
  stopRetrying(): void {
    this.retriesStopped = true;
    for (const wake of [...this.wakeRetries]) wake();
  }

  private retryPause(ms: number): Promise<void> {
    if (this.retriesStopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeRetries.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeRetries.add(wake);
    });
  }

  async activeCampaigns(): Promise<StoredCampaign[]> {
    const campaigns = await listCampaigns(this.pool, { status: ['running', 'paused'] });
    const registryLoads = campaigns.some((c) => requiredRegistriesFrom(c.settings.nationalRegistries).length > 0) ? await latestRegistryLoads(this.pool) : {};
    // Only a running campaign's are warned of; a paused one's are read once it runs.
    const callerIdProblems = await storedCallerIdProblems(this.pool, campaigns.filter((c) => c.status === 'running'));
    return campaigns.map((c) => ({
      id: c.id, status: c.status, settings: coreSettingsOf(c, this.options.defaultCallerId, registryLoads), zeroDialCapProblems: zeroDialCapProblems(c.settings),
      callerIdProblems: callerIdProblems.get(c.id) ?? [],
    }));
  }

  /** Tries the write again while the database is away (see durable-write.ts); a passing error
   * gets out only once the time is up (a statement's own error at once). */
  private durably<T>(operation: DbWriteOperation, work: () => Promise<T>): Promise<T> {
    return durably(work, {
      isTransient: isTransientDbError, budgetMs: this.options.writeRetryMs ?? defaultWriteRetryMs,
      givenUp: () => this.retriesStopped, sleep: (ms) => this.retryPause(ms),
      onRetry: (error, tries) => {
        this.options.onWriteRetry?.(operation);
        this.options.logger?.warn({ err: error, operation, tries }, 'database write failed; trying again');
      },
    });
  }

  /** The writes of the record, by the name the spool keeps them under: each is one step, so one
   * taken from the spool is done again whole. */
  readonly writes = {
    attemptProgress: (attemptId: string, stage: AttemptStage, at: Date, agentId: string | null, detail: string, callerId: string | null) =>
      this.writeAttemptProgress(attemptId, stage, at, agentId, detail, callerId),
    hold: (attemptId: string, hold: { heldMs: number; heldSince: Date | null }) =>
      this.durably('attempt_progress', () => this.timed('attempt_write', () => saveHold(this.pool, attemptId, hold))),
    handoverWait: (attemptId: string, wait: HandoverWait | null) =>
      this.durably('attempt_progress', () => this.timed('attempt_write', () => saveHandoverWait(this.pool, attemptId, wait))),
    agentMuted: (attemptId: string, muted: boolean) =>
      this.durably('attempt_progress', () => this.timed('attempt_write', () => saveAgentMuted(this.pool, attemptId, muted))),
    handover: (attemptId: string, handover: AttemptHandover & { seq: number }) =>
      this.durably('attempt_progress', () => this.timed('attempt_write', () => saveHandovers(this.pool, attemptId, [handover]))),
    attemptClose: (input: CloseAttemptInput) => this.writeClose(input),
    abandonEvidence: (attemptId: string, at: Date) =>
      this.durably('abandon_evidence', () => recordAttemptCompliance(this.pool, { attemptId, outcome: 'abandoned', nowMs: at.getTime() })),
    agentSessionOpened: (record: AgentStateRecord) =>
      this.durably('agent_state', () => openAgentSession(this.pool, { agentId: record.agentId, campaignId: record.campaignId, nodeId: this.options.nodeId, at: record.at })),
    agentSessionClosed: (record: AgentStateRecord) =>
      this.durably('agent_state', () => closeAgentSession(this.pool, { agentId: record.agentId, at: record.at, by: record.by ?? null })),
    agentState: (record: AgentStateRecord) =>
      this.durably('agent_state', () => recordAgentState(this.pool, {
        agentId: record.agentId, campaignId: record.campaignId, state: record.to, reason: record.reason, by: record.by ?? null, at: record.at,
      })),
    agentStateWebhooks: async (record: AgentStateRecord) => {
      // Posted once queued; a delivery whose queue job is lost is sent by the sweep.
      const webhookIds = await this.durably('agent_state', () => queueAgentStateWebhooks(this.pool, record));
      if (webhookIds.length > 0) await this.options.sendWebhooks?.(webhookIds);
    },
    dnc: (campaignId: string, phone: string, source: string) =>
      // An opt-out from the safe-harbor message stops every campaign calling the number.
      this.durably('dnc', () => addCalleeOptOut(this.pool, { e164: phone, campaignId, source })),
    recordingPause: (change: RecordingPauseChange) => this.durably('recording_evidence', () => appendEvidence(this.pool, {
      kind: change.paused ? 'recording_paused' : 'recording_resumed', campaignId: change.campaignId, attemptId: change.attemptId, at: change.at,
      payload: { agentId: change.agentId, by: change.reason, ...(change.error === null ? {} : { refusedByPbx: change.error }) },
    })),
    recordingOnDemand: (change: RecordingOnDemand) => this.durably('recording_evidence', () => appendEvidence(this.pool, {
      kind: change.consentStates ? 'recording_disclosed' : `recording_${change.change}`, campaignId: change.campaignId, attemptId: change.attemptId, at: change.at,
      payload: {
        agentId: change.agentId, by: 'agent', ...(change.consentStates ? { consentStates: change.consentStates } : {}),
        ...(change.error === null ? {} : { refusedByPbx: change.error }),
      },
    })),
  };

  /** Does a write of the record: at once, or after those waiting in the spool; one the database
   * does not take in time joins the spool (lost, and said so, when there is none). */
  private async keep<W extends WriteName>(write: W, ...args: Parameters<Writes[W]>): Promise<void> {
    const spool = this.options.spool;
    if (spool && spool.size > 0) {
      await this.toSpool(spool, { write, args });
      return;
    }
    try {
      await this.run({ write, args });
    } catch (error: unknown) {
      // A statement's own error is the caller's; a passing one gets here once the time is up.
      if (!isTransientDbError(error)) throw error;
      if (!spool) {
        this.lost(write, error, 'the database stayed away past engine.writeRetryMinutes and no spool keeps it');
        throw error;
      }
      this.options.logger?.warn({ err: error, operation: operationOf[write], spool: spool.file },
        'database write given up after engine.writeRetryMinutes; kept in the spool until the database answers');
      await this.toSpool(spool, { write, args });
    }
  }

  private async toSpool(spool: WriteSpool, entry: SpooledWrite): Promise<void> {
    try {
      await spool.append(entry);
    } catch (error: unknown) {
      this.lost(entry.write as WriteName, error, 'the spool could not keep it');
      throw error;
    } finally {
      this.options.onSpooled?.(spool.size);
    }
  }

  private run(entry: SpooledWrite): Promise<unknown> {
    const write = this.writes[entry.write as WriteName] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!write) return Promise.reject(new Error(`no write named ${entry.write}`));
    return write(...entry.args);
  }

  private lost(write: WriteName, error: unknown, why: string): void {
    const operation = operationOf[write] ?? 'attempt_progress';
    this.options.onWriteLost?.(operation);
    this.options.logger?.error({ err: error, operation, write }, `database write lost (${why}): this record of a call is missing`);
  }

  /** Writes what waits in the spool, oldest first, until it is empty or the database is still
   * away; a write the database refuses is lost (and said so), not tried for ever. Returns the
   * writes done. One drain at a time. */
  async drainSpool(): Promise<number> {
    const spool = this.options.spool;
    if (!spool || this.draining) return 0;
    this.draining = true;
    let written = 0;
    try {
      for (let entry = spool.first(); entry; entry = spool.first()) {
        try {
          await this.run(entry);
          written += 1;
        } catch (error: unknown) {
          if (isTransientDbError(error)) break;
          this.lost(entry.write as WriteName, error, 'the database refused it when taken from the spool');
        }
        await spool.dropFirst().catch((error: unknown) => {
          // Written, so not done again by this run; the file still holds it until a later rewrite.
          this.options.logger?.error({ err: error, spool: spool.file }, 'the write spool could not be rewritten: a restart now would write some records twice');
        });
        this.options.onSpooled?.(spool.size);
      }
    } finally {
      this.draining = false;
    }
    if (written > 0) this.options.logger?.info({ written, waiting: spool.size }, 'writes kept in the spool written to the database');
    return written;
  }

  private async timed<T>(operation: 'lead_selection' | 'attempt_write' | 'attempt_close', work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.options.onQuery?.(operation, (performance.now() - started) / 1000);
    }
  }

  async leaseLeads(campaignId: string, count: number, now: Date, prefer: readonly string[] = []) {
    // One observation per lease: the selection and the look-up of the leads' groups and lists together.
    return this.timed('lead_selection', async () => {
      const leased = await leaseLeadsAndCreateAttempts(this.pool, {
        campaignId, count, nodeId: this.options.nodeId, now, leaseMs: this.options.leadLeaseMs, prefer,
      });
      try {
        const groups = await leadGroups(this.pool, leased.map((l) => l.leadId));
        return await withDialFacts(this.pool, leased.map((l) => ({ attemptId: l.attemptId, leadId: l.leadId, phone: l.e164, group: groups.get(l.leadId) ?? null })));
      } catch (error: unknown) {
        // The leases are committed but the engine will not dial them: let them go now rather than
        // leave the leads leased and their attempts open until the lease lapses.
        await this.releaseUndialled(leased.map((l) => l.attemptId), now);
        throw error;
      }
    });
  }

  /** Closes leased attempts that will not be dialled (no dial counted), releasing their leads. */
  private async releaseUndialled(attemptIds: readonly string[], now: Date): Promise<void> {
    for (const attemptId of attemptIds) {
      await closeAttempt(this.pool, { attemptId, outcome: 'cancelled', endedAt: now, cause: 0, causeTxt: 'leased, not dialled: reading its details failed' })
        .catch((error: unknown) => this.options.logger?.warn({ err: error, attemptId }, 'a leased attempt could not be let go; its lease lapses by itself'));
    }
  }

  async renewLeadLeases(leadIds: readonly string[], now: Date): Promise<void> {
    await renewLeadLeases(this.pool, { leadIds, nodeId: this.options.nodeId, until: new Date(now.getTime() + this.options.leadLeaseMs) });
  }

  async renewPreviewLeases(agents: ReadonlyArray<{ agentId: string; campaignId: string }>, now: Date): Promise<void> {
    await renewPreviewLeases(this.pool, { agents, nodeId: this.options.nodeId, now });
  }

  recordAttemptProgress(attemptId: string, stage: AttemptStage, at: Date, agentId: string | null, detail: string, callerId: string | null = null): Promise<void> {
    return this.keep('attemptProgress', attemptId, stage, at, agentId, detail, callerId);
  }

  private async writeAttemptProgress(attemptId: string, stage: AttemptStage, at: Date, agentId: string | null, detail: string, callerId: string | null): Promise<void> {
    const event = eventOfStage[stage];
    if (event) {
      await this.durably('attempt_progress', () => this.timed('attempt_write', () => markAttemptEvent(this.pool, attemptId, event, at, {
        ...(agentId ? { agentId } : {}),
        ...(event === 'originated' ? { channelId: attemptId } : {}),
        ...(callerId ? { callerId } : {}),
      })));
    } else if (stage === 'machine') {
      await this.durably('attempt_progress', () => markAttemptEvent(this.pool, attemptId, 'answered', at, { amdStatus: 'MACHINE', amdCause: detail }));
    }
  }

  recordHold(attemptId: string, hold: { heldMs: number; heldSince: Date | null }): Promise<void> {
    return this.keep('hold', attemptId, hold);
  }

  recordHandoverWait(attemptId: string, wait: HandoverWait | null): Promise<void> {
    return this.keep('handoverWait', attemptId, wait);
  }

  recordAgentMuted(attemptId: string, muted: boolean): Promise<void> {
    return this.keep('agentMuted', attemptId, muted);
  }

  recordHandover(attemptId: string, handover: AttemptHandover & { seq: number }): Promise<void> {
    return this.keep('handover', attemptId, handover);
  }

  abandonHistory(campaignId: string, regime: AbandonRegime, before: Date): Promise<AbandonHistoryBucket[]> {
    return regimeWindowHistory(this.pool, campaignId, regime, before);
  }

  savePacingModel(campaignId: string, model: SavedPacingModel, savedAt: Date): Promise<void> {
    return savePacingModel(this.pool, campaignId, model, savedAt, this.options.nodeId);
  }

  loadPacingModel(campaignId: string): Promise<StoredPacingModel | null> {
    return loadPacingModel(this.pool, campaignId);
  }

  async closeAttempt(summary: AttemptSummary, recordingName: string | null): Promise<void> {
    const input: CloseAttemptInput = {
      attemptId: summary.attemptId, outcome: summary.outcome, endedAt: new Date(summary.endedAtMs),
      cause: summary.cause, causeTxt: summary.causeText, dialStatus: summary.dialStatus,
      amdStatus: summary.amdVerdict?.toUpperCase() ?? null, amdCause: summary.amdDetail || null,
      abandoned: summary.abandoned, ...(summary.abandonRestMs === undefined ? {} : { abandonRestMs: summary.abandonRestMs }), safeHarborPlayed: summary.safeHarborPlayed, optedOut: summary.optedOut, recordingName, dialSent: summary.dialSent,
      safeHarborAt: summary.safeHarborAtMs === null ? null : new Date(summary.safeHarborAtMs),
      agentId: summary.agentId, heldMs: summary.heldMs,
      handovers: summary.handovers.map((h) => ({ fromAgentId: h.fromAgentId, toAgentId: h.toAgentId, at: new Date(h.atMs) })),
      messageLeftAt: summary.messageLeftAtMs === null ? null : new Date(summary.messageLeftAtMs),
      messagePlayed: summary.messagePlayed && { at: new Date(summary.messagePlayed.atMs), start: summary.messagePlayed.start, media: summary.messagePlayed.media },
      messageWithheld: summary.messageWithheld,
      thirdParty: summary.thirdParty && {
        name: summary.thirdParty.name, handedOffAt: summary.thirdParty.handedOffAtMs === null ? null : new Date(summary.thirdParty.handedOffAtMs),
      },
      endedBy: summary.endedBy,
      // A staff member's reason for ending it is kept with the call, not in the evidence log (return-call-facts.ts).
      staffReason: summary.endedBy && summary.withdrawnReason !== undefined ? summary.withdrawnReason : null,
    };
    await this.keep('attemptClose', input);
  }

  private async writeClose(input: CloseAttemptInput): Promise<void> {
    const result = await this.durably('attempt_close', () => this.timed('attempt_close', () => closeAttempt(this.pool, input)));
    await this.afterClose(input, result);
  }

  /** Evidence of an abandon and the CRM posts of the call's result, once its close is committed.
   * The evidence only from the close that recorded the attempt (one closed already keeps the
   * outcome it has); under the UK regime selection rests the number from it for 72 h. */
  private async afterClose(input: CloseAttemptInput, result: CloseAttemptResult): Promise<void> {
    if (result.closed && input.abandoned) await this.keep('abandonEvidence', input.attemptId, input.endedAt);
    if (result.webhookIds?.length) await this.options.sendWebhooks?.(result.webhookIds);
  }

  /** The agent's session (opened at login, closed at logout), the state they are in, and its CRM posts. */
  async recordAgentState(record: AgentStateRecord): Promise<void> {
    if (record.from === 'logged_out') await this.keep('agentSessionOpened', record);
    await this.keep(record.to === 'logged_out' ? 'agentSessionClosed' : 'agentState', record);
    await this.keep('agentStateWebhooks', record);
  }

  async recordPacingDecision(campaignId: string, decision: PacingDecision): Promise<void> {
    this.decisions.push({
      campaignId, at: new Date(decision.atMs), nodeId: this.options.nodeId, launch: decision.launch,
      dialLevel: decision.dialLevel, binding: decision.binding, inputs: { ...decision.inputs },
    });
  }

  /** Writes buffered pacing decisions in one statement; the runtime calls it every few seconds. */
  async flushDecisions(): Promise<void> {
    const batch = this.decisions;
    this.decisions = [];
    await insertPacingDecisions(this.pool, batch);
  }

  addDnc(campaignId: string, phone: string, source: string): Promise<void> {
    return this.keep('dnc', campaignId, phone, source);
  }

  recordRecordingPause(change: RecordingPauseChange): Promise<void> {
    return this.keep('recordingPause', change);
  }

  recordRecordingOnDemand(change: RecordingOnDemand): Promise<void> {
    return this.keep('recordingOnDemand', change);
  }

  conversationToAdopt(channelId: string, now: Date): Promise<ConversationToAdopt | null> {
    return conversationToAdopt(this.pool, {
      channelId, nodeId: this.options.nodeId, now, leadLeaseMs: this.options.leadLeaseMs, agentEndpointTemplate: this.options.agentEndpointTemplate ?? '',
    });
  }

  async closeOrphanedAttempts(now: Date, keep: ReadonlySet<string>, only?: ReadonlySet<string>): Promise<number> {
    const open = (await listOpenAttempts(this.pool, { nodeId: this.options.nodeId }))
      .filter((attempt) => !onChannelIn(keep, attempt) && (only === undefined || onChannelIn(only, attempt)));
    await this.closeInterrupted(open, now, 'engine restarted during the call');
    return open.length;
  }

  closeAgentSessionsOfNode(nodeId: string, campaignId: string | null, at: Date, exceptAgents: ReadonlySet<string>): Promise<string[]> {
    return this.durably('agent_state', () => closeAgentSessionsOfNode(this.pool, { nodeId, campaignId, at, exceptAgents: [...exceptAgents] }));
  }

  async connectedAttemptsLeft(): Promise<Set<string>> {
    const open = await listOpenAttempts(this.pool, { nodeId: this.options.nodeId });
    // A caller's is found on the channel they came in on, not by the attempt's id.
    return new Set(open.filter((attempt) => attempt.connectedAt !== null).flatMap((attempt) => [attempt.id, ...inboundChannelOf(attempt)]));
  }

  markNodeAlive(): Promise<void> {
    return markNodeAlive(this.pool, this.options.nodeId);
  }

  nodesAliveWithin(nodeIds: readonly string[], withinMs: number): Promise<Set<string>> {
    return nodesAliveInDatabase(this.pool, nodeIds, withinMs);
  }

  clearNodeAlive(): Promise<void> {
    return clearNodeAlive(this.pool, this.options.nodeId);
  }

  async nodesWithOpenAttempts(campaignId: string): Promise<string[]> {
    const open = await listOpenAttempts(this.pool, { campaignId });
    const nodes = new Set(open.map((attempt) => attempt.nodeId).filter((id): id is string => id !== null && id !== this.options.nodeId));
    return [...nodes];
  }

  nodesWithOpenSessions(campaignId: string): Promise<string[]> {
    return nodesWithOpenSessions(this.pool, { campaignId, exceptNode: this.options.nodeId });
  }

  async closeAttemptsOfGoneNodes(campaignId: string, nodeIds: readonly string[], now: Date): Promise<number> {
    const gone = new Set(nodeIds);
    const open = (await listOpenAttempts(this.pool, { campaignId })).filter((attempt) => attempt.nodeId !== null && gone.has(attempt.nodeId));
    await this.closeInterrupted(open, now, 'engine node went away during the call');
    return open.length;
  }

  /** Closes calls their node can no longer finish, with the outcome each had reached. */
  private async closeInterrupted(open: readonly Attempt[], now: Date, causeTxt: string): Promise<void> {
    for (const attempt of open) {
      const outcome = interruptedCallOutcome({ connected: attempt.connectedAt !== null, live: attempt.liveAt !== null, machine: attempt.amdStatus === 'MACHINE' });
      const input: CloseAttemptInput = {
        attemptId: attempt.id, outcome, endedAt: now, cause: 0, causeTxt,
        abandoned: outcome === 'abandoned', agentId: attempt.agentId,
      };
      await this.afterClose(input, await closeAttempt(this.pool, input));
    }
  }
}

/** The channel a person who called back came in on (an outbound call's channel is its attempt's id). */
function inboundChannelOf(attempt: Attempt): string[] {
  return attempt.inbound && attempt.channelId !== null ? [attempt.channelId] : [];
}

/** The attempt is among `ids`, by its id or by the channel its caller came in on. */
function onChannelIn(ids: ReadonlySet<string>, attempt: Attempt): boolean {
  return ids.has(attempt.id) || inboundChannelOf(attempt).some((id) => ids.has(id));
}
