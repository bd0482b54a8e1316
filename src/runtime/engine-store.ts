// What the live engine needs from durable storage. Postgres implements it; keeping the runtime
// on this interface keeps SQL out of the loop.

import type { ActingStaff } from '../core/acting-staff.js';
import type { AttemptStage, AttemptSummary } from '../core/commands.js';
import type { AgentStatus } from '../core/agent.js';
import type { HandoverWait } from '../core/call.js';
import type { CampaignSettings } from '../core/campaign-settings.js';
import type { AbandonHistoryBucket } from '../core/compliance/abandon-ledger.js';
import type { AbandonRegime } from '../core/compliance/abandon-regime.js';
import type { LeadDial } from '../core/inputs.js';
import type { PacingDecision } from '../core/pacing/pacing-decision.js';
import type { SavedPacingModel } from '../core/pacing/saved-pacing-model.js';
import type { ConversationToAdopt } from '../adapters/pg/conversation-to-adopt.js';
import type { AttemptHandover } from '../adapters/pg/attempt-repository.js';

export interface StoredCampaign {
  id: string;
  status: 'draft' | 'running' | 'paused' | 'stopped' | 'completed';
  settings: CampaignSettings;
  /** Dial caps of 0 it holds (stored before they were refused), each said: nothing is dialled while one stands. */
  zeroDialCapProblems: string[];
  /** Its caller IDs (its own, its local presence numbers, its lists'), when one stored by an older
   * version would not be accepted now (a national form, a premium-rate number), said: its start is
   * refused, and one running with it is warned of. Read for a running campaign only: [] for a paused one. */
  callerIdProblems: string[];
}

export interface AgentStateRecord {
  agentId: string;
  campaignId: string;
  from: AgentStatus;
  to: AgentStatus;
  reason: string;
  at: Date;
  durationMs: number;
  /** The staff member who made the move for the agent; null (or absent, in a record spooled before): not staff. */
  by?: ActingStaff | null;
}

export interface RecordingPauseChange {
  campaignId: string;
  attemptId: string;
  agentId: string;
  paused: boolean;
  /** Who: the agent, or the pause's time limit. */
  reason: 'agent' | 'time_limit';
  at: Date;
  /** The PBX's refusal, when it did not do it. */
  error: string | null;
}

/** The agent started their call's recording (the customer agreed), or asked and the PBX refused. */
/** A recording started or stopped by its agent (on demand); `error`: the PBX's refusal, if it refused. */
export interface RecordingOnDemand {
  change: 'started' | 'stopped';
  campaignId: string;
  attemptId: string;
  agentId: string;
  at: Date;
  error: string | null;
  /** A start for a person who may be in these all-party consent states: the agent told them the
   * call is recorded and heard them agree, so it is kept as the recording's disclosure. */
  consentStates?: readonly string[];
}

