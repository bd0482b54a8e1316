// Supervisors: listen to, whisper to or barge in on an agent's call from their own phone (an
// ARI snoop bridged to it, through the telephony adapter of the node the agent works on: a
// session asked of another node is handed on, and ended there whichever node is asked: its evidence
// entry names the node that holds it), the wallboard's figures as JSON, and
// call recordings: listed from the attempts and downloaded through the engine, which fetches the
// file from the PBX with its own ARI credentials so the browser never sees them. Every session
// (and every later call a listen or whisper goes on into, and its end, see supervision-follower.ts)
// and every download is written to the evidence log: who listened to or fetched which call, and when.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { isAriError } from '../../ari/ari-errors.js';
import type { RecordingFetcher } from '../../ari/stored-recordings.js';
import { getAgent } from '../../pg/agent-repository.js';
import { getAttempt } from '../../pg/attempt-repository.js';
import { appendEvidence } from '../../pg/evidence-log-repository.js';
import { isLeadErased } from '../../pg/erased-lead.js';
import { recordingKeptSql } from '../../pg/recording-shown.js';
import { leadFullName } from '../../pg/lead-repository.js';
import { nodesAliveInDatabase } from '../../pg/node-heartbeat.js';
import { supervisionSessionNode } from '../../pg/supervision-sessions.js';
import type { Pool, Queryable } from '../../pg/pool.js';
import { answerFromAgentsNode, forwardedHeader, relayToNode } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { staff, supervisors, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { isPbxPhone, pbxPhoneShape } from '../supervisor-phone.js';
import type { OpenSupervision, SupervisionRequest } from '../supervision-follower.js';
import type { WallboardSource } from '../ws/wallboard-snapshot.js';

/** Supervision sessions with their evidence, kept in step with the agent's calls (the SupervisionFollower). */
export interface SupervisionPort {
  supervise(request: SupervisionRequest): Promise<{ sessionId: string }>;
  /** `by`: the staff member ending it, named in its evidence. */
  endSupervision(sessionId: string, by: { name: string; role: string }): Promise<void>;
  /** The sessions open on this node. */
  openSessions(): OpenSupervision[];
}

/** Fetches a stored recording's file from the PBX; null when the PBX does not have it. */

export interface SupervisionRouteDeps {
  pool: Pool;
  /** The agents' dial string (endpoints.agent): a supervisor's phone is one of the PBX's as theirs are. */
  agentEndpointTemplate: string;
  engine: EngineApi;
  supervision: SupervisionPort;
  fetchRecording: RecordingFetcher;
  wallboard: WallboardSource;
}

/** Supervisor phones: a technology and a resource, e.g. PJSIP/2001 or Local/sup1@sim-agent. */
const endpointSchema = z.string().regex(/^[A-Za-z]{2,10}\/[A-Za-z0-9_.+*#@-]{1,80}$/, 'a dial string such as PJSIP/2001');

const sessionIdSchema = z.string().regex(/^sup-[A-Za-z0-9_.-]{1,120}$/, 'a supervision session id such as sup-2001-1');

const recordingsQuery = z.object({
  campaignId: z.string().regex(/^\d+$/).optional(),
  agentId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

interface RecordingRow {
  attempt_id: string;
  campaign_id: string;
  agent_id: string | null;
  lead_id: string;
  first_name: string | null;
  last_name: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  outcome: string | null;
  code: string | null;
  reviews: number;
  last_score: number | null;
}

async function listRecordings(db: Queryable, query: z.infer<typeof recordingsQuery>) {
  const result = await db.query<RecordingRow>(
    `SELECT a.id AS attempt_id, a.campaign_id, a.agent_id, a.lead_id, l.first_name, l.last_name, a.connected_at, a.ended_at, a.outcome, d.code,
       r.reviews, r.last_score
     FROM attempts a JOIN leads l ON l.id = a.lead_id LEFT JOIN dispositions d ON d.attempt_id = a.id
     CROSS JOIN LATERAL (SELECT count(*)::int AS reviews, (array_agg(score ORDER BY created_at DESC, id DESC))[1] AS last_score
                         FROM call_reviews WHERE attempt_id = a.id) r
     WHERE ${recordingKeptSql('a')} AND a.ended_at IS NOT NULL
       AND ($1::bigint IS NULL OR a.campaign_id = $1) AND ($2::text IS NULL OR a.agent_id = $2)
     ORDER BY a.ended_at DESC LIMIT $3`,
    [query.campaignId ?? null, query.agentId ?? null, query.limit],
  );
  return result.rows.map((r) => ({
    attemptId: r.attempt_id, campaignId: String(r.campaign_id), agentId: r.agent_id, leadId: String(r.lead_id),
    leadName: leadFullName(r.first_name, r.last_name), connectedAt: r.connected_at, endedAt: r.ended_at,
    durationSeconds: r.connected_at && r.ended_at ? Math.round((r.ended_at.getTime() - r.connected_at.getTime()) / 1000) : null,
    outcome: r.outcome, disposition: r.code, downloadUrl: `/api/recordings/${r.attempt_id}/file`,
    reviews: r.reviews, lastScore: r.last_score,
  }));
}

/** Supervision failures that describe the request (no phone leg, unknown session), not the server. */
function supervisionError(error: unknown): never {
  if (isAriError(error, 'ARI_NO_AGENT_LEG')) throw new ApiError('conflict', 'the agent has no phone leg to supervise');
  if (isAriError(error, 'ARI_UNKNOWN_SESSION') || isAriError(error, 'ARI_NOT_FOUND')) throw new ApiError('not_found', 'no such supervision session');
  if (isAriError(error, 'ARI_DISCONNECTED')) throw new ApiError('unavailable', 'the PBX is not connected');
  // The node's ARI user, not the supervisor's request: the operator's to put right.
  if (isAriError(error, 'ARI_UNAUTHORIZED')) throw new ApiError('unavailable', error.message);
  if (isAriError(error, 'ARI_BAD_REQUEST') || isAriError(error, 'ARI_ALLOCATION_FAILED')) {
    throw new ApiError('invalid_request', 'the PBX refused the supervisor endpoint');
  }
  throw error;
}

/** Ends a session this node does not hold through the node that does, which its evidence names;
 * one this node held is over already (the engine ends barges and sessions at logout), and is said
 * to be, so the wallboard's End does not fail without a word. */
async function endElsewhere(deps: SupervisionRouteDeps, sessionId: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const nodeId = await supervisionSessionNode(deps.pool, sessionId);
  if (nodeId === null) throw new ApiError('not_found', 'no such supervision session');
  if (nodeId === deps.engine.nodeId()) throw new ApiError('not_found', `supervision session ${sessionId} has already ended`);
  const nodeUrl = await deps.engine.nodeUrl(nodeId);
  if (nodeUrl === null) throw new ApiError('unavailable', `node ${nodeId}, which held session ${sessionId}, is not running: hang up the supervisor phone`);
  const answer = await relayToNode(nodeUrl, { method: 'DELETE', path: request.url, authorization: request.headers.authorization ?? '' }, request.log);
  if (!answer) throw new ApiError('unavailable', `node ${nodeId} at ${nodeUrl}, which holds session ${sessionId}, did not answer: hang up the supervisor phone`);
  reply.status(answer.status);
  return answer.body ?? undefined;
}

const openSessionsAnswer = z.object({ sessions: z.array(z.looseObject({ sessionId: z.string(), since: z.string() })) });

/** The other nodes at work (seen within a presence mark's life, as everywhere else a node's
 * presence is judged), each with its address, or null when it has none to be asked at
 * (its presence lapsed, or Redis could not be read): such a node is one that does not answer. */
async function otherRunningNodes(deps: SupervisionRouteDeps): Promise<Array<{ nodeId: string; url: string | null }>> {
  const ids = [...await nodesAliveInDatabase(deps.pool, null, deps.engine.presenceTtlMs())].filter((nodeId) => nodeId !== deps.engine.nodeId());
  return Promise.all(ids.map(async (nodeId) => ({ nodeId, url: await deps.engine.nodeUrl(nodeId).catch(() => null) })));
}

/** The sessions open on this node as `principal` is told them: each says whether it is theirs
 * (started with their token), the token's identity kept here. */
function ownSessionsFor(deps: SupervisionRouteDeps, principal: Principal): Array<Omit<OpenSupervision, 'byId'> & { mine: boolean }> {
  return deps.supervision.openSessions().map(({ byId, ...session }) => ({ ...session, mine: byId === principal.id }));
}

/** The open sessions of this node and of the other running nodes (asked with the caller's
 * token, so each says which are theirs), oldest first; nodes that did not answer are named. */
async function openSessionsEverywhere(deps: SupervisionRouteDeps, request: FastifyRequest, principal: Principal): Promise<{ sessions: Array<{ since: string }>; nodesNotAnswering: string[] }> {
  const own = ownSessionsFor(deps, principal);
  if (request.headers[forwardedHeader] !== undefined) return { sessions: own, nodesNotAnswering: [] };
  const others = await Promise.all((await otherRunningNodes(deps)).map(async ({ nodeId, url }) => {
    if (url === null) return { nodeId, sessions: null };
    const answer = await relayToNode(url, { method: 'GET', path: '/api/supervision/sessions', authorization: request.headers.authorization ?? '' }, request.log);
    const read = answer?.status === 200 ? openSessionsAnswer.safeParse(answer.body) : null;
    return read?.success ? { nodeId, sessions: read.data.sessions } : { nodeId, sessions: null };
  }));
  const sessions: Array<{ since: string }> = [...own, ...others.flatMap((node) => node.sessions ?? [])];
  return {
    sessions: sessions.sort((a, b) => a.since.localeCompare(b.since)),
    nodesNotAnswering: others.filter((node) => node.sessions === null).map((node) => node.nodeId),
  };
}

export function supervisionRoutes(deps: SupervisionRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/supervision/sessions',
      summary: "listen to or whisper to an agent (call after call, until ended) or barge in on their call (ended with it) from the supervisor's phone, through the node the agent works on",
      tags: ['supervision'], roles: supervisors,
      body: z.strictObject({
        agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), mode: z.enum(['listen', 'whisper', 'barge']), endpoint: endpointSchema,
        // The supervisor's own session on the agent this one takes the place of: ended only if this one is not refused.
        replaces: sessionIdSchema.optional(),
      }),
      handler: async ({ body, principal, request, reply }) => {
        if (!isPbxPhone(body.endpoint, deps.agentEndpointTemplate)) {
          throw new ApiError('invalid_request', `endpoint: a phone of the PBX, as agents' are: ${pbxPhoneShape(deps.agentEndpointTemplate)} (endpoints.agent); calls are not streamed to a number outside`);
        }
        // The agent's phone is on the PBX of the node they work on: that node starts (and records) it.
        const elsewhere = await answerFromAgentsNode(deps.pool, deps.engine, body.agentId, request, reply, body);
        if (elsewhere) return elsewhere.body;
        // On the record before it counts as started (a session whose record cannot be written is ended).
        // A refusal names the agent as the supervisor knows them.
        const agentName = (await getAgent(deps.pool, body.agentId))?.name ?? null;
        const session = await deps.supervision.supervise({
          agentId: body.agentId, agentName, supervisorEndpoint: body.endpoint, mode: body.mode, by: { id: principal.id, name: principal.name, role: principal.role },
          replaces: body.replaces,
        }).catch(supervisionError);
        request.log.info({ by: principal.name, agentId: body.agentId, mode: body.mode, sessionId: session.sessionId, replaced: body.replaces }, 'supervision started');
        reply.status(201);
        return { sessionId: session.sessionId, agentId: body.agentId, mode: body.mode };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/supervision/sessions',
      summary: 'supervision sessions still open on any node: agent, mode, who started each (and whether it was the caller, by their token) and since when, oldest first',
      tags: ['supervision'], roles: supervisors,
      handler: async ({ request, principal }) => openSessionsEverywhere(deps, request, principal),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/supervision/sessions/:sessionId', summary: 'end a supervision session (hangs up the supervisor phone)',
      tags: ['supervision'], roles: supervisors, params: z.object({ sessionId: sessionIdSchema }),
      handler: async ({ params, principal, request, reply }) => {
        try {
          await deps.supervision.endSupervision(params.sessionId, { name: principal.name, role: principal.role });
          return undefined;
        } catch (error: unknown) {
          if (isAriError(error, 'ARI_UNKNOWN_SESSION')) return endElsewhere(deps, params.sessionId, request, reply);
          return supervisionError(error);
        }
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/wallboard', summary: 'agents with state and time in state, and live campaign figures',
      tags: ['supervision'], roles: staff,
      handler: async () => deps.wallboard.snapshot(),
    }),
    defineRoute({
      method: 'GET', url: '/api/recordings', summary: 'recorded calls, newest first', tags: ['recordings'], roles: supervisors,
      query: recordingsQuery,
      handler: async ({ query }) => listRecordings(deps.pool, query),
    }),
    defineRoute({
      method: 'GET', url: '/api/recordings/:attemptId/file', summary: "download a call's recording (fetched from the PBX by the engine)",
      tags: ['recordings'], roles: supervisors, params: z.object({ attemptId: z.uuid() }), produces: 'audio/wav',
      handler: async ({ params, principal, reply }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt?.recordingName) throw new ApiError('not_found', `attempt ${params.attemptId} has no recording`);
        if (attempt.recordingPurgedAt) throw new ApiError('not_found', `the recording of attempt ${params.attemptId} was deleted on ${attempt.recordingPurgedAt.toISOString()}, past the retention`);
        if (await isLeadErased(deps.pool, attempt.leadId)) {
          throw new ApiError('not_found', `the recording of attempt ${params.attemptId} is of a person whose data was erased at their request: it is being deleted`);
        }
        const file = await deps.fetchRecording(attempt.recordingName).catch((error: unknown) => {
          throw isAriError(error) ? new ApiError('unavailable', error.message) : error;
        });
        if (!file) throw new ApiError('not_found', `the PBX no longer has the recording of attempt ${params.attemptId}`);
        await appendEvidence(deps.pool, {
          kind: 'recording_accessed', campaignId: attempt.campaignId, attemptId: attempt.id, leadId: attempt.leadId,
          payload: { by: principal.name, role: principal.role, agentId: attempt.agentId },
        });
        reply.header('content-type', file.contentType);
        reply.header('content-disposition', `attachment; filename="${attempt.recordingName}.wav"`);
        reply.header('cache-control', 'private, no-store');
        return reply.send(Readable.fromWeb(file.body as WebReadableStream<Uint8Array>));
      },
    }),
  ];
}
