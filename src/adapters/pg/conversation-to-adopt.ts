// What the database knows of a conversation a crashed run of this node left going on: the attempt
// it had put through, the agent in it and the campaign they work on (their session left open: a
// closer of another campaign's team, handed the customer, is of theirs), the lead's group and who
// handed the customer on before, and the lead's consent facts and its list's overrides (lead-dial-facts.ts). Only this node's own open attempt, put through to an agent who
// still exists, is taken up, and its lead is leased to this node again first, so the lead is not
// dialled while the conversation lasts. A person who called back is found on the channel they came
// in on (named by the PBX, not by the attempt), kept with their inbound attempt.

import type { AmdVerdict } from '../../core/call.js';
import { isAttemptChannelId } from '../../core/ids.js';
import type { AdoptedConversation } from '../../core/inputs.js';
import { agentEndpoint, getAgent } from './agent-repository.js';
import { getOpenAgentSession } from './agent-session-repository.js';
import { attemptHandovers, getAttempt, type Attempt } from './attempt-repository.js';
import { agentMutedOnAttempt } from './agent-mutes.js';
import { handoverWaitOfAttempt } from './handover-waits.js';
import { callFactsOfLead } from './lead-dial-facts.js';
import { leadGroups } from './lead-groups.js';
import { reclaimLeadLease } from './lead-repository.js';
import type { Queryable } from './pool.js';

export interface ConversationToAdopt {
  /** The campaign the agent works on; the call's is `conversation.campaignId`. */
  campaignId: string;
  agentId: string;
  endpoint: string;
  groups: string[];
  /** The customer's channel: the attempt's id, or the one a person who called back came in on. */
  customerChannelId: string;
  /** Everything but the recording's state, which the PBX knows. */
  conversation: Omit<AdoptedConversation, 'recordingPaused'> & { campaignId: string };
}

export interface ConversationLookup {
  /** The customer channel found talking to the agent. */
  channelId: string;
  nodeId: string;
  now: Date;
  leadLeaseMs: number;
  agentEndpointTemplate: string;
}

const amdVerdicts: Record<string, AmdVerdict> = { HUMAN: 'human', MACHINE: 'machine', NOTSURE: 'notsure' };
const ms = (at: Date | null): number | null => at?.getTime() ?? null;

export async function conversationToAdopt(db: Queryable, lookup: ConversationLookup): Promise<ConversationToAdopt | null> {
  const attempt = await attemptOnChannel(db, lookup);
  if (!attempt || attempt.endedAt !== null || attempt.nodeId !== lookup.nodeId || attempt.connectedAt === null || attempt.agentId === null) return null;
  const agent = await getAgent(db, attempt.agentId);
  if (!agent) return null;
  const until = new Date(lookup.now.getTime() + lookup.leadLeaseMs);
  if (!(await reclaimLeadLease(db, { leadId: attempt.leadId, nodeId: lookup.nodeId, now: lookup.now, until }))) return null;
  const group = (await leadGroups(db, [attempt.leadId])).get(attempt.leadId) ?? null;
  const session = await getOpenAgentSession(db, agent.id);
  const handoverWait = await handoverWaitOfAttempt(db, attempt.id);
  const muted = await agentMutedOnAttempt(db, attempt.id);
  // Its consent facts, and its list's caller ID and machine message (a third party called is shown the list's number).
  const leadFacts = await callFactsOfLead(db, attempt.leadId);
  const handovers = (await attemptHandovers(db, attempt.id)).map((h) => ({ fromAgentId: h.fromAgentId, toAgentId: h.toAgentId, atMs: h.at.getTime() }));
  return {
    campaignId: session?.campaignId ?? attempt.campaignId, agentId: agent.id, customerChannelId: lookup.channelId, endpoint: agentEndpoint(agent, lookup.agentEndpointTemplate), groups: agent.groups,
    conversation: {
      attemptId: attempt.id, campaignId: attempt.campaignId, leadId: attempt.leadId, phone: attempt.e164, group,
      originatedAtMs: (attempt.originatedAt ?? attempt.createdAt).getTime(), ringingAtMs: ms(attempt.ringingAt),
      answeredAtMs: ms(attempt.answeredAt), liveAtMs: ms(attempt.liveAt), connectedAtMs: attempt.connectedAt.getTime(),
      amdVerdict: amdVerdicts[attempt.amdStatus ?? ''] ?? null, handovers,
      heldMs: attempt.heldMs, heldSinceMs: ms(attempt.heldSince), handoverWait, muted, ...leadFacts, callerId: attempt.callerId,
      ...(attempt.inbound ? { inbound: true } : {}),
    },
  };
}

/** Outbound customer channels are named by their attempt id; a caller's channel is the PBX's, kept
 * with this node's open inbound attempt of it. Any other channel is no attempt of ours. */
async function attemptOnChannel(db: Queryable, lookup: ConversationLookup): Promise<Attempt | null> {
  if (isAttemptChannelId(lookup.channelId)) {
    const attempt = await getAttempt(db, lookup.channelId);
    return attempt?.inbound === false ? attempt : null;
  }
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM attempts WHERE channel_id = $1 AND direction = 'inbound' AND node_id = $2 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    [lookup.channelId, lookup.nodeId]);
  const id = rows[0]?.id;
  return id === undefined ? null : getAttempt(db, id);
}