export interface EngineStore {
  /** The node is stopping: writes still tried while the database is away give up (to the spool). */
  stopRetrying?(): void;
  /** Campaigns that an engine should drive now (running or paused). */
  activeCampaigns(): Promise<StoredCampaign[]>;
  /** Leads of the groups in `prefer` first among those next in line, when the campaign distributes
   * by a lead field; the batch is filled from any group. */
  leaseLeads(campaignId: string, count: number, now: Date, prefer?: readonly string[]): Promise<LeadDial[]>;
  /** Keeps the leads of calls still going on leased to this node (a conversation may outlast a lease). */
  renewLeadLeases(leadIds: readonly string[], now: Date): Promise<void>;
  /** Keeps the leads these agents are previewing in their campaigns leased to this node while they stay logged in here. */
  renewPreviewLeases(agents: ReadonlyArray<{ agentId: string; campaignId: string }>, now: Date): Promise<void>;
  /** `callerId`: at `originated`, the caller ID the dial presents. */
  recordAttemptProgress(attemptId: string, stage: AttemptStage, at: Date, agentId: string | null, detail: string, callerId?: string | null): Promise<void>;
  /** The customer of an open attempt went on hold (`heldSince`) or came off it; `heldMs`: the holds ended so far. */
  recordHold(attemptId: string, hold: { heldMs: number; heldSince: Date | null }): Promise<void>;
  /** The customer of an open attempt began waiting on hold for the next agent of a team or group, or stopped (null). */
  recordHandoverWait(attemptId: string, wait: HandoverWait | null): Promise<void>;
  /** The agent of an open attempt turned their microphone off (or on again), as the PBX did it. */
  recordAgentMuted(attemptId: string, muted: boolean): Promise<void>;
  /** The customer of an open attempt was handed from one agent to another (its `seq`th handover). */
  recordHandover(attemptId: string, handover: AttemptHandover & { seq: number }): Promise<void>;
  closeAttempt(summary: AttemptSummary, recordingName: string | null): Promise<void>;
  recordAgentState(record: AgentStateRecord): Promise<void>;
  recordPacingDecision(campaignId: string, decision: PacingDecision): Promise<void>;
  addDnc(campaignId: string, phone: string, source: string): Promise<void>;
  /** Evidence of a recording paused or resumed, or of the PBX refusing it (`error`). */
  recordRecordingPause(change: RecordingPauseChange): Promise<void>;
  /** Evidence of a recording its agent started on demand, or of the PBX refusing it (`error`). */
  recordRecordingOnDemand(change: RecordingOnDemand): Promise<void>;
  /** The campaign's answers and abandons over the regime's window up to `before`, for the ledger
   * of an engine that takes the campaign on. */
  abandonHistory(campaignId: string, regime: AbandonRegime, before: Date): Promise<AbandonHistoryBucket[]>;
  /** Keeps what the campaign has learned for pacing, replacing what was kept before. */
  savePacingModel(campaignId: string, model: SavedPacingModel, savedAt: Date): Promise<void>;
  /** The last model kept for the campaign, as stored (unchecked), or null. */
  loadPacingModel(campaignId: string): Promise<{ model: unknown; savedAt: Date } | null>;
  /** The attempt a previous run of this node put through to an agent, whose conversation goes on
   * in the PBX on the customer channel `channelId` (the attempt's id, or the channel a person who
   * called back came in on), with its lead leased to this node again; null when it is not one to take up. */
  conversationToAdopt(channelId: string, now: Date): Promise<ConversationToAdopt | null>;
  /** Attempts a previous run of this node left open (crash), but those in `keep` (taken up), and
   * only those in `only` when given: closed with the outcome they had reached. */
  closeOrphanedAttempts(now: Date, keep: ReadonlySet<string>, only?: ReadonlySet<string>): Promise<number>;
  /** This node's open attempts that had been put through to an agent. */
  connectedAttemptsLeft(): Promise<Set<string>>;
  /** Closes at `at` the agent sessions `nodeId` left open when it died (of one campaign, or all),
   * but those of `exceptAgents`; returns the agents whose session closed. */
  closeAgentSessionsOfNode(nodeId: string, campaignId: string | null, at: Date, exceptAgents: ReadonlySet<string>): Promise<string[]>;
  /** Says in the database that this node is at work (see node-heartbeat.ts). */
  markNodeAlive(): Promise<void>;
  /** The nodes among `nodeIds` that said they were at work within the last `withinMs`. */
  nodesAliveWithin(nodeIds: readonly string[], withinMs: number): Promise<Set<string>>;
  /** Says this node has stopped: gone at once. */
  clearNodeAlive(): Promise<void>;
  /** Other nodes with attempts of the campaign still open. */
  nodesWithOpenAttempts(campaignId: string): Promise<string[]>;
  /** Other nodes with agent sessions of the campaign still open. */
  nodesWithOpenSessions(campaignId: string): Promise<string[]>;
  /** Closes the campaign's attempts that `nodeIds` (gone, never to close them) left open, with the
   * outcome each had reached. */
  closeAttemptsOfGoneNodes(campaignId: string, nodeIds: readonly string[], now: Date): Promise<number>;
}
